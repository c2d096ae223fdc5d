insert into dedup_band_key (article_key, band, band_hash, settings_version)
select article_key, band, band_hash, settings_version from stg_band_key
on conflict do nothing;
insert into dedup_settings (settings_version, fingerprint, first_run_id)
select distinct settings_version, fingerprint, $run_id from stg_dedup_settings
on conflict do nothing;
