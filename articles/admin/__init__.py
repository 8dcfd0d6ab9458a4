"""The editorial admin, one module per concern; importing it registers every model."""

from . import articles, editorial, imports, photos  # noqa: F401  (registration)
