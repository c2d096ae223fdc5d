"""Why a name was or was not taken: every span proposed for a text, who proposed it, and what became of it.

`newsetl explain "<sentence>"` prints these rows. They come from the same code the entity stage runs
(`extract_mentions` with its decision log), so what it shows is what a night would load.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.entities.admin import AdminIndex
from transforms.entities.frames import TagBatch, tagger_spans
from transforms.entities.mentions import extract_mentions
from transforms.entities.resolve import Decision


@dataclass(frozen=True, slots=True)
class Explained:
    """One row of an explanation: a span of the text, its type, the rule or model that proposed it, the outcome
    (kept, cut, retyped, dropped) and the reason, and the entity name a kept span resolves to."""

    start: int
    end: int
    surface: str
    label: str
    proposed_by: str
    outcome: str
    reason: str
    entity: str | None
    kind: str | None


def explain_text(
    text: str,
    gazetteer: dict[str, str] | None = None,
    tag_batch: TagBatch | None = None,
    admin: AdminIndex | None = None,
) -> list[Explained]:
    """Every span proposed for `text`, in text order: the mentions kept (with the tagger's cut or retyping, if any),
    then for the tagger's spans that were dropped, why."""
    tagged = tagger_spans(text, tag_batch([text])[0]) if tag_batch else []
    decisions: list[Decision] = []
    mentions = extract_mentions(text, gazetteer, tagged, admin, decisions)
    by_span = {(d.start, d.end): d for d in decisions}
    rows: list[Explained] = []
    kept_at: set[tuple[int, int]] = set()
    for m in mentions:
        decision = by_span.get((m.start, m.end)) if m.source == "tagger" else None
        if m.source == "tagger" and decision is None:  # a cut span: find the decision that starts there
            decision = next((d for d in decisions if d.start == m.start and d.outcome != "dropped"), None)
        if decision is not None:
            kept_at.add((decision.start, decision.end))
        rows.append(
            Explained(
                m.start,
                m.end,
                text[m.start : m.end],
                m.label,
                m.source,
                decision.outcome if decision else "kept",
                decision.reason if decision else _rule_reason(m.kind, m.roles),
                m.name,
                m.kind,
            )
        )
    for d in decisions:
        if (d.start, d.end) in kept_at:
            continue
        outcome, reason = d.outcome, d.reason
        if d.outcome != "dropped":  # screened in, then lost to a rule's span over the same words
            outcome, reason = "dropped", "a rule took these words"
        rows.append(
            Explained(d.start, d.end, text[d.start : d.end], d.label, d.proposer, outcome, reason, None, None)
        )
    rows.sort(key=lambda r: (r.start, r.end))
    return rows


def _rule_reason(kind: str, roles: list[tuple[str, str | None]]) -> str:
    if kind == "short":
        return "short form of an earlier mention"
    if roles:
        return "role: " + ", ".join(f"{role} @{aff}" if aff else role for role, aff in roles)
    return ""
