-- The articles being reprocessed, with the columns the nightly load's entity steps read from stg_article and the run
-- that loaded each. One row per article in rp_article. Their entity frames are staged run by run (03_stage_run).
create or replace temp table rp_article as
select
    a.article_key, a.run_id, f.date_key, f.is_date_from_run, a.publisher_key,
    a.paragraph_count, a.removed_repeated_blocks, a.removed_boilerplate_lines, a.body_text
from dim_article as a
join fct_article as f using (article_key)
where a.article_key in (select article_key from read_parquet($articles));
