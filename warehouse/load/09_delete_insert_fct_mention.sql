delete from fct_mention where article_key in (select article_key from stg_article);
insert into fct_mention (article_key, entity_key, surface, start_char, end_char, mention_kind, extractor_version, proposed_by)
select article_key, entity_key, surface, start_char, end_char, mention_kind, $extractor_version, proposed_by
from stg_mention
order by article_key, start_char nulls last, entity_key;
