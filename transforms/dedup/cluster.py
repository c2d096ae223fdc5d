"""Clusters: connected components of accepted pairs, the canonical (survivor) of each, and the check that every
near duplicate matches its canonical directly."""

from __future__ import annotations

import numpy as np
import polars as pl

from transforms.dedup.normalize import Texts
from transforms.dedup.settings import DedupSettings
from transforms.dedup.verify import shingle_sets, verify_candidates


def _components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected components of an undirected graph on 0..n-1: label = smallest node index of the component."""
    label = np.arange(n, dtype=np.int64)
    if u.size == 0:
        return label
    while True:
        lu, lv = label[u], label[v]
        m = np.minimum(lu, lv)
        new = label.copy()
        np.minimum.at(new, lu, m)  # hook roots onto the smaller root
        np.minimum.at(new, lv, m)
        np.minimum.at(new, u, m)
        np.minimum.at(new, v, m)
        while True:  # pointer jumping until every node points at a root
            nxt = new[new]
            if np.array_equal(nxt, new):
                break
            new = nxt
        if np.array_equal(new, label):
            return label
        label = new


DUPLICATE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.Int64,
    "canonical_article_id": pl.Int64,
    "method": pl.String,
    "similarity": pl.Float64,
}


def cluster_duplicates(
    articles: pl.DataFrame,
    accepted_pairs: pl.DataFrame,
    existing: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Group accepted pairs into clusters and point every non-canonical article at its cluster's canonical.

    Args:
        articles: article_id, published_at (nulls rank last), body_chars (length of the cleaned body), exact_hash.
            Every article named in `accepted_pairs` must be here; canonicals named only in `existing` need not be.
        accepted_pairs: article_id_a, article_id_b, similarity (Jaccard of the pair).
        existing: article_id, canonical_article_id assigned on earlier nights (optional).
    Returns: article_id, canonical_article_id, method ('exact' when the exact hashes are equal, else 'near'),
    similarity (1.0 for exact; else the pair's Jaccard when the article was paired with the canonical directly,
    otherwise the highest Jaccard among its accepted pairs). Only articles without an earlier assignment get a row.

    Canonical rule: if the cluster holds canonicals from `existing`, the best of those (by the priority below) stays
    canonical, and assignments made earlier are never rewritten (a new article that links two old clusters joins
    the better one; the old clusters are not merged). Otherwise: earliest published_at, then the longest body, then
    the lowest article_id.
    """
    id_dtype = articles.schema["article_id"]
    schema = {**DUPLICATE_SCHEMA, "article_id": id_dtype, "canonical_article_id": id_dtype}
    pairs = accepted_pairs.select("article_id_a", "article_id_b", "similarity")
    prior = (
        existing.select("article_id", "canonical_article_id").cast(
            {"article_id": id_dtype, "canonical_article_id": id_dtype}
        )
        if existing is not None
        else pl.DataFrame(schema={"article_id": id_dtype, "canonical_article_id": id_dtype})
    )
    if pairs.height == 0:
        return pl.DataFrame(schema=schema)
    ids = (
        pl.concat(
            [
                pairs["article_id_a"].cast(id_dtype),
                pairs["article_id_b"].cast(id_dtype),
                prior["article_id"],
                prior["canonical_article_id"],
            ]
        )
        .unique()
        .sort()
    )
    index = pl.DataFrame({"article_id": ids, "node": np.arange(ids.len(), dtype=np.int64)})

    def nodes(col: pl.Series) -> np.ndarray:
        return (
            pl.DataFrame({"article_id": col.cast(id_dtype)})
            .join(index, on="article_id", how="left", maintain_order="left")["node"]
            .to_numpy()
        )

    pu, pv = nodes(pairs["article_id_a"]), nodes(pairs["article_id_b"])
    # earlier assignments are edges too: an article matching a stored duplicate reaches that duplicate's canonical
    eu, ev = nodes(prior["article_id"]), nodes(prior["canonical_article_id"])
    label = _components(ids.len(), np.concatenate([pu, eu]), np.concatenate([pv, ev]))

    info = index.with_columns(pl.Series("cluster", label)).join(
        articles.select("article_id", "published_at", "body_chars", "exact_hash").cast(
            {"article_id": id_dtype}
        ),
        on="article_id",
        how="left",
    )
    fixed_canonicals = prior["canonical_article_id"].unique()
    info = info.with_columns(
        pl.col("article_id").is_in(fixed_canonicals.implode()).alias("fixed"),
        pl.col("article_id").is_in(prior["article_id"].implode()).alias("assigned"),
    )
    has_fixed = info.group_by("cluster").agg(pl.col("fixed").any().alias("cluster_fixed"))
    ranked = (
        info.join(has_fixed, on="cluster")
        .filter(~pl.col("cluster_fixed") | pl.col("fixed"))
        .sort(
            ["cluster", "published_at", "body_chars", "article_id"],
            descending=[False, False, True, False],
            nulls_last=True,
        )
        .group_by("cluster", maintain_order=True)
        .first()
        .select(
            "cluster",
            pl.col("article_id").alias("canonical_article_id"),
            pl.col("exact_hash").alias("c_hash"),
        )
    )
    members = info.join(ranked, on="cluster").filter(
        (pl.col("article_id") != pl.col("canonical_article_id")) & ~pl.col("assigned") & ~pl.col("fixed")
    )
    # similarity: the direct pair with the canonical if there is one, else the best pair of the article
    both = pl.concat(
        [
            pairs.select(
                pl.col("article_id_a").cast(id_dtype).alias("x"),
                pl.col("article_id_b").cast(id_dtype).alias("y"),
                "similarity",
            ),
            pairs.select(
                pl.col("article_id_b").cast(id_dtype).alias("x"),
                pl.col("article_id_a").cast(id_dtype).alias("y"),
                "similarity",
            ),
        ]
    )
    best = both.group_by("x").agg(pl.col("similarity").max().alias("best"))
    direct = both.rename({"x": "article_id", "y": "canonical_article_id", "similarity": "direct"}).unique(
        ["article_id", "canonical_article_id"]
    )
    out = (
        members.join(best, left_on="article_id", right_on="x", how="left")
        .join(direct, on=["article_id", "canonical_article_id"], how="left")
        .with_columns(
            (pl.col("exact_hash").is_not_null() & (pl.col("exact_hash") == pl.col("c_hash"))).alias(
                "is_exact"
            )
        )
        .select(
            "article_id",
            "canonical_article_id",
            pl.when(pl.col("is_exact")).then(pl.lit("exact")).otherwise(pl.lit("near")).alias("method"),
            pl.when(pl.col("is_exact"))
            .then(1.0)
            .otherwise(pl.coalesce("direct", "best"))
            .cast(pl.Float64)
            .alias("similarity"),
        )
        .sort("article_id")
    )
    return out.cast(schema)


