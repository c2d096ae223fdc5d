-- One row per story with a copy tonight, the 10 carried by the most outlets (then the most copies).
select st.title, st.outlet_count as outlets, st.cluster_size as copies, st.first_appeared_at
from v_story as st
where st.story_key in (
    select s.story_key from dim_article as a join v_article_story as s using (article_key) where a.run_id = $run_id
)
order by st.outlet_count desc, st.cluster_size desc, st.first_appeared_at, st.title
limit 10;
