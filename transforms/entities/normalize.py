"""Entity normalization in Polars: canonical names, aliases, stable keys, person roles.

Input is the mention frame the extractor produces (`MENTION_SCHEMA`, one row per mention). Outputs are the frames
the warehouse loads: entities, aliases, mentions with entity keys, and person-role observations.
"""

from __future__ import annotations

import polars as pl

from transforms.entities.identity import entity_key, role_anchor
from transforms.entities.titles import base_title

ROLE_DTYPE = pl.Struct({"role": pl.String, "affiliation": pl.String})
MENTION_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String,
    "entity_type": pl.String,  # PERSON, ORG, LOCATION, EVENT
    "name": pl.String,  # the name the mention gives (a short form carries its antecedent's name)
    "surface": pl.String,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "mention_kind": pl.String,  # full, short, alias, byline
    "roles": pl.List(ROLE_DTYPE),
    "source": pl.String,  # rules, tagger, byline
}
ALIAS_SCHEMA: dict[str, pl.DataType] = {
    "entity_type": pl.String,
    "canonical_name": pl.String,
    "alias": pl.String,
}


def canonical_name(name: pl.Expr) -> pl.Expr:
    """Width-normalized (NFKC: full-width Latin and digits to ASCII), spaces folded, trimmed."""
    return name.str.normalize("NFKC").str.replace_all(r"\s+", " ").str.strip_chars()


def entity_keys(entity_type: pl.Expr, name: pl.Expr, anchor: pl.Expr | None = None) -> pl.Expr:
    """Stable BIGINT key of (entity_type, canonical name[, person anchor]) (transforms.entities.identity.entity_key)."""
    anchor = pl.lit(None, dtype=pl.String) if anchor is None else anchor
    return pl.struct(entity_type.alias("t"), name.alias("n"), anchor.alias("a")).map_elements(
        lambda s: entity_key(s["t"], s["n"], s["a"]), return_dtype=pl.Int64
    )


def person_anchors(resolved: pl.DataFrame) -> pl.DataFrame:
    """(article_id, entity_type, canonical_name, anchor): per article, the career that anchors each person named
    with one (transforms.entities.identity: the highest-priority career among the name's roles; press with its publisher)."""
    roles = (
        resolved.lazy()
        .filter(pl.col("entity_type") == "PERSON")
        .select("article_id", "entity_type", "canonical_name", "roles")
        .explode("roles")
        .drop_nulls("roles")
        .unnest("roles")
        .drop_nulls("role")
        .collect()
    )

    # one anchor per distinct (role, affiliation), from transforms.entities.identity.role_anchor
    def ranked(r: dict) -> dict | None:
        found = role_anchor(r["role"], r["affiliation"])
        return {"rank": found[0], "anchor": found[1]} if found else None

    anchors = (
        roles.select("role", "affiliation")
        .unique(maintain_order=True)
        .with_columns(
            pl.struct("role", "affiliation")
            .map_elements(ranked, return_dtype=pl.Struct({"rank": pl.Int64, "anchor": pl.String}))
            .alias("ranked")
        )
        .unnest("ranked")
    )
    return (
        roles.join(anchors, on=["role", "affiliation"], how="left", maintain_order="left", nulls_equal=True)
        .drop_nulls("anchor")
        .sort("article_id", "canonical_name", "rank", "anchor")
        .group_by("article_id", "entity_type", "canonical_name", maintain_order=True)
        .agg(pl.col("anchor").first())
    )


def resolve_aliases(mentions: pl.LazyFrame, alias_table: pl.LazyFrame) -> pl.LazyFrame:
    """Replace alias names with their canonical name (오픈AI -> OpenAI); `alias_table` has ALIAS_SCHEMA.

    The table combines the versioned seed aliases and the pairs learned from parentheses (메이저리그야구대회(MLB)).
    """
    aliases = alias_table.select(
        pl.col("entity_type"),
        canonical_name(pl.col("alias")).alias("name"),
        canonical_name(pl.col("canonical_name")).alias("resolved_name"),
    ).unique(subset=["entity_type", "name"], keep="first", maintain_order=True)
    return (
        mentions.with_columns(canonical_name(pl.col("name")).alias("name"))
        .join(aliases, on=["entity_type", "name"], how="left", maintain_order="left")
        .with_columns(pl.coalesce("resolved_name", "name").alias("canonical_name"))
        .drop("resolved_name")
    )


def learned_aliases(definitions: pl.LazyFrame) -> pl.LazyFrame:
    """Alias pairs defined in text (`definitions`: entity_type, name = the long form, surface = the short form,
    definitions = how often; transforms.entities.defined_aliases.DEFINITION_SCHEMA): MLB -> 메이저리그야구대회.

    Where texts define one alias with different long forms (APEC as 아시아태평양경제협력체, and as 경제협력체 where a
    rule cut the long form short), the pair defined most often comes first, then the longest long form, then the
    alphabetically first: whatever order the articles arrive in (a night, a reprocess), the alias resolves alike.
    """
    return (
        definitions.select(
            "entity_type",
            canonical_name(pl.col("name")).alias("canonical_name"),
            canonical_name(pl.col("surface")).alias("alias"),
            "definitions",
        )
        .group_by("entity_type", "canonical_name", "alias")
        .agg(pl.col("definitions").sum())
        .sort(
            [
                "entity_type",
                "alias",
                "definitions",
                pl.col("canonical_name").str.len_chars(),
                "canonical_name",
            ],
            descending=[False, False, True, True, False],
        )
        .select("entity_type", "canonical_name", "alias")
    )


