"""Publisher boilerplate learned from the warehouse: body lines that recur in a large share of one publisher's
articles (`트위터`, `URL복사`, `▶ 구독하기`, a desk's signature) are page furniture, not story text.

Each night counts, per publisher, in how many of its articles every body line appears (before removal, so a line
stays known after it is removed); lines seen in at least `min_share` of a publisher's articles, and in at least
`min_articles` of them, are removed from the night's bodies and counted in `removed_boilerplate_lines`.

Page chrome known in advance (`DEFAULT_CRUMBS`: share, print, font-size buttons) is dropped by the parsers as
they read a body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from transforms.common.keys import content_hash
from transforms.common.text import block_key

# Page chrome scraped along with the article. Extended per publisher from the warehouse by the boilerplate stage.
DEFAULT_CRUMBS = frozenset(
    {
        "기사 스크랩",
        "스크랩",
        "공유",
        "댓글",
        "클린뷰",
        "프린트",
        "인쇄",
        "글자크기",
        "글자 크기",
        "글씨크기",
        "기사 저장",
        "저장",
        "북마크",
        "좋아요",
        "구독",
        "구독하기",
        "URL복사",
        "URL 복사",
        "링크복사",
        "닫기",
        "페이스북",
        "트위터",
        "카카오톡",
        "카카오스토리",
        "네이버블로그",
        "밴드",
        "텔레그램",
        "메일",
        "이메일",
        "가",
        "가가",
        "확대",
        "축소",
        "기사듣기",
        "음성으로 듣기",
        "번역",
        "맨위로",
        "목록",
        "이전기사",
        "다음기사",
        "Facebook",
        "Twitter",
        "Share",
        "Print",
        "Email",
        "Comments",
    }
)
_PUNCT_ONLY = re.compile(r"^[\s\-–—|·•:/>]+$")


def is_crumb(line: str, crumbs: frozenset[str] = DEFAULT_CRUMBS) -> bool:
    """A UI crumb: a known chrome word, or a line made only of separators."""
    return line in crumbs or bool(_PUNCT_ONLY.match(line))


LINE_COUNT_SCHEMA = {"publisher_key": pl.Int64, "line": pl.String, "article_count": pl.Int64}


@dataclass(frozen=True)
class BoilerplateSettings:
    min_articles: int = 20  # a line must recur in at least this many of the publisher's articles
    min_share: float = 0.3  # ... and in at least this share of them
    max_line_chars: int = 200  # longer lines are story text, never furniture


def _lines(articles: pl.LazyFrame, settings: BoilerplateSettings) -> pl.LazyFrame:
    return (
        articles.select("article_key", "publisher_key", pl.col("body_text").str.split("\n").alias("line"))
        .explode("line")
        .with_columns(pl.int_range(pl.len()).over("article_key").alias("line_no"))
        .filter(pl.col("line").str.len_chars() <= settings.max_line_chars)
    )


def count_publisher_lines(
    articles: pl.DataFrame, settings: BoilerplateSettings = BoilerplateSettings()
) -> pl.DataFrame:
    """One row per (publisher, line): in how many of the night's articles of that publisher the line appears."""
    return (
        _lines(articles.lazy(), settings)
        .drop_nulls("publisher_key")
        .filter(pl.col("line").str.strip_chars() != "")
        .unique(["article_key", "line"])
        .group_by("publisher_key", "line")
        .agg(pl.len().cast(pl.Int64).alias("article_count"))
        .sort("publisher_key", "line")
        .collect()
    )


def remove_boilerplate(
    articles: pl.DataFrame, boilerplate: pl.DataFrame, settings: BoilerplateSettings = BoilerplateSettings()
) -> pl.DataFrame:
    """Drop learned boilerplate lines (publisher_key, line) from the bodies; recount lines and recompute hashes.

    Returns the articles frame with `body_text`, `paragraph_count`, `removed_boilerplate_lines`,
    `removed_char_count` and `content_hash` updated for the articles that lost lines; others are unchanged.
    """
    if boilerplate.height == 0 or articles.height == 0:
        return articles
    flagged = boilerplate.select("publisher_key", "line").with_columns(pl.lit(True).alias("is_boilerplate"))
    lines = (
        _lines(articles.lazy(), BoilerplateSettings(max_line_chars=10**9))
        .join(flagged.lazy(), on=["publisher_key", "line"], how="left")
        .with_columns(pl.col("is_boilerplate").fill_null(False))
    )
    changed = (
        lines.group_by("article_key")
        .agg(
            pl.col("line")
            .filter(~pl.col("is_boilerplate"))
            .sort_by(pl.col("line_no").filter(~pl.col("is_boilerplate")))
            .str.join("\n")
            .alias("new_body"),
            pl.col("is_boilerplate").sum().cast(pl.Int32).alias("removed"),
            pl.col("line")
            .filter(pl.col("is_boilerplate"))
            .str.len_chars()
            .sum()
            .cast(pl.Int64)
            .alias("removed_chars"),
        )
        .filter(pl.col("removed") > 0)
        .collect()
    )
    if changed.height == 0:
        return articles
    changed = changed.with_columns(
        pl.col("new_body")
        .map_elements(lambda b: content_hash(block_key(b)), return_dtype=pl.String)
        .alias("new_hash"),
        pl.col("new_body")
        .str.split("\n")
        .list.eval(pl.element().str.strip_chars() != "")
        .list.sum()
        .cast(pl.Int32)
        .alias("new_paragraphs"),
    )
    return (
        articles.join(changed, on="article_key", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("new_body", "body_text").alias("body_text"),
            pl.coalesce("new_hash", "content_hash").alias("content_hash"),
            pl.coalesce("new_paragraphs", "paragraph_count").alias("paragraph_count"),
            (pl.col("removed_boilerplate_lines") + pl.col("removed").fill_null(0)).alias(
                "removed_boilerplate_lines"
            ),
            (pl.col("removed_char_count") + pl.col("removed_chars").fill_null(0)).alias("removed_char_count"),
        )
        .select(articles.columns)
    )


def learned_boilerplate(
    line_counts: pl.DataFrame,
    publisher_articles: pl.DataFrame,
    settings: BoilerplateSettings = BoilerplateSettings(),
) -> pl.DataFrame:
    """(publisher_key, line) pairs that are boilerplate, from stored line counts and each publisher's article count.

    Args:
        line_counts: LINE_COUNT_SCHEMA rows accumulated over earlier nights.
        publisher_articles: publisher_key, articles (how many articles of the publisher are stored).
    """
    return (
        line_counts.lazy()
        .join(publisher_articles.lazy(), on="publisher_key")
        .filter(
            (pl.col("article_count") >= settings.min_articles)
            & (pl.col("article_count") >= settings.min_share * pl.col("articles"))
        )
        .select("publisher_key", "line")
        .sort("publisher_key", "line")
        .collect()
    )
