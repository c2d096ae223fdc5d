"""Quotations: direct quotations in article bodies with the speakers their attributions name (`김 지사는 “…”라고
말했다`), resolved against the same article's entity mentions."""

from transforms.quotes.frames import QUOTE_SCHEMA, SPEAKER_ENTITY_SCHEMA, article_quotes, extract_quote_frames

__all__ = ["QUOTE_SCHEMA", "SPEAKER_ENTITY_SCHEMA", "article_quotes", "extract_quote_frames"]
