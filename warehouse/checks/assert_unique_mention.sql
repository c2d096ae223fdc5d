-- fct_mention: at most one row per (article, entity, offsets, kind).
select article_key, entity_key, start_char, end_char, mention_kind, count(*) as n
from fct_mention group by all having count(*) > 1;
