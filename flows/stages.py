"""One Prefect flow per stage (ingest, dedup, entities, load), each re-runnable on its own from the UI.

Tasks wrap transforms and own I/O, retries, caching and logging. They pass paths and small summaries, never frames,
so Prefect's input hashing and result storage stay cheap. Each stage writes its Parquet outputs and a small JSON
manifest under the run folder (`runs_dir/<run_date>/`); the next stage reads the manifest.

Caching: a task's cache key is its inputs (which include a fingerprint of the content it reads: the landing files'
sizes and mtimes, the stage outputs' hashes, the published warehouse's state) plus the task's source. A Retry of a
failed nightly run therefore reuses completed stages, and any change of input or code recomputes.
"""

from __future__ import annotations

import json
import logging
import shutil
from contextlib import suppress
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import INPUTS, NO_CACHE, TASK_SOURCE
from prefect.exceptions import MissingContextError

from flows.files import (
    file_sha,
    landing_fingerprint,
    list_landing_files,
    read_admin_index,
    read_aliases,
    read_gazetteer,
    warehouse_fingerprint,
    write_json,
    write_parquet,
)
from flows.lock import writer_lock
from flows.partitions import map_partitions
from flows.settings import Settings
from transforms.common.keys import bytes_hash, natural_id
from transforms.dedup import DedupSettings, stored_band_keys
from transforms.dedup import find_duplicates as find_near_duplicates
from transforms.entities import ALIAS_SCHEMA, ARTICLE_COLUMNS, combine_partitions, extract_entity_frames
from transforms.ingest import (
    LINE_COUNT_SCHEMA,
    REJECT_SCHEMA,
    BoilerplateSettings,
    IngestLimits,
    RejectError,
    article_rows,
    articles_frame,
    count_publisher_lines,
    learned_boilerplate,
    parse_file,
    remove_boilerplate,
    reporter_frame,
)
from warehouse import db

STAGES = ("ingest", "dedup", "entities", "load")
ENTITY_PARTITION_ROWS = 5_000
MODEL_DIR = Path(__file__).resolve().parents[1] / "transforms" / "entities" / "ner" / "model"
CACHED = INPUTS + TASK_SOURCE
FILE_SCHEMA = {
    "source_file": pl.String,
    "size_bytes": pl.Int64,
    "mtime": pl.Datetime("us", "UTC"),
    "raw_hash": pl.String,
    "status": pl.String,
    "record_count": pl.Int64,
}


def stage_logger() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger inside a run; a plain logger when a task's `.fn` is called directly (tests, bench)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("newsetl")


def run_folder(settings: Settings, run_date: date) -> Path:
    return settings.runs_dir / run_date.isoformat()


def read_manifest(out_dir: str | Path, stage: str) -> dict:
    path = Path(out_dir) / f"{stage}.json"
    if not path.exists():
        raise FileNotFoundError(
            f"stage '{stage}' has not run for this run folder ({path} is missing): run it first"
        )
    return json.loads(path.read_text(encoding="utf-8"))


INGEST_PARTITION_FILES = 2_000


def described(outputs: dict[str, Path]) -> dict[str, dict[str, str]]:
    """A stage manifest's `outputs`: each output's path and content hash (what the next stage's cache key uses)."""
    return {name: {"path": str(path), "sha": file_sha(path)} for name, path in outputs.items()}


def file_reject(source_file: str, reason: str, detail: str) -> dict:
    """A reject row for a whole file (REJECT_SCHEMA; records carry their index instead of None)."""
    return {"source_file": source_file, "source_record": None, "reason": reason, "detail": detail}


def remove_parts(parts_dir: Path) -> None:
    """Remove a stage's partition outputs (left by a killed run, or combined), and the `parts` folder once empty."""
    shutil.rmtree(parts_dir, ignore_errors=True)
    with suppress(OSError):
        parts_dir.parent.rmdir()


def chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


