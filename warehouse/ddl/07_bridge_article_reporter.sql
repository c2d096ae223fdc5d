create table if not exists bridge_article_reporter (
    article_key bigint not null,
    reporter_key bigint not null,
    dateline varchar,  -- where the byline places the reporter (라스베이거스)
    primary key (article_key, reporter_key)
);
comment on table bridge_article_reporter is 'One row per (article, reporter) in its byline.';
