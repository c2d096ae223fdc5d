create table if not exists dim_person_role (
    entity_key bigint not null,
    role varchar not null,  -- the title as printed: 서울시장, 종로구청장, 교수
    affiliation varchar not null default '',  -- the body the title belongs to ('' when none is given)
    valid_from date not null,  -- first date the role was seen
    valid_to date,  -- the first later date the person was seen without this role; null while current
    is_current boolean not null,
    last_seen_date date not null,
    article_count integer not null,
    primary key (entity_key, role, affiliation)
);
comment on table dim_person_role is 'One row per (person, role, affiliation): type-2 history of the titles people hold, with when each was seen.';
