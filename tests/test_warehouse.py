import subprocess
import sys
from pathlib import Path

import pytest

from warehouse import db


def test_checks_pass_on_empty_warehouse(tmp_path):
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        passed, failed = db.run_checks(con)
    assert failed == [] and len(passed) >= 8


def test_surface_check_catches_a_bad_offset(tmp_path):
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute("insert into dim_entity values (1, 'PERSON', '오세훈', 'r', 'office')")
        con.execute(
            "insert into dim_article (article_key, article_id, source_file, source_record, body_text, "
            "content_hash, ingested_at, run_id) values (7, 'a', 'f', 0, '오세훈 서울시장', 'h', now(), 'r')"
        )
        con.execute(
            "insert into fct_mention (article_key, entity_key, surface, start_char, end_char, mention_kind) "
            "values (7, 1, '오세훈', 1, 4, 'full')"
        )
        _, failed = db.run_checks(con)
    names = {f.check for f in failed}
    assert "assert_mention_surface_matches_body" in names
    assert "assert_every_article_has_fact" in names
    assert any("오세훈" in str(f) for f in failed)


def test_quote_check_catches_a_wrong_text_and_a_speaker_that_is_no_entity(tmp_path):
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute("insert into dim_entity values (1, 'LOCATION', '서울', 'r', null)")
        con.execute(
            "insert into dim_article (article_key, article_id, source_file, source_record, body_text, "
            "content_hash, ingested_at, run_id) values (7, 'a', 'f', 0, '그는 “좋다”고 했다.', 'h', now(), 'r')"
        )
        insert = (
            "insert into fct_quote (article_key, start_char, end_char, quote_text, speaker_entity_key, "
            "speaker_kind, paragraph_index) values (7, 4, 6, ?, ?, ?, 0)"
        )
        con.execute(insert, ["좋다", None, "anonymous"])
        _, failed = db.run_checks(con)
        assert "assert_quote_text_matches_body" not in {f.check for f in failed}
        con.execute("delete from fct_quote")
        con.execute(insert, ["좋아", None, "anonymous"])  # not the body's words
        _, failed = db.run_checks(con)
        assert "assert_quote_text_matches_body" in {f.check for f in failed}
        con.execute("delete from fct_quote")
        con.execute(insert, ["좋다", 1, "org"])  # a place is no speaker entity
        _, failed = db.run_checks(con)
        assert "assert_quote_text_matches_body" in {f.check for f in failed}


def _stage_bare_person(con, name: str, body: str, articles: int = 1) -> None:
    """Tonight's staging tables for one person named without a career (entity key 1) in `articles` articles whose
    body is `body`, the name at its start; quotations in article 7 are that person's."""
    con.execute(
        "create temp table stg_entity as select * from (values (1::bigint, 'PERSON', ?, null::varchar)) "
        "as t(entity_key, entity_type, canonical_name, disambiguator)",
        [name],
    )
    con.execute(
        "create temp table stg_mention as select 1::bigint as entity_key, a::bigint + 7 as article_key, "
        "0 as start_char, ? as end_char from range(?) as r(a)",
        [len(name), articles],
    )
    con.execute(
        "create temp table stg_article as select a::bigint + 7 as article_key, ? as body_text from range(?) as r(a)",
        [body, articles],
    )
    con.execute("create temp table stg_person_role as select 1::bigint as entity_key, '' as role")
    con.execute("create temp table stg_alias as select 1::bigint as entity_key")
    con.execute(
        "create temp table stg_quote as select 7::bigint as article_key, 1::bigint as speaker_entity_key"
    )


def test_a_linked_person_keeps_their_quotations(tmp_path):
    """load/06: a career-less person linked to the one anchored person of the name takes their quotations along,
    and load/13 keeps an organization only a quotation names (재판부)."""
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute("insert into dim_entity values (2, 'PERSON', '이재명', 'r0', 'office')")
        con.execute("insert into fct_mention values (9, 2, '이재명', 0, 3, 'full', 'v', 'title')")
        _stage_bare_person(con, "이재명", "이재명 대표는")
        con.execute("insert into stg_entity values (3, 'ORG', '재판부', null)")
        con.execute("insert into stg_quote values (7, 3)")
        db.run_sql(con, "load/06_link_unanchored_people")
        assert con.execute("select speaker_entity_key from stg_quote order by 1").fetchall() == [(2,), (3,)]
        db.run_sql(con, "load/07_merge_into_dim_entity", {"run_id": "r1"})
        con.execute(
            "insert into fct_quote (article_key, start_char, end_char, quote_text, speaker_entity_key, "
            "speaker_kind, paragraph_index) values (7, 0, 1, 'x', 3, 'org', 0)"
        )
        db.run_sql(con, "load/13_delete_unmentioned_entities")
        kept = con.execute("select canonical_name from dim_entity order by entity_key").fetchall()
    assert kept == [("이재명",), ("재판부",)]


def test_a_namesake_seen_in_fewer_articles_does_not_take_a_bare_name(tmp_path):
    """load/06: a name printed bare in five of tonight's articles stays on its name-only key when the one person of
    that name with a career was named in one article: a namesake (a lawyer), not the person the papers mean."""
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute("insert into dim_entity values (2, 'PERSON', '한지민', 'r0', 'law')")
        con.execute("insert into fct_mention values (9, 2, '한지민', 0, 3, 'full', 'v', 'title')")
        _stage_bare_person(con, "한지민", "한지민은", articles=5)
        db.run_sql(con, "load/06_link_unanchored_people")
        assert con.execute("select distinct entity_key from stg_mention").fetchall() == [(1,)]


