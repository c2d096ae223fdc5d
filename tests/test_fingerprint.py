"""Code fingerprints in the stage cache keys: an edited rule recomputes the stage; unchanged code reuses the cache."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from flows import fingerprint
from tests.conftest import LANDING, ROOT, SEED

NIGHT = date(2024, 1, 11)


def copy_sources(root, stage: str) -> None:
    for folder in fingerprint.STAGE_SOURCES[stage]:
        shutil.copytree(
            ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb*")
        )


def a_rule_file(root):
    """A Python file of the entities package in the copy (whichever module holds the rules after a split)."""
    return next(
        p for p in sorted((root / "transforms" / "entities").rglob("*.py")) if p.name != "__init__.py"
    )


def test_fingerprint_follows_code_and_data_files_only(tmp_path, monkeypatch):
    copy_sources(tmp_path, "entities")
    monkeypatch.setattr(fingerprint, "SOURCE_ROOT", tmp_path)
    fingerprint._fingerprint.cache_clear()
    before = fingerprint.code_fingerprint("entities")
    assert fingerprint.code_fingerprint("entities") == before  # stable
    cache = tmp_path / "transforms" / "entities" / "__pycache__"
    cache.mkdir(exist_ok=True)
    (cache / "rules.cpython-311.pyc").write_bytes(b"compiled")
    fingerprint._fingerprint.cache_clear()
    assert fingerprint.code_fingerprint("entities") == before  # caches are not code
    table = tmp_path / "transforms" / "entities" / "extra_words.csv"
    table.write_text("name,kind\n검사장,title\n", encoding="utf-8")
    fingerprint._fingerprint.cache_clear()
    with_table = fingerprint.code_fingerprint("entities")
    assert with_table != before  # a word list is code too
    fingerprint._fingerprint.cache_clear()
    assert fingerprint.code_fingerprint("dedup") != with_table
    fingerprint._fingerprint.cache_clear()


@pytest.mark.slow
def test_editing_a_rule_recomputes_the_entities_stage(prefect_harness, tmp_path, monkeypatch):
    from flows.stages import entities, ingest

    source = tmp_path / "src"
    copy_sources(source, "entities")
    monkeypatch.setattr(fingerprint, "SOURCE_ROOT", source)
    fingerprint._fingerprint.cache_clear()
    monkeypatch.setenv("NEWSETL_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("NEWSETL_WORKERS", "1")
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copyfile(SEED, landing / SEED.name)
    shutil.copyfile(LANDING / "chosun_02_r1.txt", landing / "chosun_02_r1.txt")
    ingest.ingest_flow(NIGHT, str(landing), str(tmp_path / "news.duckdb"))

    extracted = []
    real = entities.entity_frames
    monkeypatch.setattr(entities, "entity_frames", lambda *a, **k: extracted.append(1) or real(*a, **k))
    first = entities.entities_flow(NIGHT)
    assert len(extracted) == 1
    assert entities.entities_flow(NIGHT) == first and len(extracted) == 1  # nothing changed: the cache

    rule = a_rule_file(source)
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# an edited rule\n", encoding="utf-8")
    fingerprint._fingerprint.cache_clear()  # as a new process would
    entities.entities_flow(NIGHT)
    assert len(extracted) == 2  # the edit recomputed the stage
    entities.entities_flow(NIGHT)
    assert len(extracted) == 2
    fingerprint._fingerprint.cache_clear()
