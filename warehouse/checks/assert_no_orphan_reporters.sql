select b.article_key, b.reporter_key
from bridge_article_reporter as b
left join dim_article as a using (article_key)
left join dim_reporter as r using (reporter_key)
where a.article_key is null or r.reporter_key is null;
