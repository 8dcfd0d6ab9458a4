"""Turning delivered files into articles: one pipeline, formats as plug-ins."""