def settle_clusters(
    articles: pl.DataFrame,
    pairs: pl.DataFrame,
    existing: pl.DataFrame | None,
    bodies: Texts,
    settings: DedupSettings,
) -> pl.DataFrame:
    """Clusters whose members all match their canonical directly (no chaining).

    Connected components alone chain: A~B and B~C put C under A even when C shares little with A (templated
    blurbs, a story rewritten in steps). Every 'near' row is therefore checked against its canonical itself (the
    verified pair when there is one, else the two texts, row i of `bodies` being article i of `articles`). Rows
    that fail lose their links to the members that passed, and the rest is clustered again (at most 8 rounds).
    Rows whose canonical text is not at hand (a fixed canonical from `existing` that was not loaded) are kept.
    Similarity of every near row = Jaccard with its canonical.
    """
    accepted = pairs.filter("accepted").select(
        "article_id_a", "article_id_b", pl.col("jaccard").alias("similarity")
    )
    known = pl.concat(
        [
            pairs.select(
                pl.col("article_id_a").alias("x"), pl.col("article_id_b").alias("y"), "jaccard", "accepted"
            ),
            pairs.select(
                pl.col("article_id_b").alias("x"), pl.col("article_id_a").alias("y"), "jaccard", "accepted"
            ),
        ]
    ).unique(["x", "y"], keep="first")
    row = articles.select("article_id").with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    checked: list[pl.DataFrame] = []  # pairs verified here, reused across rounds
    dups = cluster_duplicates(articles, accepted, existing)
    for _ in range(8):
        near = dups.filter(pl.col("method") == "near").join(
            known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left"
        )
        todo = (
            near.filter(pl.col("accepted").is_null())
            .select("article_id", "canonical_article_id")
            .join(row, on="article_id")
            .join(
                row.rename({"article_id": "canonical_article_id", "row": "c_row"}), on="canonical_article_id"
            )
        )
        if todo.height:
            n = todo.height
            texts = bodies.take(todo["row"].to_numpy()) + bodies.take(todo["c_row"].to_numpy())
            idx = pl.DataFrame({"a": np.arange(n, dtype=np.int64), "b": np.arange(n, 2 * n, dtype=np.int64)})
            v = verify_candidates(idx, shingle_sets(texts, settings), settings)
            new = todo.select(
                pl.col("article_id").alias("x"),
                pl.col("canonical_article_id").alias("y"),
                v["jaccard"],
                v["accepted"],
            )
            checked.append(new)
            known = pl.concat([known, new])
            near = near.drop("jaccard", "accepted").join(
                known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left"
            )
        bad = near.filter(pl.col("accepted") == False)  # noqa: E712 (null = canonical text not at hand: keep)
        if bad.height == 0:
            break
        failed = bad["article_id"].implode()
        in_a = pl.col("article_id_a").is_in(failed)
        in_b = pl.col("article_id_b").is_in(failed)
        accepted = accepted.filter(in_a == in_b)  # cut links between failed rows and the rest
        dups = cluster_duplicates(articles, accepted, existing)
    near = dups.join(known, left_on=["article_id", "canonical_article_id"], right_on=["x", "y"], how="left")
    return (
        near.with_columns(
            pl.when(pl.col("method") == "near")
            .then(pl.coalesce("jaccard", "similarity"))
            .otherwise(pl.col("similarity"))
            .alias("similarity")
        )
        .select(dups.columns)
        .sort("article_id")
    )
