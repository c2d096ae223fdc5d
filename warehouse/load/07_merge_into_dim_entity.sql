insert into dim_entity (entity_key, entity_type, canonical_name, first_seen_run_id, disambiguator)
select entity_key, entity_type, canonical_name, $run_id, disambiguator from stg_entity
on conflict (entity_key) do nothing;
