insert or replace into etl_run (
    run_id, run_date, files_seen, files_loaded, files_rejected, files_unchanged, articles_loaded, duplicates,
    entities_new, mentions, finished_at
)
select
    $run_id, $run_date, $files_seen, $files_loaded, $files_rejected, $files_unchanged,
    (select count(*) from stg_article),
    $duplicates_exact + $duplicates_near,
    (select count(*) from dim_entity where first_seen_run_id = $run_id),
    $mentions,
    $ingested_at;
