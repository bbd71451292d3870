"""Public delivery: views, what a page reads, caching, versions, purging, feeds,
sitemaps, search, structured data, and the upkeep of what pages read after a save."""
