-- One row per article record. A record whose content changed (its file was edited) is updated in place and
-- keeps its key; an unchanged record is left as it was, so re-runs leave the table identical.
insert into dim_article
select
    article_key, article_id, source_file, source_record, source_form,
    title, subtitle, body_text, language, url,
    paragraph_count, removed_repeated_blocks, removed_boilerplate_lines, removed_char_count, raw_char_count,
    publisher_key, content_hash, raw_hash,
    published_at, $ingested_at as ingested_at, $run_id as run_id
from stg_article
on conflict (article_key) do update set
    title = excluded.title, subtitle = excluded.subtitle, body_text = excluded.body_text,
    language = excluded.language, url = excluded.url, paragraph_count = excluded.paragraph_count,
    removed_repeated_blocks = excluded.removed_repeated_blocks,
    removed_boilerplate_lines = excluded.removed_boilerplate_lines,
    removed_char_count = excluded.removed_char_count, raw_char_count = excluded.raw_char_count,
    publisher_key = excluded.publisher_key, content_hash = excluded.content_hash, raw_hash = excluded.raw_hash,
    published_at = excluded.published_at,
    -- a record whose file changed but whose own content did not keeps when and by which run it was loaded
    ingested_at = case when dim_article.content_hash <> excluded.content_hash
                       then excluded.ingested_at else dim_article.ingested_at end,
    run_id = case when dim_article.content_hash <> excluded.content_hash
                  then excluded.run_id else dim_article.run_id end
where dim_article.content_hash <> excluded.content_hash or dim_article.raw_hash is distinct from excluded.raw_hash;
