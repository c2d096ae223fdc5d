-- dim_article: one row per article_key and per article_id (not declared as constraints: see ddl/03_dim_article.sql).
select 'article_key' as key_column, article_key::varchar as key_value, count(*) as n
from dim_article group by article_key having count(*) > 1
union all
select 'article_id', article_id, count(*) from dim_article group by article_id having count(*) > 1;
