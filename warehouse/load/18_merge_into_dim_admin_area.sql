insert into dim_admin_area (admin_code, full_name, name, level)
select admin_code::varchar, full_name, name, level
from read_csv($admin_areas_csv, header = true, all_varchar = true)
on conflict do nothing;
