-- One original run's share of the reprocessed articles, staged as that night's load staged them, so the load's own
-- entity steps (load/06..11, 17) decide links and first-seen runs in the order the nights happened.
create or replace temp table stg_article as select * from rp_article where run_id = $run_id;
create or replace temp table stg_mention as
select m.* from rp_mention as m semi join stg_article as a using (article_key);
create or replace temp table stg_person_role as
select r.* from rp_person_role as r semi join stg_article as a using (article_key);
create or replace temp table stg_date_mention as
select d.* from rp_date_mention as d semi join stg_article as a using (article_key);
create or replace temp table stg_entity as
select e.* from rp_entity as e
where e.entity_key in (select entity_key from stg_mention union select entity_key from stg_person_role);
create or replace temp table stg_alias as
select a.* from rp_alias as a where a.entity_key in (select entity_key from stg_entity);
