"""The shareable link: settings read from the page's URL and written back as they change."""

from __future__ import annotations

import math
from collections.abc import Mapping
from urllib.parse import parse_qs

from bokeh.document import Document
from panel.io.location import Location

from app.controls.sidebar import REG_OPTIONS, STEP_OPTIONS
from app.state import DemoState
from app.url_settings import parse_settings, to_query

__all__ = [
    "APPLIED",
    "DATA_SETTINGS",
    "TRAINING_SETTINGS",
    "PageAddress",
    "apply_query",
    "current_query",
    "page_address",
]

#: Link settings of the data, applied first: the others may depend on N.
DATA_SETTINGS = ("dataset", "n", "k", "noise", "seed")
#: Link settings of the training.
TRAINING_SETTINGS = ("loss", "step_size", "reg", "rule", "batch_size", "speed")
APPLIED = DATA_SETTINGS + TRAINING_SETTINGS


def _nearest(value: float, stops: list[float]) -> float:
    """The slider stop nearest to ``value`` on a log scale (0 only matches 0)."""
    if value <= 0:
        return min(stops)
    positive = [s for s in stops if s > 0]
    return min(positive, key=lambda stop: abs(math.log(stop) - math.log(value)))


def apply_query(state: DemoState, query: Mapping[str, object]) -> list[str]:
    """Apply a URL's settings to ``state`` and return the notices for the student.

    Parameters
    ----------
    state : DemoState
        The new session's state, at its defaults.
    query : mapping
        The query as the server parsed it, e.g. ``{"loss": [b"softmax"]}``.
    """
    parsed = parse_settings(query)
    notices = list(parsed.notices)
    values = dict(parsed.values)
    state.param.update(**{name: values[name] for name in DATA_SETTINGS if name in values})
    if "step_size" in values:
        values["step_size"] = _nearest(float(values["step_size"]), list(STEP_OPTIONS.values()))
    if "reg" in values:
        values["reg"] = _nearest(float(values["reg"]), list(REG_OPTIONS.values()))
    if "batch_size" in values and int(values["batch_size"]) >= state.trainer.num_points:
        values["batch_size"] = None
    state.param.update(**{name: values[name] for name in TRAINING_SETTINGS if name in values})
    return notices


def current_query(state: DemoState) -> str:
    """The query string of the settings that differ from the defaults, e.g. ``loss=softmax``."""
    changed = {
        name: getattr(state, name)
        for name in APPLIED
        if getattr(state, name) != state.param[name].default
    }
    return to_query(changed)


class PageAddress(Location):
    """The page's address, as Panel keeps it in step with the browser's, read safely.

    Panel's own reading of the query, :attr:`Location.query_params`, turns a value of digits
    into a Python integer, and raises for one of more than 4,300 digits (Python's limit); it
    does so whenever the address changes, so a link with such a value would break the page.
    Here the query is read by :func:`app.url_settings.parse_settings`, which never raises.
    """

    @property
    def query_params(self) -> dict[str, object]:
        """The usable settings of the query, by name (see :func:`parse_settings`)."""
        return parse_settings(parse_qs(self.search.removeprefix("?"))).values


def page_address(doc: Document) -> PageAddress:
    """The address of the page of ``doc``, from the request that opened its session."""
    context = doc.session_context
    return PageAddress.from_request(getattr(context, "request", None))
