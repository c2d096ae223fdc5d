"""Bytes to text: bounded gunzip, charset (BOM, UTF-8, the declared charset, UTF-16 without BOM, detection) and
the binary check. Each step must decode the bytes; nothing is assumed."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib

from charset_normalizer import from_bytes

from transforms.ingest.errors import IngestLimits, RejectError


def decompress_if_gzip(raw: bytes, limits: IngestLimits) -> bytes:
    """Gunzip (bounded, so a gzip bomb is rejected, not expanded) when the bytes carry the gzip magic."""
    if raw[:2] != b"\x1f\x8b":
        return raw
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            while chunk := stream.read(1 << 20):
                out.write(chunk)
                if out.tell() > limits.max_decompressed_bytes:
                    raise RejectError("too_large", f"gzip expands past {limits.max_decompressed_bytes} bytes")
    except (OSError, EOFError, zlib.error) as exc:
        raise RejectError("corrupt_gzip", str(exc)[:200]) from exc
    return out.getvalue()


_DECLARED_CHARSET = re.compile(
    rb"""<meta[^<>]{1,300}charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^<>]{1,200}encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
# What browsers actually mean by a declared label (WHATWG): EUC-KR pages are CP949, Latin-1 pages are CP1252.
_CHARSET_ALIASES = {
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "ksc5601": "cp949",
    "x-windows-949": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
}


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML `<meta>` or XML declaration names in the first 4 KB, as a Python codec name."""
    match = _DECLARED_CHARSET.search(raw[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "ignore").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with damage, line by line: UTF-8 lines stay; a line with a few stray bytes keeps its text (U+FFFD for
    the bytes); a line in a legacy encoding (CP949) is decoded as that. None unless some non-ASCII line is UTF-8."""
    good = 0
    out = []
    for line in raw.split(b"\n"):
        try:
            text = line.decode("utf-8")
            good += not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            if text.count("\ufffd") > max(2, len(text) // 50):
                try:
                    text = line.decode("cp949")
                except UnicodeDecodeError:
                    pass
        out.append(text)
    return "\n".join(out) if good else None


def _utf16_without_bom(raw: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` when NULs sit on every other byte (ASCII-heavy UTF-16 text without a BOM)."""
    sample = raw[:4096]
    if len(sample) < 4 or len(raw) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_marked(raw: bytes, encoding: str) -> str:
    """Bytes a BOM names the encoding of. A cut or damaged file (an odd byte count in UTF-16, a stray byte) keeps
    its text with U+FFFD for the damage; mostly damage is `undecodable`. Found by `make fuzz`: a UTF-16 page cut
    by one byte escaped as a UnicodeDecodeError and failed the night."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        text = raw.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(2, len(text) // 20):
        raise RejectError("undecodable", f"the BOM says {encoding}, but the bytes are not")
    return text


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """(text, encoding). BOMs first, then strict UTF-8, then the charset a page declares (`<meta charset>`, XML
    declaration), then UTF-16 without BOM, then detection (CP949/EUC-KR…). Never assumed: each step must decode."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode_marked(raw[3:], "utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_marked(raw, "utf-16"), "utf-16"
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        declared = declared_charset(raw)
        if declared and declared not in {"utf-8", "utf-16", "utf-16-le", "utf-16-be"}:
            try:
                return raw.decode(declared), declared
            except UnicodeDecodeError:
                pass
        repaired = _mostly_utf8(raw)
        if repaired is not None:
            return repaired, "utf-8 (repaired)"
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            text = raw.decode(utf16)
            if not _looks_binary(text.encode("utf-8", errors="replace")):
                return text, utf16
        except UnicodeDecodeError:
            pass
    best = from_bytes(raw[:200_000]).best()
    if best is None or best.encoding is None:
        raise RejectError(
            "binary" if _looks_binary(raw) else "undecodable", "no text encoding fits the bytes"
        )
    try:
        text = raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RejectError("undecodable", f"{best.encoding}: {exc}"[:200]) from exc
    if _looks_binary(text.encode("utf-8", errors="replace")):
        raise RejectError("binary", f"decoded as {best.encoding} but mostly control characters")
    return text, best.encoding


def _looks_binary(raw: bytes) -> bool:
    sample = raw[:4096]
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05
