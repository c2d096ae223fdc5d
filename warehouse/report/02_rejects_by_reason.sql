-- One row per reject reason tonight: files or records rejected, and a sample.
select reason, count(*) as rejected, min(source_file) as sample_file
from ingest_rejects
where run_id = $run_id
group by reason
order by rejected desc, reason;
