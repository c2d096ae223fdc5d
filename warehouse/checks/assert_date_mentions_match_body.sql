select d.article_key, d.surface, d.start_char, d.end_char
from fct_date_mention as d
left join dim_article as a using (article_key)
where a.article_key is null
   or d.end_char > length(a.body_text)
   or substring(a.body_text, d.start_char + 1, d.end_char - d.start_char) <> d.surface
   or (d.is_resolved and (d.date_from is null or d.date_to < d.date_from));
