"""Build a realistic landing folder for the pipeline benchmark from real Korean news text.

    python bench/corpus.py --n 10000 --out bench/out/corpus-10000 [--seed 7]

Base articles are real 조선일보 / 법률신문 bodies (../shared/corpora/ko_news_rss_gitscrape, see its SOURCE.md). To get
N distinct ~2 KB articles from ~3,000 real ones, each distinct article takes the title and byline of one real
article and 4-8 paragraphs drawn from several real articles. A known share are copies:
  exact (10%): the same article saved again in another file or form,
  near (10%): an edited copy (a paragraph dropped, a number changed, spacing changed, or truncated to 60-90%).
Forms: plain-text scrapes (with crumbs), JSON Lines exports, RSS 2.0 feeds, HTML pages, gzip'd text; the
truth file maps each article's (file, record) to its family so dedup quality can be scored.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import random
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
FORM_SHARES = {"text": 0.45, "jsonl": 0.2, "rss": 0.15, "html": 0.1, "gz": 0.1}
BATCH = {"jsonl": 50, "rss": 50}
CRUMBS = ["-", "기사 스크랩", "-", "공유", "-", "댓글", "-", "프린트"]


def paragraphs_of(content_html: str) -> list[str]:
    text = re.sub(r"<figure.*?</figure>", "", content_html or "", flags=re.S)
    text = re.sub(r"<br\s*/?>|</p>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return [p.strip() for p in text.split("\n") if len(p.strip()) > 30]


def load_pool() -> list[dict]:
    pool = []
    for name, domain in (
        ("chosun_national_2024-06.jsonl", "chosun.com"),
        ("lawtimes_2024-06.jsonl", "lawtimes.co.kr"),
    ):
        for line in open(CORPORA / "ko_news_rss_gitscrape" / name, encoding="utf-8"):
            row = json.loads(line)
            paragraphs = paragraphs_of(row.get("content_html"))
            if row.get("revision") == 1 and len(paragraphs) >= 2 and row.get("creator"):
                pool.append(
                    {
                        "title": row["title"],
                        "creator": row["creator"],
                        "paragraphs": paragraphs,
                        "domain": domain,
                    }
                )
    return pool


def compose(rng: random.Random, pool: list[dict], index: int, start: datetime) -> dict:
    head = rng.choice(pool)
    paragraphs = list(head["paragraphs"][:2])
    while sum(map(len, paragraphs)) < 1800:
        paragraphs.append(rng.choice(rng.choice(pool)["paragraphs"]))
    return {
        "title": f"{head['title']} ({index})",
        "creator": head["creator"],
        "paragraphs": paragraphs,
        "domain": head["domain"],
        "published": start + timedelta(minutes=7 * index + rng.randrange(7)),
        "url": f"https://www.{head['domain']}/bench/{index:08d}/",
    }


def edit(rng: random.Random, article: dict) -> dict:
    copy = dict(article, paragraphs=list(article["paragraphs"]))
    kind = rng.choice(["drop", "number", "spacing", "truncate"])
    ps = copy["paragraphs"]
    if kind == "drop" and len(ps) > 3:
        ps.pop(rng.randrange(1, len(ps)))
    elif kind == "number":
        i = rng.randrange(len(ps))
        ps[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), ps[i], count=1) + " (수정)"
    elif kind == "spacing":
        i = rng.randrange(len(ps))
        ps[i] = ps[i].replace(" ", "", 3)
    else:
        text = "\n".join(ps)
        copy["paragraphs"] = text[: int(len(text) * rng.uniform(0.6, 0.9))].split("\n")
    copy["published"] = article["published"] + timedelta(hours=rng.randrange(1, 30))
    return copy


def as_text(a: dict) -> str:
    return "\n".join([a["title"], *CRUMBS, *a["paragraphs"], a["creator"], f"ⓒ {a['domain']}"]) + "\n"


def as_json(a: dict) -> dict:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in a["paragraphs"])
    return {
        "title": a["title"],
        "creator": a["creator"],
        "pubDate": format_datetime(a["published"]),
        "link": a["url"],
        "content_html": body,
    }


def as_rss(items: list[dict]) -> str:
    entries = "".join(
        f"<item><title>{html.escape(a['title'])}</title><link>{a['url']}</link>"
        f"<dc:creator>{html.escape(a['creator'])}</dc:creator><pubDate>{format_datetime(a['published'])}</pubDate>"
        f"<content:encoded><![CDATA[{''.join(f'<p>{p}</p>' for p in a['paragraphs'])}]]></content:encoded></item>"
        for a in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>bench</title>'
        f"<link>https://www.chosun.com/</link>{entries}</channel></rss>"
    )


def as_html(a: dict) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in a["paragraphs"])
    return (
        f"<!doctype html><html lang=ko><head><meta charset=utf-8><title>{html.escape(a['title'])}</title>"
        f'<link rel="canonical" href="{a["url"]}"><meta property="og:site_name" content="{a["domain"]}">'
        f'<meta property="article:published_time" content="{a["published"].isoformat()}">'
        f'<meta name="author" content="{html.escape(a["creator"])}"></head><body><nav>홈 | 정치 | 사회</nav>'
        f"<article><h1>{html.escape(a['title'])}</h1>{body}<p class=byline>{html.escape(a['creator'])}</p>"
        "</article><footer>ⓒ 무단 전재 및 재배포 금지</footer></body></html>"
    )


def build(n: int, out: Path, seed: int = 7, start_index: int = 0) -> dict:
    """Write about n articles into `out`; returns the truth: {"file#record": family_id}."""
    rng = random.Random(seed)
    pool = load_pool()
    out.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 6, 1, tzinfo=UTC)
    articles: list[tuple[dict, int]] = []
    originals: list[tuple[dict, int]] = []
    while len(articles) < n:
        roll = rng.random()
        if originals and roll < 0.10:
            articles.append(rng.choice(originals))
        elif originals and roll < 0.20:
            base, family = rng.choice(originals)
            articles.append((edit(rng, base), family))
        else:
            index = start_index + len(articles)
            article = compose(rng, pool, index, start)
            originals.append((article, index))
            articles.append((article, index))
    rng.shuffle(articles)
    truth: dict[str, int] = {}
    forms = list(FORM_SHARES)
    # A file holds BATCH[form] articles, so pick forms per file with weights share / batch size.
    weights = [share / BATCH.get(form, 1) for form, share in FORM_SHARES.items()]
    i = 0
    file_no = start_index
    while i < len(articles):
        form = rng.choices(forms, weights)[0]
        size = BATCH.get(form, 1)
        batch = articles[i : i + size]
        file_no += 1
        stem = f"{form}_{file_no:07d}"
        if form == "text":
            name = f"{stem}.txt"
            (out / name).write_text(as_text(batch[0][0]), encoding="utf-8")
        elif form == "gz":
            name = f"{stem}.txt.gz"
            (out / name).write_bytes(gzip.compress(as_text(batch[0][0]).encode("utf-8"), mtime=0))
        elif form == "html":
            name = f"{stem}.html"
            (out / name).write_text(as_html(batch[0][0]), encoding="utf-8")
        elif form == "jsonl":
            name = f"{stem}.jsonl"
            (out / name).write_text(
                "".join(json.dumps(as_json(a), ensure_ascii=False) + "\n" for a, _ in batch), encoding="utf-8"
            )
        else:
            name = f"{stem}.xml"
            (out / name).write_text(as_rss([a for a, _ in batch]), encoding="utf-8")
        for record, (_, family) in enumerate(batch):
            truth[f"{name}#{record}"] = family
        i += size
    (out.parent / f"{out.name}.truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start-index", type=int, default=0)
    args = parser.parse_args()
    truth = build(args.n, args.out, args.seed, args.start_index)
    print(f"{len(truth)} articles in {len(list(args.out.iterdir()))} files under {args.out}")


if __name__ == "__main__":
    main()
