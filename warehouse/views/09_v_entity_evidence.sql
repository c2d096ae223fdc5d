-- One row per person, organization or place with at least one mention: the evidence the warehouse holds for it and
-- whether its name is trusted alone on a later night (the memory of transforms/entities/memory.py).
-- `entity_evidence(before_run_id)` computes it from the articles loaded by runs published before that run
-- (etl_run.finished_at order; null: every run); `v_entity_evidence` is it over every run.
--
-- article_count, night_count (distinct etl_run.run_date of the runs that loaded its articles) and proposed_by count
-- every mention. Trust reads only evidence from the text, and never the `memory` proposer, so a name is trusted on
-- what first confirmed it and not on its own echoes (an error made once does not feed itself night after night):
--   PERSON: in at least one article a rule read a title, a role or an age (title, title_list, presiding_judge,
--           aged_ssi, role_before_name), or a role was observed (fct_person_role_observation), or it signed a byline;
--           or the tagger or the Wikidata list proposed it in at least 3 articles over at least 2 nights.
--   ORG, LOCATION: a rule found it (orgs_places, law_firm, defined_alias) in at least one article; or the tagger
--           proposed it in at least 3 articles over at least 2 nights.
-- short_form and repeat only follow a name already found in the same article; they are no evidence of their own.
create or replace macro entity_evidence(before_run_id) as table
with
cutoff as (
    select finished_at, run_id from etl_run where run_id = before_run_id
),
articles as (
    select a.article_key, a.run_id, coalesce(r.run_date::varchar, a.run_id) as night
    from dim_article as a
    left join etl_run as r using (run_id)
    where before_run_id is null
       or exists (
           select 1 from cutoff as c
           where r.finished_at < c.finished_at or (r.finished_at = c.finished_at and r.run_id < c.run_id)
       )
),
mentions as (
    select m.entity_key, m.article_key, a.night, m.proposed_by, m.mention_kind
    from fct_mention as m
    join articles as a using (article_key)
),
observed_roles as (
    select distinct o.entity_key, o.article_key
    from fct_person_role_observation as o
    semi join articles as a using (article_key)
),
bylines as (
    select distinct r.entity_key, b.article_key
    from bridge_article_reporter as b
    join dim_reporter as r using (reporter_key)
    semi join articles as a using (article_key)
    where r.entity_key is not null
),
per_article as (
    -- one row per (entity, article): what kind of evidence the article gives
    select
        m.entity_key, m.article_key, any_value(m.night) as night,
        bool_or(
            m.proposed_by in ('title', 'title_list', 'presiding_judge', 'aged_ssi', 'role_before_name', 'byline')
            or m.mention_kind = 'byline'
        ) as by_person_rule,
        bool_or(m.proposed_by in ('orgs_places', 'law_firm', 'defined_alias')) as by_place_rule,
        bool_or(m.proposed_by in ('tagger', 'wikidata')) as by_model
    from mentions as m
    group by m.entity_key, m.article_key
),
counted as (
    select
        p.entity_key,
        count(*) as article_count,
        count(distinct p.night) as night_count,
        count(*) filter (
            where p.by_person_rule
               or (p.entity_key, p.article_key) in (select (entity_key, article_key) from observed_roles)
               or (p.entity_key, p.article_key) in (select (entity_key, article_key) from bylines)
        ) as person_rule_article_count,
        count(*) filter (where p.by_place_rule) as place_rule_article_count,
        count(*) filter (where p.by_model) as model_article_count,
        count(distinct p.night) filter (where p.by_model) as model_night_count
    from per_article as p
    group by p.entity_key
),
proposers as (
    select entity_key, list_sort(list_distinct(list(proposed_by))) as proposed_by
    from mentions
    group by entity_key
),
final as (
    select
        -- ids
        e.entity_key,
        e.canonical_name as name,
        e.entity_type,
        e.disambiguator,
        -- numerics
        c.article_count,
        c.night_count,
        c.person_rule_article_count,
        c.place_rule_article_count,
        c.model_article_count,
        c.model_night_count,
        -- evidence
        p.proposed_by,
        case e.entity_type
            when 'PERSON' then c.person_rule_article_count >= 1
            else c.place_rule_article_count >= 1
        end
        or (c.model_article_count >= 3 and c.model_night_count >= 2) as is_trusted
    from counted as c
    join dim_entity as e using (entity_key)
    join proposers as p using (entity_key)
    where e.entity_type in ('PERSON', 'ORG', 'LOCATION')
)
select * from final;

create or replace view v_entity_evidence as select * from entity_evidence(null);
