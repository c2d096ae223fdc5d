"""Dedup: exact and near copies among the night's articles and against every stored one."""

from transforms.dedup.core import DedupSettings, find_duplicates, stored_band_keys

__all__ = ["DedupSettings", "find_duplicates", "stored_band_keys"]
