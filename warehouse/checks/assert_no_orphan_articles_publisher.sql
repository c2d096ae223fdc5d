select a.article_key, a.publisher_key
from dim_article as a
left join dim_publisher as p using (publisher_key)
where a.publisher_key is not null and p.publisher_key is null;
