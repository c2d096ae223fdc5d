select d.article_key, d.canonical_article_key
from fct_article_duplicate as d
left join dim_article as a on a.article_key = d.article_key
left join dim_article as c on c.article_key = d.canonical_article_key
where a.article_key is null or c.article_key is null or d.article_key = d.canonical_article_key;
