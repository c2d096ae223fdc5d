delete from bridge_article_reporter where article_key in (select article_key from stg_article);
insert into bridge_article_reporter (article_key, reporter_key, dateline)
select article_key, reporter_key, any_value(dateline) from stg_reporter group by all;
