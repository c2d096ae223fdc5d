-- One row per speaker among the 10 quoted most in tonight's articles (shown when fct_quote exists).
select e.canonical_name as speaker, count(*) as quotes, count(distinct q.article_key) as articles
from fct_quote as q
join dim_entity as e on e.entity_key = q.speaker_entity_key
join dim_article as a using (article_key)
where a.run_id = $run_id
group by all
order by quotes desc, speaker
limit 10;
