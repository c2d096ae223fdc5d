-- A replayed run's entity counters describe the facts it now holds, counted as that night's own load counted them
-- (load/23_merge_into_etl_run.sql): entities first seen in the run, and the mentions staged for it.
update etl_run set
    entities_new = (select count(*) from dim_entity where first_seen_run_id = $run_id),
    mentions = (select count(*) from stg_mention)
where run_id = $run_id;
