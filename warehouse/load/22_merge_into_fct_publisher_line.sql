insert into fct_publisher_line (publisher_key, line, article_count)
select publisher_key, line, article_count from stg_publisher_line
on conflict (publisher_key, line) do update set article_count = fct_publisher_line.article_count + excluded.article_count;
