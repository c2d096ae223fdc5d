-- Per-article rows of the articles in check_scope (the night's, or all: see warehouse/db.py run_checks).
select d.article_key, d.surface, d.start_char, d.end_char
from fct_date_mention as d
semi join check_scope as s using (article_key)
left join (select article_key, body_text from dim_article semi join check_scope using (article_key)) as a
    using (article_key)
where a.article_key is null
   or d.end_char > length(a.body_text)
   or substring(a.body_text, d.start_char + 1, d.end_char - d.start_char) <> d.surface
   or (d.is_resolved and (d.date_from is null or d.date_to < d.date_from));
