create table if not exists dedup_settings (
    settings_version varchar primary key,
    fingerprint varchar not null,  -- every parameter and seed; a change of parameters needs a new version
    first_run_id varchar not null
);
comment on table dedup_settings is 'One row per dedup settings version used: the parameters and seeds behind dedup_band_key.';
