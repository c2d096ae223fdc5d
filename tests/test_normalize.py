import polars as pl
from polars.testing import assert_frame_equal

from transforms.keys import surrogate_key
from transforms.normalize import ALIAS_SCHEMA, MENTION_SCHEMA, canonical_name, normalize_entities


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
            "entity_key": [surrogate_key("PERSON", "오언석")],
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
