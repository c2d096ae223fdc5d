"""One Prefect flow per stage (ingest, dedup, entities, load). Tasks wrap transforms; they pass paths and small
summaries, never frames, so Prefect's input hashing and result storage stay cheap."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task

from flows.files import list_landing_files, read_aliases, read_gazetteer, write_parquet
from flows.settings import Settings
from transforms.dedup_exact import find_exact_duplicates
from transforms.entities import mention_rows
from transforms.ingest import (
    REJECT_SCHEMA,
    IngestLimits,
    RejectError,
    article_rows,
    articles_frame,
    parse_file,
    reporter_frame,
)
from transforms.keys import bytes_hash, natural_id
from transforms.normalize import ALIAS_SCHEMA, MENTION_SCHEMA, normalize_entities
from warehouse import db

FILE_SCHEMA = {
    "source_file": pl.String,
    "size_bytes": pl.Int64,
    "mtime": pl.Datetime("us", "UTC"),
    "raw_hash": pl.String,
    "status": pl.String,
    "record_count": pl.Int64,
}


def run_folder(settings: Settings, run_date: date) -> Path:
    return settings.runs_dir / run_date.isoformat()


@task(retries=2, retry_delay_seconds=[2, 10])
def ingest_files(input_dir: str, out_dir: str, warehouse: str, run_date: date, settings: Settings) -> dict:
    """Read new or changed landing files, parse them, and write articles/rejects/files Parquet.

    Returns a summary with the output paths, the counts, and the run id (derived from the run date and the
    content of the files this night processed, so a re-run of the same night gets the same id).
    """
    logger = get_run_logger()
    out = Path(out_dir)
    limits = IngestLimits(settings.max_file_bytes, settings.max_decompressed_bytes, settings.min_body_chars)
    known = dict(db.read_state(warehouse, "select source_file, raw_hash from etl_file"))
    files, refused = list_landing_files(Path(input_dir))
    article_rows_all: list[dict] = []
    rejects: list[dict] = [
        {"source_file": rel, "source_record": None, "reason": reason.split(":")[0], "detail": reason}
        for rel, reason in refused
    ]
    ledger: list[dict] = []
    unchanged = 0
    for i, landing in enumerate(files, start=1):
        try:
            raw = landing.path.read_bytes()
        except OSError as exc:
            rejects.append(
                {
                    "source_file": landing.relative,
                    "source_record": None,
                    "reason": "unreadable",
                    "detail": str(exc)[:200],
                }
            )
            continue
        raw_hash = bytes_hash(raw)
        if known.get(landing.relative) == raw_hash:
            unchanged += 1
            continue
        entry = {
            "source_file": landing.relative,
            "size_bytes": len(raw),
            "mtime": landing.mtime,
            "raw_hash": raw_hash,
            "status": "loaded",
            "record_count": 0,
        }
        try:
            form, records = parse_file(raw, limits)
            rows, record_rejects = article_rows(landing.relative, raw, form, records)
            article_rows_all.extend(rows)
            rejects.extend(record_rejects)
            entry["record_count"] = len(records)
            if not rows:
                entry["status"] = "rejected"
        except RejectError as exc:
            rejects.append(
                {
                    "source_file": landing.relative,
                    "source_record": None,
                    "reason": exc.reason,
                    "detail": exc.detail,
                }
            )
            entry["status"] = "rejected"
        ledger.append(entry)
        if i % 1000 == 0:
            logger.info("ingest: %d/%d files read", i, len(files))

    articles = articles_frame(article_rows_all, run_date)
    run_id = (
        f"{run_date:%Y%m%d}-{natural_id(*sorted((e['source_file'], e['raw_hash']) for e in ledger))[:12]}"
    )
    write_parquet(articles, out / "articles.parquet")
    write_parquet(reporter_frame(articles), out / "reporters.parquet")
    write_parquet(pl.DataFrame(rejects, schema=REJECT_SCHEMA), out / "rejects.parquet")
    write_parquet(pl.DataFrame(ledger, schema=FILE_SCHEMA), out / "files.parquet")
    summary = {
        "run_id": run_id,
        "out_dir": str(out),
        "files_seen": len(files) + len(refused),
        "files_unchanged": unchanged,
        "files_loaded": sum(e["status"] == "loaded" for e in ledger),
        "files_rejected": sum(e["status"] == "rejected" for e in ledger) + len(refused),
        "records_loaded": articles.height,
        "records_rejected": len(rejects),
    }
    logger.info("ingest: %s", summary)
    return summary


@task
def find_duplicates(out_dir: str, warehouse: str) -> dict:
    """Flag the night's copies of stories already stored or seen earlier the same night."""
    out = Path(out_dir)
    new = pl.read_parquet(
        out / "articles.parquet", columns=["article_key", "content_hash", "published_at", "body_text"]
    )
    stored = pl.DataFrame(
        db.read_state(
            warehouse,
            "select a.article_key, a.content_hash, a.published_at, length(a.body_text) "
            "from dim_article a left join fct_article_duplicate d using (article_key) "
            "where d.article_key is null",
        ),
        schema={
            "article_key": pl.Int64,
            "content_hash": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "body_chars": pl.Int64,
        },
        orient="row",
    )
    duplicates = find_exact_duplicates(new, stored)
    write_parquet(duplicates, out / "duplicates.parquet")
    return {
        "duplicates_exact": duplicates.filter(pl.col("method") == "exact").height,
        "duplicates_near": duplicates.filter(pl.col("method") == "near").height,
    }


