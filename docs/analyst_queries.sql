-- The questions analysts bring to the DuckDB CLI (../shared/ANALYST_QUESTIONS.md), one query each.
-- Paste into `newsetl sql`. tests/test_analyst_queries.py runs every one of them on the bundled sample.

-- name: q01_top_people_this_week
-- The 20 people mentioned in the most distinct stories this week (copies counted once), with their title now.
select e.canonical_name as person, r.role as current_title, count(distinct se.story_key) as stories
from v_story_entity as se
join dim_entity as e using (entity_key)
left join v_person_current_role as r using (entity_key)
where e.entity_type = 'PERSON' and se.story_date >= current_date - 7
group by all
order by stories desc, person
limit 20;

-- name: q02_titles_held
-- Every title a person has held, with the first and last date it was seen.
select e.canonical_name as person, r.role, nullif(r.affiliation, '') as affiliation,
       r.valid_from as first_seen, r.last_seen_date as last_seen, r.is_current
from dim_person_role as r
join dim_entity as e using (entity_key)
where e.canonical_name = '오세훈'
order by r.valid_from, r.role;

-- name: q03_reporters_on_an_org
-- Reporters who wrote most about an organization (any of its names), by publisher.
select coalesce(p.name, '(unknown)') as publisher, rep.name as reporter, count(distinct s.story_key) as stories
from v_entity_name as n
join fct_mention as m using (entity_key)
join v_article_story as s using (article_key)
join bridge_article_reporter as b using (article_key)
join dim_reporter as rep using (reporter_key)
left join dim_publisher as p on p.publisher_key = rep.publisher_key
where n.name = '서울시' and m.mention_kind <> 'byline'
group by all
order by stories desc, reporter;

-- name: q04_co_mentioned_people
-- The people most often mentioned in the same stories as a given person.
with target as (
    select entity_key from v_entity_name where name = '오세훈' and entity_type = 'PERSON'
)
select e.canonical_name as person, count(distinct other.story_key) as shared_stories
from v_story_entity as mine
join v_story_entity as other using (story_key)
join dim_entity as e on e.entity_key = other.entity_key
where mine.entity_key in (select entity_key from target)
  and other.entity_key not in (select entity_key from target)
  and e.entity_type = 'PERSON'
group by all
order by shared_stories desc, person
limit 20;

-- name: q05_stories_by_outlets
-- Stories carried by the most outlets, and how many hours after the first copy each copy appeared.
select st.title, st.outlet_count, st.cluster_size, coalesce(p.name, '(unknown)') as publisher,
       a.source_file,
       round(date_diff('second', st.first_appeared_at, coalesce(a.published_at, a.ingested_at)) / 3600.0, 1)
           as hours_after_first
from v_story as st
join v_article_story as s using (story_key)
join dim_article as a using (article_key)
left join dim_publisher as p on p.publisher_key = a.publisher_key
where st.cluster_size > 1
order by st.outlet_count desc, st.cluster_size desc, st.story_key, hours_after_first;

-- name: q06_articles_per_publisher_per_day
-- Articles per publisher per day, duplicates excluded, for the last 30 days.
select f.date_key, coalesce(p.name, '(unknown)') as publisher, count(*) as articles
from fct_article as f
left join dim_publisher as p using (publisher_key)
where f.story_key = f.article_key and f.date_key >= current_date - 30
group by all
order by f.date_key desc, articles desc, publisher;

-- name: q07_everything_about_an_event
-- Everything mentioned in stories about an event: people, organizations, places.
with event_stories as (
    select distinct se.story_key
    from v_story_entity as se
    join v_entity_name as n using (entity_key)
    where n.name = 'CES 2024'
)
select e.entity_type, e.canonical_name, count(distinct se.story_key) as stories, sum(se.mention_count) as mentions
from v_story_entity as se
join event_stories using (story_key)
join dim_entity as e using (entity_key)
where e.canonical_name <> 'CES 2024'
group by all
order by e.entity_type, stories desc, mentions desc, e.canonical_name;

