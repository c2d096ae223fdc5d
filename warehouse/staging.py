"""The nightly load: which stage output fills which staging table, and the load SQL, run in file order.

`load/NN_<name>.sql` run sorted by name: the number is the load order (publishers before articles, entities before
the mentions that point at them, the run row last).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

import duckdb

from warehouse.db import SQL_DIR, run_sql

# Staging table -> (the stage, the stage output) that fills it.
STAGING: dict[str, tuple[str, str]] = {
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
    "stg_quote": ("entities", "quotes"),
}


@dataclass(frozen=True)
class LoadParams:
    """The values the load SQL binds (`$name`)."""

    run_id: str
    run_date: date
    ingested_at: datetime
    admin_areas_csv: str
    files_seen: int
    files_loaded: int
    files_rejected: int
    files_unchanged: int
    duplicates_exact: int
    duplicates_near: int
    mentions: int
    extractor_version: str  # written on every entity fact row


def load_steps() -> list[str]:
    """The load SQL names (`load/NN_<name>`) in load order."""
    return [f"load/{p.stem}" for p in sorted((SQL_DIR / "load").glob("[0-9][0-9]_*.sql"))]


def stage_parquet(con: duckdb.DuckDBPyConnection, paths: Mapping[str, str]) -> None:
    """Create each staging table (a STAGING name) from its Parquet file."""
    for table, path in paths.items():
        if table not in STAGING:
            raise KeyError(f"{table} is not a staging table ({', '.join(STAGING)})")
        con.execute(f"create or replace temp table {table} as select * from read_parquet(?)", [path])  # noqa: S608


def run_load(con: duckdb.DuckDBPyConnection, params: LoadParams) -> None:
    """Run every load step, in order, over the staged tables."""
    values = asdict(params)
    for step in load_steps():
        run_sql(con, step, values)


# --- reprocess ---------------------------------------------------------------------------------------------------

# The load steps that write entity facts for the staged articles (in load order: run per original run).
ENTITY_STEPS = (
    "link_unanchored_people",
    "merge_into_dim_entity",
    "merge_into_dim_entity_alias",
    "delete_insert_fct_mention",
    "delete_insert_fct_person_role_observation",
    "delete_insert_fct_date_mention",
    "delete_insert_fct_quote",
    "delete_insert_fct_article",
)
# Derived from every observation once the facts are in.
REBUILT_STEPS = ("rebuild_dim_person_role",)


def _steps(names: tuple[str, ...]) -> list[str]:
    return [step for step in load_steps() if step.split("/")[1].split("_", 1)[1] in names]


# The order the runs were published in: what each night knew (entity_evidence's `before_run_id` uses the same order).
REPROCESS_RUNS_SQL = """
select p.run_id
from (select run_id from rp_article union select unnest($restaged_runs::varchar[]) as run_id) as p
left join etl_run as r using (run_id)
order by r.finished_at nulls first, p.run_id
"""


def stage_reprocessed(con: duckdb.DuckDBPyConnection, articles: str, restaged_runs: list[str]) -> list[str]:
    """Stage the articles in `articles` (Parquet with article_key) for reprocessing and delete their entity facts
    (and the entities no remaining mention names). Returns the runs to replay, in the order they were published:
    those that loaded the articles and `restaged_runs` (later runs that read some of them again)."""
    run_sql(con, "reprocess/01_stage_reprocessed", {"articles": articles})
    run_sql(con, "reprocess/02_delete_entity_facts")
    return [
        run_id for (run_id,) in con.execute(REPROCESS_RUNS_SQL, {"restaged_runs": restaged_runs}).fetchall()
    ]


def replay_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    articles: str,
    frames: Mapping[str, str],
    extractor_version: str,
) -> None:
    """Write one run's share of the reprocessed articles (`articles`, Parquet with article_key) from its entity
    `frames` (entity frame name -> Parquet path) with the load's own entity steps, as that night's load did."""
    run_sql(con, "reprocess/03_stage_run", {"articles": articles, **frames})
    for step in _steps(ENTITY_STEPS):
        run_sql(con, step, {"run_id": run_id, "extractor_version": extractor_version})
    run_sql(con, "reprocess/05_update_run_counts", {"run_id": run_id})


def finish_reprocess(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild what is derived from every observation, and leave stg_article holding every reprocessed article (the
    checks' scope)."""
    for step in _steps(REBUILT_STEPS):
        run_sql(con, step)
    run_sql(con, "reprocess/04_stage_checked")
