-- Rule 4 of transforms/identity.py: a person the night's article names without a career (a bare name, or only a
-- generic title) is the one person of that name whose career is known, stored or arriving tonight, when there is
-- exactly one; with none or several the mention stays on the name-only key. Decided once, when the article loads.
create or replace temp table person_link as
with unanchored as (
    select entity_key, canonical_name from stg_entity
    where entity_type = 'PERSON' and disambiguator is null
),
anchored as (
    select entity_key, canonical_name from dim_entity
    where entity_type = 'PERSON' and disambiguator is not null
    union
    select entity_key, canonical_name from stg_entity
    where entity_type = 'PERSON' and disambiguator is not null
)
select u.entity_key as from_key, min(a.entity_key) as to_key
from unanchored as u
join anchored as a using (canonical_name)
group by u.entity_key
having count(distinct a.entity_key) = 1;

update stg_mention set entity_key = l.to_key from person_link as l where stg_mention.entity_key = l.from_key;
update stg_person_role set entity_key = l.to_key from person_link as l where stg_person_role.entity_key = l.from_key;
update stg_alias set entity_key = l.to_key from person_link as l where stg_alias.entity_key = l.from_key;
update stg_quote set speaker_entity_key = l.to_key from person_link as l where stg_quote.speaker_entity_key = l.from_key;
delete from stg_entity where entity_key in (select from_key from person_link);
