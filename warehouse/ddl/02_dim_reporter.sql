create table if not exists dim_reporter (
    reporter_key bigint primary key,  -- xxh3 of (name, email or publisher)
    name varchar not null,
    email varchar,
    publisher_key bigint,
    entity_key bigint  -- the reporter as a PERSON in dim_entity
);
comment on table dim_reporter is 'One row per reporter: a byline name at one publisher (or one e-mail address).';
