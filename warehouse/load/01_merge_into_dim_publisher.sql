-- One row per publisher; a publisher seen before keeps its row (a name learned later fills a null name).
insert into dim_publisher (publisher_key, name, domain)
select publisher_key, any_value(publisher_name) as name, any_value(publisher_domain) as domain
from stg_article
where publisher_key is not null
group by publisher_key
on conflict (publisher_key) do update set name = coalesce(dim_publisher.name, excluded.name);
