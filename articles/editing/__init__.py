"""Editing an article: merging concurrent edits, limits on costly inputs, slugs."""
