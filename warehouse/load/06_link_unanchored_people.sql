-- Rule 4 of transforms/identity.py: a person the night's article names without a career (a bare name, or only a
-- generic title) is the one person of that name whose career is known, stored or arriving tonight, when there is
-- exactly one and that person is named in at least a quarter as many articles as the bare name is tonight: a
-- namesake seen once with a career (a lawyer in one Lawtimes piece) does not take a name the night's papers print
-- twenty times bare (a president's wife, 여사 being no career), while a party leader named with his title in 21
-- articles takes the 67 that name him bare. Otherwise the mention stays on the name-only key. Decided once, when the
-- article loads.
--
-- A name printed tonight with an age and 씨, 양 or 군 (`홍길순(56)씨`, `한서윤(17)양`) is a private person, not the
-- public one of the same name, unless the word before it ends with a title that person holds (`트로트가수 X(33)씨`, a
-- singer named as news names the accused): only then is the link made.
create or replace temp table person_link as
with private as (
    select
        m.entity_key,
        regexp_extract(substring(a.body_text, greatest(m.start_char - 11, 1), least(m.start_char, 12)), '(\S+)\s$', 1)
            as word_before
    from stg_mention as m join stg_article as a using (article_key)
    where m.start_char is not null
        and regexp_matches(substring(a.body_text, m.end_char + 1, 10), '^\s?\(\d{1,3}\)\s?(씨|양|군)')
),
roles as (
    select entity_key, role from fct_person_role_observation
    where entity_key in (select entity_key from dim_entity where entity_type = 'PERSON' and disambiguator is not null)
    union
    select entity_key, role from stg_person_role
),
unanchored as (
    select e.entity_key, e.canonical_name, count(distinct m.article_key) as articles
    from stg_entity as e join stg_mention as m using (entity_key)
    where e.entity_type = 'PERSON' and e.disambiguator is null
    group by all
),
anchored as (
    select entity_key, canonical_name from dim_entity
    where entity_type = 'PERSON' and disambiguator is not null
        and canonical_name in (select canonical_name from unanchored)
    union
    select entity_key, canonical_name from stg_entity
    where entity_type = 'PERSON' and disambiguator is not null
),
anchored_articles as (
    select a.entity_key, a.canonical_name, count(distinct m.article_key) as articles
    from anchored as a
    left join (
        select entity_key, article_key from fct_mention
        where entity_key in (select entity_key from anchored)
        union all
        select entity_key, article_key from stg_mention
        where entity_key in (select entity_key from anchored)
    ) as m using (entity_key)
    group by all
),
candidates as (
    select u.entity_key as from_key, u.articles as bare_articles, a.entity_key as to_key, a.articles as known_articles
    from unanchored as u join anchored_articles as a using (canonical_name)
    where not exists (
        select 1 from private as p
        where p.entity_key = u.entity_key
            and not exists (
                select 1 from roles as r
                where r.entity_key = a.entity_key and length(r.role) >= 2 and p.word_before like '%' || r.role
            )
    )
)
select from_key, min(to_key) as to_key
from candidates
group by from_key
having count(distinct to_key) = 1 and 4 * min(known_articles) >= min(bare_articles);

update stg_mention set entity_key = l.to_key from person_link as l where stg_mention.entity_key = l.from_key;
update stg_person_role set entity_key = l.to_key from person_link as l where stg_person_role.entity_key = l.from_key;
update stg_alias set entity_key = l.to_key from person_link as l where stg_alias.entity_key = l.from_key;
update stg_quote set speaker_entity_key = l.to_key from person_link as l where stg_quote.speaker_entity_key = l.from_key;
delete from stg_entity where entity_key in (select from_key from person_link);
