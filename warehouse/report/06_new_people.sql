-- One row per person first seen tonight: mentioned in tonight's articles and in no article of an earlier night.
with earlier as (
    select distinct m.entity_key
    from fct_mention as m
    join dim_article as a using (article_key)
    join etl_run as r using (run_id)
    where r.run_date < $run_date
)
select e.canonical_name, cr.role as current_title, count(distinct s.story_key) as stories
from fct_mention as m
join dim_article as a using (article_key)
join v_article_story as s using (article_key)
join dim_entity as e using (entity_key)
left join v_person_current_role as cr using (entity_key)
where a.run_id = $run_id and e.entity_type = 'PERSON' and m.mention_kind <> 'byline'
  and m.entity_key not in (select entity_key from earlier)
group by all
order by stories desc, e.canonical_name
limit 20;
