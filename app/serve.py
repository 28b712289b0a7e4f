"""``linear-classify``: serve the app, configured by command-line options or environment.

Every option has an environment variable, for containers:

========================== ============================= =====================================
option                     variable                      default
========================== ============================= =====================================
``--port``                 ``PORT``                      5006
``--address``              ``ADDRESS``                   127.0.0.1
``--allow-websocket-origin`` ``ALLOW_WEBSOCKET_ORIGIN``  ``localhost:PORT,127.0.0.1:PORT``
``--num-procs``            ``NUM_PROCS``                 1
``--prefix``               ``PREFIX``                    (none)
``--unused-session-lifetime`` ``UNUSED_SESSION_LIFETIME_MS`` 3000
``--max-sessions``         ``MAX_SESSIONS``              20
``--retry-seconds``        ``RETRY_SECONDS``             10
========================== ============================= =====================================

The app is served at the root URL, with ``/liveness`` for health checks and ``/health``
for a count of sessions and running animations. Responses are compressed for browsers that
accept gzip. Page requests are admitted up to the cap of live sessions and built one at a
time (see :mod:`app.server`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import panel as pn

from app.health import HealthHandler
from app.server import handlers
from app.server.admission import Admission
from app.server.arrivals import Arrivals
from app.server.compression import Gzip

__all__ = ["build_parser", "main", "server_options"]

ROOT = Path(__file__).resolve().parents[1]
MAIN_SCRIPT = ROOT / "app" / "main.py"
STATIC_DIR = ROOT / "static"
TITLE = "Linear Classification Loss Visualization"
#: Live sessions per process by default: at the default 10 steps/s, 20 sessions took about 70 %
#: of a core and kept their rate (see "Serving a class" in the README).
MAX_SESSIONS = 20
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


def build_parser() -> argparse.ArgumentParser:
    """The command-line options, with defaults taken from the environment."""
    parser = argparse.ArgumentParser(
        prog="linear-classify", description="Serve the linear classification loss demo."
    )
    parser.add_argument("--port", type=int, default=_env_int("PORT", 5006))
    parser.add_argument("--address", default=os.environ.get("ADDRESS", "127.0.0.1"))
    parser.add_argument(
        "--allow-websocket-origin",
        default=os.environ.get("ALLOW_WEBSOCKET_ORIGIN", ""),
        help="comma-separated host[:port] list allowed to open the websocket "
        "(default: localhost and 127.0.0.1 on the port)",
    )
    parser.add_argument("--num-procs", type=int, default=_env_int("NUM_PROCS", 1))
    parser.add_argument("--prefix", default=os.environ.get("PREFIX", ""))
    parser.add_argument(
        "--unused-session-lifetime",
        type=int,
        default=_env_int("UNUSED_SESSION_LIFETIME_MS", 3000),
        help="milliseconds after which a session with no browser is cleaned up",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=_env_int("MAX_SESSIONS", MAX_SESSIONS),
        help="most live sessions of one server process; a visitor beyond them gets a page "
        "that says the demo is full and retries by itself; 0 for no cap "
        f"(default {MAX_SESSIONS}, variable MAX_SESSIONS)",
    )
    parser.add_argument(
        "--retry-seconds",
        type=int,
        default=_env_int("RETRY_SECONDS", RETRY_SECONDS),
        help="seconds after which the page shown when the server is full retries "
        f"(default {RETRY_SECONDS}, variable RETRY_SECONDS)",
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
    return {
        "port": args.port,
        "address": args.address,
        "websocket_origin": origins,
        "num_procs": args.num_procs,
        "prefix": f"/{prefix}" if prefix else "",
        "static_dirs": {"assets": str(STATIC_DIR)},
        "liveness": True,
        "extra_patterns": [(r"/health", HealthHandler)],
        "unused_session_lifetime_milliseconds": lifetime,
        "check_unused_sessions_milliseconds": min(1000, lifetime),
        "ico_path": str(STATIC_DIR / "favicon.ico"),
        "title": TITLE,
        "show": False,
        "transforms": [Gzip],  # for browsers that accept it; static files compressed once
        # permessage-deflate: the document (about 120 KB) goes out as about 17 KB, a frame
        # as about a third; at level 1 it took under 1 % of the server's time in a profile.
        "websocket_compression_level": 1,
        "websocket_compression_mem_level": 5,
    }


def main(argv: list[str] | None = None) -> None:
    """Parse the options and serve the app until interrupted."""
    args = build_parser().parse_args(argv)
    options = server_options(args)
    handlers.install(Arrivals(), Admission(args.max_sessions, args.retry_seconds, TITLE))
    print(f"Serving on http://{args.address}:{args.port}{options['prefix']}/", flush=True)
    pn.serve({"/": str(MAIN_SCRIPT)}, start=True, **options)


if __name__ == "__main__":
    main()
