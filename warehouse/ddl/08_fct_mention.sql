create table if not exists fct_mention (
    article_key bigint not null,
    entity_key bigint not null,
    surface varchar not null,  -- equals dim_article.body_text[start_char:end_char] (byline mentions: the name)
    start_char integer,  -- Python str offset into dim_article.body_text; null for byline mentions
    end_char integer,
    mention_kind varchar not null check (mention_kind in ('full', 'short', 'alias', 'byline')),
    extractor_version varchar,  -- the entities code that derived the row (newsetl reprocess re-derives stale ones)
    -- the rule or model that proposed the mention (title, aged_ssi, orgs_places, tagger, wikidata, memory, byline, ...;
    -- transforms/entities/explain.py); null for rows written before it was recorded
    proposed_by varchar
);
comment on table fct_mention is 'One row per entity mention in an article body (or byline): article, entity, offsets, kind.';
comment on column fct_mention.proposed_by is 'The rule or model that proposed the mention (transforms/entities/explain.py names them; byline for bylines); v_entity_evidence reads it to decide which names are trusted. Null: written before it was recorded.';
