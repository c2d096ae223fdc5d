"""One night: the night's articles against each other and against the band keys of earlier nights
(`find_duplicates`), and the band keys of stored articles (`stored_band_keys`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from transforms.dedup.cluster import settle_clusters
from transforms.dedup.lsh import band_keys, candidate_pairs
from transforms.dedup.normalize import Texts
from transforms.dedup.settings import DedupSettings
from transforms.dedup.sketch import Sketch, sketch_texts
from transforms.dedup.verify import shingle_sets, verify_candidates


@dataclass(frozen=True)
class DedupResult:
    """What one night produces.

    duplicates: rows for fct_article_duplicate: article_id, canonical_article_id, method, similarity.
    band_keys: article_id, band (Int16), band_hash (Int64) of the night's articles, to append to the stored keys.
        Only one article per exact key gets keys (copies are found through the exact key), and none below
        `min_chars`.
    pairs: every verified pair: article_id_a, article_id_b, jaccard, containment, accepted, source ('exact' inside
        the night, 'night' LSH inside the night, 'stored' LSH against stored keys), for inspection.
    exact: article_id, exact_hash of the night's articles (null below `min_chars`).
    """

    duplicates: pl.DataFrame
    band_keys: pl.DataFrame
    pairs: pl.DataFrame
    exact: pl.DataFrame


StoredLoader = Callable[[pl.Series], pl.DataFrame]  # stored article ids -> article_id, body, published_at
BandLookup = Callable[
    [pl.DataFrame], pl.DataFrame
]  # night keys (band, band_hash) -> matching stored key rows


def _features(
    df: pl.DataFrame, settings: DedupSettings, *, threads: int = 1, signatures: bool = False
) -> tuple[pl.DataFrame, Sketch]:
    """(article_id, published_at, body, body_chars, exact_hash) and the sketch (signatures when asked, prefix
    hashes), from one pass over the texts. exact_hash is null when the dedup text is under `min_chars`: such
    articles are not deduplicated."""
    body = df["body"].cast(pl.String).fill_null("")
    sk = sketch_texts(body, settings, threads=threads, signatures=signatures)
    short = (sk.lengths < settings.min_chars).tolist()
    frame = df.select("article_id", "published_at").with_columns(
        body,
        body.str.len_chars().cast(pl.Int64).alias("body_chars"),
        pl.Series(
            "exact_hash", [None if s else h for h, s in zip(sk.exact, short, strict=True)], dtype=pl.String
        ),
    )
    return frame, sk


def stored_band_keys(
    articles: pl.DataFrame, settings: DedupSettings | None = None, *, threads: int = 1
) -> pl.DataFrame:
    """Band keys of articles loaded on earlier nights (article_id, body, published_at), made with `settings`.

    A new settings version cannot reuse the keys of the previous one, so the warehouse is re-keyed once under the
    new version (its articles, not their clusters: duplicates already recorded stay as they are). Texts under
    `min_chars` get no keys, as in `find_duplicates`. Returns article_id, band, band_hash.
    """
    settings = settings or DedupSettings()
    frame, sk = _features(articles, settings, threads=threads, signatures=True)
    keys = _row_band_keys(sk, np.flatnonzero(frame["exact_hash"].is_not_null().to_numpy()), settings)
    return keys.select(frame["article_id"].gather(keys["doc"]).alias("article_id"), "band", "band_hash")


def _row_band_keys(sk: Sketch, rows: np.ndarray, settings: DedupSettings) -> pl.DataFrame:
    """Band keys of the sketched documents at positions `rows`: doc = the position, band, band_hash."""
    keys = band_keys(sk.signatures[rows], settings, prefix=sk.prefix[rows])
    return keys.select(pl.Series(rows)[keys["doc"]].alias("doc"), "band", "band_hash")


def _drop_crowded_prefixes(
    keys: pl.DataFrame, other: pl.DataFrame | None, settings: DedupSettings
) -> list[pl.DataFrame]:
    """Remove prefix keys (band == bands) shared by more than `max_prefix_bucket` documents in keys + other."""
    frames = [keys] if other is None else [keys, other]
    is_prefix = pl.col("band") == settings.bands
    counts = (
        pl.concat([f.filter(is_prefix).select("doc", "band_hash") for f in frames])
        .unique()
        .group_by("band_hash")
        .len()
    )
    crowded = counts.filter(pl.col("len") > settings.max_prefix_bucket)["band_hash"]
    if crowded.len() == 0:
        return frames
    return [f.filter(~(is_prefix & pl.col("band_hash").is_in(crowded.implode()))) for f in frames]


def find_duplicates(
    new: pl.DataFrame,
    settings: DedupSettings | None = None,
    *,
    stored_bands: pl.DataFrame | BandLookup | None = None,
    stored_articles: pl.DataFrame | StoredLoader | None = None,
    existing: pl.DataFrame | None = None,
    threads: int = 1,
) -> DedupResult:
    """Deduplicate one night of articles against each other and against the band keys of earlier nights.

    Args:
        new: article_id (any sortable type), body (cleaned text, NFC), published_at.
        settings: must be the settings the stored band keys were made with (same fingerprint).
        stored_bands: article_id, band, band_hash of earlier nights, or a function that receives the night's keys
            (band, band_hash) and returns the stored rows with an equal band_hash, e.g. a DuckDB semi-join, so the
            full table never leaves the warehouse. Rows of articles that are also in `new` are ignored.
        stored_articles: article_id, body, published_at of stored articles, or a function returning them for a
            Series of ids; it is asked only for the stored candidates and their earlier canonicals. Required when
            stored keys produce candidates.
        existing: article_id, canonical_article_id from earlier nights (may be pre-filtered to the clusters of the
            stored candidates). Their canonicals stay canonical.
        threads: numpy worker threads for hashing (results do not depend on it).
    Returns: a `DedupResult`.
    """
    settings = settings or DedupSettings()
    id_dtype = new.schema["article_id"]
    night, sk = _features(new, settings, threads=threads, signatures=True)
    n_new = night.height
    new_ids = night["article_id"]

    # (a) exact copies inside the night: each paired with the first article (row) of its exact key
    rows = night.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("row"), "exact_hash").filter(
        pl.col("exact_hash").is_not_null()
    )
    rep = rows.with_columns(pl.col("row").first().over("exact_hash").alias("rep"))
    exact_pairs = rep.filter(pl.col("row") != pl.col("rep")).select(
        pl.col("rep").alias("a"), pl.col("row").alias("b")
    )
    rep_rows = rep.filter(pl.col("row") == pl.col("rep"))["row"].to_numpy()

    # (b) LSH among the night's distinct texts (MinHash bands + the prefix key)
    night_keys = _row_band_keys(sk, rep_rows, settings)
    if callable(stored_bands):
        stored_bands = stored_bands(night_keys.select("band", "band_hash").unique())
    sb = None
    if stored_bands is not None and stored_bands.height:
        sb = stored_bands.select(
            pl.col("article_id").cast(id_dtype).alias("doc"), "band", "band_hash"
        ).filter(~pl.col("doc").is_in(new_ids.implode()))
    query_keys, *rest = _drop_crowded_prefixes(night_keys, sb, settings)
    sb = rest[0] if rest else None
    cand = candidate_pairs(query_keys).with_columns(pl.lit("night").alias("source"))

    # (c) LSH against stored keys; stored articles get rows n_new, n_new + 1, ... in `articles`
    stored = pl.DataFrame(
        schema={"article_id": id_dtype, "published_at": night.schema["published_at"], "body": pl.String}
    )
    if sb is not None and sb.height:
        sb = sb.rename({"doc": "article_id"})
        code = sb.select("article_id").unique(maintain_order=True).with_row_index("code")
        sb = sb.join(code, on="article_id").select(pl.col("code").cast(pl.Int64).alias("doc"), "band_hash")
        vs_stored = candidate_pairs(query_keys, sb)
        if vs_stored.height:
            if stored_articles is None:
                raise ValueError("stored_articles is required when stored band keys give candidates")
            wanted = code["article_id"].gather(vs_stored["b"].unique().sort())
            if existing is not None:
                earlier = existing.filter(pl.col("article_id").cast(id_dtype).is_in(wanted.implode()))
                wanted = pl.concat([wanted, earlier["canonical_article_id"].cast(id_dtype)]).unique(
                    maintain_order=True
                )
            got = stored_articles(wanted) if callable(stored_articles) else stored_articles
            stored = (
                got.select(
                    pl.col("article_id").cast(id_dtype),
                    pl.col("published_at").cast(night.schema["published_at"]),  # e.g. a TIMESTAMPTZ column
                    pl.col("body").cast(pl.String),
                )
                .filter(
                    pl.col("article_id").is_in(wanted.implode())
                    & ~pl.col("article_id").is_in(new_ids.implode())
                )
                .unique("article_id", keep="first", maintain_order=True)
            )
            row_of = (
                stored.select("article_id").with_row_index("row", offset=n_new).join(code, on="article_id")
            )  # code -> row in `articles`
            vs_stored = vs_stored.join(
                row_of.select(
                    pl.col("code").cast(pl.Int64).alias("b"), pl.col("row").cast(pl.Int64).alias("rb")
                ),
                on="b",
            ).select("a", pl.col("rb").alias("b"))
            cand = pl.concat([cand, vs_stored.with_columns(pl.lit("stored").alias("source"))])
    articles = pl.concat([night, _features(stored, settings)[0]], how="vertical_relaxed")
    ids = articles["article_id"]
    all_bodies = Texts(articles["body"])

    # verification: exact shingle sets of every article in a candidate pair
    a, b = cand["a"].to_numpy(), cand["b"].to_numpy()
    need = np.unique(np.concatenate([a, b]))
    sets = shingle_sets(all_bodies.take(need), settings, threads=threads)
    local = pl.DataFrame({"a": np.searchsorted(need, a), "b": np.searchsorted(need, b)})
    verified = verify_candidates(local, sets, settings)
    pairs = pl.concat(
        [
            exact_pairs.with_columns(
                pl.lit(1.0).alias("jaccard"),
                pl.lit(1.0).alias("containment"),
                pl.lit(True).alias("accepted"),
                pl.lit("exact").alias("source"),
            ),
            cand.select("a", "b")
            .hstack(verified.select("jaccard", "containment", "accepted"))
            .hstack(cand.select("source")),
        ]
    )
    pairs = pairs.select(
        ids.gather(pairs["a"]).alias("article_id_a"),
        ids.gather(pairs["b"]).alias("article_id_b"),
        "jaccard",
        "containment",
        "accepted",
        "source",
    )
    # A stored article that is nobody's copy is its story's canonical already: it stays canonical, even when a new
    # copy would rank before it (published earlier, or longer). Stored articles are fixed canonicals of themselves.
    if stored.height:
        flagged = (
            existing["article_id"].cast(id_dtype) if existing is not None else pl.Series([], dtype=id_dtype)
        )
        themselves = stored.select("article_id", pl.col("article_id").alias("canonical_article_id")).filter(
            ~pl.col("article_id").is_in(flagged.implode())
        )
        existing = (
            pl.concat([existing.select("article_id", "canonical_article_id").cast(id_dtype), themselves])
            if existing is not None
            else themselves
        )
    dups = settle_clusters(articles, pairs, existing, all_bodies, settings)
    return DedupResult(
        duplicates=dups,
        band_keys=night_keys.select(ids.gather(night_keys["doc"]).alias("article_id"), "band", "band_hash"),
        pairs=pairs,
        exact=night.select("article_id", "exact_hash"),
    )
