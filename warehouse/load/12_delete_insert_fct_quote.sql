delete from fct_quote where article_key in (select article_key from stg_article);
insert into fct_quote (
    article_key, start_char, end_char, quote_text, speaker_entity_key, speaker_kind, speaker_surface, verb,
    paragraph_index, extractor_version
)
select
    article_key, start_char, end_char, quote_text, speaker_entity_key, speaker_kind, speaker_surface, verb,
    paragraph_index, $extractor_version
from stg_quote
order by article_key, start_char;
