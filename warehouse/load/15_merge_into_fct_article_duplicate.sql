-- A canonical choice, once made, stays: an article already flagged keeps its row.
insert into fct_article_duplicate (article_key, canonical_article_key, method, similarity, run_id)
select article_key, canonical_article_key, method, similarity, $run_id from stg_duplicate
on conflict (article_key) do nothing;
