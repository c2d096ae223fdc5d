"""Runtime settings, from the environment (`NEWSETL_*`) or defaults. The one place paths and limits are set."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSETL_")

    warehouse: Path = PROJECT_ROOT / "warehouse" / "news.duckdb"
    landing: Path = PROJECT_ROOT / "data" / "landing"
    runs_dir: Path = PROJECT_ROOT / "data" / "runs"  # stage outputs (Parquet), one folder per run date
    seeds_dir: Path = PROJECT_ROOT / "warehouse" / "seeds"
    reports_dir: Path = PROJECT_ROOT / "reports"  # the nightly HTML reports, <run_date>.html
    reports_url: str | None = None  # where a browser finds reports_dir over HTTP (`newsetl serve` sets it)
    max_file_bytes: int = 50_000_000
    max_decompressed_bytes: int = 200_000_000
    min_body_chars: int = 20
    # JSON/JSON Lines exports: our field -> the export's field (dotted paths allowed), over the defaults
    # (title; body/content/content_html/text/articleBody; author/creator/byline; published/pubDate/date/
    # datePublished; url/link/guid). E.g. NEWSETL_JSON_FIELD_MAP='{"body": "article.text"}'.
    json_field_map: dict[str, str] | None = None
    # "crf" (default): the KLUE-trained tagger proposes people, organizations and places the rules miss, screened by
    # transforms/entities/resolve.py (0.77 macro F1 on KLUE dev_B; ~45 articles/s per process on unseen words, ~220
    # once its word cache is warm); "none": rules, Wikidata names, memory and the gazetteer only (faster, fewer people).
    tagger: Literal["none", "crf"] = "crf"
    workers: int = 2  # worker processes for the partitioned stages (ingest, entities); 1 = in-process
    # where partitions run inside a Prefect run: "process" (a local process pool) or "dask" (flows/partitions.py)
    task_runner: Literal["process", "dask"] = "process"
    dask_address: str | None = None  # scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786
    # DuckDB's buffer memory in the load (it spills to disk beyond it), so the load's RSS stays bounded
    duckdb_memory_limit: str = "1GB"
    lock_timeout_seconds: float = 600.0  # how long a second writer waits for the first before giving up


def prefect_environment() -> dict[str, str]:
    """Prefect settings for an offline, serverless run: a project-local home, no analytics, a patient start."""
    return {
        "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
