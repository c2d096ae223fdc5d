delete from ingest_rejects where run_id = $run_id;
insert into ingest_rejects (source_file, source_record, reason, detail, run_id, rejected_at)
select source_file, source_record, reason, detail, $run_id, $ingested_at from stg_reject
order by source_file, source_record;
