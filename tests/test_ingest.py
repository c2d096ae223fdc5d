import gzip
from datetime import date

import pytest

from transforms.ingest.decode import decode_bytes
from transforms.ingest.errors import IngestLimits, RejectError
from transforms.ingest.files import article_rows, articles_frame, parse_file

BODY = (
    "서울시는 9일 미국 라스베이거스에서 개막한 전시회에 참석했다고 밝혔다. 오세훈 서울시장이 현장을 찾았다."
)


def test_decodes_cp949_and_utf16_and_bom():
    assert decode_bytes(BODY.encode("cp949"))[0] == BODY
    assert decode_bytes(BODY.encode("utf-16"))[0] == BODY
    assert decode_bytes(b"\xef\xbb\xbf" + BODY.encode())[0] == BODY


def test_gzip_is_read_and_bomb_is_bounded():
    form, [article] = parse_file(gzip.compress(BODY.encode()))
    assert form == "text" and "라스베이거스" in article.body_text
    with pytest.raises(RejectError) as err:
        parse_file(gzip.compress(b"a" * 5_000_000), IngestLimits(max_decompressed_bytes=1_000_000))
    assert err.value.reason == "too_large"
    with pytest.raises(RejectError) as err:
        parse_file(gzip.compress(BODY.encode())[:30])
    assert err.value.reason == "corrupt_gzip"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (bytes(range(256)) * 40, "binary")],
)
def test_bad_files_are_rejected_with_reason(raw, reason):
    with pytest.raises(RejectError) as err:
        parse_file(raw)
    assert err.value.reason == reason


def test_too_short_body_is_a_record_reject():
    _, [record] = parse_file("제목\n짧다".encode())
    assert isinstance(record, RejectError) and record.reason == "no_text"


def test_rows_carry_provenance_and_stable_ids(seed_text):
    raw = seed_text.encode()
    form, records = parse_file(raw)
    rows, rejects = article_rows("sub/seed.txt", raw, form, records)
    again, _ = article_rows("sub/seed.txt", raw, form, records)
    assert rejects == [] and rows[0]["article_id"] == again[0]["article_id"]
    frame = articles_frame(rows, date(2024, 1, 9))
    assert frame["source_file"].to_list() == ["sub/seed.txt"] and frame["source_record"].to_list() == [0]
    assert frame["date_key"].to_list() == [date(2024, 1, 9)] and frame["is_date_from_run"].to_list() == [True]
    assert frame["publisher_key"].null_count() == 0
