"""Retries only on I/O: the retry condition of the stage tasks."""

from __future__ import annotations

import duckdb
from prefect.states import Failed

from flows.cache import retry_on_io
from flows.stages.dedup import DedupSettingsChangedError
from flows.stages.load import ChecksFailedError


def test_io_errors_are_retried_deterministic_failures_are_not():
    def retried(error: BaseException) -> bool:
        return retry_on_io(None, None, Failed(data=error))

    assert retried(OSError("No space left on device"))
    assert retried(duckdb.IOException('Could not set lock on file "news.duckdb"'))
    assert not retried(ChecksFailedError("assert_unique_article: 1 offending row(s)"))
    assert not retried(DedupSettingsChangedError("settings changed"))
    assert not retried(ValueError("a parse error"))
