"""Photo intake and handling: validation, metadata, renditions, rights."""
