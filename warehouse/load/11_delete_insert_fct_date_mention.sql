delete from fct_date_mention where article_key in (select article_key from stg_article);
insert into fct_date_mention (
    article_key, surface, start_char, end_char, date_from, date_to, is_resolved, resolved_against, extractor_version
)
select
    article_key, surface, start_char, end_char, date_from, date_to, is_resolved, resolved_against, $extractor_version
from stg_date_mention
order by article_key, start_char;