@task(cache_policy=NO_CACHE, persist_result=False)
def parse_landing_files(files: list[dict], known: dict[str, str], out_path: str, run_date: date) -> dict:
    """Ingest partition: read, hash and parse some landing files; write their article rows to `out_path`.

    `files` are LandingFile fields; `known` maps a file to its raw hash at its last load (a file whose bytes did
    not change is unchanged even if its mtime did). Returns the partition's reject rows, ledger entries and counts.
    """
    settings = Settings()
    limits = IngestLimits(settings.max_file_bytes, settings.max_decompressed_bytes, settings.min_body_chars)
    rows: list[dict] = []
    rejects: list[dict] = []
    ledger: list[dict] = []
    unchanged = unreadable = 0
    for landing in files:
        if landing["size_bytes"] > limits.max_file_bytes:
            rejects.append(
                file_reject(
                    landing["relative"],
                    "too_large",
                    f"{landing['size_bytes']} bytes > limit {limits.max_file_bytes}",
                )
            )
            ledger.append(
                {
                    "source_file": landing["relative"],
                    "size_bytes": landing["size_bytes"],
                    "mtime": landing["mtime"],
                    "raw_hash": f"size:{landing['size_bytes']}",
                    "status": "rejected",
                    "record_count": 0,
                }
            )
            continue
        try:
            raw = Path(landing["path"]).read_bytes()
        except OSError as exc:
            rejects.append(file_reject(landing["relative"], "unreadable", str(exc)))
            unreadable += 1  # not in the ledger (it is tried again next night), but counted tonight
            continue
        raw_hash = bytes_hash(raw)
        if known.get(landing["relative"]) == raw_hash:
            unchanged += 1
            continue
        entry = {
            "source_file": landing["relative"],
            "size_bytes": len(raw),
            "mtime": landing["mtime"],
            "raw_hash": raw_hash,
            "status": "loaded",
            "record_count": 0,
        }
        try:
            form, records = parse_file(raw, limits, field_map=settings.json_field_map)
            file_rows, record_rejects = article_rows(landing["relative"], raw, form, records)
            rows.extend(file_rows)
            rejects.extend(record_rejects)
            entry["record_count"] = len(records)
            entry["status"] = "loaded" if file_rows else "rejected"
        except RejectError as exc:
            rejects.append(file_reject(landing["relative"], exc.reason, exc.detail))
            entry["status"] = "rejected"
        ledger.append(entry)
    write_parquet(articles_frame(rows, run_date), Path(out_path))
    return {
        "articles": out_path,
        "rejects": rejects,
        "ledger": ledger,
        "unchanged": unchanged,
        "unreadable": unreadable,
    }


