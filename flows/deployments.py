"""Deployments: `nightly` on a schedule, and one per stage so the UI has a Run button for each."""

from __future__ import annotations

from prefect.client.schemas.schedules import CronSchedule

from flows.nightly import nightly
from flows.stages import dedup_flow, entities_flow, ingest_flow, load_flow

NIGHTLY_CRON = "0 2 * * *"
NIGHTLY_TIMEZONE = "Asia/Seoul"


def nightly_schedule() -> CronSchedule:
    """02:00 every night, newsroom time."""
    return CronSchedule(cron=NIGHTLY_CRON, timezone=NIGHTLY_TIMEZONE)


def build_deployments() -> list:
    """The runner deployments `newsetl serve` serves: nightly (scheduled) and one unscheduled per stage."""
    tags = ["newsetl"]
    return [
        nightly.to_deployment(
            name="nightly",
            schedules=[nightly_schedule()],
            description="Every stage in order: ingest, dedup, entities, load. Retry reuses completed stages.",
            tags=tags,
        ),
        ingest_flow.to_deployment(
            name="ingest", description="Parse new or changed landing files.", tags=tags
        ),
        dedup_flow.to_deployment(
            name="dedup", description="Flag duplicates of the night's articles.", tags=tags
        ),
        entities_flow.to_deployment(
            name="entities", description="Extract and normalize entities.", tags=tags
        ),
        load_flow.to_deployment(name="load", description="Load, check and publish the warehouse.", tags=tags),
    ]
