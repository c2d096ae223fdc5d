create table if not exists fct_mention (
    article_key bigint not null,
    entity_key bigint not null,
    surface varchar not null,  -- equals dim_article.body_text[start_char:end_char] (byline mentions: the name)
    start_char integer,  -- Python str offset into dim_article.body_text; null for byline mentions
    end_char integer,
    mention_kind varchar not null check (mention_kind in ('full', 'short', 'alias', 'byline')),
    extractor_version varchar  -- the entities code that derived the row (newsetl reprocess re-derives stale ones)
);
comment on table fct_mention is 'One row per entity mention in an article body (or byline): article, entity, offsets, kind.';