@task(retries=2, retry_delay_seconds=[2, 10], cache_policy=CACHED, persist_result=True)
def ingest_files(
    input_dir: str, out_dir: str, warehouse: str, run_date: date, fingerprint: str, full_scan: bool = False
) -> dict:
    """Read new or changed landing files, parse them, and write articles/reporters/rejects/files Parquet.

    `fingerprint` summarizes the landing folder and the warehouse ledger (it is the cache key's content part).
    Returns the stage manifest: output hashes, counts, and the run id (derived from the run date and the content
    processed, so a re-run of the same night gets the same id).
    """
    logger = stage_logger()
    settings = Settings()
    out = Path(out_dir)
    ledger_rows = db.read_state(warehouse, "select source_file, raw_hash, size_bytes, mtime from etl_file")
    known = {path: raw_hash for path, raw_hash, _, _ in ledger_rows}
    known_stat = {path: (size, mtime) for path, _, size, mtime in ledger_rows}
    files, refused = list_landing_files(Path(input_dir))
    rejects: list[dict] = []
    ledger: list[dict] = []
    unchanged = unreadable = 0
    for rel, reason in refused:
        # a refusal is kept in the ledger like a file, so the same refusal is not counted again every night
        marker = f"refused:{reason.split(':')[0]}"
        if not full_scan and known.get(rel) == marker:
            unchanged += 1
            continue
        rejects.append(file_reject(rel, reason.split(":")[0], reason))
        ledger.append(
            {
                "source_file": rel,
                "size_bytes": 0,
                "mtime": None,
                "raw_hash": marker,
                "status": "rejected",
                "record_count": 0,
            }
        )
    # The ledger: a file whose size and mtime match its last load is unchanged without reading it (as make and
    # rsync decide); otherwise its content hash decides, in the partition that reads it. A too-large file already
    # rejected is unchanged too. `refresh` of the ingest stage re-reads them all.
    todo = [f for f in files if full_scan or known_stat.get(f.relative) != (f.size_bytes, f.mtime)]
    unchanged += len(files) - len(todo)
    parts_dir = out / "parts" / "ingest"
    remove_parts(parts_dir)
    partitions = [
        {
            "files": [
                {"relative": f.relative, "path": f.location, "size_bytes": f.size_bytes, "mtime": f.mtime}
                for f in chunk
            ],
            "known": {f.relative: known[f.relative] for f in chunk if f.relative in known},
            "out_path": str(parts_dir / f"articles-{i:05d}.parquet"),
            "run_date": run_date,
        }
        for i, chunk in enumerate(chunks(todo, INGEST_PARTITION_FILES))
    ]
    parsed = map_partitions(
        parse_landing_files,
        partitions,
        settings,
        on_done=lambda done, total: logger.info("ingest: %d/%d partitions parsed", done, total),
    )
    for part in parsed:
        rejects.extend(part["rejects"])
        ledger.extend(part["ledger"])
        unchanged += part["unchanged"]
        unreadable += part["unreadable"]
    articles = (
        pl.concat([pl.read_parquet(part["articles"]) for part in parsed], how="vertical")
        if parsed
        else articles_frame([], run_date)
    )
    remove_parts(parts_dir)
    # Publisher boilerplate learned on earlier nights leaves the bodies; tonight's lines are counted first, so a
    # line stays known after it is removed.
    publisher_lines = count_publisher_lines(articles)
    line_counts = pl.DataFrame(
        db.read_state(
            warehouse,
            "select publisher_key, line, article_count from fct_publisher_line where article_count >= ?",
            [BoilerplateSettings().min_articles],
        ),
        schema=LINE_COUNT_SCHEMA,
        orient="row",
    )
    totals = pl.DataFrame(
        db.read_state(warehouse, "select publisher_key, count(*) from dim_article group by publisher_key"),
        schema={"publisher_key": pl.Int64, "articles": pl.Int64},
        orient="row",
    )
    articles = remove_boilerplate(articles, learned_boilerplate(line_counts, totals))
    run_id = (
        f"{run_date:%Y%m%d}-{natural_id(*sorted((e['source_file'], e['raw_hash']) for e in ledger))[:12]}"
    )
    outputs = {
        "articles": write_parquet(articles, out / "articles.parquet"),
        "reporters": write_parquet(reporter_frame(articles), out / "reporters.parquet"),
        "rejects": write_parquet(pl.DataFrame(rejects, schema=REJECT_SCHEMA), out / "rejects.parquet"),
        "files": write_parquet(pl.DataFrame(ledger, schema=FILE_SCHEMA), out / "files.parquet"),
        "publisher_lines": write_parquet(publisher_lines, out / "publisher_lines.parquet"),
    }
    manifest = {
        "run_id": run_id,
        "outputs": described(outputs),
        "counts": {
            "files_seen": len(files) + len(refused),
            "files_loaded": sum(e["status"] == "loaded" for e in ledger),
            "files_rejected": sum(e["status"] == "rejected" for e in ledger) + unreadable,
            "files_unchanged": unchanged,
            "records_loaded": articles.height,
            "records_rejected": len(rejects) - sum(r["source_record"] is None for r in rejects),
        },
        "rejects_by_reason": pl.DataFrame(rejects, schema=REJECT_SCHEMA)["reason"].value_counts().rows()
        if rejects
        else [],
    }
    write_json(manifest, out / "ingest.json")
    logger.info("ingest: %s", manifest["counts"])
    return manifest


class DedupSettingsChangedError(RuntimeError):
    """The dedup parameters changed but their version did not; stored band keys would be compared wrongly."""


_BAND_KEY_SCHEMA = {"article_id": pl.Int64, "band": pl.Int16, "band_hash": pl.Int64}


def _rekey_stored(con, settings: DedupSettings, batch_rows: int = 20_000) -> pl.DataFrame:
    """Band keys under `settings` for every article in the warehouse, read in batches (see stored_band_keys)."""
    reader = con.sql(
        "select article_key as article_id, body_text as body, published_at from dim_article order by article_key"
    ).to_arrow_reader(batch_rows)
    parts = [
        stored_band_keys(
            pl.from_arrow(batch).with_columns(pl.col("article_id").cast(pl.Int64)), settings, threads=2
        )
        for batch in reader
    ]
    return pl.concat(parts) if parts else pl.DataFrame(schema=_BAND_KEY_SCHEMA)


