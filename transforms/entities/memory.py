"""Memory across nights: names the warehouse has confirmed on earlier nights are known names tonight.

The warehouse is the gazetteer. Each name it holds carries its evidence (`MEMORY_SCHEMA`: in how many articles and on
how many nights it was seen, and which rules proposed it); `warehouse/views/v_entity_evidence.sql` computes it and
decides which names are trusted alone:
- a person named with a title, a role or an age by a rule, or a reporter in a byline, in at least one article;
- any name the statistical tagger (or the Wikidata list) proposed in at least three articles over two nights;
- an organization or place a rule found (a suffix, the gazetteer, the 법정동 index, a law firm) in one article.
A name seen once by the tagger alone is not trusted, so an error made once does not feed itself night after night.

Tonight, a trusted name found as whole words in a body is a mention of that entity (source `memory`). A trusted
name that is also an ordinary word (`나비`, `구하라`), and a person's name of two syllables (they are words and
places as often: 소련, 창원), needs the text to treat it as a person's name there (씨, an age, a role before it). Keys stay what normalization makes them, so a remembered person is the same entity,
and namesakes told apart by career stay apart.
"""

from __future__ import annotations

import ahocorasick
import polars as pl

from transforms.entities.people import is_common_word, surname_of
from transforms.entities.resolve import person_context
from transforms.entities.spans import NAME_END, Span, leftmost_longest

MEMORY_SCHEMA: dict[str, pl.DataType] = {
    "name": pl.String,  # the entity's canonical name
    "entity_type": pl.String,  # PERSON, ORG, LOCATION (events are named by their rules every night)
    "article_count": pl.Int64,
    "night_count": pl.Int64,
    "proposed_by": pl.List(pl.String),  # the rules and models that proposed its mentions
    "is_trusted": pl.Boolean,
}


def trusted_names(memory: pl.DataFrame | None) -> dict[str, str]:
    """The memory's trusted names (two characters or more) and their entity types."""
    if memory is None or not memory.height:
        return {}
    trusted = (
        memory.filter(pl.col("is_trusted") & (pl.col("name").str.len_chars() >= 2))
        .select("name", "entity_type")
        .unique(subset=["name"], keep="first")
        .sort("name")
    )
    return dict(trusted.iter_rows())


class Memory:
    """The trusted names of earlier nights, ready to be found in bodies (one automaton per partition)."""

    def __init__(self, memory: pl.DataFrame | None = None) -> None:
        self.types = trusted_names(memory)
        self._automaton: ahocorasick.Automaton | None = None
        if self.types:
            automaton = ahocorasick.Automaton()
            for name, entity_type in self.types.items():
                automaton.add_word(name, (len(name), name, entity_type))
            automaton.make_automaton()
            self._automaton = automaton

    def __len__(self) -> int:
        return len(self.types)

    def find(self, body: str) -> list[Span]:
        """Whole-word occurrences of trusted names in a body, longest first where they overlap; an ordinary word
        is kept only where the text treats it as a person's name."""
        if self._automaton is None:
            return []
        found: list[Span] = []
        for end_index, (length, name, entity_type) in self._automaton.iter(body):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and ("가" <= body[start - 1] <= "힣" or body[start - 1].isalnum()):
                continue
            if not NAME_END.match(body, end):
                continue
            if " " not in name and (is_common_word(name) or (entity_type == "PERSON" and len(name) == 2)):
                # an ordinary word, or a two-syllable name (소련, 창원 are words too): only where the text says
                # it is a person (씨, an age, a role before it)
                if not person_context(body, start, end, strong=True):
                    continue
            surname = None
            if entity_type == "PERSON":
                surname = surname_of(name)
            found.append(Span(start, end, entity_type, name, source="memory", surname=surname))
        return leftmost_longest(found)
