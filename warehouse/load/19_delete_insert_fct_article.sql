delete from fct_article where article_key in (select article_key from stg_article);
insert into fct_article
with
mention_counts as (
    select article_key, count(*) as mention_count from stg_mention group by article_key
),
final as (
    select
        a.article_key, a.date_key, a.is_date_from_run, a.publisher_key,
        coalesce(d.canonical_article_key, a.article_key) as story_key,
        a.paragraph_count, a.removed_repeated_blocks, a.removed_boilerplate_lines,
        length(a.body_text) as body_char_count,
        coalesce(m.mention_count, 0) as mention_count
    from stg_article as a
    left join fct_article_duplicate as d using (article_key)
    left join mention_counts as m using (article_key)
)
select * from final order by article_key;
