"""The editorial admin, one module per concern; importing it registers every model."""

from . import api_keys, articles, editorial, imports, photos  # noqa: F401  (registration)
