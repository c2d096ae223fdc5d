-- One row per story: the canonical article, how many copies and outlets carried it, first and last appearance.
create or replace view v_story as
with copies as (
    select s.story_key, a.article_key, a.publisher_key, coalesce(a.published_at, a.ingested_at) as appeared_at
    from v_article_story as s
    join dim_article as a using (article_key)
)
select
    c.story_key,
    canonical.title,
    count(*) as cluster_size,
    count(distinct c.publisher_key) as outlet_count,
    min(c.appeared_at) as first_appeared_at,
    max(c.appeared_at) as last_appeared_at
from copies as c
join dim_article as canonical on canonical.article_key = c.story_key
group by c.story_key, canonical.title;
