"""Full-text search (stub: the search issue replaces this package's contents)."""
