"""What the server does with a change from a browser that the session refuses.

A browser, or any other client of the websocket, can set any property of any model of its
page, to any value. Two places take such changes in:

* **Bokeh** applies the document patch to the models. A value of the wrong type for its
  property makes it log the whole message with a traceback.
* **Panel** gives a widget the new value of its model, and the widget gives it to the state
  it is bound to. A value that the widget cannot convert, or that the state refuses (out of
  its bounds, not one of its choices), makes Panel log about 50 lines of traceback, twice,
  and the widget's model in the browser keeps the refused value.

A widget's choices and range (:data:`SERVER_ONLY`) are never taken from a browser: a widget
bound to the state cannot hold a value that its new choices leave out (Panel then sets the
widget and the state back and forth until Python's recursion limit). Nor is any property of
the page's own components (:class:`app.component.Component`), whose browser side only sends
messages.

:func:`install` makes each refusal one short line in the log, at most one per session every
:data:`LOG_INTERVAL` seconds, which counts the refusals left out before it. A widget takes
back the values it had before the change, so the state it is bound to keeps its own, and
the browser is sent them: the widget shows the state's value again. So it does when the
widget took the value in another form than it was sent.

This needs private hooks of Panel and Bokeh, checked on Panel 1.9.4 and Bokeh 3.9.2:

* ``panel.reactive.Syncable._process_events`` is wrapped: it applies one widget's changes
  from the browser. Putting values back uses the widget's ``_models``, its
  ``_property_mapping`` and ``_process_param_change``, and ``_apply_update`` to send them.
* Panel's own record of such a failure (``"Callback failed for object named ..."`` on the
  ``panel.reactive`` logger) is dropped by a filter when it is a refusal reported here.
* Bokeh's warning that a patch sets an attribute its model does not have (which it then
  ignores) goes through a filter on the ``bokeh.core.has_props`` logger: it becomes a
  refusal, logged once per interval for the whole server.
* ``bokeh.server.session.ServerSession._handle_patch`` is wrapped: it applies a patch, and
  now answers a refused one with an ``ERROR`` message (without Bokeh's traceback in it)
  instead of logging it with a traceback. A patch with a whole number that no float can hold
  is refused before it is applied: Bokeh would store it, and then fail to send the document.

An unexpected kind of failure (not one of :data:`REFUSALS`) keeps its traceback, after the
widget has taken back its values.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from typing import Any

from bokeh.document import Document
from bokeh.server.session import ServerSession
from panel.io.state import state as panel_state
from panel.reactive import Syncable
from panel.util import edit_readonly

__all__ = ["LOG_INTERVAL", "REFUSALS", "SERVER_ONLY", "install", "reason", "report"]

log = logging.getLogger(__name__)

#: Least seconds between two lines about refusals in one session.
LOG_INTERVAL = 10.0
#: The failures that mean a value was refused: validation and conversion of the value.
REFUSALS = (ValueError, TypeError, KeyError, IndexError, OverflowError)
#: Properties of a widget that only the server sets: its choices and its range. A browser
#: sets a widget's value; a page's own widgets never send these.
SERVER_ONLY = frozenset({"options", "labels", "start", "end", "step", "max_items"})
#: Characters of a refusal's reason that the log line keeps.
_REASON_CHARACTERS = 160
#: Attribute of a Bokeh ``Document`` that holds its session's :class:`_RefusalLog`.
_LOG = "_refusal_log"


class _RefusalLog:
    """The log lines of one session's refusals: one per interval, with a count of the rest."""

    def __init__(self) -> None:
        self.last = -math.inf
        self.left_out = 0

    def report(self, what: str, reason: str) -> None:
        now = time.monotonic()
        if now - self.last < LOG_INTERVAL:
            self.left_out += 1
            return
        before = f" ({self.left_out} more refused before this)" if self.left_out else ""
        log.warning("refused %s from a browser: %s%s", what, reason, before)
        self.last, self.left_out = now, 0


#: The log of refusals outside any session, e.g. in a test's document.
_NO_SESSION = _RefusalLog()


def reason(problem: BaseException) -> str:
    """``problem`` in one short printable line, e.g. ``ValueError: ... at most 10000``."""
    return _reason_text(f"{type(problem).__name__}: {problem}")


def _reason_text(text: str) -> str:
    """``text`` in one short printable line."""
    if len(text) > _REASON_CHARACTERS:
        text = text[:_REASON_CHARACTERS] + "…"
    return "".join(c if c.isprintable() else "?" for c in text)


