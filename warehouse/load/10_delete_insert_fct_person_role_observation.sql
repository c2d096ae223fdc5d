delete from fct_person_role_observation where article_key in (select article_key from stg_article);
insert into fct_person_role_observation (article_key, entity_key, role, affiliation, seen_date, extractor_version)
select r.article_key, r.entity_key, r.role, coalesce(r.affiliation, ''), a.date_key, $extractor_version
from stg_person_role as r
join stg_article as a using (article_key)
group by all;
