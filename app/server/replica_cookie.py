"""The replica cookie: a replica behind a proxy names itself to the browser.

A page's Bokeh session lives in the replica that answered the page request, and the page's
websocket must reach that same replica. With ``--replica-id`` set, every response of this
server whose request does not already carry the cookie ``linear_classify_replica=<id>`` sets
it. The page request's response sets it, so the websocket that the page opens right after
carries it, even on a first visit; a proxy maps the cookie's value to the replica (see
``app/deploy/nginx.conf.template``). A browser that reached another replica because its
own was down is pinned to the one that answered.

How the header is added: Bokeh passes extra keyword arguments of its server to
``tornado.web.Application`` (documented in ``BokehTornado``), whose ``transforms`` argument
takes output transforms, applied to every response. Tornado's docs say applications are not
expected to write their own, and neither Bokeh nor Panel offers a public hook on the page's
response (the page handler is Panel's ``DocHandler``, registered by Panel itself), so this
is the narrowest way. Checked with Tornado 6.6.1, Bokeh 3.9.2 and Panel 1.9.4. Passing
``transforms`` replaces Tornado's default list, which is empty unless the application asks
for gzip (``compress_response``); neither Bokeh nor Panel does.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

from tornado.httputil import HTTPHeaders, HTTPServerRequest
from tornado.web import OutputTransform

__all__ = ["COOKIE_NAME", "replica_cookie_transform"]

#: The cookie's name; nginx reads it as ``$cookie_linear_classify_replica``.
COOKIE_NAME = "linear_classify_replica"
#: What a replica id may be: it goes into a cookie and into the proxy's configuration.
_REPLICA_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def replica_cookie_transform(replica_id: str, prefix: str) -> type[OutputTransform]:
    """The output transform that sets the replica cookie on responses that lack it.

    Parameters
    ----------
    replica_id : str
        This replica's name: 1 to 64 letters, digits, '.', '_' or '-'.
    prefix : str
        The server's URL prefix (``""`` or ``"/sub/path"``): the cookie's path, so that it
        is sent with every request of the app and with no other site on the same host.

    Raises
    ------
    ValueError
        If ``replica_id`` is not a valid id; the message says what one may hold.
    """
    if not _REPLICA_ID.fullmatch(replica_id):
        raise ValueError(
            f"a replica id holds 1 to 64 letters, digits, '.', '_' or '-'; got {replica_id!r}"
        )
    cookie = SimpleCookie()
    cookie[COOKIE_NAME] = replica_id
    cookie[COOKIE_NAME]["path"] = prefix or "/"
    cookie[COOKIE_NAME]["httponly"] = True
    cookie[COOKIE_NAME]["samesite"] = "Lax"
    set_cookie = cookie[COOKIE_NAME].OutputString()

    class ReplicaCookie(OutputTransform):
        """Adds ``Set-Cookie`` unless the request already names this replica."""

        def __init__(self, request: HTTPServerRequest) -> None:
            known = request.cookies.get(COOKIE_NAME)
            self._needed = known is None or known.value != replica_id

        def transform_first_chunk(
            self, status_code: int, headers: HTTPHeaders, chunk: bytes, finishing: bool
        ) -> tuple[int, HTTPHeaders, bytes]:
            if self._needed:
                headers.add("Set-Cookie", set_cookie)
            return status_code, headers, chunk

    return ReplicaCookie
