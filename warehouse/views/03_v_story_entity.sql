-- One row per (story, entity): an entity mentioned in the text of any copy of a story counts once for that story.
-- Bylines are authorship, not mentions (bridge_article_reporter has them): a reporter is not "mentioned" in the
-- stories they wrote, so the most-mentioned people are not the most prolific reporters.
create or replace view v_story_entity as
select s.story_key, m.entity_key, count(*) as mention_count, min(f.date_key) as story_date
from fct_mention as m
join v_article_story as s using (article_key)
join fct_article as f on f.article_key = s.story_key
where m.mention_kind <> 'byline'
group by s.story_key, m.entity_key;
