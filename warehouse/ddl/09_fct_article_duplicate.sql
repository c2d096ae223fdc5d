create table if not exists fct_article_duplicate (
    article_key bigint primary key,  -- the non-canonical copy
    canonical_article_key bigint not null,
    method varchar not null check (method in ('exact', 'near')),
    similarity double not null,
    run_id varchar not null
);
comment on table fct_article_duplicate is 'One row per non-canonical article: the canonical copy it duplicates, how it was found, and how similar.';
