-- Clusters are flat: a canonical article is never itself flagged as a copy.
select d.article_key, d.canonical_article_key
from fct_article_duplicate as d
join fct_article_duplicate as c on c.article_key = d.canonical_article_key;
