create table if not exists dim_date (
    date_key date primary key,
    year integer not null,
    month integer not null,
    day integer not null,
    iso_week integer not null,
    day_of_week integer not null,  -- ISO: 1 = Monday
    is_weekend boolean not null
);
comment on table dim_date is 'One row per calendar day referenced by an article.';
