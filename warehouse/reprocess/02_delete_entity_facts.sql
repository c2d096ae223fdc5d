-- The reprocessed articles' entity facts go; so do the entities (and their aliases) no remaining mention names:
-- every entity exists because a mention names it, and the reprocessed ones are merged back, run by run.
delete from fct_mention where article_key in (select article_key from rp_article);
delete from fct_person_role_observation where article_key in (select article_key from rp_article);
delete from fct_date_mention where article_key in (select article_key from rp_article);
delete from dim_entity_alias where entity_key not in (select entity_key from fct_mention);
delete from dim_entity where entity_key not in (select entity_key from fct_mention);
