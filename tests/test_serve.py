"""Integration: `newsetl serve` starts a Prefect server, serves the deployments, and the nightly deployment runs
when triggered through the Prefect API (what the UI's Run button does), each stage as a run of its deployment."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.server import stop
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
            names = {d["name"] for d in json.loads(response.read())}
    except OSError:
        return False
    return {"nightly", "ingest", "dedup", "entities", "load"} <= names


def api_post(api: str, path: str, body: dict):
    request = urllib.request.Request(f"{api}{path}", data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        return json.loads(response.read())


def serve_env(tmp_path: Path, landing: Path) -> dict:
    """The environment of a served pipeline confined to `tmp_path` (its own Prefect home, runs, warehouse and
    reports), reading `landing`, with the rules only (no tagger: the UI tests are about orchestration)."""
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "NEWSETL_RUNS_DIR": str(tmp_path / "runs"),
        "NEWSETL_WAREHOUSE": str(tmp_path / "news.duckdb"),
        "NEWSETL_REPORTS_DIR": str(tmp_path / "reports"),
        "NEWSETL_LANDING": str(landing),
        "NEWSETL_TAGGER": "none",
    }
    env.pop("PREFECT_API_URL", None)
    return env


@contextmanager
def newsetl_serve(env: dict, port: int, log_path: Path) -> Iterator[str]:
    """`newsetl serve` on `port` (its log at `log_path`) until its five deployments are served; yields the API URL and
    stops the server on the way out."""
    api = f"http://127.0.0.1:{port}/api"
    log = open(log_path, "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [str(BIN / "newsetl"), "serve", "--port", str(port), "--reports-port", "0"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: deployments_registered(api), 240, "deployments were not served")
        yield api
    finally:
        stop(server, 60)
        log.close()


def test_served_nightly_runs_each_stage_as_a_run_of_its_deployment(tmp_path):
    """The nightly deployment, triggered through the API (what the UI's Run button does), runs each stage as a run
    of the stage's deployment, linked as its child: the stage runs are listed under their deployments. The served
    load runs under the lock its parent nightly run holds, and the run links the night's report."""
    port = free_port()
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copyfile(SEED, landing / SEED.name)
    env = serve_env(tmp_path, landing)
    with newsetl_serve(env, port, tmp_path / "serve.log") as api:
        trigger = subprocess.run(
            [
                str(BIN / "python"),
                "-c",
                "from prefect.deployments import run_deployment; "
                "run = run_deployment('nightly/nightly', parameters={'run_date': '2024-01-09'}, timeout=400); "
                "print(run.id, run.state.type.value)",
            ],
            env={**env, "PREFECT_API_URL": api},
            capture_output=True,
            text=True,
            timeout=450,
        )
        assert trigger.returncode == 0, trigger.stderr[-2000:]
        nightly_id, state = trigger.stdout.split()[-2:]
        assert state == "COMPLETED", (tmp_path / "serve.log").read_text()[-5000:]
        deployments = {d["name"]: d["id"] for d in api_post(api, "/deployments/filter", {})}
        for stage in ("ingest", "dedup", "entities", "load"):
            [run] = api_post(
                api, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployments[stage]]}}}
            )
            assert run["state"]["type"] == "COMPLETED"
            assert run["parameters"]["run_date"] == "2024-01-09"
            [parent] = api_post(
                api, "/task_runs/filter", {"task_runs": {"id": {"any_": [run["parent_task_run_id"]]}}}
            )
            assert parent["flow_run_id"] == nightly_id
        assert (tmp_path / "runs" / "2024-01-09" / "articles.parquet").exists()
        artifacts = api_post(api, "/artifacts/filter", {"artifacts": {"key": {"any_": ["nightly-report"]}}})
        [report] = [a for a in artifacts if a["flow_run_id"] == nightly_id]
        assert "2024-01-09.html" in report["data"] and "Open the report" in report["data"]
        assert (tmp_path / "reports" / "2024-01-09.html").exists()
