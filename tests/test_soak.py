"""Issue 20: the short soak. Five small nights of `bench/soak.py` against one warehouse, with kill -9, an open
DuckDB CLI session, a full disk and two runs at once, each night checked, and the warehouse equal at the end to a
clean replay of the same nights (`make soak NIGHTS=30` is the month)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "ko_news_rss_gitscrape"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpora (the soak's articles are real)")
def test_five_nights_with_faults_equal_a_clean_replay(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "NEWSETL_TAGGER": "none",  # the soak is about faults and counts; the tagger only costs time here
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), "--nights", "5", "--small"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
    )
    out = done.stdout
    nights = re.findall(r"^night +\d+ .*$", out, re.MULTILINE)
    assert len(nights) == 5, out + done.stderr[-2000:]
    for line in nights:
        assert " ok | " in line and " unique | " in line and "rerun unchanged" in line, line
        assert re.search(r"checks (\d+)/\1 ", line), line
        assert "clean replay" in line and "same" in line, line
    # the faults happened: a run was killed, a full disk failed a run, one of two runs at once was refused
    assert "kill -9 at" in out
    assert "run failed: OSError: [Errno 27] File too large" in out
    assert "WarehouseBusyError" in out
    assert re.search(r"CLI open across the night, saw (\d+) then \1 articles", out)
    assert "0 table(s) differ" in out
    assert done.returncode == 0 and "verdict: PASS" in out, out
