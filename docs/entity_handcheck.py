"""Print the entities of 20 sampled real articles, for the hand check in docs/entity_handcheck.md.

.venv/bin/python docs/entity_handcheck.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.files import read_admin_index, read_gazetteer  # noqa: E402
from transforms.entities.mentions import extract_mentions  # noqa: E402
from transforms.ingest.files import parse_file  # noqa: E402
from transforms.ingest.records import ParsedArticle  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ko_news_rss_gitscrape"


def main() -> None:
    seeds = ROOT / "warehouse" / "seeds"
    gazetteer, admin = read_gazetteer(seeds), read_admin_index(seeds)
    lines = [
        line
        for name in ("chosun_national_2024-06.jsonl", "lawtimes_2024-06.jsonl")
        for line in (CORPUS / name).open(encoding="utf-8")
    ]
    shown = 0
    for line in random.Random(2026).sample(lines, 40):
        _, records = parse_file(line.encode())
        article = records[0]
        if not isinstance(article, ParsedArticle) or len(article.body_text) < 300:
            continue
        shown += 1
        if shown > 20:
            break
        spans = extract_mentions(article.body_text, gazetteer, admin=admin)
        print(f"### {shown}. {article.title} | reporters={[r.name for r in article.reporters]}")
        people = [
            (article.body_text[s.start : s.end], s.kind, s.name, s.roles)
            for s in spans
            if s.label == "PERSON"
        ]
        print("  PERSON:", people)
        for label in ("ORG", "LOCATION", "EVENT"):
            names = sorted({s.name for s in spans if s.label == label})
            if names:
                print(f"  {label}:", names)


if __name__ == "__main__":
    main()
