"""``linear-classify``: serve the app, configured by command-line options or environment.

Every option has an environment variable, for containers; both, and the defaults, are declared
once, in :data:`OPTIONS`, which ``--help`` lists.

The app is served at the root URL, with ``/liveness`` for health checks and ``/health``
for a count of sessions and running animations. Responses are compressed for browsers that
accept gzip. Page requests are admitted up to the cap of live sessions and built one at a
time (see :mod:`app.server`). With a replica id, responses set the replica cookie of
:mod:`app.server.replica_cookie`, for a proxy's affinity. A websocket message from a browser
may be at most :data:`app.controls.upload.MAX_MESSAGE_BYTES` long, what the largest CSV file
needs.
"""

from __future__ import annotations

import argparse
import gc
import os
from dataclasses import dataclass
from pathlib import Path

import panel as pn

from app.catalogue import say
from app.controls.upload import MAX_MESSAGE_BYTES
from app.server import handlers
from app.server.admission import Admission
from app.server.arrivals import Arrivals
from app.server.compression import Gzip
from app.server.health import HealthHandler
from app.server.replica_cookie import replica_cookie_transform

__all__ = ["OPTIONS", "Option", "build_parser", "main", "server_options"]

ROOT = Path(__file__).resolve().parents[1]
MAIN_SCRIPT = ROOT / "app" / "main.py"
STATIC_DIR = ROOT / "static"
#: Live sessions per process by default: at the default 10 steps/s, 30 sessions took about 75 %
#: of a core and kept their rate (see "Serving a class" in the README).
MAX_SESSIONS = 30
#: Seconds after which the page shown when the server is full retries, by default.
RETRY_SECONDS = 10


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {value!r}") from None


@dataclass(frozen=True)
class Option:
    """One command-line option: its flag, environment variable, default and meaning."""

    flag: str
    variable: str
    default: int | str
    meaning: str


#: Every option of ``linear-classify``. A whole-number default makes a whole-number option.
OPTIONS = (
    Option("--port", "PORT", 5006, "port to serve on"),
    Option("--address", "ADDRESS", "127.0.0.1", "address to listen on; 0.0.0.0 for every network"),
    Option(
        "--allow-websocket-origin",
        "ALLOW_WEBSOCKET_ORIGIN",
        "",
        "comma-separated host[:port] list of the addresses students type, allowed to open the "
        "websocket (none given: localhost and 127.0.0.1 on the port)",
    ),
    Option("--num-procs", "NUM_PROCS", 1, "server processes; keep 1 (README: Serving a class)"),
    Option("--prefix", "PREFIX", "", "path under which the app is served, e.g. /demo"),
    Option(
        "--unused-session-lifetime",
        "UNUSED_SESSION_LIFETIME_MS",
        3000,
        "milliseconds after which a session whose page has closed is cleaned up (at least 2000)",
    ),
    Option(
        "--replica-id",
        "REPLICA_ID",
        "",
        "this replica's name behind a proxy: responses then set the cookie "
        "linear_classify_replica to it, for the proxy's affinity",
    ),
    Option(
        "--max-sessions",
        "MAX_SESSIONS",
        MAX_SESSIONS,
        "most live sessions of one server process; a visitor beyond them gets a page that says "
        "the demo is full and retries by itself; 0 for no cap",
    ),
    Option(
        "--retry-seconds",
        "RETRY_SECONDS",
        RETRY_SECONDS,
        "seconds after which the page shown when the server is full retries",
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The command-line options of :data:`OPTIONS`, with defaults taken from the environment."""
    parser = argparse.ArgumentParser(
        prog="linear-classify",
        description="Serve the linear classification loss demo. Every option can also be set "
        "by its environment variable, e.g. PORT=8000.",
    )
    for option in OPTIONS:
        whole = isinstance(option.default, int)
        from_env = (
            _env_int(option.variable, option.default)
            if whole
            else os.environ.get(option.variable, option.default)
        )
        shown = option.default if option.default != "" else "none"
        parser.add_argument(
            option.flag,
            type=int if whole else str,
            default=from_env,
            metavar=option.variable,
            help=f"{option.meaning} (default: {shown}; variable {option.variable})",
        )
    return parser


def server_options(args: argparse.Namespace) -> dict[str, object]:
    """Keyword arguments of :func:`panel.serve` for parsed options."""
    origins = [o.strip() for o in args.allow_websocket_origin.split(",") if o.strip()]
    if "*" in origins:
        raise SystemExit("ALLOW_WEBSOCKET_ORIGIN must name hosts; '*' would allow any site")
    if not origins:
        origins = [f"localhost:{args.port}", f"127.0.0.1:{args.port}"]
    if args.num_procs < 1:
        raise SystemExit("NUM_PROCS must be at least 1")
    if args.max_sessions < 0:
        raise SystemExit("MAX_SESSIONS must be 0 (no cap) or more")
    if args.retry_seconds < 1:
        raise SystemExit("RETRY_SECONDS must be at least 1")
    lifetime = max(args.unused_session_lifetime, 2000)
    prefix = args.prefix.strip("/")
    prefix = f"/{prefix}" if prefix else ""
    replica_cookie = []
    if replica_id := args.replica_id.strip():
        try:
            replica_cookie.append(replica_cookie_transform(replica_id, prefix))
        except ValueError as error:
            raise SystemExit(f"REPLICA_ID: {error}") from None
    return {
        "port": args.port,
        "address": args.address,
        "websocket_origin": origins,
        "num_procs": args.num_procs,
        "prefix": prefix,
        "static_dirs": {"assets": str(STATIC_DIR)},
        "liveness": True,
        "extra_patterns": [(r"/health", HealthHandler)],
        "unused_session_lifetime_milliseconds": lifetime,
        "check_unused_sessions_milliseconds": min(1000, lifetime),
        "websocket_max_message_size": MAX_MESSAGE_BYTES,
        "ico_path": str(STATIC_DIR / "favicon.ico"),
        "title": say("en", "page.title"),
        "show": False,
        "verbose": False,  # the one start-up line is main()'s
        # Gzip for browsers that accept it (static files compressed once), and the replica cookie.
        "transforms": [Gzip, *replica_cookie],
        # permessage-deflate: the document (about 120 KB) goes out as about 17 KB, a frame
        # as about a third; at level 1 it took under 1 % of the server's time in a profile.
        "websocket_compression_level": 1,
        "websocket_compression_mem_level": 5,
    }


#: Allocations between two collections of Python's youngest generation. Building a page
#: allocates some hundred thousand objects; at Python's default of 700, collecting them, and
#: every other page's objects at each full collection, took about a tenth of a new page's
#: server time, and up to a few hundred milliseconds at once.
GC_THRESHOLD = 50_000


def tune_garbage_collection() -> None:
    """Collect garbage less often, and never look again at what the server holds for good.

    The app's modules are imported first; everything alive then (modules, classes, the
    frameworks' tables) is frozen out of later collections (:func:`gc.freeze`).
    """
    import app.page  # noqa: F401 - imported now, so that its objects are frozen

    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def main(argv: list[str] | None = None) -> None:
    """Parse the options and serve the app until interrupted."""
    args = build_parser().parse_args(argv)
    options = server_options(args)
    tune_garbage_collection()
    handlers.install(Arrivals(), Admission(args.max_sessions, args.retry_seconds))
    url = f"http://{args.address}:{args.port}{options['prefix']}/"
    print(f"linear-classify: serving on {url} (Ctrl+C stops)", flush=True)
    pn.serve({"/": str(MAIN_SCRIPT)}, start=True, **options)


if __name__ == "__main__":
    main()
