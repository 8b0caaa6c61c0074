"""frontlines: raw news pages about armed conflict -> evidenced, geocoded ACLED-style events."""
