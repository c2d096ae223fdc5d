create table if not exists ingest_rejects (
    source_file varchar not null,
    source_record integer,  -- null when the whole file was rejected
    reason varchar not null,  -- empty, binary, undecodable, too_large, no_text, parse_error
    detail varchar,
    run_id varchar not null,
    rejected_at timestamptz not null
);
comment on table ingest_rejects is 'One row per file or record that could not be ingested, with the reason; the run went on without it.';
