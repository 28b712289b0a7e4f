"""Shared by the browser tests and the browser benchmark: the served app and page probes.

:class:`AppServer` runs ``python -m app.serve`` as a child process on 127.0.0.1 with its
output in a log file. The functions below read what a page shows (the read-out, the data
table, the parameter inputs) and operate its controls the way a person would: mouse and
keyboard.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from app.server.arrivals import LOADING_GRACE_S

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 900}
#: How long a page may take to show its first read-out, in milliseconds.
LOAD_TIMEOUT_MS = 30_000
#: Lines of a server log that mean something went wrong.
LOG_PROBLEMS = re.compile(r"Traceback|ERROR|Exception|exception|\berror\b")

T = TypeVar("T")


class Served(Protocol):
    """Anything that serves the app at ``url``: a server, or a proxy in front of servers."""

    url: str


def find_chromium() -> str | None:
    """The Chromium to drive: ``$CHROMIUM_PATH``, Debian's ``/usr/bin/chromium``, or on PATH."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """The app served by a child process on 127.0.0.1, logging to ``log_path``.

    Parameters
    ----------
    log_path : Path
        Where the server's stdout and stderr go.
    lifetime_ms : int
        The server's ``--unused-session-lifetime``.
    prefix : str
        The server's ``--prefix`` (``""`` or ``"/sub/path"``); :attr:`url` ends with it.
    options : sequence of str
        More options of ``linear-classify``, e.g. ``("--max-sessions", "3")``.
    """

    def __init__(
        self,
        log_path: Path,
        lifetime_ms: int = 2000,
        prefix: str = "",
        options: Sequence[str] = (),
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{prefix}/"
        self.log_path = log_path
        self.lifetime_ms = lifetime_ms
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.serve", "--port", str(self.port),
             "--unused-session-lifetime", str(lifetime_ms), "--prefix", prefix, *options],
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self.process.pid

    def wait_live(self, timeout: float = 60.0) -> None:
        """Wait until ``/liveness`` answers; raise if the process exits or time runs out."""

        def live() -> bool:
            with urllib.request.urlopen(self.url + "liveness", timeout=2) as response:
                return response.status == 200

        wait_answering(self.process, live, "server", self.log, timeout)

    def health(self) -> dict[str, int]:
        """The server's ``/health`` counts: sessions, connections, periodic_callbacks."""
        with urllib.request.urlopen(self.url + "health", timeout=5) as response:
            return json.loads(response.read())

    def log(self) -> str:
        """Everything the server has written so far."""
        return self.log_path.read_text(errors="replace")

    def problems(self) -> list[str]:
        """The log lines that report an error or an exception."""
        return [line for line in self.log().splitlines() if LOG_PROBLEMS.search(line)]

    def stop(self) -> None:
        """Terminate the process and the workers it forked, and close the log."""
        stop_process(self.process)
        self._log.close()


@contextmanager
def served(
    log_path: Path, lifetime_ms: int = 2000, options: Sequence[str] = ()
) -> Iterator[AppServer]:
    """The app served (see :class:`AppServer`) for the ``with`` body; its log must stay clean."""
    app_server = AppServer(log_path, lifetime_ms=lifetime_ms, options=options)
    try:
        app_server.wait_live()
        yield app_server
    finally:
        app_server.stop()
    problems = app_server.problems()
    assert not problems, "server log reports errors:\n" + app_server.log()


def wait_answering(
    process: subprocess.Popen,
    answers: Callable[[], bool],
    name: str,
    log: Callable[[], str],
    timeout: float,
) -> None:
    """Wait until the child ``process`` ``answers``; raise with its ``log`` if it exits first.

    ``answers`` may raise OSError while the process is not listening yet.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{log()}")
        try:
            if answers():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{name} not ready after {timeout} s:\n{log()}")


def stop_process(process: subprocess.Popen) -> None:
    """Terminate a child process and the processes it forked; kill what outlives 10 s.

    With ``--num-procs`` above 1 a server's pages are served by workers it forked; they are
    stopped after it, as it would start new ones in place of stopped workers.
    """
    import psutil

    if process.poll() is not None:
        return
    workers = psutil.Process(process.pid).children(recursive=True)
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for worker in workers:
        with contextlib.suppress(psutil.NoSuchProcess):
            worker.terminate()
    _gone, alive = psutil.wait_procs(workers, timeout=10)
    for worker in alive:
        worker.kill()


def wait_until(
    probe: Callable[[], T], timeout: float = 5.0, interval: float = 0.05, message: str = ""
) -> T:
    """Call ``probe`` until it returns something true and return that; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    value = probe()
    while not value:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s: {message} (last: {value!r})")
        time.sleep(interval)
        value = probe()
    return value


