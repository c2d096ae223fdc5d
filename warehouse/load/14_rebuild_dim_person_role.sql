-- dim_person_role is derived from every observation: a role is current while it was seen on the person's latest
-- observed date; otherwise it ended (valid_to) on the first later date the person was seen without it.
delete from dim_person_role;
insert into dim_person_role
with
observations as (
    select entity_key, role, affiliation, seen_date, article_key from fct_person_role_observation
),
person_dates as (
    select distinct entity_key, seen_date from observations
),
roles as (
    select
        entity_key, role, affiliation,
        min(seen_date) as valid_from,
        max(seen_date) as last_seen_date,
        count(distinct article_key) as article_count
    from observations
    group by all
),
final as (
    select
        r.entity_key, r.role, r.affiliation, r.valid_from,
        (select min(d.seen_date) from person_dates as d
         where d.entity_key = r.entity_key and d.seen_date > r.last_seen_date) as valid_to,
        r.last_seen_date, r.article_count
    from roles as r
)
select entity_key, role, affiliation, valid_from, valid_to, valid_to is null as is_current, last_seen_date,
       article_count
from final
order by entity_key, valid_from, role;
