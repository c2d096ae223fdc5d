-- One row per LOCATION entity, with its 법정동 code when it is a Korean administrative area (종로구 -> 1111000000).
create or replace view v_location as
select e.entity_key, e.canonical_name, a.admin_code, a.level as admin_level
from dim_entity as e
left join dim_admin_area as a on a.full_name = e.canonical_name
where e.entity_type = 'LOCATION';
