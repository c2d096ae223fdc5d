"""Law firms (transforms.entities.law_firms)."""

from transforms.entities.mentions import extract_mentions


def test_law_firms_are_named_by_the_word_after_their_kind():
    body = (
        "법무법인 태평양 김철수 변호사는 법무법인(유한) 대륙아주에서 일했다. 법무법인 태평양 변호사가 말했다. "
        "법무법인 등을 찾았다. 법무법인 세종은 밝혔다. 법무법인 YK의 대표. 태평양과 세종 변호사들."
    )
    spans = extract_mentions(body, {"세종": "LOCATION"})
    assert [(s.label, s.name) for s in spans] == [
        ("ORG", "법무법인 태평양"),
        ("PERSON", "김철수"),
        ("ORG", "법무법인 대륙아주"),
        ("ORG", "법무법인 태평양"),  # and 태평양 is no person
        ("ORG", "법무법인 세종"),  # not the city
        ("ORG", "법무법인 YK"),
        ("ORG", "법무법인 태평양"),  # by its own name after the full one
        ("ORG", "법무법인 세종"),
    ]
