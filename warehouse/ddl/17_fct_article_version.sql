create table if not exists fct_article_version (
    article_key bigint not null,
    content_hash varchar not null,  -- xxh3-128 of the normalized body of this version
    title varchar,
    body_char_count integer not null,
    published_at timestamptz,
    run_id varchar not null,  -- the run that first saw this version
    primary key (article_key, content_hash)
);
comment on table fct_article_version is 'One row per distinct version of an article record: a file edited after it was loaded gives its article a new version (dim_article holds the latest), never a second article.';
