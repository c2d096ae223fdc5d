create table if not exists etl_run (
    run_id varchar primary key,
    run_date date not null,
    files_seen integer, files_loaded integer, files_rejected integer, files_unchanged integer,
    articles_loaded integer, duplicates integer, entities_new integer, mentions integer,
    finished_at timestamptz
);
comment on table etl_run is 'One row per nightly run, with its counts.';