@task(retries=1, retry_delay_seconds=5, cache_policy=CACHED, persist_result=True)
def find_duplicates(out_dir: str, warehouse: str, fingerprint: str) -> dict:
    """Flag the night's exact and near copies, among themselves and against every stored article.

    Stored articles are reached only through their persisted band keys (a DuckDB semi-join on the night's keys),
    so the cost of a night grows with the night, not with the warehouse. The first night under a new settings
    version re-keys every stored article once (the keys of another version are not comparable).
    """
    logger = stage_logger()
    out = Path(out_dir)
    settings = DedupSettings()
    new = pl.read_parquet(
        out / "articles.parquet", columns=["article_key", "body_text", "published_at"]
    ).select(pl.col("article_key").alias("article_id"), pl.col("body_text").alias("body"), "published_at")
    con = db.connect(warehouse, read_only=True) if Path(warehouse).exists() else None
    try:
        stored_fingerprint = (
            con.execute(
                "select fingerprint from dedup_settings where settings_version = ?", [settings.version]
            ).fetchall()
            if con
            else []
        )
        if stored_fingerprint and stored_fingerprint[0][0] != settings.fingerprint():
            raise DedupSettingsChangedError(
                f"dedup settings {settings.version} were {stored_fingerprint[0][0]}, now {settings.fingerprint()}: "
                "give changed parameters a new version (transforms/dedup DedupSettings.version)"
            )
        rekeyed = (
            _rekey_stored(con, settings)
            if con is not None and not stored_fingerprint
            else pl.DataFrame(schema=_BAND_KEY_SCHEMA)
        )
        if rekeyed.height:
            logger.info(
                "dedup: settings %s are new to this warehouse: band keys made for %d stored articles",
                settings.version,
                rekeyed["article_id"].n_unique(),
            )

        def stored_bands(keys: pl.DataFrame) -> pl.DataFrame:
            if con is None:
                return pl.DataFrame(schema=_BAND_KEY_SCHEMA)
            con.register("night_band_keys", keys)
            try:
                found = db.query_frame(
                    con,
                    "select k.article_key as article_id, k.band, k.band_hash from dedup_band_key as k "
                    "semi join night_band_keys as n on k.band = n.band and k.band_hash = n.band_hash "
                    "where k.settings_version = ?",
                    [settings.version],
                )
            finally:
                con.unregister("night_band_keys")
            fresh = rekeyed.join(keys, on=["band", "band_hash"], how="semi")
            return pl.concat([found, fresh], how="vertical_relaxed")

        def stored_articles(ids: pl.Series) -> pl.DataFrame:
            con.register("wanted_articles", pl.DataFrame({"article_key": ids.cast(pl.Int64)}))
            try:
                return db.query_frame(
                    con,
                    "select a.article_key as article_id, a.body_text as body, a.published_at "
                    "from dim_article as a semi join wanted_articles as w using (article_key)",
                ).with_columns(pl.col("published_at").dt.convert_time_zone("UTC"))
            finally:
                con.unregister("wanted_articles")

        existing = (
            db.query_frame(
                con,
                "select article_key as article_id, canonical_article_key as canonical_article_id "
                "from fct_article_duplicate",
            )
            if con
            else None
        )
        result = find_near_duplicates(
            new,
            settings,
            stored_bands=stored_bands,
            stored_articles=stored_articles,
            existing=existing,
            threads=2,
        )
    finally:
        if con is not None:
            con.close()
    duplicates = result.duplicates.select(
        pl.col("article_id").alias("article_key"),
        pl.col("canonical_article_id").alias("canonical_article_key"),
        "method",
        "similarity",
    ).sort("article_key")
    night_keys = result.band_keys
    if rekeyed.height:
        night_keys = pl.concat([rekeyed, night_keys], how="vertical_relaxed").unique(
            ["article_id", "band"], keep="last", maintain_order=True
        )
    band_keys = night_keys.select(
        pl.col("article_id").alias("article_key"),
        "band",
        "band_hash",
        pl.lit(settings.version).alias("settings_version"),
    )
    versions = pl.DataFrame({"settings_version": [settings.version], "fingerprint": [settings.fingerprint()]})
    outputs = {
        "duplicates": write_parquet(duplicates, out / "duplicates.parquet"),
        "band_keys": write_parquet(band_keys, out / "band_keys.parquet"),
        "dedup_settings": write_parquet(versions, out / "dedup_settings.parquet"),
    }
    by_method = dict(duplicates["method"].value_counts().rows()) if duplicates.height else {}
    manifest = {
        "outputs": described(outputs),
        "counts": {
            "duplicates_exact": by_method.get("exact", 0),
            "duplicates_near": by_method.get("near", 0),
            "stored_articles_rekeyed": rekeyed["article_id"].n_unique(),
        },
    }
    write_json(manifest, out / "dedup.json")
    return manifest


