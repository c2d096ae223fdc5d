insert or replace into etl_file (source_file, size_bytes, mtime, raw_hash, status, record_count, run_id)
select source_file, size_bytes, mtime, raw_hash, status, record_count, $run_id from stg_file;
