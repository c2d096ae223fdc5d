"""Shared fixtures: the seed (text and body), the 법정동 index, the corpora path, one Prefect test harness for the session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
LANDING = ROOT / "data" / "landing"
SEED = LANDING / "000_b16488920c083763.txt"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Nightly runs in tests write their HTML report; never into the checkout's reports/ (a test sets its own to read it)
os.environ.setdefault("NEWSETL_REPORTS_DIR", tempfile.mkdtemp(prefix="newsetl-test-reports-"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_body(seed_text) -> str:
    from transforms.ingest.parsers.text import parse_plain_text

    return parse_plain_text(seed_text).body_text


@pytest.fixture(scope="session")
def admin():
    """The 법정동 시도/시군구 index of warehouse/seeds."""
    from flows.files import read_admin_index

    return read_admin_index(ROOT / "warehouse" / "seeds")


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent")
    return CORPORA


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="module")
def monkeypatch_module():
    """Environment changes for a module-scoped fixture (pytest's monkeypatch is function-scoped)."""
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()
