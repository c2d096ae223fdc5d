-- An entity exists because a mention names it: when a night's entity facts are rewritten (a re-run after a rule
-- changed, `--refresh entities`), the entities and aliases that no mention names any more go, so the warehouse shows
-- the current code's reading and nothing stale. (Reporters name their PERSON entity through byline mentions.)
delete from dim_entity_alias where entity_key not in (select entity_key from fct_mention);
delete from dim_entity where entity_key not in (select entity_key from fct_mention);