-- name: q08_scheduled_dates
-- Dates articles point to in the future (what is scheduled), with the article and the entities in the same paragraph.
select c.date_from, c.date_to, c.surface, a.title,
       string_agg(distinct c.canonical_name, ', ' order by c.canonical_name) as entities_in_paragraph
from v_date_context as c
join dim_article as a using (article_key)
where c.is_resolved and c.date_from > c.article_date and c.is_canonical
group by all
order by c.date_from, a.title;

-- name: q09_rejects_last_night
-- Files and records rejected in the last run, by reason, with a sample.
select reason, count(*) as rejected, min(source_file) as sample_file, min(detail) as sample_detail
from ingest_rejects
where run_id = (select run_id from etl_run order by finished_at desc limit 1)
group by reason
order by rejected desc, reason;

-- name: q10_org_mentions_across_names
-- An organization's mentions across all its names, in one count.
select e.canonical_name, count(*) as mentions, string_agg(distinct m.surface, ', ' order by m.surface) as written_as
from fct_mention as m
join dim_entity as e using (entity_key)
where m.entity_key in (select entity_key from v_entity_name where name = '오픈AI')
group by e.canonical_name;

-- name: q11_title_changes_this_month
-- People whose title changed this month: a new title first seen after an older one ended (v_person_title_change).
select e.canonical_name as person, c.previous_title, c.new_title, c.new_since
from v_person_title_change as c
join dim_entity as e using (entity_key)
where c.new_since >= date_trunc('month', current_date)
order by c.new_since desc, person;

-- name: q12_removed_share_by_publisher
-- How much of each publisher's raw text was removed as repeated blocks or boilerplate.
select coalesce(p.name, '(unknown)') as publisher, count(*) as articles,
       sum(a.removed_repeated_blocks) as repeated_blocks, sum(a.removed_boilerplate_lines) as boilerplate_lines,
       round(100.0 * sum(a.removed_char_count) / nullif(sum(a.raw_char_count), 0), 1) as pct_chars_removed
from dim_article as a
left join dim_publisher as p using (publisher_key)
group by all
order by pct_chars_removed desc, publisher;

-- name: q13_what_a_person_said
-- What a person said in a date range, newest first (one row per quotation; a story's copies shown once).
select q.article_date, q.published_at, q.publisher, q.quote_text, q.verb, q.title
from v_quote as q
where q.speaker_entity_key in (select entity_key from v_entity_name where name = '박세리' and entity_type = 'PERSON')
  and q.article_date between current_date - 7 and current_date
  and q.is_canonical
order by q.published_at desc nulls last, q.article_date desc, q.article_key, q.start_char;

-- name: q14_most_quoted_this_week
-- The most-quoted people and organizations of the week: stories quoting them (copies of a story counted once).
select q.speaker_type, q.speaker_name, count(distinct q.story_key) as stories,
       count(*) filter (where q.is_canonical) as quotes
from v_quote as q
where q.speaker_entity_key is not null and q.article_date >= current_date - 7
group by all
order by stories desc, quotes desc, q.speaker_name
limit 20;

-- name: q15_quoted_about_an_org
-- Who is quoted in the stories that mention an organization (any of its names), named or not.
with org_stories as (
    select distinct s.story_key
    from fct_mention as m
    join v_article_story as s using (article_key)
    where m.entity_key in (select entity_key from v_entity_name where name = '공정위' and entity_type = 'ORG')
)
select coalesce(q.speaker_name, q.speaker_surface, '(' || q.speaker_kind || ')') as speaker, q.speaker_kind,
       count(distinct q.story_key) as stories, count(*) as quotes
from v_quote as q
join org_stories using (story_key)
where q.is_canonical
group by all
order by stories desc, quotes desc, speaker;

-- name: q16_outlets_quoting_a_person
-- Which outlets quote a person most: stories and quotations per publisher (every copy is an outlet's own).
select q.publisher, count(distinct q.article_key) as articles, count(*) as quotes
from v_quote as q
where q.speaker_entity_key in (select entity_key from v_entity_name where name = '박세리' and entity_type = 'PERSON')
group by all
order by articles desc, quotes desc, q.publisher;
