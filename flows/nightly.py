"""The nightly flow: ingest -> dedup -> entities -> load (with checks), over one landing folder."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound
from prefect.runtime import deployment

from flows.lock import run_owner, writer_lock
from flows.report import publish_report
from flows.settings import Settings
from flows.stages import STAGES, dedup_flow, entities_flow, ingest_flow, load_flow
from warehouse import db

NEWSROOM_TZ = ZoneInfo("Asia/Seoul")

TOP_ENTITIES_SQL = """
select e.entity_type, e.canonical_name, count(distinct s.story_key) as stories, count(*) as mentions
from fct_mention as m
join dim_article as a using (article_key)
join v_article_story as s using (article_key)
join dim_entity as e using (entity_key)
where a.run_id = ? and e.entity_type in ('PERSON', 'ORG') and m.mention_kind <> 'byline'
group by all
order by stories desc, mentions desc, e.canonical_name
limit 20
"""

# The night's most-quoted named speakers: copies of a story count once (stories), every quotation counts (quotes).
TOP_SPEAKERS_SQL = """
select speaker_type, speaker_name, count(distinct story_key) as stories, count(*) as quotes
from v_quote
where article_key in (select article_key from dim_article where run_id = ?) and speaker_entity_key is not null
group by all
order by stories desc, quotes desc, speaker_name
limit 20
"""


def publish_artifacts(counts: dict, warehouse: str) -> None:
    """The night's counts, its top people and organizations and its most-quoted speakers, as Prefect table
    artifacts in the UI."""
    create_table_artifact(
        key="nightly-counts",
        table=[{"measure": k, "value": v} for k, v in counts.items() if not isinstance(v, list | dict)],
        description="Files, records, rejects, duplicates, entities and checks of this run",
    )
    top = db.read_state(warehouse, TOP_ENTITIES_SQL, [counts.get("run_id")])
    create_table_artifact(
        key="nightly-top-entities",
        table=[{"type": t, "name": n, "stories": s, "mentions": m} for t, n, s, m in top],
        description="People and organizations in the most stories loaded tonight",
    )
    speakers = db.read_state(warehouse, TOP_SPEAKERS_SQL, [counts.get("run_id")])
    create_table_artifact(
        key="nightly-top-speakers",
        table=[{"type": t, "speaker": n, "stories": s, "quotes": q} for t, n, s, q in speakers],
        description="People and organizations quoted in the most stories loaded tonight",
    )


class StageRunFailedError(RuntimeError):
    """A stage's deployment run, started by a served nightly run, did not complete."""


def run_stage(stage_flow, parameters: dict) -> dict:
    """Run one stage of the night and return its result.

    When this nightly run belongs to a deployment (served by `newsetl serve`, or a work pool), the stage runs as a
    run of its own deployment (`<stage>/<stage>`), linked as a child of this run: each night's stage runs are then
    listed under the stage's deployment, with their state and a Retry button. Run from the CLI (no deployments), or
    when the stage has no deployment, it runs here as a subflow.
    """
    if deployment.get_id() is not None:
        name = f"{stage_flow.name}/{stage_flow.name}"
        try:
            as_json = {k: v.isoformat() if isinstance(v, date) else v for k, v in parameters.items()}
            run = run_deployment(name, parameters=as_json, poll_interval=2)
        except ObjectNotFound:
            get_run_logger().warning("no deployment %s: running the stage as a subflow", name)
        else:
            if not run.state.is_completed():
                raise StageRunFailedError(f"stage run {run.name} of {name} ended {run.state.name}")
            return run.state.result()
    return stage_flow(**parameters)


@flow(name="nightly")
def nightly(
    input_dir: str | None = None,
    warehouse: str | None = None,
    run_date: date | None = None,
    stages: list[str] | None = None,
    refresh: list[str] | None = None,
) -> dict:
    """Run the stages in order under the warehouse's writer lock and return the run's counts.

    Args:
        input_dir: landing folder (default: settings.landing).
        warehouse: DuckDB file to publish (default: settings.warehouse).
        run_date: the night processed (default: today in Asia/Seoul); outputs go to runs_dir/<run_date>/.
        stages: which stages to run (default all: ingest, dedup, entities, load).
        refresh: stages to recompute even when their cached result is valid.
    """
    settings = Settings()
    input_dir = input_dir or str(settings.landing)
    warehouse = warehouse or str(settings.warehouse)
    run_date = run_date or datetime.now(NEWSROOM_TZ).date()
    stages = list(stages or STAGES)
    refresh = set(refresh or [])
    unknown = (set(stages) | refresh) - set(STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s) {sorted(unknown)}; stages are {list(STAGES)}")
    logger = get_run_logger()
    counts: dict = {}
    night = {"run_date": run_date, "warehouse": warehouse}
    with writer_lock(warehouse, settings.lock_timeout_seconds, **run_owner()):
        if "ingest" in stages:
            manifest = run_stage(
                ingest_flow, night | {"input_dir": input_dir, "refresh": "ingest" in refresh}
            )
            counts |= {"run_id": manifest["run_id"], **manifest["counts"]}
        if "dedup" in stages:
            counts |= run_stage(dedup_flow, night | {"refresh": "dedup" in refresh})["counts"]
        if "entities" in stages:
            counts |= run_stage(entities_flow, night | {"refresh": "entities" in refresh})["counts"]
        if "load" in stages:
            counts |= run_stage(load_flow, night | {"refresh": "load" in refresh})["counts"]
            publish_artifacts(counts, warehouse)
            publish_report(warehouse, run_date, counts)
    logger.info("nightly %s: %s", counts.get("run_id"), counts)
    return counts
