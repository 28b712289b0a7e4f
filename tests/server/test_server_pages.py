"""The served app: loading pages kept, builds in order, a compressed wire, and a cap.

Loading pages are never reaped, builds yield to websockets, responses are compressed, and a
visitor beyond the cap gets the notice page. Real server processes on 127.0.0.1, driven by
light protocol clients and plain HTTP requests. Nothing here depends on how fast the machine
is: only on the order of events.
"""

from __future__ import annotations

import asyncio
import gzip
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from helpers_browser import AppServer, served, wait_until
from light_clients import LightClient, open_together, run_in_thread

from app.catalogue import say


def fetch(url: str, gzip_ok: bool) -> tuple[dict[str, str], bytes]:
    """GET ``url``, accepting gzip or not: the headers and the body as sent."""
    headers = {"Accept-Encoding": "gzip" if gzip_ok else "identity"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
        return dict(r.headers), r.read()


def test_a_page_still_loading_is_not_reaped(server: AppServer) -> None:
    wait_until(lambda: server.health()["sessions"] == 0, timeout=30, message="no sessions")
    client = LightClient(server.url)

    async def main() -> None:
        with ThreadPoolExecutor(1) as pool:
            html = await client.fetch_page(pool)
        assert '"token"' in html
        # Twice the unused-session lifetime, and more than Bokeh's check interval, without
        # a websocket: a closed tab's session would be gone by now.
        await asyncio.sleep(2 * server.lifetime_ms / 1000 + 1.0)
        assert server.health()["sessions"] == 1

    run_in_thread(main())


def test_a_page_that_arrived_is_cleaned_up_once_its_socket_closes(server: AppServer) -> None:
    wait_until(lambda: server.health()["sessions"] == 0, timeout=30, message="no sessions")
    (client,) = open_together(server.url, 1)
    assert client.models > 100  # the whole page arrived
    limit = server.lifetime_ms / 1000 + 6.0
    wait_until(lambda: server.health()["sessions"] == 0, timeout=limit, interval=0.2,
               message=f"the session gone within {limit} s of its socket closing")  # fmt: skip


def test_builds_yield_to_the_websocket_of_a_page_already_sent(server: AppServer) -> None:
    clients = open_together(server.url, 4)
    by_page = sorted(clients, key=lambda c: c.times["page"])
    first, last = by_page[0], by_page[-1]
    # Without the build order, every queued page is built before the first page's
    # websocket is served: its document would come after the last page.
    assert first.times["pulled"] < last.times["page"]


def test_pages_and_scripts_are_compressed_for_browsers_that_accept_gzip(
    server: AppServer,
) -> None:
    headers, body = fetch(server.url, gzip_ok=True)
    assert headers.get("Content-Encoding") == "gzip"
    page = gzip.decompress(body).decode()
    script = re.search(r'src="([^"]*static/js/bokeh\.min\.js[^"]*)"', page).group(1)
    url = server.url + script.lstrip("./")
    plain_headers, plain = fetch(url, gzip_ok=False)
    assert "Content-Encoding" not in plain_headers
    for _visit in range(2):  # compressed as it is sent, then sent as kept
        headers, zipped = fetch(url, gzip_ok=True)
        assert headers.get("Content-Encoding") == "gzip"
        assert headers.get("Content-Length") in (None, str(len(zipped)))
        assert gzip.decompress(zipped) == plain
        assert len(zipped) < len(plain) / 2


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app served with room for one session."""
    args = ("--max-sessions", "1", "--retry-seconds", "7")
    with served(tmp_path_factory.mktemp("capped") / "server.log", options=args) as app_server:
        yield app_server


def test_a_visitor_beyond_the_cap_gets_the_notice_and_builds_nothing(capped: AppServer) -> None:
    open_together(capped.url, 1)  # its socket closes, its session stays for the lifetime
    assert capped.health()["sessions"] == 1
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(capped.url, timeout=30)
    assert refused.value.code == 503
    assert refused.value.headers["Retry-After"] == "7"
    notice = refused.value.read().decode()
    assert "The demo is full right now" in notice
    assert '<meta http-equiv="refresh" content="7">' in notice
    # In Korean for a browser that prefers it, unless the link says otherwise.
    for query, lang in (("", "ko"), ("?lang=en", "en"), ("?lang=%FF", "ko")):
        korean = urllib.request.Request(capped.url + query, headers={"Accept-Language": "ko-KR"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(korean, timeout=30)
        notice = refused.value.read().decode()
        assert f'<html lang="{lang}">' in notice
        assert say(lang, "full.heading") in notice
    assert capped.health()["sessions"] == 1


@pytest.mark.parametrize(
    ("query", "accept", "lang"),
    [("", "ko-KR,ko;q=0.9,en;q=0.8", "ko"), ("?lang=en", "ko", "en"), ("", "en-US", "en")],
)
def test_the_page_comes_in_the_language_of_the_link_or_else_of_the_browser(
    server: AppServer, query: str, accept: str, lang: str
) -> None:
    request = urllib.request.Request(server.url + query, headers={"Accept-Language": accept})
    with urllib.request.urlopen(request, timeout=60) as response:
        page = response.read().decode()
    assert re.search(r"<html lang=\"(\w+)\"", page).group(1) == lang
    assert f"<h1>{say(lang, 'page.title')}</h1>" in page


def test_the_server_says_once_where_it_serves(server: AppServer) -> None:
    said = [line for line in server.log().splitlines() if "http://" in line]
    assert said == [f"linear-classify: serving on {server.url} (Ctrl+C stops)"], said
