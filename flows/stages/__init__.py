"""One Prefect flow per stage (ingest, dedup, entities, load), each re-runnable on its own from the UI.

Tasks wrap transforms and own I/O, retries, caching and logging. They pass paths and small summaries, never frames,
so Prefect's input hashing and result storage stay cheap. Each stage writes its Parquet outputs and a typed manifest
(flows/manifest.py) under the run folder (`runs_dir/<run_date>/`); the next stage reads the manifest.
"""

from flows.stages.dedup import dedup_flow
from flows.stages.entities import entities_flow
from flows.stages.ingest import ingest_flow
from flows.stages.load import load_flow

STAGES = ("ingest", "dedup", "entities", "load")

__all__ = ["STAGES", "dedup_flow", "entities_flow", "ingest_flow", "load_flow"]
