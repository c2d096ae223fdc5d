"""All rule mentions of one article body, and one article's mention rows (body mentions, then bylines)."""

from __future__ import annotations

from collections.abc import Iterable

from transforms.entities.admin import AdminIndex
from transforms.entities.affiliations import attach_context_affiliations
from transforms.entities.defined_aliases import find_alias_definitions
from transforms.entities.events import find_events
from transforms.entities.law_firms import find_firm_short_mentions, find_law_firms
from transforms.entities.orgs_places import find_orgs_and_places
from transforms.entities.people import find_person_mentions
from transforms.entities.short_forms import find_repeat_mentions, find_short_mentions
from transforms.entities.spans import Span, merge_spans


def extract_mentions(
    body: str,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
) -> list[Span]:
    """All rule mentions in one body, non-overlapping, in order. `tagged` are a statistical tagger's spans, used
    where no rule fired."""
    firms = find_law_firms(body)
    # `법무법인 태평양 ... 태평양 변호사는`: the firm by its own name later in the article, not a person 태평양
    firm_names = {f.name.removeprefix("법무법인 ") for f in firms}
    people = [p for p in find_person_mentions(body, gazetteer) if p.name not in firm_names]
    short = find_short_mentions(body, people)
    attach_context_affiliations(body, people, short)
    repeats = find_repeat_mentions(body, people)
    return merge_spans(
        people,
        short,
        repeats,
        find_alias_definitions(body, gazetteer),
        firms,
        find_firm_short_mentions(body, firm_names),
        find_events(body),
        find_orgs_and_places(body, gazetteer, admin),
        tagged,
    )


def mention_rows(
    article_id: str,
    body: str,
    reporters: Iterable[dict],
    publisher_name: str | None,
    gazetteer: dict[str, str] | None = None,
    tagged: Iterable[Span] = (),
    admin: AdminIndex | None = None,
) -> list[dict]:
    """One article's mentions as rows of `transforms.entities.normalize.MENTION_SCHEMA` (body mentions, then bylines)."""
    rows = [
        {
            "article_id": article_id,
            "entity_type": s.label,
            "name": s.name,
            "surface": body[s.start : s.end],
            "start_char": s.start,
            "end_char": s.end,
            "mention_kind": s.kind,
            "roles": [{"role": r, "affiliation": a} for r, a in s.roles],
            "source": s.source,
        }
        for s in extract_mentions(body, gazetteer, tagged, admin)
    ]
    for reporter in reporters:
        rows.append(
            {
                "article_id": article_id,
                "entity_type": "PERSON",
                "name": reporter["name"],
                "surface": reporter["name"],
                "start_char": None,
                "end_char": None,
                "mention_kind": "byline",
                "roles": [{"role": "기자", "affiliation": publisher_name}],
                "source": "byline",
            }
        )
    return rows
