-- One night's share of the reprocessed articles (`$articles`: those it loaded, and those it read again from a changed
-- file) with the entity frames extracted for them with that night's memory, staged as that night's load staged them,
-- so the load's own entity steps (load/06..12, 19) decide links and first-seen runs in the order the nights happened.
create or replace temp table stg_article as
select a.* from rp_article as a where a.article_key in (select article_key from read_parquet($articles));
create or replace temp table stg_mention as select * from read_parquet($mentions);
create or replace temp table stg_person_role as select * from read_parquet($person_roles);
create or replace temp table stg_date_mention as select * from read_parquet($date_mentions);
create or replace temp table stg_quote as select * from read_parquet($quotes);
create or replace temp table stg_entity as
select e.* from read_parquet($entities) as e
where e.entity_key in (
    select entity_key from stg_mention
    union select entity_key from stg_person_role
    union select speaker_entity_key from stg_quote
);
create or replace temp table stg_alias as
select a.* from read_parquet($aliases) as a where a.entity_key in (select entity_key from stg_entity);
