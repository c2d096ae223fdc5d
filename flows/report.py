"""The night's report: `reports/<run_date>.html`, one self-contained page a data team opens in the morning.

Each section is one SQL file of `warehouse/report/` run read-only on the published warehouse with the night's
`$run_id` and `$run_date`; the page (flows/report_html.py) shows each answer with the SQL behind it. The nightly flow
writes the report after the load and links it from a Prefect markdown artifact with the headline numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flows.settings import PROJECT_ROOT, Settings
from warehouse import db

REPORT_SQL = PROJECT_ROOT / "warehouse" / "report"


@dataclass(frozen=True)
class Section:
    """One part of the report: its SQL file, its heading, and the table it needs (none: always shown)."""

    key: str
    title: str
    needs_table: str | None = None


SECTIONS = (
    Section("01_headline", "Tonight"),
    Section("02_rejects_by_reason", "Rejects by reason"),
    Section("03_copies_by_method", "Copies by method"),
    Section("04_articles_by_publisher", "Articles per publisher"),
    Section("05_top_entities", "People and organizations in the most stories tonight"),
    Section("06_new_people", "People seen for the first time"),
    Section("07_largest_stories", "The largest stories (most outlets)"),
    Section("08_most_quoted", "Most-quoted speakers", needs_table="fct_quote"),
    Section("09_future_dates", "Dates ahead that tonight's articles point to"),
)


@dataclass(frozen=True)
class Answer:
    """A section's result: the SQL that produced it, its column names and rows."""

    section: Section
    sql: str
    columns: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class Night:
    """Everything the report shows about one run."""

    run_id: str
    run_date: date
    finished_at: object
    answers: dict[str, Answer]

    def headline(self) -> dict[str, int]:
        answer = self.answers["01_headline"]
        return dict(zip(answer.columns, answer.rows[0], strict=True)) if answer.rows else {}


class NoRunError(LookupError):
    """The warehouse has no loaded run for the night asked for."""


def has_table(con, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_name = ?"
    return con.execute(query, [name]).fetchone()[0] > 0


def read_night(warehouse: str | Path, run_date: date | None = None) -> Night:
    """Run every section's SQL for the latest run of `run_date` (default: the latest run) in `warehouse`."""
    if not Path(warehouse).exists():
        raise NoRunError(f"no warehouse at {warehouse}")
    con = db.connect(warehouse, read_only=True)
    try:
        run = con.execute(
            "select run_id, run_date, finished_at from etl_run where run_date = coalesce(?, run_date) "
            "order by run_date desc, finished_at desc limit 1",
            [run_date],
        ).fetchone()
        if run is None:
            raise NoRunError(f"no run loaded for {run_date or 'any night'} in {warehouse}")
        params = {"run_id": run[0], "run_date": run[1]}
        answers = {}
        for section in SECTIONS:
            if section.needs_table and not has_table(con, section.needs_table):
                continue
            sql = (REPORT_SQL / f"{section.key}.sql").read_text(encoding="utf-8")
            cursor = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
            answers[section.key] = Answer(
                section, sql.strip(), [c[0] for c in cursor.description], cursor.fetchall()
            )
    finally:
        con.close()
    return Night(run_id=run[0], run_date=run[1], finished_at=run[2], answers=answers)


def write_report(
    warehouse: str | Path, run_date: date | None = None, reports_dir: str | Path | None = None
) -> Path:
    """Write `<reports_dir>/<run_date>.html` (default folder: settings.reports_dir) and return its path."""
    return write_night(read_night(warehouse, run_date), reports_dir)


def write_night(night: Night, reports_dir: str | Path | None = None) -> Path:
    from flows.report_html import render_report

    out = Path(reports_dir or Settings().reports_dir) / f"{night.run_date.isoformat()}.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(render_report(night), encoding="utf-8")
    tmp.replace(out)
    return out


def report_link(path: Path) -> str:
    """Where a browser opens the report: under NEWSETL_REPORTS_URL when set (`newsetl serve` serves the reports
    folder there), else the file itself."""
    base = Settings().reports_url
    return f"{base.rstrip('/')}/{path.name}" if base else path.resolve().as_uri()


def publish_report(warehouse: str, run_date: date, counts: dict) -> Path | None:
    """Write the night's report and link it from a Prefect markdown artifact (`nightly-report`) with the headline
    numbers. A night that loaded nothing new has no run of its own to report: nothing is written."""
    from prefect import get_run_logger
    from prefect.artifacts import create_markdown_artifact

    try:
        night = read_night(warehouse, run_date)
    except NoRunError as error:
        get_run_logger().info("no report: %s", error)
        return None
    path, headline = write_night(night), night.headline()
    rows = "\n".join(f"| {k.replace('_', ' ')} | {v:,} |" for k, v in headline.items() if v is not None)
    link = report_link(path)
    create_markdown_artifact(
        key="nightly-report",
        markdown=f"## Night of {run_date.isoformat()}\n\n[Open the report]({link})  \n`{path.resolve()}`\n\n"
        f"| measure | value |\n|---|---|\n{rows}\n",
        description=f"The report of the night of {run_date.isoformat()} ({counts.get('run_id')})",
    )
    return path
