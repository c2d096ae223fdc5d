-- One row per person: the title held now (the current role seen most often, most recent first; then by role and affiliation).
-- A person can hold one title at two bodies on the same days: the tie-break makes the pick the same on every build.
create or replace view v_person_current_role as
select entity_key, role, nullif(affiliation, '') as affiliation, valid_from, last_seen_date
from dim_person_role
where is_current
qualify row_number() over (partition by entity_key order by last_seen_date desc, article_count desc, role, affiliation) = 1;
