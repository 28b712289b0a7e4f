"""Two replicas behind nginx, configured as the README shows: affinity, origins, prefix.

The replicas run as ``app.serve --prefix /linear-classify --replica-id a`` (and ``b``) on
127.0.0.1; nginx serves them over HTTPS from ``app/deploy/nginx.conf.template``, the file
that the README's "Scaling" section shows. Every browser context is its own user, and all
of them share one address, as a class behind one NAT does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from helpers_browser import (
    VIEWPORT,
    AppServer,
    click_button,
    expect_readout,
    free_port,
    open_app,
    open_page,
    session_token,
    settled_step,
    step_count,
    wait_for_no_sessions,
    wait_for_step,
    wait_until,
)
from helpers_proxy import Nginx, cookie_switch_js
from panel.io.resources import CDN_DIST  # Panel's stylesheets come from here without a page
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from app.server.arrivals import LOADING_GRACE_S
from app.server.replica_cookie import COOKIE_NAME

pytestmark = pytest.mark.browser

PREFIX = "/linear-classify"
PAGES = 4
#: The replicas' unused-session lifetime: long enough that on a busy machine a page's
#: websocket joins its session before it is cleaned up (a later one would build it again).
LIFETIME_MS = 5000
#: Bokeh refuses this foreign origin's websocket in the replicas' logs: expected there.
FOREIGN_ORIGIN = "https://evil.example"
#: Every resource a page loaded, with its HTTP status (0 when it failed).
RESOURCES_JS = "() => performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])"


@dataclass
class Deployment:
    """The proxy and its replicas, by replica id, and the proxy's errors that a test expects."""

    proxy: Nginx
    replicas: dict[str, AppServer]
    expected_proxy_errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def deployment(nginx_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """Replicas ``a`` and ``b`` behind nginx; no log of any of them may report an error."""
    directory = tmp_path_factory.mktemp("deployment")
    proxy_port = free_port()
    origin = ("--allow-websocket-origin", f"127.0.0.1:{proxy_port}")
    replicas = {
        replica_id: AppServer(
            directory / f"replica-{replica_id}.log",
            lifetime_ms=LIFETIME_MS,
            prefix=PREFIX,
            options=("--replica-id", replica_id, *origin),
        )
        for replica_id in ("a", "b")
    }
    proxy = None
    try:
        for replica in replicas.values():
            replica.wait_live()
        proxy = Nginx(nginx_path, directory, proxy_port, PREFIX, replicas)
        proxy.wait_ready()
        deployment = Deployment(proxy, replicas)
        yield deployment
    finally:
        if proxy is not None:
            proxy.stop()
        for replica in replicas.values():
            replica.stop()
    problems = [
        line
        for replica in replicas.values()
        for line in replica.problems()
        if f"Refusing websocket connection from Origin '{FOREIGN_ORIGIN}'" not in line
    ]
    assert not problems, "replica logs report errors:\n" + "\n".join(problems)
    proxy_problems = [
        line
        for line in proxy.problems()
        if not any(expected in line for expected in deployment.expected_proxy_errors)
    ]
    assert not proxy_problems, "nginx reports errors:\n" + proxy.log()


def replica_of(context) -> str:
    """The replica id that the browser context's cookie names."""
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE_NAME)


def test_pages_through_the_proxy_load_step_animate_and_reset(browser, deployment):
    proxy, replicas = deployment.proxy, deployment.replicas
    for replica in replicas.values():
        wait_for_no_sessions(replica)
    opened = []
    try:
        for _ in range(PAGES):
            opened.append(open_app(browser, proxy, ignore_https_errors=True))
        pages = [o.page for _, o in opened]
        for page in pages:
            expect_readout(page, "Total loss: 6.27")
            click_button(page, "Single parameter update")
            wait_for_step(page, lambda n: n == 1)
        for page in pages:
            click_button(page, "Start repeated update")
        for page in pages:
            wait_for_step(page, lambda n: n >= 6, timeout=15.0)
        for page in pages:
            click_button(page, "Stop repeated update", busy=True)
        for page in pages:
            assert settled_step(page) >= 6
            click_button(page, "Reset")
            expect_readout(page, "Total loss: 6.27")
            wait_for_step(page, lambda n: n == 0)

        # Round robin for the first visits, then each page and its websocket on one replica.
        pinned = [replica_of(context) for context, _ in opened]
        assert sorted(pinned) == ["a", "a", "b", "b"]
        for replica_id, replica in replicas.items():
            count = pinned.count(replica_id)
            assert replica.health() == {
                "sessions": count, "connections": count, "periodic_callbacks": 0
            }, replica_id  # fmt: skip

        # No page lost its session: each still answers a click.
        for page in pages:
            click_button(page, "Single parameter update")
        for page in pages:
            wait_for_step(page, lambda n: n == 1)

        # The page and all its assets came through the proxy, under the prefix.
        for page in pages:
            resources = page.evaluate(RESOURCES_JS)
            assert resources
            for url, status in resources:
                assert url.startswith(proxy.url), url
                assert status == 200, (url, status)
        for _, page_opened in opened:
            assert page_opened.errors == []
    finally:
        for context, _ in opened:
            context.close()


