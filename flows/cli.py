"""`newsetl`: run the nightly flow, open the warehouse in the DuckDB CLI."""

from __future__ import annotations

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from flows.settings import Settings, prefect_environment

app = typer.Typer(add_completion=False, no_args_is_help=True, help="News-analytics warehouse ETL.")


def _prefect_env() -> None:
    for key, value in prefect_environment().items():
        os.environ.setdefault(key, value)


def _print_summary(title: str, summary: dict, leave_out: str) -> None:
    """A run's counts as a two-column table on stdout (the key named in the title left out)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in summary.items():
        if key != leave_out:
            table.add_row(key, str(value))
    Console().print(table)


@app.command()
def run(
    input: Annotated[Path, typer.Option("--input", help="Landing folder with raw article files.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file to publish.")] = None,
    run_date: Annotated[
        str,
        typer.Option("--run-date", help="The night processed, YYYY-MM-DD (default: today in Asia/Seoul)."),
    ] = None,
    stages: Annotated[list[str], typer.Option("--stage", help="Run only these stages (repeatable).")] = None,
    refresh: Annotated[
        list[str], typer.Option("--refresh", help="Recompute these stages even if cached.")
    ] = None,
) -> None:
    """Run the nightly flow on a folder and print the run summary."""
    _prefect_env()
    from rich.console import Console

    from flows.nightly import nightly

    settings = Settings()
    input_dir = (input or settings.landing).resolve()
    if not input_dir.is_dir():
        raise typer.BadParameter(f"{input_dir} is not a folder", param_hint="--input")
    console = Console(stderr=True)
    try:
        night = date.fromisoformat(run_date) if run_date else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--run-date") from exc
    from flows.lock import WarehouseBusyError
    from flows.server import run_api

    try:
        with run_api(), console.status(f"nightly run over {input_dir} …"):
            summary = nightly(
                str(input_dir),
                str((warehouse or settings.warehouse).resolve()),
                night,
                stages=stages or None,
                refresh=refresh or None,
            )
    except WarehouseBusyError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(3) from None
    _print_summary(f"run {summary.get('run_id', '')}", summary, leave_out="run_id")


@app.command()
def reprocess(
    stage: Annotated[str, typer.Option("--stage", help="The stage whose facts are re-derived: entities.")],
    date_from: Annotated[
        str, typer.Option("--from", help="Only articles dated on or after YYYY-MM-DD.")
    ] = None,
    date_to: Annotated[str, typer.Option("--to", help="Only articles dated on or before YYYY-MM-DD.")] = None,
    warehouse: Annotated[Path, typer.Option(help="DuckDB warehouse file.")] = None,
) -> None:
    """Re-derive the entity facts of stored articles with the current code and publish them once
    (resumable: a killed reprocess started again skips the partitions it finished)."""
    _prefect_env()
    from rich.console import Console

    from flows.lock import WarehouseBusyError
    from flows.reprocess import reprocess as reprocess_flow
    from flows.server import run_api

    try:
        bounds = [date.fromisoformat(d) if d else None for d in (date_from, date_to)]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--from/--to") from exc
    path = (warehouse or Settings().warehouse).resolve()
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist; run `newsetl run` first", param_hint="--warehouse")
    console = Console(stderr=True)
    try:
        with run_api(), console.status(f"reprocessing {stage} in {path} …"):
            summary = reprocess_flow(stage, bounds[0], bounds[1], str(path))
    except WarehouseBusyError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(3) from None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--stage") from exc
    _print_summary(
        f"reprocess {stage} (extractor {summary['extractor_version']})", summary, "extractor_version"
    )


def duckdb_cli() -> str:
    """The DuckDB CLI binary shipped in this environment (PyPI duckdb-cli), else one on PATH."""
    local = Path(sys.executable).parent / "duckdb"
    if local.exists():
        return str(local)
    found = shutil.which("duckdb")
    if not found:
        raise typer.BadParameter("no duckdb CLI found; run `make install`")
    return found


@app.command()
def sql(
    file: Annotated[Path, typer.Argument(help="Warehouse file (default: settings.warehouse).")] = None,
    write: Annotated[bool, typer.Option(help="Open read-write (blocks nightly runs while open).")] = False,
) -> None:
    """Open the DuckDB CLI on the warehouse (read-only by default, so nightly runs can publish meanwhile)."""
    path = (file or Settings().warehouse).resolve()
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist; run `newsetl run` first")
    args = [duckdb_cli(), str(path)] + ([] if write else ["-readonly"])
    os.execv(args[0], args)


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Warehouse file (default: settings.warehouse).")] = None,
) -> None:
    """Run every warehouse check over every article (the nightly load checks only the night's articles'
    per-article rows); read-only. Exit 1 when a check fails."""
    from warehouse import db

    path = (file or Settings().warehouse).resolve()
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist; run `newsetl run` first")
    con = db.connect(path, read_only=True)
    try:
        passed, failed = db.run_checks(con, scope="all")
    finally:
        con.close()
    for name in passed:
        typer.echo(f"pass  {name}")
    for failure in failed:
        typer.echo(f"FAIL  {failure}")
    if failed:
        raise typer.Exit(1)


@app.command()
def report(
    run_date: Annotated[
        str, typer.Option("--run-date", help="The night (YYYY-MM-DD); default the latest run loaded.")
    ] = None,
    warehouse: Annotated[Path, typer.Option(help="Warehouse file (default: settings.warehouse).")] = None,
    out_dir: Annotated[
        Path, typer.Option(help="Folder of the reports (default: settings.reports_dir).")
    ] = None,
) -> None:
    """Write the night's report, `reports/<run_date>.html`: one self-contained page (read-only on the warehouse)."""
    from flows.report import NoRunError, write_report

    try:
        path = write_report(
            warehouse or Settings().warehouse, date.fromisoformat(run_date) if run_date else None, out_dir
        )
    except NoRunError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(str(path))


