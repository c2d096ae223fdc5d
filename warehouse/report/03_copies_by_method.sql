-- One row per duplicate method tonight (exact, near): copies flagged and their mean similarity.
select method, count(*) as copies, round(avg(similarity), 3) as mean_similarity
from fct_article_duplicate
where run_id = $run_id
group by method
order by copies desc, method;
