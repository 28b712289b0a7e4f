"""nginx in front of two replicas of the app, configured as the README's "Scaling" shows.

:class:`Nginx` renders ``app/deploy/nginx.conf.template``, the file that the README shows,
with this machine's addresses, and wraps it in a main configuration that keeps everything of
nginx inside one directory: pid file, logs and temporary files. nginx runs in the foreground
as a child process, on 127.0.0.1, with a certificate made for 127.0.0.1.
"""

from __future__ import annotations

import getpass
import http.client
import os
import re
import shutil
import ssl
import subprocess
from collections.abc import Mapping
from pathlib import Path

from helpers_browser import ROOT, AppServer, stop_process, wait_answering

from app.server.replica_cookie import COOKIE_NAME

TEMPLATE = ROOT / "app" / "deploy" / "nginx.conf.template"
#: A placeholder of the template, ``${NAME}``, as ``envsubst`` reads it.
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
#: Lines of nginx's error log that mean something went wrong.
NGINX_PROBLEMS = re.compile(r"\[(error|crit|alert|emerg)\]")

#: Debian's /etc/nginx/nginx.conf in small: the http context that includes the site's file.
#: Workers run as the user who runs the test (nginx ignores ``user`` unless that is root),
#: so that they can use the test's private directory. The access log names the replica that
#: served each request; a file that is not there is a 404 without an error in the log.
MAIN_CONFIGURATION = """\
user {user};
worker_processes 1;
pid {dir}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    log_format replica '$request $status $upstream_addr';
    access_log {dir}/access.log replica;
    log_not_found off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/linear-classify.conf;
}}
"""


def cookie_switch_js(replica_id: str, prefix: str) -> str:
    """Page JavaScript that names ``replica_id`` in the replica cookie.

    Run as an init script (after the page's request, before its scripts), it sends the
    page's websocket to another replica than its request: the fall-back case.
    """
    return f"document.cookie = '{COOKIE_NAME}={replica_id}; path={prefix}';"


def find_nginx() -> str | None:
    """The nginx to run: ``$NGINX_PATH``, Debian's ``/usr/sbin/nginx``, or on PATH."""
    for candidate in (os.environ.get("NGINX_PATH"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("nginx")


def render_template(template: str, values: Mapping[str, str]) -> str:
    """Replace each ``${NAME}`` by ``values[NAME]``; every placeholder must have a value."""
    missing = set(PLACEHOLDER.findall(template)) - set(values)
    if missing:
        raise KeyError(f"no value for {sorted(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def certificate_for_localhost(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made by ``openssl``."""
    certificate, key = directory / "certificate.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    return certificate, key


class Nginx:
    """nginx serving ``replicas`` (ids ``a`` and ``b``) over HTTPS at ``url``.

    Parameters
    ----------
    nginx : str
        The nginx executable.
    directory : Path
        Where its configuration, logs, certificate and temporary files go.
    port : int
        The port it listens on, on 127.0.0.1.
    prefix : str
        The URL prefix of the replicas, and of the proxy's location.
    replicas : mapping of str to AppServer
        The replicas by their ``--replica-id``: ``a`` and ``b``, as in the template.
    """

    def __init__(
        self,
        nginx: str,
        directory: Path,
        port: int,
        prefix: str,
        replicas: Mapping[str, AppServer],
    ) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{self.port}"
        self.url = f"{self.origin}{prefix}/"
        self.prefix = prefix
        self.directory = directory
        certificate, key = certificate_for_localhost(directory)
        self.ssl_context = ssl.create_default_context(cafile=str(certificate))
        values = {
            "LISTEN": f"127.0.0.1:{self.port}",
            "SERVER_NAME": "127.0.0.1",
            "PREFIX": prefix,
            "REPLICA_A": f"127.0.0.1:{replicas['a'].port}",
            "REPLICA_B": f"127.0.0.1:{replicas['b'].port}",
            "TLS_CERTIFICATE": str(certificate),
            "TLS_CERTIFICATE_KEY": str(key),
        }
        site = render_template(TEMPLATE.read_text(encoding="utf-8"), values)
        (directory / "linear-classify.conf").write_text(site, encoding="utf-8")
        main = directory / "nginx.conf"
        configuration = MAIN_CONFIGURATION.format(dir=directory, user=getpass.getuser())
        main.write_text(configuration, encoding="utf-8")
        self.error_log = directory / "error.log"
        self.process = subprocess.Popen(
            [nginx, "-p", f"{directory}/", "-e", str(self.error_log), "-c", str(main),
             "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self.process.pid

    def request(self, path: str, cookie: str | None = None) -> tuple[http.client.HTTPResponse, str]:
        """GET ``path`` (from the host root) through the proxy: the response and its text.

        Redirects are not followed.
        """
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.ssl_context, timeout=30
        )
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = connection.getresponse()
            return response, response.read().decode(errors="replace")
        finally:
            connection.close()

    def wait_ready(self, timeout: float = 20.0) -> None:
        """Wait until the replicas' ``/liveness`` answers through the proxy."""

        def live() -> bool:
            return self.request(f"{self.prefix}/liveness")[0].status == 200

        wait_answering(self.process, live, "nginx", self.log, timeout)

    def log(self) -> str:
        """The error log of nginx so far."""
        return self.error_log.read_text(errors="replace") if self.error_log.exists() else ""

    def problems(self) -> list[str]:
        """The error log's lines of level error or worse."""
        return [line for line in self.log().splitlines() if NGINX_PROBLEMS.search(line)]

    def served_by(self, request_line: str) -> list[str]:
        """Where each logged ``request_line`` went: the replicas tried, comma-separated."""
        access_log = (self.directory / "access.log").read_text(errors="replace")
        start = request_line + " "
        return [
            line.removeprefix(start).split(" ", 1)[1]  # after the status
            for line in access_log.splitlines()
            if line.startswith(start)
        ]

    def stop(self) -> None:
        """Stop nginx at once (SIGTERM: its fast shutdown), or kill it."""
        stop_process(self.process)