def test_the_replica_cookie_pins_and_only_listed_ids_route(deployment):
    proxy = deployment.proxy
    first, _ = proxy.request(f"{PREFIX}/")
    match = re.fullmatch(
        rf"{COOKIE_NAME}=(a|b); HttpOnly; Path={PREFIX}; SameSite=Lax",
        first.getheader("Set-Cookie") or "",
    )
    assert first.status == 200 and match, first.getheaders()
    again, _ = proxy.request(f"{PREFIX}/", cookie=f"{COOKIE_NAME}={match.group(1)}")
    assert again.status == 200
    assert again.getheader("Set-Cookie") is None  # served by the replica it names
    forged, _ = proxy.request(f"{PREFIX}/", cookie=f"{COOKIE_NAME}=127.0.0.1:22")
    assert forged.status == 200  # an unlisted value gets round robin
    assert re.match(rf"{COOKIE_NAME}=(a|b);", forged.getheader("Set-Cookie") or "")


def test_a_foreign_origin_is_refused_through_the_proxy(deployment):
    proxy = deployment.proxy
    response, html = proxy.request(f"{PREFIX}/")
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]

    def open_websocket(origin: str):
        return connect(
            f"wss://127.0.0.1:{proxy.port}{PREFIX}/ws",
            ssl=proxy.ssl_context, origin=origin, subprotocols=["bokeh", session_token(html)],
            additional_headers={"Cookie": cookie}, compression=None, proxy=None,
            open_timeout=30,
        )  # fmt: skip

    with pytest.raises(InvalidStatus) as refused:
        open_websocket(FOREIGN_ORIGIN)
    assert refused.value.response.status_code == 403
    with open_websocket(proxy.origin) as websocket:  # the same, from the page's own origin
        assert json.loads(websocket.recv(timeout=30))["msgtype"] == "ACK"


def test_liveness_and_the_bare_prefix_through_the_proxy(deployment):
    proxy = deployment.proxy
    live, body = proxy.request(f"{PREFIX}/liveness")
    assert live.status == 200 and json.loads(body) == {f"{PREFIX}/liveness": True}
    outside, _ = proxy.request("/liveness")
    assert outside.status == 404  # nothing is served outside the prefix
    bare, _ = proxy.request(PREFIX)
    assert bare.status == 301 and bare.getheader("Location").endswith(f"{PREFIX}/")


def test_a_page_whose_websocket_reaches_the_other_replica_still_works(browser, deployment):
    proxy, replicas = deployment.proxy, deployment.replicas
    for replica in replicas.values():
        wait_for_no_sessions(replica)
    context = browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    try:
        context.add_cookies(
            [{"name": COOKIE_NAME, "value": "a", "domain": "127.0.0.1", "path": PREFIX}]
        )
        context.route(f"{CDN_DIST}**", lambda route: route.abort())  # no traffic off this host
        opened = open_page(
            context, f"{proxy.url}?loss=softmax", init_script=cookie_switch_js("b", PREFIX)
        )
        page = opened.page
        expect_readout(page, "Total data loss: 1.84")  # the link's setting reached replica b
        click_button(page, "Single parameter update")
        wait_for_step(page, lambda n: n == 1)
        assert step_count(page) == 1
        a, b = replicas["a"], replicas["b"]
        assert proxy.served_by(f"GET {PREFIX}/?loss=softmax HTTP/1.1") == [f"127.0.0.1:{a.port}"]
        assert b.health() == {"sessions": 1, "connections": 1, "periodic_callbacks": 0}
        assert a.health()["connections"] == 0
        # The session that a built for the page request is never used, and is cleaned up once
        # the grace for a page still loading is over.
        cleaned_up = LOADING_GRACE_S + a.lifetime_ms / 1000 + 5
        wait_until(lambda: a.health()["sessions"] == 0, timeout=cleaned_up)
        # b built the session without its page request: Panel then leaves its own
        # stylesheets on Panel's CDN, the only resources that fail here.
        failed = [url for url, status in page.evaluate(RESOURCES_JS) if status == 0]
        assert all(url.startswith(CDN_DIST) for url in failed), failed
        assert all(e.startswith("console: Failed to load resource") for e in opened.errors), (
            opened.errors
        )
    finally:
        context.close()


def test_when_a_replica_is_down_the_other_one_takes_its_browsers(deployment):
    proxy, a, b = deployment.proxy, deployment.replicas["a"], deployment.replicas["b"]
    a.stop()
    deployment.expected_proxy_errors.append(f'upstream: "http://127.0.0.1:{a.port}')
    response, _ = proxy.request(f"{PREFIX}/", cookie=f"{COOKIE_NAME}=a")
    assert response.status == 200
    assert (response.getheader("Set-Cookie") or "").startswith(f"{COOKIE_NAME}=b;")
    # nginx tries a first, unless an earlier failure within its fail_timeout marked it down.
    tried = proxy.served_by(f"GET {PREFIX}/ HTTP/1.1")[-1].split(", ")
    assert tried in ([f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"], [f"127.0.0.1:{b.port}"])
