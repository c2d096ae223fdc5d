select m.article_key, m.entity_key, m.surface
from fct_mention as m
left join dim_article as a using (article_key)
left join dim_entity as e using (entity_key)
where a.article_key is null or e.entity_key is null;
