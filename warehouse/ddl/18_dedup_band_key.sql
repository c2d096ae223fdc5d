create table if not exists dedup_band_key (
    article_key bigint not null,
    band smallint not null,
    band_hash bigint not null,
    settings_version varchar not null,  -- dedup settings the key was made with (see dedup_settings)
    primary key (article_key, band, settings_version)
);
comment on table dedup_band_key is 'One row per (article, LSH band, settings version): the MinHash band keys a night''s articles are compared against, so earlier nights are never recomputed.';
