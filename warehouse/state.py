"""What the stages read from the published warehouse: the file ledger, learned publisher lines, dedup band keys and
stored bodies, the names earlier nights confirmed (the memory), and whether a run was published. Every query is here, with its values bound.

Functions taking a path open the file read-only for one query (an absent file has no state); functions taking a
connection run inside a caller's session (the dedup stage keeps one open while it compares).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from transforms.entities import MEMORY_SCHEMA
from warehouse.db import connect, query_frame, read_state

BAND_KEY_SCHEMA = {"article_id": pl.Int64, "band": pl.Int16, "band_hash": pl.Int64}


# --- ingest ------------------------------------------------------------------------------------------------------


def read_file_ledger(path: str | Path) -> dict[str, tuple[str, int, datetime | None]]:
    """etl_file as {source file: (raw hash, size in bytes, mtime)} at each file's last load."""
    rows = read_state(path, "select source_file, raw_hash, size_bytes, mtime from etl_file")
    return {source_file: (raw_hash, size, mtime) for source_file, raw_hash, size, mtime in rows}


def read_publisher_lines(path: str | Path, min_articles: int) -> list[tuple[int, str, int]]:
    """(publisher key, line, article count) of the lines seen in at least `min_articles` of a publisher's articles."""
    return read_state(
        path,
        "select publisher_key, line, article_count from fct_publisher_line where article_count >= ?",
        [min_articles],
    )


def read_publisher_article_counts(path: str | Path) -> list[tuple[int, int]]:
    """(publisher key, stored articles) per publisher."""
    return read_state(path, "select publisher_key, count(*) from dim_article group by publisher_key")


# --- dedup -------------------------------------------------------------------------------------------------------


def dedup_settings_fingerprint(con: duckdb.DuckDBPyConnection, settings_version: str) -> str | None:
    """The fingerprint stored for a dedup settings version; None when the version is new to this warehouse."""
    rows = con.execute(
        "select fingerprint from dedup_settings where settings_version = ?", [settings_version]
    ).fetchall()
    return rows[0][0] if rows else None


def stored_bodies(con: duckdb.DuckDBPyConnection, batch_rows: int = 20_000) -> Iterator[pl.DataFrame]:
    """Every stored article as (article_id, body, published_at), in batches of `batch_rows`, by article key."""
    reader = con.sql(
        "select article_key as article_id, body_text as body, published_at from dim_article order by article_key"
    ).to_arrow_reader(batch_rows)
    for batch in reader:
        yield pl.from_arrow(batch).with_columns(pl.col("article_id").cast(pl.Int64))


def stored_band_keys_matching(
    con: duckdb.DuckDBPyConnection, keys: pl.DataFrame, settings_version: str
) -> pl.DataFrame:
    """Stored band keys (BAND_KEY_SCHEMA) of `settings_version` that share a (band, band_hash) with `keys`."""
    con.register("night_band_keys", keys)
    try:
        return query_frame(
            con,
            "select k.article_key as article_id, k.band, k.band_hash from dedup_band_key as k "
            "semi join night_band_keys as n on k.band = n.band and k.band_hash = n.band_hash "
            "where k.settings_version = ?",
            [settings_version],
        )
    finally:
        con.unregister("night_band_keys")


def stored_articles(con: duckdb.DuckDBPyConnection, ids: pl.Series) -> pl.DataFrame:
    """(article_id, body, published_at in UTC) of the stored articles with these keys."""
    con.register("wanted_articles", pl.DataFrame({"article_key": ids.cast(pl.Int64)}))
    try:
        return query_frame(
            con,
            "select a.article_key as article_id, a.body_text as body, a.published_at "
            "from dim_article as a semi join wanted_articles as w using (article_key)",
        ).with_columns(pl.col("published_at").dt.convert_time_zone("UTC"))
    finally:
        con.unregister("wanted_articles")


