"""Editorial acts on articles: status changes, pre-publish checks, permissions, embargo."""
