-- The reprocessed articles' entity facts go; so do the entities (and their aliases) nothing remaining names (no
-- mention, no quotation's speaker): every entity exists because a mention or a speaker names it, and the reprocessed
-- ones are merged back, run by run.
delete from fct_mention where article_key in (select article_key from rp_article);
delete from fct_person_role_observation where article_key in (select article_key from rp_article);
delete from fct_date_mention where article_key in (select article_key from rp_article);
delete from fct_quote where article_key in (select article_key from rp_article);
delete from dim_entity_alias where entity_key not in (
    select entity_key from fct_mention union select speaker_entity_key from fct_quote where speaker_entity_key is not null
);
delete from dim_entity where entity_key not in (
    select entity_key from fct_mention union select speaker_entity_key from fct_quote where speaker_entity_key is not null
);
