create table if not exists etl_file (
    source_file varchar primary key,  -- path relative to the input folder
    size_bytes bigint not null,
    mtime timestamptz,
    raw_hash varchar not null,
    status varchar not null,  -- loaded, rejected
    record_count integer not null,
    run_id varchar not null
);
comment on table etl_file is 'One row per input file seen: its size, hash and outcome in the last run that processed it (the ledger that makes nights incremental).';
