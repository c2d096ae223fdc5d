-- One row per LOCATION entity, with the 법정동 code of the administrative area it is or lies in: 종로구 ->
-- 1111000000; an address below the district level (서울특별시 강남구 삼성동) takes its district's code.
create or replace view v_location as
select e.entity_key, e.canonical_name, a.admin_code, a.level as admin_level
from dim_entity as e
left join dim_admin_area as a
    on a.full_name = e.canonical_name or starts_with(e.canonical_name, a.full_name || ' ')
where e.entity_type = 'LOCATION'
qualify row_number() over (partition by e.entity_key order by length(a.full_name) desc nulls last) = 1;
