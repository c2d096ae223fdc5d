"""Pure transforms, one package per stage or concern: text or frames in, frames out.

They never import Prefect, read the clock, the environment or the disk; flows/ passes run dates, settings and
inputs in. Flows import each package's public names from the package itself (`from transforms.ingest import ...`).

- `common`: keys and hashes, text normalization, publisher names (shared by every stage).
- `ingest`: format detection, decoding, the parsers, article records, bylines, boilerplate.
- `dedup`: exact and near-duplicate detection across nights.
- `entities`: mention rules, the NER tagger, normalization into entities and person roles.
- `dates`: publication dates as sources write them, date mentions in bodies.
"""
