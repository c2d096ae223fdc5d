insert into dim_entity_alias (entity_key, alias)
select distinct entity_key, alias from stg_alias
on conflict do nothing;