def defined_in(mentions: pl.LazyFrame) -> pl.LazyFrame:
    """The alias definitions of some mentions (their rows of kind `alias`), for learned_aliases."""
    return mentions.filter(pl.col("mention_kind") == "alias").select(
        "entity_type", "name", "surface", pl.lit(1, dtype=pl.Int64).alias("definitions")
    )


def normalize_entities(
    mentions: pl.DataFrame, alias_table: pl.DataFrame, definitions: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """Mentions (MENTION_SCHEMA) -> the warehouse's entity frames.

    `definitions`: the aliases the night's texts define (DEFINITION_SCHEMA), so that a partition of the night
    resolves them as the whole night does; none: those its own mentions define.

    Returns a dict of frames:
      - `entities`: one row per entity (entity_key, entity_type, canonical_name)
      - `aliases`: one row per (entity_key, alias): every distinct surface name other than the canonical one
      - `mentions`: one row per mention (article_id, entity_key, surface, start_char, end_char, mention_kind,
        proposed_by: the rule or model that proposed it)
      - `person_roles`: one row per (article_id, entity_key, role, affiliation) observed; a generic role
        (구청장 with no affiliation) is dropped where the same article gives the person a specific one (도봉구청장).
        An affiliation that is an organization's alias is given by its canonical name (민주당 -> 더불어민주당,
        서울시 -> 서울특별시), so one body's roles do not split by spelling.
    """
    lazy = mentions.lazy()
    defined = defined_in(lazy) if definitions is None else definitions.lazy()
    all_aliases = pl.concat([alias_table.lazy(), learned_aliases(defined)], how="vertical_relaxed")
    resolved = resolve_aliases(lazy, all_aliases).collect()
    resolved = resolved.join(
        person_anchors(resolved),
        on=["article_id", "entity_type", "canonical_name"],
        how="left",
        maintain_order="left",
    )
    # keys hashed once per distinct (type, name, anchor), not once per mention: thousands, not millions, at 100k
    names = resolved.select("entity_type", "canonical_name", "anchor").unique(maintain_order=True)
    names = names.with_columns(
        entity_keys(pl.col("entity_type"), pl.col("canonical_name"), pl.col("anchor")).alias("entity_key")
    )
    resolved_df = resolved.join(
        names,
        on=["entity_type", "canonical_name", "anchor"],
        how="left",
        maintain_order="left",
        nulls_equal=True,
    )

    entities = (
        resolved_df.lazy()
        .select("entity_key", "entity_type", "canonical_name", pl.col("anchor").alias("disambiguator"))
        .unique(subset=["entity_key"], keep="first")
        .sort("entity_key")
        .collect()
    )
    aliases = (
        resolved_df.lazy()
        .filter(pl.col("mention_kind").is_in(["full", "alias"]))
        .select(
            "entity_key",
            canonical_name(pl.col("name")).alias("alias_from_name"),
            canonical_name(pl.col("surface")).alias("alias_from_surface"),
            "mention_kind",
            "canonical_name",
        )
        .with_columns(
            pl.when(pl.col("mention_kind") == "alias")
            .then(pl.col("alias_from_surface"))
            .otherwise(pl.col("alias_from_name"))
            .alias("alias")
        )
        .filter(pl.col("alias") != pl.col("canonical_name"))
        .select("entity_key", "alias")
        .unique()
        .sort("entity_key", "alias")
        .collect()
    )
    fact = (
        resolved_df.lazy()
        .select(
            "article_id",
            "entity_key",
            "surface",
            "start_char",
            "end_char",
            "mention_kind",
            pl.col("source").alias("proposed_by"),
        )
        .unique(maintain_order=True)
        .collect()
    )
    org_names = (
        all_aliases.filter(pl.col("entity_type") == "ORG")
        .select(
            canonical_name(pl.col("alias")).alias("affiliation"),
            canonical_name(pl.col("canonical_name")).alias("canonical_affiliation"),
        )
        .unique(subset=["affiliation"], keep="first", maintain_order=True)
    )
    roles = (
        resolved_df.lazy()
        .filter(pl.col("entity_type") == "PERSON")
        .select("article_id", "entity_key", "roles")
        .explode("roles")
        .drop_nulls("roles")
        .unnest("roles")
        .drop_nulls("role")
        .join(org_names, on="affiliation", how="left", maintain_order="left")
        .with_columns(pl.coalesce("canonical_affiliation", "affiliation").alias("affiliation"))
        .with_columns(
            pl.col("role").map_elements(base_title, return_dtype=pl.String).alias("base_title"),
        )
        .with_columns(
            (
                pl.col("affiliation").is_not_null().sum().over("article_id", "entity_key", "base_title") > 0
            ).alias("has_specific")
        )
        .filter(pl.col("affiliation").is_not_null() | ~pl.col("has_specific"))
        .select("article_id", "entity_key", "role", "affiliation")
        .unique()
        .sort("article_id", "entity_key", "role")
        .collect()
    )
    return {"entities": entities, "aliases": aliases, "mentions": fact, "person_roles": roles}
