create table if not exists dim_entity (
    entity_key bigint primary key,  -- xxh3 of (entity_type, canonical_name[, disambiguator])
    entity_type varchar not null check (entity_type in ('PERSON', 'ORG', 'LOCATION', 'EVENT')),
    canonical_name varchar not null,
    first_seen_run_id varchar,
    -- PERSON only: the career that tells namesakes apart (office, law, academia, business, press:<publisher>, ...;
    -- transforms/identity.py); null = no article of this person gave a career
    disambiguator varchar
);
comment on table dim_entity is 'One row per entity (person, organization, location, event), identified by type and canonical name; a person also by the career its articles give (namesakes in different careers are different people).';
