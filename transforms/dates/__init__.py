"""Dates: publication dates as sources write them (`published`), date mentions in bodies (`mentions`)."""
