-- One row per (story, entity): an entity mentioned in any copy of a story counts once for that story.
create or replace view v_story_entity as
select s.story_key, m.entity_key, count(*) as mention_count, min(f.date_key) as story_date
from fct_mention as m
join v_article_story as s using (article_key)
join fct_article as f on f.article_key = s.story_key
group by s.story_key, m.entity_key;
