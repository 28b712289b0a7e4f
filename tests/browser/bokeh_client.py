"""A Bokeh-protocol client without a browser: what a hostile script could send the server.

:class:`BokehClient` loads the page to learn its session token, opens the websocket the way
BokehJS does (subprotocols ``["bokeh", token]``), and then speaks the protocol of
``bokeh/protocol``: every message is a header, a metadata and a content text frame, followed
by a buffer header and a binary frame per buffer. It can pull the whole document
(``PULL-DOC-REQ``) and send document patches (``PATCH-DOC``) of any shape, such as the
``ModelChanged`` events of ``bokeh/document/events.py``.
"""

from __future__ import annotations

import itertools
import json
import re
import time
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

__all__ = ["BokehClient", "DocModel", "Message", "models_of"]

_TOKEN = re.compile(r'"token":\s*"([^"]+)"')


@dataclass
class Message:
    """One protocol message: its header, metadata, content and binary buffers by id."""

    header: dict[str, Any]
    metadata: dict[str, Any]
    content: Any
    buffers: dict[str, bytes] = field(default_factory=dict)

    @property
    def msgtype(self) -> str:
        """The message's type, e.g. ``"PATCH-DOC"``."""
        return self.header["msgtype"]


@dataclass
class DocModel:
    """A model of a pulled document: its id, type name, name and attributes as sent."""

    id: str
    type: str
    name: str | None
    attributes: dict[str, Any]


def models_of(doc_json: object) -> dict[str, DocModel]:
    """Every model defined anywhere in a document's JSON, by id.

    A model is sent once in full (``{"type": "object", "name": ..., "id": ..., "attributes":
    ...}``) and referred to as ``{"id": ...}`` afterwards.
    """
    found: dict[str, DocModel] = {}
    stack = [doc_json]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" and "id" in item:
                attributes = item.get("attributes", {})
                name = attributes.get("name")
                found[item["id"]] = DocModel(item["id"], item["name"], name, attributes)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


class BokehClient:
    """A session of the app at ``url``, opened over a raw websocket.

    Parameters
    ----------
    url : str
        The page's address, e.g. ``http://127.0.0.1:5006/``; a query string is kept.
    token : str, optional
        Connect to the session of this token (from an earlier client) instead of a new one.
    """

    def __init__(self, url: str, token: str | None = None) -> None:
        self.url = url
        if token is None:
            with urllib.request.urlopen(url, timeout=60) as response:
                html = response.read().decode("utf-8")
            match = _TOKEN.search(html)
            if match is None:
                raise AssertionError("no session token in the page")
            token = match.group(1)
        self.token = token
        host = re.match(r"http://([^/]+)/", url).group(1)
        self._stack = ExitStack()
        address, origin = f"ws://{host}/ws", f"http://{host}"
        opening = connect(
            address, subprotocols=["bokeh", token], origin=origin, max_size=None, open_timeout=60
        )
        self.socket: ClientConnection = self._stack.enter_context(opening)
        self._ids = itertools.count(1)
        ack = self.receive(timeout=60)
        if ack.msgtype != "ACK":
            raise AssertionError(f"expected ACK, got {ack.msgtype}")

    # -- the wire -------------------------------------------------------------------------

    def send(self, msgtype: str, content: object, buffers: dict[str, bytes] | None = None) -> str:
        """Send one message; return its id."""
        msgid = str(next(self._ids))
        header: dict[str, Any] = {"msgid": msgid, "msgtype": msgtype}
        if buffers:
            header["num_buffers"] = len(buffers)
        self.socket.send(json.dumps(header))
        self.socket.send("{}")
        self.socket.send(json.dumps(content))
        for buffer_id, payload in (buffers or {}).items():
            self.socket.send(json.dumps({"id": buffer_id}))
            self.socket.send(payload)
        return msgid

    def receive(self, timeout: float = 10.0) -> Message:
        """The next message from the server; raise ``TimeoutError`` after ``timeout`` s."""
        header = json.loads(self.socket.recv(timeout=timeout))
        metadata = json.loads(self.socket.recv(timeout=timeout))
        content = json.loads(self.socket.recv(timeout=timeout))
        buffers = {}
        for _ in range(header.get("num_buffers", 0)):
            buffer_id = json.loads(self.socket.recv(timeout=timeout))["id"]
            buffers[buffer_id] = self.socket.recv(timeout=timeout)
        return Message(header, metadata, content, buffers)

    def reply_to(self, msgid: str, timeout: float = 10.0) -> Message:
        """Receive until the answer to message ``msgid``; other messages are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(timeout=max(deadline - time.monotonic(), 0.01))
            if message.header.get("reqid") == msgid:
                return message

    def drain(self) -> int:
        """Read and drop what has arrived; return how many messages that was."""
        count = 0
        try:
            while True:
                self.receive(timeout=0)
                count += 1
        except TimeoutError:
            return count

    # -- the document ---------------------------------------------------------------------

    def pull(self, timeout: float = 30.0) -> dict[str, DocModel]:
        """The document as the server has it now: every model, by id."""
        reply = self.reply_to(self.send("PULL-DOC-REQ", {}), timeout=timeout)
        if reply.msgtype != "PULL-DOC-REPLY":
            raise AssertionError(f"expected PULL-DOC-REPLY, got {reply.msgtype}: {reply.content}")
        return models_of(reply.content["doc"])

    def patch(self, events: list[dict[str, Any]]) -> str:
        """Send one ``PATCH-DOC`` with ``events``; return its message id."""
        return self.send("PATCH-DOC", {"events": events})

    @staticmethod
    def changed(model_id: str, attr: str, new: object) -> dict[str, Any]:
        """A ``ModelChanged`` event: set ``attr`` of model ``model_id`` to ``new``."""
        return {"kind": "ModelChanged", "model": {"id": model_id}, "attr": attr, "new": new}

    @staticmethod
    def bokeh_event(model_id: str, event_name: str, values: dict[str, Any]) -> dict[str, Any]:
        """A UI event such as ``tap`` or ``button_click`` on model ``model_id``."""
        return {
            "kind": "MessageSent",
            "msg_type": "bokeh_event",
            "msg_data": {
                "type": "event",
                "name": event_name,
                "values": {"type": "map", "entries": [["model", {"id": model_id}],
                                                      *values.items()]},
            },
        }  # fmt: skip

    @property
    def closed(self) -> bool:
        """Whether the server has closed the websocket."""
        try:
            self.socket.ping().wait(timeout=5)
        except (ConnectionClosed, TimeoutError):
            return True
        return False

    def close(self) -> None:
        """Close the websocket."""
        self._stack.close()
