-- Per-article rows of the articles in check_scope (the night's, or all: see warehouse/db.py run_checks).
-- Offsets are Python str indices (code points); DuckDB's substring counts code points too.
select m.article_key, m.surface, substring(a.body_text, m.start_char + 1, m.end_char - m.start_char) as in_body
from fct_mention as m
semi join check_scope as s using (article_key)
join (select article_key, body_text from dim_article semi join check_scope using (article_key)) as a
    using (article_key)
where m.start_char is not null
  and substring(a.body_text, m.start_char + 1, m.end_char - m.start_char) <> m.surface;
