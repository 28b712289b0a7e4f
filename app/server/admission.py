"""Admission: a cap on the sessions of one server process, and a small page beyond it.

Every session costs the server a build, memory, and a share of the processor for each frame
it animates. Past a certain number the sessions already open would all slow down, so a
visitor beyond the cap gets a small page instead of a session: nothing is built for it. The
page says that the demo is full and reloads itself every few seconds, so the visitor gets in
once a place is free; the answer's status is 503 with ``Retry-After``, so that programs see
the same.

A place is taken by every session that is built and not yet discarded (pages still loading
and tabs closed a moment ago included), and by every page request admitted and not built yet.
"""

from __future__ import annotations

from html import escape

from tornado.web import RequestHandler

from app.catalogue import LANGUAGES, preferred_language, say

__all__ = ["Admission"]

_NOTICE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{retry_s}">
<title>{title}</title>
<style>body {{ font: 18px/1.5 system-ui, sans-serif; margin: 4em auto; max-width: 36em;
padding: 0 1em; color: #222; }}</style>
</head>
<body>
<h1>{heading}</h1>
<p>{body}</p>
</body>
</html>
"""


class Admission:
    """Whether a new session may be built, and the page for those who must wait.

    The notice is in the language of the link's ``lang``, or else in the browser's.

    Parameters
    ----------
    max_sessions : int
        Most sessions of this process; 0 for no cap.
    retry_s : int
        Seconds after which the notice page reloads itself.
    """

    def __init__(self, max_sessions: int, retry_s: int) -> None:
        self.max_sessions = max_sessions
        self.retry_s = retry_s
        self._notices = {
            lang: _NOTICE.format(
                lang=lang,
                retry_s=int(retry_s),
                title=escape(say(lang, "page.title")),
                heading=escape(say(lang, "full.heading")),
                body=escape(say(lang, "full.body", retry_s=int(retry_s))),
            )
            for lang in LANGUAGES
        }

    def admits(self, live: int) -> bool:
        """Whether one more session may join the ``live`` ones."""
        return self.max_sessions == 0 or live < self.max_sessions

    def refuse(self, handler: RequestHandler) -> None:
        """Answer ``handler``'s request with the notice page."""
        handler.set_status(503)
        handler.set_header("Retry-After", str(int(self.retry_s)))
        handler.set_header("Cache-Control", "no-store")
        handler.set_header("Content-Type", "text/html; charset=UTF-8")
        lang = handler.request.query_arguments.get("lang", [b""])[-1].decode("utf-8", "replace")
        if lang not in LANGUAGES:
            lang = preferred_language(handler.request.headers.get("Accept-Language"))
        handler.write(self._notices[lang])
