create table if not exists dim_entity_alias (
    entity_key bigint not null,
    alias varchar not null,
    primary key (entity_key, alias)
);
comment on table dim_entity_alias is 'One row per (entity, alias): another name the entity goes by (오픈AI for OpenAI, MLB for 메이저리그야구대회).';
