"""transforms.entities.explain: what `newsetl explain` prints comes from the stage's own code."""

from __future__ import annotations

from transforms.entities.explain import explain_text

TEXT = "배우 박해수는 9일 A씨를 만났다. 오세훈 서울시장이 참석했다. 오 시장은 말했다."


def fake_tagger(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """KLUE-style spans a tagger might give: the actor, the anonymised A, the mayor, 서울 inside his title."""
    out = []
    for text in texts:
        spans = []
        for word, label in (("박해수", "PS"), ("A", "PS"), ("오세훈", "PS"), ("서울", "LC")):
            start = text.index(word)
            spans.append((start, start + len(word), label))
        out.append(spans)
    return out


def test_every_proposal_has_a_proposer_an_outcome_and_a_reason():
    rows = explain_text(TEXT, {}, fake_tagger)
    by = {(r.surface, r.proposed_by): r for r in rows}
    assert by[("박해수", "role_before_name")].outcome == "kept"
    assert by[("박해수", "role_before_name")].reason == "role: 배우"
    assert by[("박해수", "tagger")].outcome == "dropped"  # the rule's span carries the role
    assert (by[("A", "tagger")].outcome, by[("A", "tagger")].reason) == ("dropped", "anonymised")
    assert (by[("서울", "tagger")].outcome, by[("서울", "tagger")].reason) == ("dropped", "inside_title")
    short = by[("오 시장", "short_form")]
    assert (short.outcome, short.entity) == ("kept", "오세훈")
    assert [r.start for r in rows] == sorted(r.start for r in rows)


def test_without_a_tagger_only_rules_propose():
    rows = explain_text(TEXT, {})
    assert {r.proposed_by for r in rows} <= {
        "role_before_name",
        "title",
        "short_form",
        "repeat",
        "orgs_places",
    }
    assert all(r.outcome == "kept" for r in rows)
