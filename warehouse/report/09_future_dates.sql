-- One row per date range ahead that tonight's articles point to (after the night and the article's own date; copies
-- excluded): how many articles, and one of their titles with the words that name the date.
select d.date_from, d.date_to, count(distinct d.article_key) as articles,
       arg_min(a.title, d.article_key) as sample_title, arg_min(d.surface, d.article_key) as written_as
from fct_date_mention as d
join fct_article as f using (article_key)
join dim_article as a using (article_key)
where a.run_id = $run_id and d.is_resolved and d.date_from > greatest(f.date_key, $run_date) and f.story_key = f.article_key
group by d.date_from, d.date_to
order by d.date_from, d.date_to
limit 30;
