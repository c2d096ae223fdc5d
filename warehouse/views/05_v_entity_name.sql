-- One row per (entity, name it goes by): canonical name and every alias. Look an entity up by any name.
create or replace view v_entity_name as
select entity_key, entity_type, canonical_name, canonical_name as name from dim_entity
union
select e.entity_key, e.entity_type, e.canonical_name, a.alias as name
from dim_entity_alias as a join dim_entity as e using (entity_key);
