"""``/health``: a JSON count of live sessions and running periodic callbacks.

Operators and tests read it to see that closed pages stop computing. It reads Bokeh's own
session registry, so it never disagrees with what the server really runs.
"""

from __future__ import annotations

from bokeh.server.callbacks import PeriodicCallback
from tornado.web import RequestHandler

__all__ = ["HealthHandler", "count_sessions"]


def count_sessions(application_contexts: object) -> dict[str, int]:
    """Count sessions, their connections and periodic callbacks.

    Parameters
    ----------
    application_contexts : iterable of bokeh ApplicationContext
        The contexts of the applications that the server runs.
    """
    sessions = connections = periodic = 0
    for context in application_contexts:  # type: ignore[attr-defined]
        for session in context.sessions:
            sessions += 1
            connections += session.connection_count
            periodic += sum(
                isinstance(callback, PeriodicCallback)
                for callback in session.document.session_callbacks
            )
    return {"sessions": sessions, "connections": connections, "periodic_callbacks": periodic}


class HealthHandler(RequestHandler):
    """GET returns ``{"sessions": n, "connections": n, "periodic_callbacks": n}``."""

    def get(self) -> None:
        """Answer with the current counts of this server process."""
        contexts = self.application.applications.values()  # BokehTornado's app contexts
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.write(count_sessions(contexts))