@lru_cache(maxsize=2)
def _seeds(seeds_dir: str, stamp: tuple) -> tuple:
    """Gazetteer, alias table and 法정동 index, loaded once per worker process (`stamp`: the seed files' sizes and
    mtimes, so an edited seed is read again in a long-lived process)."""
    folder = Path(seeds_dir)
    return read_gazetteer(folder), read_aliases(folder, ALIAS_SCHEMA), read_admin_index(folder)


@lru_cache(maxsize=1)
def _tagger(stamp: tuple):
    from transforms.entities.ner.model import load_model

    return load_model().tag


def _stamp(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*")) if p.is_file()
    )


@task(cache_policy=NO_CACHE, persist_result=False)
def extract_partition(
    articles_path: str, offset: int, rows: int, seeds_dir: str, tagger: str, out_dir: str
) -> dict[str, str]:
    """Entities partition: mentions, entities, roles and dates of `rows` articles from `offset`; writes one Parquet
    per frame under `out_dir` and returns their paths."""
    partition = pl.scan_parquet(articles_path).select(ARTICLE_COLUMNS).slice(offset, rows).collect()
    gazetteer, aliases, admin = _seeds(seeds_dir, _stamp(Path(seeds_dir)))
    tag_batch = _tagger(_stamp(MODEL_DIR)) if tagger == "crf" else None
    frames = extract_entity_frames(partition, gazetteer, aliases, tag_batch, admin)
    return {
        name: str(write_parquet(frame, Path(out_dir) / f"{name}.parquet")) for name, frame in frames.items()
    }


@task(cache_policy=CACHED, persist_result=True)
def extract_entities(out_dir: str, seeds_dir: str, fingerprint: str, tagger: str = "none") -> dict:
    """Mentions per article (rules + bylines), normalized into entities, aliases and person roles; date
    mentions resolved against each article's date (published, else the run date)."""
    logger = stage_logger()
    out = Path(out_dir)
    total = pl.scan_parquet(out / "articles.parquet").select(pl.len()).collect().item()
    # Partitions bound the memory of the per-article Python objects; their frames are concatenated in partition
    # order, so the result does not depend on how many workers computed them, or where.
    parts_dir = out / "parts" / "entities"
    remove_parts(parts_dir)
    partitions = [
        {
            "articles_path": str(out / "articles.parquet"),
            "offset": offset,
            "rows": ENTITY_PARTITION_ROWS,
            "seeds_dir": seeds_dir,
            "tagger": tagger,
            "out_dir": str(parts_dir / f"{i:05d}"),
        }
        for i, offset in enumerate(range(0, max(total, 1), ENTITY_PARTITION_ROWS))
    ]
    paths = map_partitions(
        extract_partition,
        partitions,
        on_done=lambda done, n: logger.info("entities: %d/%d partitions", done, n),
    )
    parts = [{name: pl.read_parquet(path) for name, path in part.items()} for part in paths]
    frames = combine_partitions(parts)
    outputs = {
        name: write_parquet(frames[name], out / f"{name}.parquet")
        for name in ("entities", "aliases", "mentions", "person_roles", "date_mentions")
    }
    manifest = {
        "outputs": described(outputs),
        "counts": {
            "mentions": frames["mentions"].height,
            "entities": frames["entities"].height,
            "date_mentions": frames["date_mentions"].height,
        },
    }
    remove_parts(parts_dir)
    write_json(manifest, out / "entities.json")
    return manifest


