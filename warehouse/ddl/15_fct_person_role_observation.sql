create table if not exists fct_person_role_observation (
    article_key bigint not null,
    entity_key bigint not null,
    role varchar not null,
    affiliation varchar not null default '',
    seen_date date not null,  -- the article's date (published, or run date)
    extractor_version varchar,  -- the entities code that derived the row (newsetl reprocess re-derives stale ones)
    primary key (article_key, entity_key, role, affiliation)
);
comment on table fct_person_role_observation is 'One row per (article, person, role, affiliation) seen together; dim_person_role is derived from it.';
