create table if not exists fct_article (
    article_key bigint primary key,
    date_key date not null,  -- published date (KST), or the run date when the source gives none
    is_date_from_run boolean not null,
    publisher_key bigint,
    story_key bigint not null,  -- canonical article of the article's duplicate cluster (itself when unique)
    paragraph_count integer not null,
    removed_repeated_blocks integer not null,
    removed_boilerplate_lines integer not null,
    body_char_count integer not null,
    mention_count integer not null
);
comment on table fct_article is 'One row per article: its date, publisher, story and size measures, for daily analysis.';