def test_a_private_person_named_with_an_age_keeps_a_name_only_key(tmp_path):
    """load/06: `홍길순(56)씨` is a private person; the one public 홍길순 with a career does not take the name, while
    the same name printed bare (no age, no 씨), or after a title that person holds, is linked."""
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute("insert into dim_entity values (2, 'PERSON', '홍길순', 'r0', 'office')")
        for article in range(3):
            con.execute(
                "insert into fct_mention values (?, 2, '홍길순', 0, 3, 'full', 'v', 'title')", [article]
            )
        _stage_bare_person(con, "홍길순", "홍길순(56)씨는")
        db.run_sql(con, "load/06_link_unanchored_people")
        private = con.execute("select distinct entity_key from stg_mention").fetchall()
        con.execute("update stg_article set body_text = '홍길순은 말했다'")
        db.run_sql(con, "load/06_link_unanchored_people")
        public = con.execute("select distinct entity_key from stg_mention").fetchall()
        # the public one, named as news names the accused: the word before ends with a title that person holds
        con.execute("insert into stg_entity values (1, 'PERSON', '홍길순', null)")  # the link above took it
        con.execute("update stg_mention set entity_key = 1, start_char = 6, end_char = 9")
        con.execute("update stg_article set body_text = '트로트가수 홍길순(33)씨가'")
        con.execute("insert into fct_person_role_observation values (0, 2, '가수', '', '2024-06-01', 'v')")
        db.run_sql(con, "load/06_link_unanchored_people")
        named_by_title = con.execute("select distinct entity_key from stg_mention").fetchall()
    assert (private, public, named_by_title) == ([(1,)], [(2,)], [(2,)])


def test_title_changes_leave_out_spellings_and_past_titles(tmp_path):
    roles = [
        # (person, role, valid_from, is_current)
        (1, "의원", "2024-05-01", False),
        (1, "국회의장", "2024-06-07", True),  # a change
        (1, "전 법무부 장관", "2024-06-20", True),  # a past title: what he was, not what he became
        (2, "경기도지사", "2024-04-01", False),
        (2, "경기지사", "2024-06-12", True),  # one title, two spellings
        (3, "구청장", "2024-03-01", False),
        (3, "서초구청장", "2024-06-15", True),  # the same title printed longer
    ]
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        for person, role, since, current in roles:
            con.execute(
                "insert into dim_person_role values (?, ?, '', ?, ?, ?, ?, 1)",
                [person, role, since, None if current else "2024-06-30", current, since],
            )
        rows = con.execute(
            "select entity_key, previous_title, new_title from v_person_title_change"
        ).fetchall()
    assert rows == [(1, "의원", "국회의장")]


def test_failed_build_leaves_published_file_untouched(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.build_and_publish(path) as con:
        con.execute("insert into dim_publisher values (1, '한국경제', 'hankyung.com')")
    before = path.read_bytes()
    with pytest.raises(RuntimeError), db.build_and_publish(path) as con:
        con.execute("insert into dim_publisher values (2, 'x', 'x.com')")
        raise RuntimeError("simulated failure mid-load")
    assert path.read_bytes() == before
    assert list(tmp_path.glob(".*building*")) == []


def test_bound_parameters_never_formatted(tmp_path):
    with db.build_and_publish(tmp_path / "w.duckdb") as con:
        con.execute(
            "create temp table stg_reject as select 'a.txt' as source_file, 0 as source_record, "
            "'empty' as reason, 'x' as detail"
        )
        db.run_sql(
            con,
            "load/20_delete_insert_ingest_rejects",
            {"run_id": "r'; drop table dim_article; --", "ingested_at": "2024-01-01 00:00:00+00"},
        )
        assert con.execute("select run_id from ingest_rejects").fetchone()[0].startswith("r';")
        assert con.execute("select count(*) from dim_article").fetchone()[0] == 0


def test_shipped_duckdb_cli_reads_the_warehouse(tmp_path):
    """PyPI's duckdb-cli is 1.5.x: the writer must use a storage version it can read."""
    cli = Path(sys.executable).parent / "duckdb"
    if not cli.exists():
        pytest.skip("duckdb CLI not installed in this environment")
    path = tmp_path / "w.duckdb"
    with db.build_and_publish(path) as con:
        con.execute("insert into dim_publisher values (1, '한국경제', 'hankyung.com')")
    out = subprocess.run(
        [str(cli), "-readonly", str(path), "-csv", "-c", "select name from dim_publisher"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "한국경제" in out.stdout


def test_migration_adds_the_extractor_version_to_entity_facts(tmp_path):
    """A warehouse written before extractor_version existed gets the column, null (made by an older extractor)."""
    path = tmp_path / "w.duckdb"
    with db.build_and_publish(path) as con:
        con.execute(
            "insert into fct_mention (article_key, entity_key, surface, start_char, end_char, mention_kind) "
            "values (7, 1, '오세훈', 0, 3, 'full')"
        )
        for table in db.ENTITY_FACT_VERSION:
            con.execute(f"alter table {table} drop column extractor_version")  # noqa: S608 (fixed names)
    with db.build_and_publish(path) as con:
        for table in db.ENTITY_FACT_VERSION:
            assert "extractor_version" in con.table(table).columns
        assert con.execute("select extractor_version from fct_mention").fetchall() == [(None,)]
