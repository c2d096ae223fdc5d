"""Entities: mentions of people, organizations, places and events in article bodies, normalized into entities,
aliases and person roles (the date mentions of the same articles come from `transforms.dates`)."""

from transforms.entities.frames import (
    ARTICLE_COLUMNS,
    combine_partitions,
    copy_groups,
    extract_entity_frames,
)
from transforms.entities.memory import MEMORY_SCHEMA
from transforms.entities.normalize import ALIAS_SCHEMA

__all__ = [
    "ALIAS_SCHEMA",
    "ARTICLE_COLUMNS",
    "MEMORY_SCHEMA",
    "combine_partitions",
    "copy_groups",
    "extract_entity_frames",
]
