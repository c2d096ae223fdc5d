"""Stage 2, dedup: flag the night's exact and near copies, among themselves and against every stored article.

Stored articles are reached only through their persisted band keys (a DuckDB semi-join on the night's keys), so the
cost of a night grows with the night, not with the warehouse. The first night under a new settings version re-keys
every stored article once (the keys of another version are not comparable).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from prefect import flow, task

from flows.cache import retry_on_io, run_cached, stage_cache, stage_logger, stage_paths
from flows.files import warehouse_fingerprint, write_parquet
from flows.manifest import DedupCounts, DedupManifest, IngestManifest, described
from transforms.common.keys import natural_id
from transforms.dedup import DedupSettings, stored_band_keys
from transforms.dedup import find_duplicates as find_near_duplicates
from warehouse import db, state


class DedupSettingsChangedError(RuntimeError):
    """The dedup parameters changed but their version did not; stored band keys would be compared wrongly."""


def rekey_stored(con, settings: DedupSettings) -> pl.DataFrame:
    """Band keys under `settings` for every article in the warehouse, computed in batches."""
    parts = [stored_band_keys(batch, settings, threads=2) for batch in state.stored_bodies(con)]
    return pl.concat(parts) if parts else pl.DataFrame(schema=state.BAND_KEY_SCHEMA)


# The task reads the published warehouse throughout (band keys, stored bodies): its failures worth a retry are I/O.
@task(
    retries=1,
    retry_delay_seconds=5,
    retry_condition_fn=retry_on_io,
    cache_policy=stage_cache("dedup"),
    persist_result=True,
)
def find_duplicates(out_dir: str, warehouse: str, fingerprint: str) -> DedupManifest:
    """Flag the night's copies; write duplicates, the night's band keys and the settings version as Parquet."""
    logger = stage_logger()
    out = Path(out_dir)
    settings = DedupSettings()
    new = pl.read_parquet(
        out / "articles.parquet", columns=["article_key", "body_text", "published_at"]
    ).select(pl.col("article_key").alias("article_id"), pl.col("body_text").alias("body"), "published_at")
    con = db.connect(warehouse, read_only=True) if Path(warehouse).exists() else None
    try:
        stored_fingerprint = state.dedup_settings_fingerprint(con, settings.version) if con else None
        if stored_fingerprint is not None and stored_fingerprint != settings.fingerprint():
            raise DedupSettingsChangedError(
                f"dedup settings {settings.version} were {stored_fingerprint}, now {settings.fingerprint()}: "
                "give changed parameters a new version (transforms/dedup DedupSettings.version)"
            )
        rekeyed = (
            rekey_stored(con, settings)
            if con is not None and stored_fingerprint is None
            else pl.DataFrame(schema=state.BAND_KEY_SCHEMA)
        )
        if rekeyed.height:
            logger.info(
                "dedup: settings %s are new to this warehouse: band keys made for %d stored articles",
                settings.version,
                rekeyed["article_id"].n_unique(),
            )

        def stored_bands(keys: pl.DataFrame) -> pl.DataFrame:
            if con is None:
                return pl.DataFrame(schema=state.BAND_KEY_SCHEMA)
            found = state.stored_band_keys_matching(con, keys, settings.version)
            fresh = rekeyed.join(keys, on=["band", "band_hash"], how="semi")
            return pl.concat([found, fresh], how="vertical_relaxed")

        result = find_near_duplicates(
            new,
            settings,
            stored_bands=stored_bands,
            stored_articles=lambda ids: state.stored_articles(con, ids),
            existing=state.stored_duplicates(con) if con else None,
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
    manifest = DedupManifest(
        outputs=described(outputs),
        counts=DedupCounts(
            duplicates_exact=by_method.get("exact", 0),
            duplicates_near=by_method.get("near", 0),
            stored_articles_rekeyed=rekeyed["article_id"].n_unique(),
        ),
    )
    manifest.write(out)
    return manifest


@flow(name="dedup", persist_result=True)  # a served nightly run reads the result of its stage runs
def dedup_flow(run_date: date | None = None, warehouse: str | None = None, refresh: bool = False) -> dict:
    """Stage 2: flag the night's duplicates against each other and everything stored (run_date: default the latest
    night ingested)."""
    _, run_date, out_dir, warehouse = stage_paths(run_date, warehouse, "dedup")
    fingerprint = natural_id(IngestManifest.read(out_dir).content_sha(), warehouse_fingerprint(warehouse))
    manifest = run_cached(
        find_duplicates, (out_dir, warehouse, fingerprint), {}, refresh, DedupManifest.intact
    )
    return manifest.to_json()
