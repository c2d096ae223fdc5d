from datetime import UTC, datetime

import polars as pl

from transforms.dedup_exact import find_exact_duplicates

STORED_SCHEMA = {
    "article_key": pl.Int64,
    "content_hash": pl.String,
    "published_at": pl.Datetime("us", "UTC"),
    "body_chars": pl.Int64,
}


def _new(rows):
    return pl.DataFrame(
        rows,
        schema={
            "article_key": pl.Int64,
            "content_hash": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "body_text": pl.String,
        },
    )


def test_earliest_then_longest_then_lowest_key_is_canonical():
    early, late = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, tzinfo=UTC)
    new = _new(
        [
            {"article_key": 3, "content_hash": "h", "published_at": late, "body_text": "abc"},
            {"article_key": 2, "content_hash": "h", "published_at": early, "body_text": "ab"},
            {"article_key": 1, "content_hash": "h", "published_at": late, "body_text": "abc"},
            {"article_key": 9, "content_hash": "other", "published_at": late, "body_text": "x"},
        ]
    )
    out = find_exact_duplicates(new, pl.DataFrame(schema=STORED_SCHEMA))
    assert out.select("article_key", "canonical_article_key").rows() == [(1, 2), (3, 2)]
    assert set(out["method"]) == {"exact"}


def test_stored_canonical_stays_fixed():
    stored = pl.DataFrame(
        [{"article_key": 50, "content_hash": "h", "published_at": None, "body_chars": 1}],
        schema=STORED_SCHEMA,
    )
    new = _new(
        [
            {
                "article_key": 2,
                "content_hash": "h",
                "published_at": datetime(2020, 1, 1, tzinfo=UTC),
                "body_text": "much longer body",
            }
        ]
    )
    out = find_exact_duplicates(new, stored)
    assert out.select("article_key", "canonical_article_key").rows() == [(2, 50)]
