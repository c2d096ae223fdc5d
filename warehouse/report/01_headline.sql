-- The night's headline numbers (one row): files, articles, stories, rejects, copies, new entities.
select
    r.files_seen,
    r.files_loaded,
    r.files_rejected,
    (select count(*) from dim_article where run_id = $run_id) as articles,
    (select count(distinct s.story_key)
     from dim_article as a join v_article_story as s using (article_key)
     where a.run_id = $run_id) as stories,
    (select count(*) from ingest_rejects where run_id = $run_id) as rejects,
    (select count(*) from fct_article_duplicate where run_id = $run_id) as copies,
    r.entities_new as new_entities,
    r.mentions
from etl_run as r
where r.run_id = $run_id;
