-- Offsets are Python str indices (code points); DuckDB's substring counts code points too.
select m.article_key, m.surface, substring(a.body_text, m.start_char + 1, m.end_char - m.start_char) as in_body
from fct_mention as m
join dim_article as a using (article_key)
where m.start_char is not null
  and substring(a.body_text, m.start_char + 1, m.end_char - m.start_char) <> m.surface;
