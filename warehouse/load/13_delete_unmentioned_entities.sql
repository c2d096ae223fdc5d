-- An entity exists because a mention names it, or a quotation's speaker is it (an organization speaking by a common
-- word, 재판부, has no mention): when a night's entity facts are rewritten (a re-run after a rule changed,
-- `--refresh entities`), the entities and aliases that nothing names any more go, so the warehouse shows the current
-- code's reading and nothing stale. (Reporters name their PERSON entity through byline mentions.)
delete from dim_entity_alias where entity_key not in (
    select entity_key from fct_mention union select speaker_entity_key from fct_quote where speaker_entity_key is not null
);
delete from dim_entity where entity_key not in (
    select entity_key from fct_mention union select speaker_entity_key from fct_quote where speaker_entity_key is not null
);
