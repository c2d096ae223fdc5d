insert into dim_date
select distinct
    date_key, year(date_key), month(date_key), day(date_key), weekofyear(date_key), isodow(date_key),
    isodow(date_key) >= 6
from stg_article
on conflict (date_key) do nothing;
