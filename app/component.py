"""The page's browser components: JavaScript that draws, Python that owns what it shows.

A :class:`Component` is a Panel ``JSComponent`` whose properties only the server sets: its
JavaScript shows them and sends the student's actions back as messages, which go to the
``receive`` callable given to it. It never sets a property itself, so
:mod:`app.server.patches.refusals` refuses every property change that a browser sends
(:attr:`Component.browser_sets` is empty): a hostile client cannot make the server hold
values that the page never showed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from panel.custom import JSComponent

__all__ = ["Component", "browser_module"]

#: The helpers that every component's module may use (``element``, ``fill``).
_DOM_JS = Path(__file__).with_name("dom.js").read_text(encoding="utf-8")


def browser_module(*paths: Path) -> str:
    """The module of a browser component: the shared helpers of ``dom.js``, then ``paths``."""
    return _DOM_JS + "".join(path.read_text(encoding="utf-8") for path in paths)


class Component(JSComponent):
    """A browser component that sends messages and never sets its own properties.

    Parameters
    ----------
    receive : callable, optional
        Called with each message of the browser (any JSON value: never trusted).
    """

    #: Properties a browser may set: none.
    browser_sets: ClassVar[frozenset[str]] = frozenset()

    __abstract = True

    def __init__(self, receive: Callable[[object], None] | None = None, **params: object) -> None:
        super().__init__(**params)
        self._receive = receive

    def _handle_msg(self, data: object) -> None:
        if self._receive is not None:
            self._receive(data)
