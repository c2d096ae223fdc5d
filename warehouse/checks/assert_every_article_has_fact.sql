select a.article_key, a.source_file
from dim_article as a
full outer join fct_article as f using (article_key)
where a.article_key is null or f.article_key is null;