def report(doc: Document | None, what: str, reason: str) -> None:
    """Log that the session of ``doc`` refused ``what``, unless it did so just before."""
    refusals = _NO_SESSION if doc is None else doc.__dict__.setdefault(_LOG, _RefusalLog())
    refusals.report(what, reason)


# -- Panel: a widget takes back its values ---------------------------------------------------


def _take_back(widget: Syncable, before: dict[str, Any]) -> None:
    """Give ``widget`` its values from ``before`` again.

    Its watchers hear of it, so a widget bound to the state sets the state's own value
    again, which changes nothing.
    """
    changed = {name: value for name, value in before.items() if getattr(widget, name) is not value}
    if changed:
        with edit_readonly(widget):
            widget.param.update(**changed)


def _show_own_values(widget: Syncable, events: dict[str, Any]) -> None:
    """Send the browser the widget's values of the properties in ``events`` that differ.

    They differ after a refusal, and when the widget took a value in another form (a
    choice of ``""`` is taken as the first option): the browser shows the widget's value.
    """
    names = {v: k for k, v in widget._property_mapping.items()}
    params = [names.get(attr, attr) for attr in events if "." not in attr]
    properties = widget._process_param_change(
        {name: getattr(widget, name) for name in params if name in widget.param}
    )
    if properties:  # Bokeh sends only the properties whose value changes
        for ref, (model, _parent) in list(widget._models.items()):
            widget._apply_update({}, dict(properties), model, ref)


def _process_events(self: Syncable, events: dict[str, Any]) -> None:
    what = f"a change of {self.name!r}"
    browser_sets = getattr(self, "browser_sets", None)  # see app.component.Component
    server_only = SERVER_ONLY if browser_sets is None else set(events) - browser_sets
    configured = sorted(set(events) & server_only)
    if configured:
        report(panel_state.curdoc, what, f"its {', '.join(configured)} are the server's to set")
        _show_own_values(self, events)
        return
    before = dict(self.param.values())
    try:
        _panel_process_events(self, events)
    except Exception as problem:
        _take_back(self, before)
        if not isinstance(problem, REFUSALS):
            raise
        report(panel_state.curdoc, what, reason(problem))
    finally:
        _show_own_values(self, events)


def _is_reported_here(record: logging.LogRecord) -> bool:
    """Whether ``record`` is Panel's traceback of a refusal that :func:`report` reports."""
    problem = record.exc_info[1] if record.exc_info else None
    return isinstance(problem, REFUSALS) and str(record.msg).startswith("Callback failed")


def _without_reported_refusals(record: logging.LogRecord) -> bool:
    return not _is_reported_here(record)


# -- Bokeh: a patch with a value of the wrong type, or an attribute a model lacks ------------


#: Bokeh's warnings about attributes that a patch sets and its model does not have, which it
#: ignores: one line in the log per interval for the whole server, like refusals.
_UNKNOWN_ATTRIBUTES = _RefusalLog()


def _count_unknown_attributes(record: logging.LogRecord) -> bool:
    """Let Bokeh's warning of an attribute a model lacks through as a rate-limited refusal."""
    if not str(record.msg).startswith("JSON had attr"):
        return True
    _UNKNOWN_ATTRIBUTES.report("an attribute", _reason_text(record.getMessage()))
    return False


def _check_numbers(content: object) -> None:
    """Raise ``OverflowError`` if ``content`` (parsed JSON) holds an integer beyond any float."""
    stack = [content]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, int) and abs(item) > sys.float_info.max:
            raise OverflowError("a whole number too large for a float")


async def _handle_patch(self: ServerSession, message: Any, connection: Any) -> Any:
    try:  # Bokeh's method is a coroutine function: it takes the document's lock first
        _check_numbers(message.content)
        return await _bokeh_handle_patch(self, message, connection)
    except REFUSALS as problem:
        refused = problem
    report(self.document, "a document patch", reason(refused))
    # Made outside the except clause: Bokeh would add the server's traceback to the message.
    return connection.error(message, reason(refused))


_panel_process_events = Syncable._process_events
_bokeh_handle_patch = ServerSession._handle_patch


def install() -> None:
    """Refuse browsers' changes quietly, as described above. Calling this again changes nothing."""
    Syncable._process_events = _process_events
    ServerSession._handle_patch = _handle_patch
    for name, quieting in (
        ("panel.reactive", _without_reported_refusals),
        ("bokeh.core.has_props", _count_unknown_attributes),
    ):
        logger = logging.getLogger(name)
        if quieting not in logger.filters:
            logger.addFilter(quieting)
