"""DuckDB access: connect, apply DDL and views, run named SQL with bound parameters, run checks, publish.

Every writer works on a private copy of the published file and publishes it with an atomic rename, so a reader
(the DuckDB CLI kept open by an analyst) never sees a half-loaded warehouse and never blocks the run.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).parent
# PyPI's duckdb-cli (1.5.x) refuses files in DuckDB 2.x's default storage format; write the 1.5 format.
STORAGE_COMPATIBILITY = "v1.5.0"


def sql_text(name: str) -> str:
    """The text of `warehouse/<name>.sql`, e.g. `load/merge_into_dim_article`."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(
    path: str | Path, *, read_only: bool = False, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file. Writers use the CLI-compatible storage version; `memory_limit` caps DuckDB's buffer
    memory (it spills to a temp folder beside the file beyond it)."""
    config = {} if read_only else {"storage_compatibility_version": STORAGE_COMPATIBILITY}
    if memory_limit:
        config["memory_limit"] = memory_limit
    return duckdb.connect(str(path), read_only=read_only, config=config)


# Facts derived by the entities stage: each row records the extractor version that made it (migration 3).
ENTITY_FACT_VERSION = {
    "fct_mention": "alter table fct_mention add column if not exists extractor_version varchar",
    "fct_person_role_observation": (
        "alter table fct_person_role_observation add column if not exists extractor_version varchar"
    ),
    "fct_date_mention": "alter table fct_date_mention add column if not exists extractor_version varchar",
}


def existing(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where database_name = current_database() and table_name = ?",
            [table],
        ).fetchone()[0]
    )


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse written by an earlier version to the current DDL (each step a no-op once done).

    1. dim_article no longer declares its keys (ddl/03_dim_article.sql): rebuild it without the constraints.
    2. dim_entity.disambiguator (people told apart by career, transforms/entities/identity.py).
    3. extractor_version on the entity facts (fct_mention, fct_person_role_observation, fct_date_mention): rows
       written before it existed have none (null: made by an unknown, older extractor).
    4. fct_mention.proposed_by (the rule or model behind each mention): older rows have none (null), so they give
       no evidence in v_entity_evidence until `newsetl reprocess` re-derives them.
    """
    declared = con.execute(
        "select count(*) from duckdb_constraints() where database_name = current_database() "
        "and table_name = 'dim_article' and constraint_type in ('PRIMARY KEY', 'UNIQUE')"
    ).fetchone()[0]
    if declared:
        con.execute("alter table dim_article rename to dim_article__before_migration")
        con.execute((SQL_DIR / "ddl" / "03_dim_article.sql").read_text(encoding="utf-8"))
        con.execute(
            "insert into dim_article select * from dim_article__before_migration order by article_key"
        )
        con.execute("drop table dim_article__before_migration cascade")
    if existing(con, "dim_entity"):
        con.execute("alter table dim_entity add column if not exists disambiguator varchar")
    for table, statement in ENTITY_FACT_VERSION.items():
        if existing(con, table):
            con.execute(statement)
    if existing(con, "fct_mention"):
        con.execute("alter table fct_mention add column if not exists proposed_by varchar")


def apply_ddl(con: duckdb.DuckDBPyConnection) -> None:
    """Migrate, create every table (idempotent) and (re)create the analyst views."""
    migrate(con)
    for path in sorted((SQL_DIR / "ddl").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None) -> None:
    """Run a named SQL file; values are bound as `$name` parameters, never formatted into the text."""
    params = params or {}
    for statement in con.extract_statements(sql_text(name)):
        missing = statement.named_parameters - params.keys()
        if missing:
            raise KeyError(f"{name}: no value for parameter(s) {sorted(missing)}")
        con.execute(statement, {k: params[k] for k in statement.named_parameters} or None)


@dataclass(frozen=True)
class CheckFailure:
    check: str
    rows: int
    sample: tuple | None

    def __str__(self) -> str:
        return f"{self.check}: {self.rows} offending row(s), e.g. {self.sample}"


# Which articles' per-article rows the checks read: every article, or the articles staged by tonight's load.
CHECK_SCOPES = {
    "all": "create or replace temp table check_scope as select article_key from dim_article",
    "staged": "create or replace temp table check_scope as select article_key from stg_article",
}


def run_checks(con: duckdb.DuckDBPyConnection, scope: str = "all") -> tuple[list[str], list[CheckFailure]]:
    """Run every `checks/assert_*.sql`; each returns offending rows (none = pass). Returns (passed, failed).

    `scope` (a CHECK_SCOPES name) selects the articles whose per-article rows (mention and date offsets against
    the body) are checked; they are the only checks that read every body. The load checks the staged articles:
    rows of other articles were checked on the night they were written and no load rewrites them. Table-wide checks
    (uniqueness, orphans, canonical rules) always run over whole tables. Default: every article.
    """
    con.execute(CHECK_SCOPES[scope])
    passed, failed = [], []
    for path in sorted((SQL_DIR / "checks").glob("assert_*.sql")):
        rows = con.execute(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            failed.append(CheckFailure(path.stem, len(rows), rows[0]))
        else:
            passed.append(path.stem)
    return passed, failed


def query_frame(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None):
    """A query's result as a Polars frame (values bound, never formatted into the text)."""
    return con.sql(query, params=params).pl()


def read_state(path: str | Path, query: str, params: list | None = None) -> list[tuple]:
    """Run a read-only query on the published warehouse; an absent file has no state (no rows)."""
    path = Path(path)
    if not path.exists():
        return []
    con = connect(path, read_only=True)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


@contextmanager
def build_and_publish(
    path: str | Path, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection to a private copy of the warehouse; on success checkpoint it and atomically replace the
    published file. On any error the copy is removed and the published file is untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.building-*"):  # left by a killed run (callers hold the lock)
        stale.unlink(missing_ok=True)
    building = path.with_name(f".{path.name}.building-{uuid.uuid4().hex[:8]}")
    con = None
    try:
        if path.exists():  # inside the try: a copy that fails half-way (disk full) is removed too
            shutil.copyfile(path, building)
        con = connect(building, memory_limit=memory_limit)
        apply_ddl(con)
        yield con
        con.execute("checkpoint")
        con.close()
        fd = os.open(building, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(building, path)
    except BaseException:
        if con is not None:
            con.close()
        building.unlink(missing_ok=True)
        Path(str(building) + ".wal").unlink(missing_ok=True)
        raise
