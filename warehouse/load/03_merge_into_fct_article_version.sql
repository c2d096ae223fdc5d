insert into fct_article_version (article_key, content_hash, title, body_char_count, published_at, run_id)
select article_key, content_hash, title, length(body_text), published_at, $run_id
from stg_article
on conflict do nothing;
