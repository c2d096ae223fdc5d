select r.entity_key, r.role, e.entity_type
from dim_person_role as r
left join dim_entity as e using (entity_key)
where e.entity_type is distinct from 'PERSON' or (r.valid_to is not null and r.valid_to <= r.valid_from);