LOAD_STEPS = (
    "load/merge_into_dim_publisher",
    "load/merge_into_dim_article",
    "load/merge_into_fct_article_version",
    "load/merge_into_dim_reporter",
    "load/delete_insert_bridge_article_reporter",
    "load/link_unanchored_people",
    "load/merge_into_dim_entity",
    "load/merge_into_dim_entity_alias",
    "load/delete_insert_fct_mention",
    "load/delete_insert_fct_person_role_observation",
    "load/delete_insert_fct_date_mention",
    "load/rebuild_dim_person_role",
    "load/merge_into_fct_article_duplicate",
    "load/merge_into_dedup_band_key",
    "load/merge_into_dim_date",
    "load/merge_into_dim_admin_area",
    "load/delete_insert_fct_article",
    "load/delete_insert_ingest_rejects",
    "load/merge_into_etl_file",
    "load/merge_into_fct_publisher_line",
    "load/merge_into_etl_run",
)
# Staging table -> the stage manifest and output that fills it.
STAGING = {
    "stg_article": ("ingest", "articles"),
    "stg_reporter": ("ingest", "reporters"),
    "stg_reject": ("ingest", "rejects"),
    "stg_file": ("ingest", "files"),
    "stg_publisher_line": ("ingest", "publisher_lines"),
    "stg_duplicate": ("dedup", "duplicates"),
    "stg_band_key": ("dedup", "band_keys"),
    "stg_dedup_settings": ("dedup", "dedup_settings"),
    "stg_entity": ("entities", "entities"),
    "stg_alias": ("entities", "aliases"),
    "stg_mention": ("entities", "mentions"),
    "stg_person_role": ("entities", "person_roles"),
    "stg_date_mention": ("entities", "date_mentions"),
}


class ChecksFailedError(RuntimeError):
    """A warehouse check returned offending rows; the load was rolled back and nothing was published."""


@task(retries=1, retry_delay_seconds=5, cache_policy=CACHED, persist_result=True)
def load_warehouse(out_dir: str, warehouse: str, run_date: date, fingerprint: str) -> dict:
    """Load the night's Parquet into a copy of the warehouse, run the checks, and publish atomically.

    A failing check fails the task, naming the check and a sample row, and leaves the published file untouched.
    """
    manifests = {stage: read_manifest(out_dir, stage) for stage in ("ingest", "dedup", "entities")}
    counts = {k: v for m in manifests.values() for k, v in m["counts"].items()}
    run_id = manifests["ingest"]["run_id"]
    if not counts["files_loaded"] and not counts["files_rejected"] and Path(warehouse).exists():
        # nothing new, changed or newly rejected: publishing would only add a run; the warehouse stays as it is
        nothing = {"articles_loaded": 0, "entities_new": 0, "checks_passed": 0, "checks_failed": 0}
        return {"counts": {**counts, "run_id": run_id, **nothing}}
    settings = Settings()
    params = {
        "run_id": run_id,
        "run_date": run_date,
        "ingested_at": datetime.now(UTC),
        "admin_areas_csv": str(settings.seeds_dir / "admin_areas.csv"),
        **counts,
    }
    # The load is the writer: it holds the warehouse lock itself, so a load run alone (its own deployment) never
    # races a nightly run (inside nightly the lock is already held and re-entered).
    with (
        writer_lock(warehouse, settings.lock_timeout_seconds),
        db.build_and_publish(warehouse, settings.duckdb_memory_limit) as con,
    ):
        for table, (stage, output) in STAGING.items():
            path = manifests[stage]["outputs"][output]["path"]
            con.execute(f"create or replace temp table {table} as select * from read_parquet(?)", [path])  # noqa: S608
        con.execute("begin")
        for step in LOAD_STEPS:
            db.run_sql(con, step, params)
        passed, failed = db.run_checks(con, scope="staged")
        if failed:
            con.execute("rollback")
            raise ChecksFailedError("warehouse checks failed: " + "; ".join(str(f) for f in failed))
        con.execute("commit")
        loaded = {
            "run_id": run_id,
            "articles_loaded": con.execute("select count(*) from stg_article").fetchone()[0],
            "entities_new": con.execute(
                "select count(*) from dim_entity where first_seen_run_id = ?", [run_id]
            ).fetchone()[0],
            "checks_passed": len(passed),
            "checks_failed": 0,
        }
    return {"counts": {**counts, **loaded}}


