-- The checks' scope after a reprocess: every reprocessed article.
create or replace temp table stg_article as select * from rp_article;
