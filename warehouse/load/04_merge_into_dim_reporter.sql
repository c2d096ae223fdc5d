insert into dim_reporter (reporter_key, name, email, publisher_key, entity_key)
select reporter_key, any_value(name), any_value(email), any_value(publisher_key), any_value(entity_key)
from stg_reporter
group by reporter_key
on conflict (reporter_key) do update set email = coalesce(dim_reporter.email, excluded.email);
