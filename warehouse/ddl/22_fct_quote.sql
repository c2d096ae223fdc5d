create table if not exists fct_quote (
    article_key bigint not null,
    start_char integer not null,  -- the quoted words without the marks: dim_article.body_text[start_char:end_char]
    end_char integer not null,
    quote_text varchar not null,
    speaker_entity_key bigint,  -- a PERSON or ORG in dim_entity; null for an anonymous or unresolved speaker
    speaker_kind varchar not null check (speaker_kind in ('person', 'org', 'anonymous', 'unresolved')),
    speaker_surface varchar,  -- as the attribution writes the speaker, without particles; null when the subject is dropped
    verb varchar,  -- the reporting verb ending the sentence (말했다, 밝혔다, 했다, 올렸다 ...)
    paragraph_index integer not null,  -- 0-based line of the body
    extractor_version varchar,  -- the entities code that derived the row (newsetl reprocess re-derives stale ones)
    primary key (article_key, start_char)
);
comment on table fct_quote is 'One row per direct quotation in an article body (“…”라고 말했다, “…”며, ‘…’라는 글을 올렸다), with the speaker its attribution names: a PERSON or ORG entity, or an anonymous source (관계자, A씨), never the nearest named person.';
