-- One row per article: the story (duplicate cluster) it belongs to. Count stories, not copies, with this.
create or replace view v_article_story as
select
    a.article_key,
    coalesce(d.canonical_article_key, a.article_key) as story_key,
    d.article_key is null as is_canonical,
    d.method as duplicate_method,
    d.similarity as duplicate_similarity
from dim_article as a
left join fct_article_duplicate as d using (article_key);
