"""The reader site: pages, feeds, sitemaps, metadata."""