def stored_duplicates(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every stored duplicate flag as (article_id, canonical_article_id)."""
    return query_frame(
        con,
        "select article_key as article_id, canonical_article_key as canonical_article_id from fct_article_duplicate",
    )


# --- entities ----------------------------------------------------------------------------------------------------

# The memory, one row per entity (views/09_v_entity_evidence.sql), in an order that makes the frame (and its hash)
# the same on every read: a name several entities share keeps the trusted one seen in most articles first.
MEMORY_SQL = """
select name, entity_type, article_count, night_count, proposed_by, is_trusted
from entity_evidence($before_run_id)
order by name, is_trusted desc, article_count desc, entity_type, night_count desc, entity_key
"""


def memory_frame(con: duckdb.DuckDBPyConnection, before_run_id: str | None = None) -> pl.DataFrame:
    """The names the warehouse holds with their evidence (transforms.entities.MEMORY_SCHEMA), from every run or only
    the runs published before `before_run_id` (what that night knew); a warehouse older than the evidence view
    remembers nothing.

    Grain: one row per person, organization or place mentioned in those runs' articles.
    """
    defined = con.execute(
        "select count(*) from duckdb_functions() where database_name = current_database() "
        "and function_name = 'entity_evidence'"
    ).fetchall()[0][0]
    if not defined:
        return pl.DataFrame(schema=MEMORY_SCHEMA)
    frame = con.sql(MEMORY_SQL, params={"before_run_id": before_run_id}).pl()
    return frame.cast(MEMORY_SCHEMA) if frame.height else pl.DataFrame(schema=MEMORY_SCHEMA)


def read_memory(path: str | Path, before_run_id: str | None = None) -> pl.DataFrame:
    """`memory_frame` of the published warehouse; an absent warehouse remembers nothing."""
    if not Path(path).exists():
        return pl.DataFrame(schema=MEMORY_SCHEMA)
    con = connect(path, read_only=True)
    try:
        return memory_frame(con, before_run_id)
    finally:
        con.close()


# --- load --------------------------------------------------------------------------------------------------------


def has_run(path: str | Path, run_id: str) -> bool:
    """Whether the published warehouse holds this run (etl_run)."""
    return bool(read_state(path, "select 1 from etl_run where run_id = ?", [run_id]))


def entities_first_seen(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """How many entities this run saw first."""
    return con.execute("select count(*) from dim_entity where first_seen_run_id = ?", [run_id]).fetchone()[0]


# --- reprocess ---------------------------------------------------------------------------------------------------

# What the entities stage reads of an article (transforms.entities ARTICLE_COLUMNS), rebuilt from the stored tables:
# the body as loaded, the bylines' reporters, the publisher's name, and the date the article's dates resolve against;
# with the run that loaded the article and, when a later run read its file again (the file changed, not this record),
# that run too: each of those nights extracted it, with what that night remembered.
ENTITY_INPUTS_SQL = """
with reporters as (
    select b.article_key, list({'name': r.name, 'email': r.email, 'dateline': b.dateline} order by r.name) as reporters
    from bridge_article_reporter as b
    join dim_reporter as r using (reporter_key)
    group by b.article_key
)
select
    a.article_id, a.article_key, a.body_text, rp.reporters, p.name as publisher_name, f.date_key, f.is_date_from_run,
    a.run_id,
    case when reread.finished_at > loaded.finished_at then ef.run_id end as restaged_run_id
from dim_article as a
join fct_article as f using (article_key)
left join dim_publisher as p on p.publisher_key = a.publisher_key
left join reporters as rp using (article_key)
left join etl_file as ef on ef.source_file = a.source_file and ef.status = 'loaded'
left join etl_run as loaded on loaded.run_id = a.run_id
left join etl_run as reread on reread.run_id = ef.run_id
where ($date_from::date is null or f.date_key >= $date_from::date)
  and ($date_to::date is null or f.date_key <= $date_to::date)
order by a.article_key
"""


def read_entity_inputs(path: str | Path, date_from: date | None, date_to: date | None) -> pl.DataFrame:
    """The stored articles dated within [date_from, date_to] (either open), as the entities stage reads them.

    Grain: one row per article, by article key.
    """
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(ENTITY_INPUTS_SQL, params={"date_from": date_from, "date_to": date_to}).pl()
    finally:
        con.close()
