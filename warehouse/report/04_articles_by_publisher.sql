-- One row per publisher tonight: articles ingested, and the stories they are (copies counted once).
select coalesce(p.name, '(unknown)') as publisher, count(*) as articles, count(distinct s.story_key) as stories
from dim_article as a
join v_article_story as s using (article_key)
left join dim_publisher as p using (publisher_key)
where a.run_id = $run_id
group by all
order by articles desc, publisher;