def wait_for_change(
    probe: Callable[[], T], before: T, timeout: float = 5.0, message: str = ""
) -> T:
    """Call ``probe`` until it returns something other than ``before``; return that."""
    found: list[T] = []

    def changed() -> bool:
        value = probe()
        found[:] = [value]
        return value != before

    wait_until(changed, timeout=timeout, message=message or f"a change from {before!r}")
    return found[0]


@dataclass
class Opened:
    """A page of the app with the console errors, page errors and dialogs seen on it.

    A dialog (``alert``, ``confirm``...) is dismissed at once and counts as an error: the page
    never opens one, so one would come from script that is not the page's.
    """

    page: object
    errors: list[str] = field(default_factory=list)


def open_app(
    browser,
    server: Served,
    init_script: str | None = None,
    query: str = "",
    **context_options: object,
) -> tuple[object, Opened]:
    """Open the app at ``query`` in a new browser context and wait for its read-out.

    Returns the context and the :class:`Opened` page. ``init_script`` runs in the page
    before any of its own scripts; ``context_options`` go to Playwright's ``new_context``.
    """
    context = browser.new_context(**{"viewport": VIEWPORT, **context_options})
    return context, open_page(context, server.url + query, init_script)


@contextmanager
def opened_without_errors(
    browser, server: Served, query: str = "", **context_options: object
) -> Iterator[Opened]:
    """The app opened as :func:`open_app` does, for the ``with`` body.

    Afterwards, no console or page error may have occurred on it.
    """
    context, opened = open_app(browser, server, query=query, **context_options)
    try:
        yield opened
    finally:
        errors = list(opened.errors)
        context.close()
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


def open_page(
    context, url: str, init_script: str | None = None, ready: str = "Total loss: "
) -> Opened:
    """Open the app at ``url`` in a new page of ``context`` and wait for its read-out.

    ``ready``: the text that shows once the read-out is there (in the page's language).
    """
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    opened = Opened(page)

    def on_console(message) -> None:
        if message.type == "error":
            opened.errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: opened.errors.append(f"page error: {error}"))

    def on_dialog(dialog) -> None:
        opened.errors.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    page.get_by_text(ready).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    return opened


def session_token(page_html: str) -> str:
    """The Bokeh session token that a page's HTML hands to its websocket."""
    match = re.search(r'"token":\s*"([^"]+)"', page_html)
    if match is None:
        raise AssertionError("no session token in the page")
    return match.group(1)


def wait_for_no_sessions(server: AppServer, timeout: float | None = None) -> None:
    """Wait until the server has no session left.

    By default for as long as a session built for a page that never connects is kept: the
    grace for a page still loading, then the unused-session lifetime.
    """
    if timeout is None:
        timeout = LOADING_GRACE_S + server.lifetime_ms / 1000 + 5
    wait_until(lambda: server.health()["sessions"] == 0, timeout=timeout, interval=0.2,
               message="sessions to expire")  # fmt: skip


# -- reading the page ---------------------------------------------------------------------

_READOUT = re.compile(
    r"Total data loss: (?P<data>\S+)\s+Regularization loss: (?P<reg>\S+)\s+"
    r"Total loss: (?P<total>\S+)\s+Accuracy: (?P<accuracy>\S+)\s*·\s*step (?P<step>\d+)"
)

#: Page coordinates of the data point ``[x, y]`` in the main plot.
POINT_TO_PAGE_JS = """([x, y]) => {
  const view = [...Bokeh.index.query((v) => v.model && v.model.name === 'main_plot')][0];
  const box = view.canvas_view.el.getBoundingClientRect();
  return [box.left + view.frame.x_scale.compute(x), box.top + view.frame.y_scale.compute(y)];
}"""

