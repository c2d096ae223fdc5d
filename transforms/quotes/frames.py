"""Quotations of a partition of articles as frames: one row per quotation (QUOTE_SCHEMA), and the ORG entities that
speak by a common word (재판부) to add to the partition's entities."""

from __future__ import annotations

import polars as pl

from transforms.quotes.attribution import attribute, quoted_spans
from transforms.quotes.marks import find_quoted
from transforms.quotes.speakers import Mention, SpeakerResolver, resolve_speakers

QUOTE_SCHEMA: dict[str, pl.DataType] = {
    "article_key": pl.Int64,
    "start_char": pl.Int64,  # the quoted words, without the marks: body_text[start_char:end_char]
    "end_char": pl.Int64,
    "quote_text": pl.String,
    "speaker_entity_key": pl.Int64,  # a PERSON or ORG entity; null for anonymous or unresolved speakers
    "speaker_kind": pl.String,  # person, org, anonymous, unresolved
    "speaker_surface": pl.String,  # as the attribution writes the speaker, without particles; null when dropped
    "verb": pl.String,
    "paragraph_index": pl.Int64,  # 0-based line of the body
}
SPEAKER_ENTITY_SCHEMA: dict[str, pl.DataType] = {
    "entity_key": pl.Int64,
    "entity_type": pl.String,
    "canonical_name": pl.String,
    "disambiguator": pl.String,
}
SPEAKER_TYPES = ("PERSON", "ORG", "LOCATION")


def article_quotes(article_key: int, body: str, mentions: list[Mention]) -> tuple[list[dict], list[dict]]:
    """One body's quotation rows (QUOTE_SCHEMA) and the ORG entities its speakers name by a common word."""
    quoted = find_quoted(body)
    if not any(q.is_quotation for q in quoted):
        return [], []
    resolver = SpeakerResolver(body, mentions, quoted_spans(quoted))
    attributions = attribute(body, quoted, resolver.names)
    rows, entities = [], []
    for a, speaker in zip(attributions, resolve_speakers(resolver, attributions), strict=True):
        q = a.quote
        rows.append(
            {
                "article_key": article_key,
                "start_char": q.start,
                "end_char": q.end,
                "quote_text": body[q.start : q.end],
                "speaker_entity_key": speaker.entity_key,
                "speaker_kind": speaker.kind,
                "speaker_surface": speaker.surface,
                "verb": a.verb,
                "paragraph_index": resolver.paragraph(q.start),
            }
        )
        if speaker.entity_name is not None:
            entities.append(
                {
                    "entity_key": speaker.entity_key,
                    "entity_type": "ORG",
                    "canonical_name": speaker.entity_name,
                    "disambiguator": None,
                }
            )
    return rows, entities


def extract_quote_frames(
    articles: pl.DataFrame, mentions: pl.DataFrame, entities: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Quotations of `articles` (article_key, body_text) with speakers from the same articles' `mentions`
    (article_key, entity_key, start_char, end_char) of `entities` (entity_key, entity_type, canonical_name).

    Returns (quotes: one row per quotation, QUOTE_SCHEMA; speaker entities: one row per ORG named by a common
    word, SPEAKER_ENTITY_SCHEMA)."""
    placed = (
        mentions.lazy()
        .drop_nulls("start_char")
        .join(entities.lazy().select("entity_key", "entity_type", "canonical_name"), on="entity_key")
        .filter(pl.col("entity_type").is_in(SPEAKER_TYPES))
        .group_by("article_key")
        .agg(pl.struct("start_char", "end_char", "entity_key", "entity_type", "canonical_name").alias("m"))
        .collect()
    )
    by_article = {row["article_key"]: row["m"] for row in placed.iter_rows(named=True)}
    rows: list[dict] = []
    speakers: list[dict] = []
    # an article's quotations depend only on its body and its mentions: an exact copy reuses them
    memo: dict[tuple, tuple[list[dict], list[dict]]] = {}
    for key, body in articles.select("article_key", "body_text").iter_rows():
        placed_here = by_article.get(key, [])
        seen = (body, tuple(tuple(m.values()) for m in placed_here))
        if seen in memo:
            quote_rows, entity_rows = memo[seen]
            quote_rows = [{**row, "article_key": key} for row in quote_rows]
        else:
            found = [
                Mention(
                    m["start_char"], m["end_char"], m["entity_key"], m["entity_type"], m["canonical_name"]
                )
                for m in placed_here
            ]
            quote_rows, entity_rows = memo[seen] = article_quotes(key, body or "", found)
        rows.extend(quote_rows)
        speakers.extend(entity_rows)
    return (
        pl.DataFrame(rows, schema=QUOTE_SCHEMA),
        pl.DataFrame(speakers, schema=SPEAKER_ENTITY_SCHEMA).unique(
            "entity_key", keep="first", maintain_order=True
        ),
    )
