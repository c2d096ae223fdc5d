-- One row per quotation (fct_quote's grain), with what an analyst asks of it: the outlet and publication time, the
-- speaker's name and type (null for an anonymous or unresolved source), and the story the article belongs to
-- (`is_canonical`: the story's first copy; count `distinct story_key` to count a story's copies once).
create or replace view v_quote as
select
    -- ids
    q.article_key, s.story_key, s.is_canonical, q.speaker_entity_key,
    -- the quotation
    q.quote_text, q.start_char, q.end_char, q.paragraph_index, q.verb,
    -- the speaker
    q.speaker_kind, q.speaker_surface, e.canonical_name as speaker_name, e.entity_type as speaker_type,
    -- the article
    coalesce(p.name, '(unknown)') as publisher, a.published_at, f.date_key as article_date, a.title
from fct_quote as q
join dim_article as a using (article_key)
join fct_article as f using (article_key)
join v_article_story as s using (article_key)
left join dim_publisher as p on p.publisher_key = a.publisher_key
left join dim_entity as e on e.entity_key = q.speaker_entity_key;
