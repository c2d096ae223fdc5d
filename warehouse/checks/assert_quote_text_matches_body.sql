-- Per-article rows of the articles in check_scope (the night's, or all: see warehouse/db.py run_checks): each
-- quotation's text is the body between its offsets, and its speaker, when named, is a PERSON or ORG entity.
select q.article_key, q.start_char, q.end_char, q.speaker_entity_key
from fct_quote as q
semi join check_scope as s using (article_key)
left join (select article_key, body_text from dim_article semi join check_scope using (article_key)) as a
    using (article_key)
left join dim_entity as e on e.entity_key = q.speaker_entity_key
where a.article_key is null
   or q.end_char > length(a.body_text)
   or q.start_char >= q.end_char
   or substring(a.body_text, q.start_char + 1, q.end_char - q.start_char) <> q.quote_text
   or (q.speaker_entity_key is not null and (e.entity_key is null or e.entity_type not in ('PERSON', 'ORG')))
   or ((q.speaker_entity_key is null) <> (q.speaker_kind in ('anonymous', 'unresolved')));
