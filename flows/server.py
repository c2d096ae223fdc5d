"""A local Prefect server for `newsetl serve`: SQLite under the project's PREFECT_HOME, offline, on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def wait_healthy(api_url: str, timeout_seconds: float = 180.0) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise TimeoutError(f"Prefect server at {api_url} not healthy after {timeout_seconds:.0f} s")


def stop(process: subprocess.Popen, timeout: float) -> None:
    """Terminate a child process, and kill it if it has not exited within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def local_server(host: str, port: int, start: bool = True, log: Path | None = None) -> Iterator[str]:
    """Start `prefect server start` as a child process (unless `start` is false) and yield its API URL."""
    api_url = f"http://{host}:{port}/api"
    if not start:
        yield os.environ.get("PREFECT_API_URL", api_url)
        return
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["PREFECT_SERVER_API_HOST"] = host
    env["PREFECT_SERVER_API_PORT"] = str(port)
    env["PREFECT_UI_API_URL"] = api_url
    prefect = str(Path(sys.executable).parent / "prefect")
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [prefect, "server", "start", "--host", host, "--port", str(port)], env=env, stdout=out, stderr=out
    )
    try:
        wait_healthy(api_url)
        yield api_url
    finally:
        stop(process, 30)
        if log:
            out.close()


@contextmanager
def run_api() -> Iterator[str | None]:
    """The Prefect API a `newsetl run` talks to: PREFECT_API_URL when set (a running server), else a temporary
    server started here, once, and exported to the environment so partition workers (other processes) report to
    it instead of each starting their own. Yields the API URL."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    server = SubprocessASGIServer()
    server.start(timeout=get_current_settings().server.ephemeral.startup_timeout_seconds)
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
            from prefect.logging.handlers import APILogWorker

            APILogWorker.drain_all(timeout=5)  # the run's last log lines reach the server before it stops
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


@contextmanager
def reports_site(folder: Path, host: str, port: int) -> Iterator[str]:
    """Serve the reports folder over HTTP (a thread, static files only) so the nightly run's artifact links open
    from the UI (a browser does not follow file:// links from a web page). Yields its URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    folder.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    site = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=site.serve_forever, name="reports", daemon=True).start()
    try:
        yield f"http://{host}:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()
