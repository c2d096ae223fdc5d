import polars as pl
from polars.testing import assert_frame_equal

from transforms.common.keys import surrogate_key
from transforms.entities.normalize import ALIAS_SCHEMA, MENTION_SCHEMA, canonical_name, normalize_entities


def _mentions(rows):
    base = {"roles": [], "source": "rules", "start_char": 0, "end_char": 1, "mention_kind": "full"}
    return pl.DataFrame([base | r for r in rows], schema=MENTION_SCHEMA)


ALIASES = pl.DataFrame(
    [{"entity_type": "ORG", "canonical_name": "OpenAI", "alias": "오픈AI"}], schema=ALIAS_SCHEMA
)


def test_alias_table_merges_names():
    frames = normalize_entities(
        _mentions(
            [
                {"article_id": "a", "entity_type": "ORG", "name": "오픈AI", "surface": "오픈AI"},
                {"article_id": "b", "entity_type": "ORG", "name": "OpenAI", "surface": "OpenAI"},
            ]
        ),
        ALIASES,
    )
    assert frames["entities"]["canonical_name"].to_list() == ["OpenAI"]
    assert frames["mentions"]["entity_key"].n_unique() == 1
    assert frames["aliases"]["alias"].to_list() == ["오픈AI"]


def test_parenthesis_alias_is_learned():
    frames = normalize_entities(
        _mentions(
            [
                {
                    "article_id": "a",
                    "entity_type": "EVENT",
                    "name": "메이저리그야구대회",
                    "surface": "메이저리그야구대회",
                },
                {
                    "article_id": "a",
                    "entity_type": "EVENT",
                    "name": "메이저리그야구대회",
                    "surface": "MLB",
                    "mention_kind": "alias",
                    "start_char": 10,
                    "end_char": 13,
                },
            ]
        ),
        ALIASES.clear(),
    )
    assert frames["aliases"]["alias"].to_list() == ["MLB"]


def test_generic_role_absorbed_by_specific_one_in_same_article():
    frames = normalize_entities(
        _mentions(
            [
                {
                    "article_id": "a",
                    "entity_type": "PERSON",
                    "name": "오언석",
                    "surface": "오언석",
                    "roles": [{"role": "도봉구청장", "affiliation": "도봉구"}],
                },
                {
                    "article_id": "a",
                    "entity_type": "PERSON",
                    "name": "오언석",
                    "surface": "오언석",
                    "start_char": 5,
                    "end_char": 8,
                    "roles": [{"role": "구청장", "affiliation": None}],
                },
            ]
        ),
        ALIASES,
    )
    expected = pl.DataFrame(
        {
            "article_id": ["a"],
            "entity_key": [surrogate_key("PERSON", "오언석", "office")],  # anchored by the career of 구청장
            "role": ["도봉구청장"],
            "affiliation": ["도봉구"],
        }
    )
    assert_frame_equal(frames["person_roles"], expected)


def test_canonical_name_folds_width_and_spaces():
    out = pl.DataFrame({"n": ["ＯｐｅｎＡＩ", " 데니스  홍 "]}).select(canonical_name(pl.col("n")))
    assert out["n"].to_list() == ["OpenAI", "데니스 홍"]


def test_keys_are_stable():
    assert surrogate_key("PERSON", "오세훈") == surrogate_key("PERSON", "오세훈")
    assert surrogate_key("PERSON", "오세훈") != surrogate_key("ORG", "오세훈")


def _person(article: str, name: str, *roles: tuple[str, str | None]) -> dict:
    return {
        "article_id": article,
        "entity_type": "PERSON",
        "name": name,
        "surface": name,
        "roles": [{"role": r, "affiliation": a} for r, a in roles],
    }


def test_namesakes_with_different_careers_stay_apart():
    """Same name: a reporter at one paper, a lawmaker, a reporter at another paper -> three people; the same name
    with two office roles in two articles (경기지사, then 대표) -> one person."""
    frames = normalize_entities(
        _mentions(
            [
                _person("a", "박정훈", ("기자", "조선일보")),
                _person("b", "박정훈", ("의원", "국민의힘")),
                _person("c", "박정훈", ("기자", "법률신문")),
                _person("d", "이재명", ("경기지사", "경기도")),
                _person("e", "이재명", ("대표", "더불어민주당"), ("의원", None)),
                _person("f", "이재명"),
            ]
        ),
        ALIASES,
    )
    people = frames["entities"].sort("canonical_name", "disambiguator")
    assert people.select("canonical_name", "disambiguator").rows() == [
        ("박정훈", "office"),
        ("박정훈", "press:법률신문"),
        ("박정훈", "press:조선일보"),
        ("이재명", None),  # article f gives no career: linked at load time (link_unanchored_people.sql)
        ("이재명", "office"),
    ]
    keys = dict(frames["mentions"].select("article_id", "entity_key").iter_rows())
    assert keys["d"] == keys["e"] == surrogate_key("PERSON", "이재명", "office")
    assert len({keys["a"], keys["b"], keys["c"]}) == 3


def test_career_of_titles():
    from transforms.entities.identity import career_of, person_anchor

    assert career_of("서울시장") == "office" and career_of("법원행정처장") == "law"
    assert career_of("교수") == "academia" and career_of("서울고등검찰청 검사장") == "law"  # not 사장
    assert career_of("서울고검장") == "law"  # lexicon v2: 고검장 had no career
    assert (
        career_of("박사") is None and career_of("총장") is None and career_of("총장", "서울대") == "academia"
    )
    assert career_of("대표") is None  # generic: party leaders and CEOs
    assert career_of("이사장") is None and career_of("부장검사") == "law" and career_of("센터장") is None
    assert career_of("대령") == "military" and career_of("해병1사단장") == "military"  # not a generic 단장
    assert person_anchor([("변호사", None), ("국회의원", None)]) == "office"
    assert person_anchor([("기자", "한국경제")]) == "press:한국경제"
    assert person_anchor([("대표", "삼성")]) is None


def test_affiliations_take_the_organizations_canonical_name():
    """민주당 and 더불어민주당 are one body: a person's 대표 role there is one role, not two."""
    aliases = pl.DataFrame(
        {"entity_type": ["ORG"], "canonical_name": ["더불어민주당"], "alias": ["민주당"]}, schema=ALIAS_SCHEMA
    )
    frames = normalize_entities(
        _mentions(
            [_person("a", "이재명", ("대표", "민주당")), _person("b", "이재명", ("대표", "더불어민주당"))]
        ),
        aliases,
    )
    assert frames["person_roles"].select("role", "affiliation").unique().rows() == [("대표", "더불어민주당")]
