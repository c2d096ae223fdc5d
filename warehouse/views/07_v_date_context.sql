-- One row per (date mention, entity mentioned in the same paragraph of the same article): what a date in the text
-- is about (`오는 3월 20~21일` next to `MLB 월드투어 서울시리즈` and `고척돔`). A date with no entity in its paragraph
-- has one row with null entity columns. Paragraphs are the body's lines (dim_article.body_text split on newlines);
-- bylines have no offsets and are not in any paragraph.
create or replace view v_date_context as
with dated as (
    select d.article_key, f.story_key, f.story_key = d.article_key as is_canonical, f.date_key as article_date,
           d.surface, d.start_char, d.date_from, d.date_to, d.is_resolved,
           len(string_split(substring(a.body_text, 1, d.start_char), chr(10))) - 1 as paragraph
    from fct_date_mention as d
    join fct_article as f using (article_key)
    join dim_article as a using (article_key)
),
placed as (
    select m.article_key, m.entity_key,
           len(string_split(substring(a.body_text, 1, m.start_char), chr(10))) - 1 as paragraph
    from fct_mention as m
    join dim_article as a using (article_key)
    where m.start_char is not null and m.article_key in (select article_key from dated)
)
select dated.*, e.entity_key, e.entity_type, e.canonical_name
from dated
left join (select distinct article_key, entity_key, paragraph from placed) as placed
    on placed.article_key = dated.article_key and placed.paragraph = dated.paragraph
left join dim_entity as e on e.entity_key = placed.entity_key;