def _settings_paths(run_date: date, warehouse: str | None) -> tuple[Settings, str, str]:
    settings = Settings()
    return settings, str(run_folder(settings, run_date)), str(warehouse or settings.warehouse)


def _stage_sha(out_dir: str, *stages: str) -> str:
    return natural_id(*(o["sha"] for s in stages for o in read_manifest(out_dir, s)["outputs"].values()))


def _outputs_intact(manifest: dict) -> bool:
    """A cached manifest is only good while the files it names still hold what it hashed."""
    outputs = manifest.get("outputs", {}).values()
    return all(Path(o["path"]).exists() and file_sha(Path(o["path"])) == o["sha"] for o in outputs)


def _published(warehouse: str, manifest: dict) -> bool:
    """A cached load is only good while the warehouse still holds its run."""
    run_id = manifest.get("counts", {}).get("run_id")
    return (
        bool(db.read_state(warehouse, "select 1 from etl_run where run_id = ?", [run_id]))
        if run_id
        else False
    )


def run_cached(task_fn, args: tuple, kwargs: dict, refresh: bool, valid) -> dict:
    """Call a cached task; when its cached result no longer matches the world (`valid` is false: outputs deleted,
    warehouse rebuilt), call it again with the cache refreshed."""
    result = task_fn.with_options(refresh_cache=refresh)(*args, **kwargs)
    if not refresh and not valid(result):
        stage_logger().info("%s: cached result is stale; recomputing", task_fn.name)
        result = task_fn.with_options(refresh_cache=True)(*args, **kwargs)
    return result


@flow(name="ingest")
def ingest_flow(
    run_date: date, input_dir: str | None = None, warehouse: str | None = None, refresh: bool = False
):
    """Stage 1: parse new or changed files in the landing folder into the run folder."""
    settings, out_dir, warehouse = _settings_paths(run_date, warehouse)
    input_dir = str(input_dir or settings.landing)
    fingerprint = natural_id(landing_fingerprint(Path(input_dir)), warehouse_fingerprint(warehouse))
    args = (input_dir, out_dir, warehouse, run_date, fingerprint)
    return run_cached(ingest_files, args, {"full_scan": refresh}, refresh, _outputs_intact)


@flow(name="dedup")
def dedup_flow(run_date: date, warehouse: str | None = None, refresh: bool = False) -> dict:
    """Stage 2: flag the night's duplicates against each other and everything stored."""
    _, out_dir, warehouse = _settings_paths(run_date, warehouse)
    fingerprint = natural_id(_stage_sha(out_dir, "ingest"), warehouse_fingerprint(warehouse))
    return run_cached(find_duplicates, (out_dir, warehouse, fingerprint), {}, refresh, _outputs_intact)


@flow(name="entities")
def entities_flow(run_date: date, refresh: bool = False) -> dict:
    """Stage 3: extract and normalize the night's entity mentions."""
    settings, out_dir, _ = _settings_paths(run_date, None)
    seeds = sorted(settings.seeds_dir.glob("*.csv"))
    models = sorted(MODEL_DIR.glob("*"))
    model_shas = [file_sha(p) for p in models] if settings.tagger == "crf" else []
    fingerprint = natural_id(_stage_sha(out_dir, "ingest"), *(file_sha(p) for p in seeds), *model_shas)
    args = (out_dir, str(settings.seeds_dir), fingerprint, settings.tagger)
    return run_cached(extract_entities, args, {}, refresh, _outputs_intact)


@flow(name="load")
def load_flow(run_date: date, warehouse: str | None = None, refresh: bool = False) -> dict:
    """Stage 4: load the run folder into the warehouse, check it, publish it."""
    _, out_dir, warehouse = _settings_paths(run_date, warehouse)
    fingerprint = natural_id(
        _stage_sha(out_dir, "ingest", "dedup", "entities"), warehouse_fingerprint(warehouse)
    )
    args = (out_dir, warehouse, run_date, fingerprint)
    return run_cached(load_warehouse, args, {}, refresh, lambda result: _published(warehouse, result))
