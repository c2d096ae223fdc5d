-- One row per article record. A record whose content changed (its file was edited) is updated in place and
-- keeps its key; an unchanged record is left as it was, so re-runs leave the table identical.
-- An update plus an anti-join insert rather than INSERT .. ON CONFLICT: dim_article declares no key (see its DDL).
update dim_article as d
set
    title = s.title, subtitle = s.subtitle, body_text = s.body_text, language = s.language, url = s.url,
    paragraph_count = s.paragraph_count, removed_repeated_blocks = s.removed_repeated_blocks,
    removed_boilerplate_lines = s.removed_boilerplate_lines, removed_char_count = s.removed_char_count,
    raw_char_count = s.raw_char_count, publisher_key = s.publisher_key, content_hash = s.content_hash,
    raw_hash = s.raw_hash, published_at = s.published_at,
    -- a record whose file changed but whose own content did not keeps when and by which run it was loaded
    ingested_at = case when d.content_hash <> s.content_hash then $ingested_at else d.ingested_at end,
    run_id = case when d.content_hash <> s.content_hash then $run_id else d.run_id end
from stg_article as s
where d.article_key = s.article_key
  and (d.content_hash <> s.content_hash or d.raw_hash is distinct from s.raw_hash);

insert into dim_article
select
    article_key, article_id, source_file, source_record, source_form,
    title, subtitle, body_text, language, url,
    paragraph_count, removed_repeated_blocks, removed_boilerplate_lines, removed_char_count, raw_char_count,
    publisher_key, content_hash, raw_hash,
    published_at, $ingested_at as ingested_at, $run_id as run_id
from stg_article as s
where not exists (select 1 from dim_article as d where d.article_key = s.article_key)
order by article_key;
