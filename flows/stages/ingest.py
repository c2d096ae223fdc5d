"""Stage 1, ingest: new or changed landing files -> articles, reporters, rejects, the file ledger, publisher lines.

The warehouse state the stage needs (the file ledger, learned publisher lines) is read by its own task, the only one
here that retries; parsing is deterministic and is not retried. Files are parsed in partitions (`parse_landing_files`,
2,000 files each) over the task runner and combined in partition order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.cache import remove_parts, retry_on_io, run_cached, stage_cache, stage_logger, stage_paths
from flows.files import landing_fingerprint, list_landing_files, warehouse_fingerprint, write_parquet
from flows.manifest import IngestCounts, IngestManifest, described
from flows.partitions import chunks, map_partitions
from flows.settings import Settings
from transforms.common.keys import bytes_hash, natural_id
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
    ledger,
    parse_file,
    remove_boilerplate,
    reporter_frame,
)
from warehouse import state

INGEST_PARTITION_FILES = 2_000


@dataclass(frozen=True)
class IngestState:
    """What the published warehouse knows that ingest needs: the file ledger and the learned publisher lines."""

    ledger: dict[str, tuple[str, int, datetime | None]]  # source file -> (raw hash, size, mtime)
    publisher_lines: list[tuple[int, str, int]]  # (publisher key, line, article count), frequent lines only
    publisher_articles: list[tuple[int, int]]  # (publisher key, stored articles)


@task(retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=retry_on_io, cache_policy=NO_CACHE)
def read_ingest_state(warehouse: str) -> IngestState:
    """Read the ledger and publisher lines from the published warehouse (none when it does not exist yet)."""
    return IngestState(
        state.read_file_ledger(warehouse),
        state.read_publisher_lines(warehouse, BoilerplateSettings().min_articles),
        state.read_publisher_article_counts(warehouse),
    )


@task(cache_policy=NO_CACHE, persist_result=False)
def parse_landing_files(
    files: list[dict],
    known: dict[str, str],
    out_path: str,
    run_date: date,
    limits: IngestLimits,
    field_map: dict[str, str] | None,
) -> dict:
    """Ingest partition: read, hash and parse some landing files; write their article rows to `out_path`.

    `files` are LandingFile fields; `known` maps a file to its raw hash at its last load (a file whose bytes did
    not change is unchanged even if its mtime did). Returns the partition's reject rows, ledger entries and counts.
    """
    rows: list[dict] = []
    rejects: list[dict] = []
    entries: list[dict] = []
    unchanged = unreadable = 0
    for landing in files:
        relative, size, mtime = landing["relative"], landing["size_bytes"], landing["mtime"]
        if refused := ledger.oversized(relative, size, mtime, limits.max_file_bytes):
            rejects.append(refused[0])
            entries.append(refused[1])
            continue
        try:
            raw = Path(landing["path"]).read_bytes()
        except OSError as exc:
            rejects.append(ledger.file_reject(relative, "unreadable", str(exc)))
            unreadable += 1  # not in the ledger (it is tried again next night), but counted tonight
            continue
        raw_hash = bytes_hash(raw)
        if known.get(relative) == raw_hash:
            unchanged += 1
            continue
        entry = ledger.ledger_entry(relative, len(raw), mtime, raw_hash, "loaded")
        try:
            form, records = parse_file(raw, limits, field_map=field_map)
            file_rows, record_rejects = article_rows(relative, raw, form, records)
            rows.extend(file_rows)
            rejects.extend(record_rejects)
            entry["record_count"] = len(records)
            entry["status"] = "loaded" if file_rows else "rejected"
        except RejectError as exc:
            rejects.append(ledger.file_reject(relative, exc.reason, exc.detail))
            entry["status"] = "rejected"
        except Exception as exc:  # a reader bug no fuzz case found yet: one file is rejected, not the night
            detail = f"{type(exc).__name__}: {exc}"[:200]
            rejects.append(ledger.file_reject(relative, "parse_error", detail))
            entry["status"] = "rejected"
        entries.append(entry)
    write_parquet(articles_frame(rows, run_date), Path(out_path))
    return {
        "articles": out_path,
        "rejects": rejects,
        "ledger": entries,
        "unchanged": unchanged,
        "unreadable": unreadable,
    }


@task(cache_policy=stage_cache("ingest"), persist_result=True)
def ingest_files(
    input_dir: str,
    out_dir: str,
    known: IngestState,
    run_date: date,
    fingerprint: str,
    full_scan: bool = False,
    settings: Settings | None = None,
) -> IngestManifest:
    """Read new or changed landing files, parse them, and write articles/reporters/rejects/files Parquet.

    `fingerprint` summarizes the landing folder and the warehouse (it is the cache key's content part); `known` is
    the warehouse's state (read_ingest_state). The run id derives from the run date and the content processed, so
    a re-run of the same night gets the same id.
    """
    logger = stage_logger()
    settings = settings or Settings()
    out = Path(out_dir)
    files, refused = list_landing_files(Path(input_dir))
    known_hash = {path: entry[0] for path, entry in known.ledger.items()}
    known_stat = {path: (entry[1], entry[2]) for path, entry in known.ledger.items()}
    rejects, entries, unchanged = ledger.refusal_entries(refused, known_hash, full_scan)
    unreadable = 0
    todo = ledger.files_to_read(files, known_stat, full_scan)
    unchanged += len(files) - len(todo)
    parts_dir = out / "parts" / "ingest"
    remove_parts(parts_dir)
    limits = IngestLimits(settings.max_file_bytes, settings.max_decompressed_bytes, settings.min_body_chars)
    partitions = [
        {
            "files": [
                {"relative": f.relative, "path": f.location, "size_bytes": f.size_bytes, "mtime": f.mtime}
                for f in chunk
            ],
            "known": {f.relative: known_hash[f.relative] for f in chunk if f.relative in known_hash},
            "out_path": str(parts_dir / f"articles-{i:05d}.parquet"),
            "run_date": run_date,
            "limits": limits,
            "field_map": settings.json_field_map,
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
        entries.extend(part["ledger"])
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
    line_counts = pl.DataFrame(known.publisher_lines, schema=LINE_COUNT_SCHEMA, orient="row")
    totals = pl.DataFrame(
        known.publisher_articles, schema={"publisher_key": pl.Int64, "articles": pl.Int64}, orient="row"
    )
    articles = remove_boilerplate(articles, learned_boilerplate(line_counts, totals))
    reject_frame = pl.DataFrame(rejects, schema=REJECT_SCHEMA)
    outputs = {
        "articles": write_parquet(articles, out / "articles.parquet"),
        "reporters": write_parquet(reporter_frame(articles), out / "reporters.parquet"),
        "rejects": write_parquet(reject_frame, out / "rejects.parquet"),
        "files": write_parquet(pl.DataFrame(entries, schema=ledger.FILE_SCHEMA), out / "files.parquet"),
        "publisher_lines": write_parquet(publisher_lines, out / "publisher_lines.parquet"),
    }
    manifest = IngestManifest(
        run_id=ledger.run_id(run_date, entries),
        outputs=described(outputs),
        counts=IngestCounts(
            files_seen=len(files) + len(refused),
            files_loaded=sum(e["status"] == "loaded" for e in entries),
            files_rejected=sum(e["status"] == "rejected" for e in entries) + unreadable,
            files_unchanged=unchanged,
            records_loaded=articles.height,
            records_rejected=len(rejects) - sum(r["source_record"] is None for r in rejects),
        ),
        rejects_by_reason=reject_frame["reason"].value_counts().rows() if rejects else [],
    )
    manifest.write(out)
    logger.info("ingest: %s", manifest.counts)
    return manifest


@flow(name="ingest", persist_result=True)  # a served nightly run reads the result of its stage runs
def ingest_flow(
    run_date: date | None = None,
    input_dir: str | None = None,
    warehouse: str | None = None,
    refresh: bool = False,
):
    """Stage 1: parse new or changed files in the landing folder into the run folder (run_date: default the latest
    night in the run folder, else today)."""
    settings, run_date, out_dir, warehouse = stage_paths(run_date, warehouse, "ingest")
    input_dir = str(input_dir or settings.landing)
    fingerprint = natural_id(landing_fingerprint(Path(input_dir)), warehouse_fingerprint(warehouse))
    known = read_ingest_state(warehouse)
    args = (input_dir, out_dir, known, run_date, fingerprint)
    kwargs = {"full_scan": refresh, "settings": settings}
    manifest = run_cached(ingest_files, args, kwargs, refresh, IngestManifest.intact)
    return manifest.to_json()
