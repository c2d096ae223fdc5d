"""Article frames -> entity and date frames: the entities stage's computation, for one partition of articles.

Pure: the caller passes the gazetteer, the alias table and (optionally) a tagger function, and writes the frames.
Partitions are independent (entity keys derive from names, and the aliases the texts define are read from the whole
night: transforms.entities.defined_aliases.night_definitions), so the caller may process any number of them and
concatenate the results.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from transforms.dates.mentions import find_date_mentions
from transforms.entities.admin import AdminIndex
from transforms.entities.defined_aliases import night_definitions
from transforms.entities.memory import Memory
from transforms.entities.mentions import mention_rows
from transforms.entities.normalize import MENTION_SCHEMA, normalize_entities
from transforms.entities.spans import Span

# A tagger takes bodies and returns, per body, (start, end, label) spans with KLUE labels (a person span may carry its
# margin as a fourth element: NerTagger.tag_scored).
TagBatch = Callable[[list[str]], list[list[tuple]]]
TAGGER_LABELS = {"PS": "PERSON", "OG": "ORG", "LC": "LOCATION"}
DATE_MENTION_SCHEMA: dict[str, pl.DataType] = {
    "article_key": pl.Int64,
    "surface": pl.String,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "date_from": pl.Date,
    "date_to": pl.Date,
    "is_resolved": pl.Boolean,
    "resolved_against": pl.String,
}
ARTICLE_COLUMNS = [
    "article_id",
    "article_key",
    "body_text",
    "reporters",
    "publisher_name",
    "date_key",
    "is_date_from_run",
]


def tagger_spans(body: str, spans: list[tuple]) -> list[Span]:
    """A tagger's PS/OG/LC spans as entity Spans (DT/TI/QT are left to the date rules); what they are worth is
    decided by transforms.entities.resolve. A span may carry a fourth element, the model's margin for a person
    (NerTagger.tag_scored)."""
    out = []
    for start, end, label, *rest in spans:
        if label not in TAGGER_LABELS or not (0 <= start < end <= len(body)):
            continue
        name = body[start:end].strip()
        if not name:
            continue
        offset = start + body[start:end].index(name)
        margin = rest[0] if rest else None
        out.append(
            Span(offset, offset + len(name), TAGGER_LABELS[label], name, source="tagger", margin=margin)
        )
    return out


def date_rows(article: dict) -> list[dict]:
    return [
        {
            "article_key": article["article_key"],
            "surface": d.surface,
            "start_char": d.start,
            "end_char": d.end,
            "date_from": d.date_from,
            "date_to": d.date_to,
            "is_resolved": d.is_resolved,
            "resolved_against": "run_date" if article["is_date_from_run"] else "published_at",
        }
        for d in find_date_mentions(article["body_text"], article["date_key"])
    ]


def first_of(keys: list) -> list[int]:
    """For each key, the index of its first occurrence in `keys`."""
    seen: dict = {}
    return [seen.setdefault(k, i) for i, k in enumerate(keys)]


def extract_entity_frames(
    articles: pl.DataFrame,
    gazetteer: dict[str, str],
    alias_table: pl.DataFrame,
    tag_batch: TagBatch | None = None,
    admin: AdminIndex | None = None,
    memory: pl.DataFrame | None = None,
    definitions: pl.DataFrame | None = None,
) -> dict[str, pl.DataFrame]:
    """Entities, aliases, mentions, person roles and date mentions of one partition of articles.

    Args:
        articles: rows with ARTICLE_COLUMNS.
        gazetteer: name -> entity type, for names no rule types.
        alias_table: transforms.entities.normalize.ALIAS_SCHEMA rows.
        tag_batch: a statistical tagger; its spans fill in where no rule fired.
        admin: the administrative-area index (법정동 table) that validates and names districts.
        memory: names earlier nights confirmed (transforms.entities.memory.MEMORY_SCHEMA); the trusted ones are
            found wherever they stand as whole words.
        definitions: the aliases the whole night's bodies define (night_definitions); none: those of `articles`.
    Returns: frames keyed `entities`, `aliases`, `mentions`, `person_roles` (with article_key), `date_mentions`,
        `quotes` (transforms.quotes.QUOTE_SCHEMA).
    """
    remembered = Memory(memory)
    articles_in = articles.rows(named=True)
    bodies = [a["body_text"] for a in articles_in]
    # an article's spans, mentions and dates depend only on these inputs: each distinct input is extracted once
    # and its rows given to every article that has it (exact copies are common: re-scrapes, syndication)
    by_body = first_of(bodies)
    distinct = sorted(set(by_body))
    tagged_distinct = tag_batch([bodies[i] for i in distinct]) if tag_batch else [[] for _ in distinct]
    tagged = dict(zip(distinct, tagged_distinct, strict=True))
    by_mentions = first_of(
        [
            (a["body_text"], tuple(r["name"] for r in a["reporters"] or []), a["publisher_name"])
            for a in articles_in
        ]
    )
    by_dates = first_of([(a["body_text"], a["date_key"], a["is_date_from_run"]) for a in articles_in])
    rows: list[dict] = []
    dates: list[dict] = []
    mention_memo: dict[int, list[dict]] = {}
    date_memo: dict[int, list[dict]] = {}
    for i, article in enumerate(articles_in):
        first = by_dates[i]
        if first == i:
            date_memo[i] = date_rows(article)
            dates.extend(date_memo[i])
        else:
            key = article["article_key"]
            dates.extend({**row, "article_key": key} for row in date_memo[first])
        first = by_mentions[i]
        if first == i:
            mention_memo[i] = mention_rows(
                article["article_id"],
                article["body_text"],
                article["reporters"] or [],
                article["publisher_name"],
                gazetteer,
                tagger_spans(article["body_text"], tagged[by_body[i]]),
                admin,
                remembered,
            )
            rows.extend(mention_memo[i])
        else:
            article_id = article["article_id"]
            rows.extend({**row, "article_id": article_id} for row in mention_memo[first])
    if definitions is None:
        definitions = night_definitions(articles.lazy(), gazetteer)
    frames = normalize_entities(pl.DataFrame(rows, schema=MENTION_SCHEMA), alias_table, definitions)
    keys = articles.select("article_id", "article_key")
    frames["mentions"] = (
        frames["mentions"].join(keys, on="article_id", maintain_order="left").drop("article_id")
    )
    frames["person_roles"] = (
        frames["person_roles"].join(keys, on="article_id", maintain_order="left").drop("article_id")
    )
    frames["date_mentions"] = pl.DataFrame(dates, schema=DATE_MENTION_SCHEMA)
    # quotations, their speakers resolved against the same articles' mentions; an organization that speaks by a
    # common word (재판부) becomes an ORG entity of its own (imported here: transforms.quotes reads the entities'
    # lexicon and keys, so a module-level import would be circular)
    from transforms.quotes import extract_quote_frames

    frames["quotes"], speakers = extract_quote_frames(articles, frames["mentions"], frames["entities"])
    frames["entities"] = (
        pl.concat([frames["entities"], speakers], how="vertical_relaxed")
        .unique(subset=["entity_key"], keep="first")
        .sort("entity_key")
    )
    return frames


def copy_groups(body_keys: pl.Series) -> dict[int, list[int]]:
    """The night's articles grouped by body (`body_keys`: a key of each article's body, in night order; null: a body
    of its own): the position of each group's first article -> the positions of the group, in order.

    Partitions cut in this order (each group in full where its first article stands) extract each body once however
    far apart its copies stand in the night (extract_entity_frames extracts each distinct input of a partition once
    and copies its rows): re-scrapes and the same article saved in two forms are common, and the bench corpus holds
    9% exact copies."""
    positions = pl.DataFrame({"key": body_keys}).with_row_index("position")
    keyed = positions.with_columns(pl.coalesce("key", pl.format("\x00{}", "position")).alias("key"))
    groups = keyed.group_by("key", maintain_order=True).agg("position")["position"].to_list()
    return {group[0]: group for group in groups}


def combine_partitions(parts: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """Concatenate partition frames; entities and aliases made unique (the same key means the same entity); frames
    whose order inside a partition is not the article order sorted, so partitioning never changes the result.

    The per-article frames keep the partitions' article order: the night's order, with each copy of a body right
    after the article it copies when the partitions were cut by copy_groups (the warehouse load orders its facts by
    article and offset, so this order is only that of the stage's Parquet files)."""
    combined = {name: pl.concat([p[name] for p in parts], how="vertical") for name in parts[0]}
    combined["entities"] = combined["entities"].unique(subset=["entity_key"], keep="first").sort("entity_key")
    combined["aliases"] = combined["aliases"].unique().sort("entity_key", "alias")
    combined["person_roles"] = combined["person_roles"].sort(combined["person_roles"].columns)
    return combined
