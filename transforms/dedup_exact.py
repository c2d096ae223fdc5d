"""Exact duplicates: the same normalized body (content_hash) stored twice."""

from __future__ import annotations

import polars as pl

DUPLICATE_SCHEMA = {
    "article_key": pl.Int64,
    "canonical_article_key": pl.Int64,
    "method": pl.String,
    "similarity": pl.Float64,
}


# The explicit rule that picks a cluster's canonical article: earliest published, longest body, lowest key.
CANONICAL_ORDER = {
    "by": ["published_at", "body_chars", "article_key"],
    "descending": [False, True, False],
    "nulls_last": True,
}


def find_exact_duplicates(new: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """One row per new article whose content hash equals a stored canonical or an earlier-ranked new article.

    Args:
        new: the night's articles (article_key, content_hash, published_at, body_text).
        stored: stored canonical articles (article_key, content_hash, published_at, body_chars); their choice is
            fixed, so a new copy always points at the stored one.
    Returns: DUPLICATE_SCHEMA rows, method 'exact', similarity 1.0.
    """
    night = new.lazy().select(
        "article_key", "content_hash", "published_at", pl.col("body_text").str.len_chars().alias("body_chars")
    )
    fixed = (
        stored.lazy()
        .select("content_hash", pl.col("article_key").alias("stored_key"))
        .unique(subset=["content_hash"], keep="first")
    )
    ranked = (
        night.join(fixed, on="content_hash", how="left")
        .sort(**CANONICAL_ORDER)
        .with_columns(
            pl.coalesce("stored_key", pl.col("article_key").first().over("content_hash")).alias("canonical")
        )
        .filter(pl.col("canonical") != pl.col("article_key"))
        .select(
            "article_key",
            pl.col("canonical").alias("canonical_article_key"),
            pl.lit("exact").alias("method"),
            pl.lit(1.0).alias("similarity"),
        )
    )
    return ranked.sort("article_key").collect().cast(DUPLICATE_SCHEMA)
