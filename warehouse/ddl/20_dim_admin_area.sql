create table if not exists dim_admin_area (
    admin_code varchar primary key,  -- 법정동 code (10 digits)
    full_name varchar not null,  -- 서울특별시 종로구
    name varchar not null,  -- 종로구
    level varchar not null  -- sido, sigungu
);
comment on table dim_admin_area is 'One row per Korean administrative area (시도, 시군구) of the 법정동 code table; LOCATION entities named by their full name link to it.';
