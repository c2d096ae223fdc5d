create table if not exists dim_entity (
    entity_key bigint primary key,  -- xxh3 of (entity_type, canonical_name)
    entity_type varchar not null check (entity_type in ('PERSON', 'ORG', 'LOCATION', 'EVENT')),
    canonical_name varchar not null,
    first_seen_run_id varchar
);
comment on table dim_entity is 'One row per entity (person, organization, location, event), identified by type and canonical name.';
