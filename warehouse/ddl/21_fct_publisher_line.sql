create table if not exists fct_publisher_line (
    publisher_key bigint not null,
    line varchar not null,  -- a body line (paragraph) as parsed, before boilerplate removal
    article_count bigint not null,  -- in how many of the publisher's articles it appeared, over all nights
    primary key (publisher_key, line)
);
comment on table fct_publisher_line is 'One row per (publisher, body line): how many of the publisher''s articles carried the line; lines in a large share of them are learned boilerplate.';
