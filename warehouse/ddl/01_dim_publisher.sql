create table if not exists dim_publisher (
    publisher_key bigint primary key,  -- xxh3 of the domain (or the name when no domain is known)
    name varchar,
    domain varchar
);
comment on table dim_publisher is 'One row per publisher (news outlet), keyed by its registered domain.';
