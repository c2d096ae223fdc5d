-- One row per person or organization among the 10 of each type in the most stories tonight (copies counted once,
-- bylines excluded), with the title held now and stories per day over the 14 days ending at the run date
-- (`trend`, oldest first; a story counts on its canonical article's date).
with tonight as (
    select distinct s.story_key
    from dim_article as a
    join v_article_story as s using (article_key)
    where a.run_id = $run_id
),
ranked as (
    select se.entity_key, e.entity_type, e.canonical_name, count(*) as stories,
           row_number() over (partition by e.entity_type order by count(*) desc, e.canonical_name) as rank
    from v_story_entity as se
    join tonight using (story_key)
    join dim_entity as e using (entity_key)
    where e.entity_type in ('PERSON', 'ORG')
    group by se.entity_key, e.entity_type, e.canonical_name
),
days as (
    select cast(day as date) as day
    from generate_series(cast($run_date as date) - 13, cast($run_date as date), interval 1 day) as t(day)
),
daily as (
    select r.entity_key, d.day, count(se.story_key) as stories
    from ranked as r
    cross join days as d
    left join v_story_entity as se on se.entity_key = r.entity_key and se.story_date = d.day
    where r.rank <= 10
    group by r.entity_key, d.day
)
select r.entity_type, r.canonical_name, cr.role as current_title, r.stories,
       list(daily.stories order by daily.day) as trend
from ranked as r
join daily using (entity_key)
left join v_person_current_role as cr using (entity_key)
where r.rank <= 10
group by r.entity_type, r.canonical_name, cr.role, r.stories
order by r.entity_type desc, r.stories desc, r.canonical_name;
