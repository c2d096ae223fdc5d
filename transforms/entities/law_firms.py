"""Law firms: `법무법인 태평양` (named by the word after its kind), and the firm later by its own name
(`태평양 변호사는`)."""

from __future__ import annotations

import re

from transforms.entities.lexicon import FIRM_PARTICLES, NOT_FIRM_NAMES, PARTICLES, TITLES
from transforms.entities.spans import Span
from transforms.entities.titles import base_title

# `법무법인 태평양`, `법무법인(유한) 대륙아주`: a law firm is named by the word after its kind.
_LAW_FIRM = re.compile(
    r"(?<![가-힣])법무법인(?:\((?:유한|유)\))?\s(?P<name>[가-힣]{1,8}(?![가-힣])|[A-Z][A-Za-z&]{0,9}(?![A-Za-z]))"
)


def find_law_firms(body: str) -> list[Span]:
    """`법무법인 태평양에서` -> ORG 법무법인 태평양 (the firm's name with its particle stripped)."""
    spans = []
    for m in _LAW_FIRM.finditer(body):
        raw = m.group("name")
        name = next((raw[: -len(p)] for p in FIRM_PARTICLES if raw.endswith(p) and len(raw) > len(p)), raw)
        if (
            name in NOT_FIRM_NAMES
            or raw[0] in NOT_FIRM_NAMES
            and raw[1:] in PARTICLES
            or base_title(name) in TITLES
        ):
            continue  # 법무법인 등을, 법무법인 관계자, 법무법인 변호사: no name
        spans.append(
            Span(m.start(), m.start("name") + len(name), "ORG", f"법무법인 {name}", source="law_firm")
        )
    return spans


def find_firm_short_mentions(body: str, firm_names: set[str]) -> list[Span]:
    """A law firm named once in full (`법무법인 태평양`) and then by its own name (`태평양 변호사`, `태평양과`)."""
    spans = []
    for short in sorted(firm_names, key=len, reverse=True):
        pattern = (
            rf"(?<![가-힣A-Za-z]){re.escape(short)}(?=[\s·,.)]|(?:{'|'.join(FIRM_PARTICLES)})(?![가-힣])|$)"
        )
        for m in re.finditer(pattern, body):
            spans.append(
                Span(m.start(), m.end(), "ORG", f"법무법인 {short}", kind="short", source="law_firm")
            )
    return spans