@task
def extract_entities(out_dir: str, seeds_dir: str) -> dict:
    """Mentions per article (rules + bylines), normalized into entities, aliases and person roles."""
    out = Path(out_dir)
    articles = pl.read_parquet(
        out / "articles.parquet",
        columns=["article_id", "article_key", "body_text", "reporters", "publisher_name"],
    )
    gazetteer = read_gazetteer(Path(seeds_dir))
    rows: list[dict] = []
    for article in articles.iter_rows(named=True):
        rows.extend(
            mention_rows(
                article["article_id"],
                article["body_text"],
                article["reporters"] or [],
                article["publisher_name"],
                gazetteer,
            )
        )
    mentions = pl.DataFrame(rows, schema=MENTION_SCHEMA)
    frames = normalize_entities(mentions, read_aliases(Path(seeds_dir), ALIAS_SCHEMA))
    keys = articles.select("article_id", "article_key")
    write_parquet(frames["entities"], out / "entities.parquet")
    write_parquet(frames["aliases"], out / "aliases.parquet")
    write_parquet(frames["mentions"].join(keys, on="article_id").drop("article_id"), out / "mentions.parquet")
    write_parquet(
        frames["person_roles"].join(keys, on="article_id").drop("article_id"), out / "person_roles.parquet"
    )
    return {"mentions": frames["mentions"].height, "entities": frames["entities"].height}


LOAD_STEPS = (
    "load/merge_into_dim_publisher",
    "load/merge_into_dim_article",
    "load/merge_into_dim_reporter",
    "load/delete_insert_bridge_article_reporter",
    "load/merge_into_dim_entity",
    "load/merge_into_dim_entity_alias",
    "load/delete_insert_fct_mention",
    "load/delete_insert_fct_person_role_observation",
    "load/rebuild_dim_person_role",
    "load/merge_into_fct_article_duplicate",
    "load/merge_into_dim_date",
    "load/delete_insert_fct_article",
    "load/delete_insert_ingest_rejects",
    "load/merge_into_etl_file",
)
STAGING = {
    "stg_article": "articles",
    "stg_reporter": "reporters",
    "stg_entity": "entities",
    "stg_alias": "aliases",
    "stg_mention": "mentions",
    "stg_person_role": "person_roles",
    "stg_duplicate": "duplicates",
    "stg_reject": "rejects",
    "stg_file": "files",
}


class ChecksFailed(RuntimeError):
    pass


@task(retries=1, retry_delay_seconds=5)
def load_warehouse(out_dir: str, warehouse: str, run_id: str, run_date: date, summary: dict) -> dict:
    """Load the night's Parquet into a copy of the warehouse, run the checks, and publish atomically.

    A failing check fails the task (naming the check and a sample row) and leaves the published file untouched.
    """
    out = Path(out_dir)
    params = {"run_id": run_id, "run_date": run_date, "ingested_at": datetime.now(UTC)}
    with db.build_and_publish(warehouse) as con:
        for view, name in STAGING.items():
            con.execute(
                f"create or replace temp table {view} as select * from read_parquet(?)",  # noqa: S608
                [str(out / f"{name}.parquet")],
            )
        con.execute("begin")
        for step in LOAD_STEPS:
            db.run_sql(con, step, params)
        counts = {
            "articles_loaded": con.execute("select count(*) from stg_article").fetchone()[0],
            "entities_new": con.execute(
                "select count(*) from dim_entity where first_seen_run_id = $run_id", {"run_id": run_id}
            ).fetchone()[0],
        }
        con.execute(
            "insert or replace into etl_run values ($run_id, $run_date, $fs, $fl, $fr, $fu, $al, $dup, $en, $m, $now)",
            {
                "run_id": run_id,
                "run_date": run_date,
                "fs": summary["files_seen"],
                "fl": summary["files_loaded"],
                "fr": summary["files_rejected"],
                "fu": summary["files_unchanged"],
                "al": counts["articles_loaded"],
                "dup": summary.get("duplicates_exact", 0) + summary.get("duplicates_near", 0),
                "en": counts["entities_new"],
                "m": summary.get("mentions", 0),
                "now": params["ingested_at"],
            },
        )
        passed, failed = db.run_checks(con)
        if failed:
            con.execute("rollback")
            raise ChecksFailed("warehouse checks failed: " + "; ".join(str(f) for f in failed))
        con.execute("commit")
    return {**counts, "checks_passed": len(passed), "checks_failed": 0}


@flow(name="ingest")
def ingest_flow(input_dir: str, run_date: date, warehouse: str | None = None) -> dict:
    settings = Settings()
    warehouse = warehouse or str(settings.warehouse)
    return ingest_files(input_dir, str(run_folder(settings, run_date)), warehouse, run_date, settings)


@flow(name="dedup")
def dedup_flow(run_date: date, warehouse: str | None = None) -> dict:
    settings = Settings()
    return find_duplicates(str(run_folder(settings, run_date)), warehouse or str(settings.warehouse))


@flow(name="entities")
def entities_flow(run_date: date) -> dict:
    settings = Settings()
    return extract_entities(str(run_folder(settings, run_date)), str(settings.seeds_dir))


@flow(name="load")
def load_flow(run_date: date, run_id: str, summary: dict, warehouse: str | None = None) -> dict:
    settings = Settings()
    return load_warehouse(
        str(run_folder(settings, run_date)), warehouse or str(settings.warehouse), run_id, run_date, summary
    )
