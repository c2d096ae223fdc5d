create table if not exists dim_article (
    -- ids
    -- Unique keys, asserted by checks/assert_unique_article.sql rather than declared: an indexed table whose
    -- rows carry whole bodies is rewritten at every checkpoint in the CLI-readable storage format (9.5 s a night
    -- at 100k articles instead of 0.1 s), see warehouse/db.py.
    article_key bigint not null,  -- xxh3 of article_id
    article_id varchar not null,  -- xxh3-128 of (source_file, source_record)
    source_file varchar not null,  -- path relative to the input folder
    source_record integer not null,  -- 0-based record index inside a multi-record file
    source_form varchar,  -- text, text_concat, html, json, jsonl, rss, atom
    -- text
    title varchar,
    subtitle varchar,
    body_text varchar not null,  -- cleaned body; fct_mention offsets index this (Python str indices)
    language varchar,
    url varchar,
    -- numerics
    paragraph_count integer,
    removed_repeated_blocks integer,  -- lines dropped because an identical line came earlier in the document
    removed_boilerplate_lines integer,  -- UI crumbs and copyright lines dropped
    removed_char_count bigint,
    raw_char_count bigint,
    -- keys and hashes
    publisher_key bigint,
    content_hash varchar not null,  -- xxh3-128 of the normalized body
    raw_hash varchar,  -- xxh3-128 of the raw file bytes
    -- timestamps
    published_at timestamptz,
    ingested_at timestamptz not null,
    run_id varchar not null
);
comment on table dim_article is 'One row per article record ingested (copies included; dedup flags them in fct_article_duplicate).';
