"""Integration: `newsetl serve` starts a Prefect server, serves the deployments, and a stage's deployment runs
when triggered through the Prefect API (what the UI's Run button does)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    raise TimeoutError(what)


def deployments_registered(api: str) -> bool:
    request = urllib.request.Request(f"{api}/deployments/filter", data=b"{}", method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
            names = {d["name"] for d in __import__("json").loads(response.read())}
    except OSError:
        return False
    return {"nightly", "ingest", "dedup", "entities", "load"} <= names


def test_served_stage_deployment_runs_from_the_api(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copyfile(SEED, landing / SEED.name)
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "NEWSETL_RUNS_DIR": str(tmp_path / "runs"),
        "NEWSETL_WAREHOUSE": str(tmp_path / "news.duckdb"),
        "NEWSETL_LANDING": str(landing),
    }
    env.pop("PREFECT_API_URL", None)
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(BIN / "newsetl"), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for(lambda: deployments_registered(api), 240, "deployments were not served")
        trigger = subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                "from prefect.deployments import run_deployment; "
                "run = run_deployment('ingest/ingest', parameters={'run_date': '2024-01-09'}, timeout=240); "
                "print(run.state.type.value)",
            ],
            env={**env, "PREFECT_API_URL": api},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert trigger.returncode == 0, trigger.stderr[-2000:]
        assert trigger.stdout.strip().endswith("COMPLETED"), (
            trigger.stdout,
            (tmp_path / "serve.log").read_text(),
        )
        assert (tmp_path / "runs" / "2024-01-09" / "articles.parquet").exists()
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
