"""Demo content and bulk seeding; never imported on the request path."""
