"""The editorial admin, one module per concern; importing it registers every model."""

from . import (  # noqa: F401  (registration)
    api_keys,
    articles,
    bin,
    editorial,
    imports,
    library,
    photos,
    structure,
)
