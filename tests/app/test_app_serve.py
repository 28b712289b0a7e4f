"""Server options: safe defaults and clear refusals."""

from __future__ import annotations

import re

import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from app.controls.upload import MAX_MESSAGE_BYTES
from app.serve import MAX_SESSIONS, OPTIONS, RETRY_SECONDS, build_parser, server_options
from app.server.compression import Gzip


def options(*argv: str) -> dict[str, object]:
    return server_options(build_parser().parse_args(list(argv)))


def test_defaults_allow_only_localhost(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PORT", "ALLOW_WEBSOCKET_ORIGIN", "PREFIX", "NUM_PROCS", "ADDRESS", "REPLICA_ID"):
        monkeypatch.delenv(name, raising=False)
    result = options()
    assert result["websocket_origin"] == ["localhost:5006", "127.0.0.1:5006"]
    assert result["address"] == "127.0.0.1"
    assert result["prefix"] == ""
    assert result["liveness"] is True
    assert result["transforms"] == [Gzip]  # compressed, and no replica cookie on one server
    assert result["websocket_max_message_size"] == MAX_MESSAGE_BYTES == 1_398_872


def test_environment_configures_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("ALLOW_WEBSOCKET_ORIGIN", "demo.example.edu, localhost:8123")
    monkeypatch.setenv("PREFIX", "/course/demo/")
    monkeypatch.setenv("NUM_PROCS", "3")
    monkeypatch.setenv("UNUSED_SESSION_LIFETIME_MS", "500")
    result = options()
    assert result["port"] == 8123
    assert result["websocket_origin"] == ["demo.example.edu", "localhost:8123"]
    assert result["prefix"] == "/course/demo"
    assert result["num_procs"] == 3
    assert result["unused_session_lifetime_milliseconds"] == 2000  # raised to a safe minimum


def test_admission_is_configured_by_options_or_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("MAX_SESSIONS", "RETRY_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    defaults = build_parser().parse_args([])
    assert (defaults.max_sessions, defaults.retry_seconds) == (MAX_SESSIONS, RETRY_SECONDS)
    monkeypatch.setenv("MAX_SESSIONS", "12")
    monkeypatch.setenv("RETRY_SECONDS", "4")
    from_env = build_parser().parse_args([])
    assert (from_env.max_sessions, from_env.retry_seconds) == (12, 4)
    given = build_parser().parse_args(["--max-sessions", "0", "--retry-seconds", "30"])
    assert (given.max_sessions, given.retry_seconds) == (0, 30)  # 0: no cap


def test_help_gives_every_option_its_meaning_default_and_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for option in OPTIONS:
        monkeypatch.delenv(option.variable, raising=False)
    text = " ".join(build_parser().format_help().split())
    flags = re.findall(r"(--[a-z-]+) [A-Z_]+ ", text.split("options:", 1)[1])
    assert flags == [option.flag for option in OPTIONS]  # and no option without an entry
    for option in OPTIONS:
        shown = option.default if option.default != "" else "none"
        assert f"(default: {shown}; variable {option.variable})" in text, option.flag
    assert f"(default: {MAX_SESSIONS}; variable MAX_SESSIONS)" in text
    assert f"(default: {RETRY_SECONDS}; variable RETRY_SECONDS)" in text


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ALLOW_WEBSOCKET_ORIGIN", "*", "name hosts"),
        ("NUM_PROCS", "0", "at least 1"),
        ("PORT", "http", "whole number"),
        ("REPLICA_ID", "a;b", "letters, digits"),
        ("REPLICA_ID", "x" * 65, "1 to 64"),
        ("MAX_SESSIONS", "-1", "0 \\(no cap\\) or more"),
        ("RETRY_SECONDS", "0", "at least 1"),
    ],
)
def test_bad_settings_stop_with_a_message(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=message):
        options()


def set_cookies(transform: type, cookie: str | None) -> list[str]:
    """The Set-Cookie headers that ``transform`` adds to a response to a request with ``cookie``."""
    headers = HTTPHeaders({"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})})
    start_line = RequestStartLine("GET", "/course/demo/", "HTTP/1.1")
    request = HTTPServerRequest(headers=headers, start_line=start_line)
    _, response_headers, _ = transform(request).transform_first_chunk(200, HTTPHeaders(), b"", True)
    return response_headers.get_list("Set-Cookie")


def test_a_replica_names_itself_to_browsers_that_do_not_know_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REPLICA_ID", "b")
    monkeypatch.setenv("PREFIX", "/course/demo/")
    gzip, transform = options()["transforms"]
    assert gzip is Gzip
    cookie = "linear_classify_replica=b; HttpOnly; Path=/course/demo; SameSite=Lax"
    assert set_cookies(transform, None) == [cookie]
    assert set_cookies(transform, "linear_classify_replica=a; theme=dark") == [cookie]
    assert set_cookies(transform, "theme=dark; linear_classify_replica=b") == []
