-- Per-article rows of the articles in check_scope (the night's, or all: see warehouse/db.py run_checks).
select m.article_key, m.surface, m.start_char, m.end_char, length(a.body_text) as body_length
from fct_mention as m
semi join check_scope as s using (article_key)
join (select article_key, body_text from dim_article semi join check_scope using (article_key)) as a
    using (article_key)
where m.mention_kind <> 'byline'
  and (m.start_char is null or m.end_char is null or m.start_char < 0 or m.end_char <= m.start_char
       or m.end_char > length(a.body_text));
