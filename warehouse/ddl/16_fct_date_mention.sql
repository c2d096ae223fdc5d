create table if not exists fct_date_mention (
    article_key bigint not null,
    surface varchar not null,  -- equals dim_article.body_text[start_char:end_char]
    start_char integer not null,
    end_char integer not null,
    date_from date,  -- first day the mention refers to (null when it cannot be resolved)
    date_to date,  -- last day (= date_from for a single day)
    is_resolved boolean not null,
    resolved_against varchar not null,  -- published_at, or run_date when the source gives no publication date
    extractor_version varchar,  -- the entities code that derived the row (newsetl reprocess re-derives stale ones)
    primary key (article_key, start_char)
);
comment on table fct_date_mention is 'One row per date mention in an article body (9일, 지난 7~8일, 오는 3월 20~21일, 2020년부터), resolved to a date range against the article''s publication date.';