@app.command()
def tag(
    model: Annotated[Path, typer.Option(help="CRF model folder (default: the committed one).")] = None,
    batch: Annotated[int, typer.Option(help="Sentences tagged per batch.")] = 256,
) -> None:
    """Tag sentences read from stdin (one per line, UTF-8); write one JSON line each:
    {"text": ..., "entities": [{"start": i, "end": j, "label": L}]} with Python str offsets, L in PS LC OG DT TI QT."""
    import json

    from transforms.entities.ner.model import load_model

    tagger = load_model(model)
    stdin = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115

    def flush(lines: list[str]) -> None:
        for text, spans in zip(lines, tagger.tag(lines), strict=True):
            entities = [{"start": s, "end": e, "label": label} for s, e, label in spans]
            out.write(json.dumps({"text": text, "entities": entities}, ensure_ascii=False) + "\n")
        out.flush()

    lines: list[str] = []
    for line in stdin:
        lines.append(line.rstrip("\r\n"))
        if len(lines) >= batch:
            flush(lines)
            lines = []
    if lines:
        flush(lines)


@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence or paragraph (Korean news text).")],
    tagger: Annotated[
        str, typer.Option(help="crf: with the statistical tagger; none: rules only (default: the setting).")
    ] = None,
) -> None:
    """Print every span proposed for TEXT: the rule or model that proposed it, and what kept, cut, retyped or
    dropped it (the same code the entity stage runs)."""
    from rich.console import Console
    from rich.table import Table

    from flows.files import read_admin_index, read_gazetteer
    from transforms.entities.explain import explain_text

    settings = Settings()
    use = tagger or settings.tagger
    tag_batch = None
    if use == "crf":
        from transforms.entities.ner.model import load_model

        tag_batch = load_model().tag_scored
    rows = explain_text(
        text, read_gazetteer(settings.seeds_dir), tag_batch, read_admin_index(settings.seeds_dir)
    )
    table = Table(title=f"{len(rows)} spans (tagger: {use})")
    for column in ("span", "chars", "type", "proposed by", "outcome", "why", "entity"):
        table.add_column(column)
    for r in rows:
        style = "dim" if r.outcome == "dropped" else None
        table.add_row(
            r.surface,
            f"{r.start}-{r.end}",
            r.label,
            r.proposed_by,
            r.outcome,
            r.reason,
            r.entity or "",
            style=style,
        )
    Console().print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address the Prefect API and UI listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the Prefect API and UI.")] = 4200,
    reports_port: Annotated[int, typer.Option(help="Port of the nightly reports (0: any free port).")] = 4201,
    start_server: Annotated[
        bool, typer.Option(help="Start a local Prefect server (else use PREFECT_API_URL).")
    ] = True,
) -> None:
    """Start a local Prefect server (SQLite under .prefect/) and serve the nightly and per-stage deployments."""
    _prefect_env()
    from flows.server import local_server, reports_site

    with (
        local_server(host, port, start=start_server) as api_url,
        reports_site(Settings().reports_dir, host, reports_port) as reports_url,
    ):
        os.environ["PREFECT_API_URL"] = api_url
        os.environ["NEWSETL_REPORTS_URL"] = reports_url  # the served runs link their report here
        from prefect import serve as prefect_serve

        from flows.deployments import build_deployments

        typer.echo(
            f"Prefect UI: {api_url.removesuffix('/api')}  reports: {reports_url}  "
            "(Ctrl-C stops the server and the deployments)"
        )
        prefect_serve(*build_deployments())


if __name__ == "__main__":
    app()
