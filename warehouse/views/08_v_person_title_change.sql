-- One row per (person, earlier title, later title) where a person took a title after holding another: the later
-- title was first seen after the earlier one was, and the earlier one is no longer current (dim_person_role's
-- valid_to: the person was later seen without it). Not changes: the same title printed longer or shorter
-- (구청장 / 서초구청장, 대표 / 대표이사: one starts or ends with the other; 경기지사 / 경기도지사), and titles the text marks as
-- past (`전 법무부 장관`, `당시 총선 후보`), which say what someone was, not what they became, and 재판장 (the judge
-- presiding over one case's division: a duty a 부장판사 or 고법판사 takes, not a new title).
create or replace view v_person_title_change as
with titles as (
    -- spellings of one title: 경기도지사 = 경기지사, 광주광역시장 = 광주시장
    select *, replace(replace(replace(replace(role, '도지사', '지사'), '광역시', '시'), '특별시', '시'), ' ', '')
              as title_key
    from dim_person_role
    where role not like '전 %' and role not like '%·전 %' and role not like '당시%' and role <> '재판장'
)
select later.entity_key,
       earlier.role as previous_title, nullif(earlier.affiliation, '') as previous_affiliation,
       earlier.valid_from as previous_since, earlier.last_seen_date as previous_last_seen,
       later.role as new_title, nullif(later.affiliation, '') as new_affiliation, later.valid_from as new_since
from titles as later
join titles as earlier on earlier.entity_key = later.entity_key and earlier.valid_from < later.valid_from
where not earlier.is_current
  and not (later.title_key like '%' || earlier.title_key or earlier.title_key like '%' || later.title_key)
  and not (later.title_key like earlier.title_key || '%' or earlier.title_key like later.title_key || '%');
