"""Browser test, as a new user would: Debian's chromium (driven by Playwright, no browser download) on `newsetl serve`.

A night is loaded with `newsetl run`; then, in the UI, the `entities` deployment is started with Run ▸ Quick run (no
parameter: it re-runs the latest night) and its page must show the run Completed. The night's report must open from
disk without console errors and show the warehouse's numbers. Screenshots go to the test's folder and are copied to
the folder printed at the end (BROWSER_SHOTS).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import LANDING
from tests.test_serve import api_post, free_port, newsetl_serve, serve_env

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
NIGHT = date(2024, 1, 9)
CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_SHOTS = Path(tempfile.gettempdir()) / "newsetl-browser-test"


def warehouse_headline(warehouse: Path) -> dict[str, int]:
    """The night's headline numbers, asked of the warehouse directly (not through the report's SQL)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        run_id, files_seen = con.execute(
            "select run_id, files_seen from etl_run where run_date = ?", [NIGHT]
        ).fetchone()
        articles, stories = con.execute(
            "select count(*), count(distinct coalesce(d.canonical_article_key, a.article_key)) "
            "from dim_article as a left join fct_article_duplicate as d using (article_key) where a.run_id = ?",
            [run_id],
        ).fetchone()
        copies = con.execute(
            "select count(*) from fct_article_duplicate where run_id = ?", [run_id]
        ).fetchone()
        rejects = con.execute("select count(*) from ingest_rejects where run_id = ?", [run_id]).fetchone()
    finally:
        con.close()
    return {
        "files_seen": files_seen,
        "articles": articles,
        "stories": stories,
        "copies": copies[0],
        "rejects": rejects[0],
    }


@pytest.fixture()
def served(tmp_path):
    """A night loaded by `newsetl run`, then `newsetl serve` on a free port; yields (UI URL, API URL, env)."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make install / .ci/run installs it)")
    landing = tmp_path / "landing"
    shutil.copytree(LANDING, landing)
    port = free_port()
    env = serve_env(tmp_path, landing)
    night = subprocess.run(
        [str(BIN / "newsetl"), "run", "--run-date", NIGHT.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert night.returncode == 0, night.stdout[-2000:] + night.stderr[-2000:]
    with newsetl_serve(env, port, tmp_path / "serve.log") as api:
        yield f"http://127.0.0.1:{port}", api, env


def test_quick_run_of_a_stage_in_the_ui_and_the_nights_report(served, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    ui, api, env = served
    shots = tmp_path / "screenshots"
    shots.mkdir()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{ui}/deployments")
        for name in ("nightly", "ingest", "dedup", "entities", "load"):
            expect(page.get_by_role("link", name=name, exact=True).first).to_be_visible(timeout=60_000)
        expect(page.get_by_text("At 02:00 AM every day")).to_be_visible()
        page.screenshot(path=shots / "deployments.png")

        manifest = Path(env["NEWSETL_RUNS_DIR"]) / NIGHT.isoformat() / "entities.json"
        extracted_before = manifest.stat().st_mtime_ns
        page.get_by_role("link", name="entities", exact=True).first.click()
        expect(page.get_by_text("No runs found")).to_be_visible(timeout=30_000)
        page.locator(".run-menu__run-button").click()
        page.get_by_text("Quick run", exact=True).click()
        # the deployment's run list refreshes itself: wait for the run's Completed badge (a failure shows Failed)
        expect(page.get_by_text(re.compile(r"^(Completed|Failed|Crashed)$")).first).to_be_visible(
            timeout=180_000
        )
        page.screenshot(path=shots / "entities_deployment.png")
        expect(page.get_by_text("Completed", exact=True).first).to_be_visible()

        report = Path(env["NEWSETL_REPORTS_DIR"]) / f"{NIGHT.isoformat()}.html"
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.resolve().as_uri())
        expect(page.get_by_role("heading", name=f"newsetl: the night of {NIGHT.isoformat()}")).to_be_visible()
        shown = {
            key: int(page.locator(f'[data-measure="{key}"]').inner_text().replace(",", ""))
            for key in ("files_seen", "articles", "stories", "copies", "rejects")
        }
        page.screenshot(path=shots / "report.png", full_page=True)
        browser.close()

    assert errors == []
    assert all(url.startswith("file://") for url in requests), requests  # nothing fetched from a network
    assert shown == warehouse_headline(Path(env["NEWSETL_WAREHOUSE"]))

    # The UI's run is the entities deployment's, took no parameter, and re-ran the latest night: that night's
    # entities were extracted again (the memory now holds the loaded night, so its cache key changed).
    [deployment] = api_post(api, "/deployments/filter", {"deployments": {"name": {"any_": ["entities"]}}})
    [run] = api_post(api, "/flow_runs/filter", {"deployments": {"id": {"any_": [deployment["id"]]}}})
    assert run["state"]["type"] == "COMPLETED" and run["parameters"] == {}
    tasks = api_post(api, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    assert {t["state"]["name"] for t in tasks if t["name"].startswith("extract_entities")} == {"Completed"}
    assert manifest.stat().st_mtime_ns > extracted_before
    assert [p.name for p in manifest.parent.parent.iterdir()] == [NIGHT.isoformat()]

    BROWSER_SHOTS.mkdir(exist_ok=True)
    for shot in shots.iterdir():
        shutil.copyfile(shot, BROWSER_SHOTS / shot.name)
    print(f"screenshots: {shots} (copied to {BROWSER_SHOTS})")