#: The values of the parameter inputs ``param_k_c`` as rows [W[k,0], W[k,1], b[k]].
PARAMETERS_JS = """() => {
  const inputs = new Map();
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      const named = el instanceof HTMLInputElement && /^param_\\d+_\\d+$/.test(el.name);
      if (named) inputs.set(el.name, el);
    }
  };
  visit(document);
  const rows = [];
  for (let k = 0; inputs.has(`param_${k}_0`); k++) {
    rows.push([0, 1, 2].map((c) => Number(inputs.get(`param_${k}_${c}`).value)));
  }
  return rows;
}"""

#: All text of the page, through shadow roots, with the values of input fields.
PAGE_TEXT_JS = """() => {
  const parts = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (el instanceof HTMLInputElement) parts.push(el.value);
    }
    for (const child of root.children ?? []) parts.push(child.innerText ?? child.textContent);
  };
  visit(document);
  return parts.join('\\n');
}"""


#: What text rendered as HTML could have put into the page: elements with an inline event
#: handler or a ``javascript:`` address anywhere, and scripts, frames and images inside the
#: views' shadow roots (the page itself has none there). Their HTML, shortened.
INJECTED_JS = """() => {
  const found = [];
  const visit = (root, inShadow) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) visit(el.shadowRoot, true);
      const handler = [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on'));
      const address = `${el.getAttribute('href') ?? ''} ${el.getAttribute('src') ?? ''}`;
      const embedded = ['script', 'iframe', 'object', 'embed', 'img'].includes(el.localName);
      if (handler || /javascript:/i.test(address) || (inShadow && embedded)) {
        found.push(el.outerHTML.slice(0, 160));
      }
    }
  };
  visit(document, false);
  return found;
}"""


def injected_elements(page) -> list[str]:
    """The HTML of elements that look injected (see :data:`INJECTED_JS`)."""
    return page.evaluate(INJECTED_JS)


def readout_text(page) -> str:
    """The read-out as displayed: losses, accuracy and step count."""
    return page.get_by_test_id("readout").inner_text()


def readout(page) -> dict[str, float]:
    """The displayed read-out as numbers: data, reg, total, accuracy and step."""
    text = readout_text(page)
    match = _READOUT.search(" ".join(text.split()))
    if match is None:
        raise AssertionError(f"unexpected read-out {text!r}")
    return {key: float(value) for key, value in match.groupdict().items()}


def expect_readout(page, text: str) -> None:
    """Wait until the read-out shows ``text``."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("readout")).to_contain_text(text)


def step_count(page) -> int:
    """The step number shown in the read-out."""
    return int(readout(page)["step"])


def wait_for_step(page, predicate: Callable[[int], bool], timeout: float = 5.0) -> int:
    """Wait until the displayed step count satisfies ``predicate``; return it."""

    def probe() -> tuple[int] | None:
        n = step_count(page)
        return (n,) if predicate(n) else None  # a tuple, so that step 0 counts as found

    return wait_until(probe, timeout=timeout, message="step count")[0]


def settled_step(page, quiet: float = 0.5, timeout: float = 5.0) -> int:
    """The step count once it has not changed for ``quiet`` seconds; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    last, since = step_count(page), time.monotonic()
    while time.monotonic() - since < quiet:
        if time.monotonic() > deadline:
            raise AssertionError(f"step count still changing after {timeout} s: {last}")
        time.sleep(0.05)
        now = step_count(page)
        if now != last:
            last, since = now, time.monotonic()
    return last


def table_row(page, index: int) -> str:
    """The text of row ``index`` of the data table, cells separated by spaces."""
    return " ".join(page.locator("table.data tbody tr").nth(index).inner_text().split())


def parameters(page) -> list[list[float]]:
    """The values of the parameter grid's inputs."""
    return page.evaluate(PARAMETERS_JS)


def page_text(page) -> str:
    """Every text on the page, shadow DOM and input values included."""
    return page.evaluate(PAGE_TEXT_JS)


def click_button(page, name: str, busy: bool = False) -> None:
    """Click the button labelled ``name`` with the mouse.

    On a page that repaints continually (``busy``), Playwright's wait for the button to
    hold still can take seconds on a loaded machine; the click then goes straight to it.
    """
    page.get_by_role("button", name=name, exact=True).click(force=busy)


def slider(page, label: str):
    """The slider (a range input) labelled ``label``."""
    return page.get_by_role("slider", name=label)


def press_on_slider(page, label: str, key: str) -> None:
    """Focus the slider captioned ``label`` and press ``key`` (e.g. Home, End, ArrowRight)."""
    handle = slider(page, label)
    handle.focus()
    handle.press(key)
