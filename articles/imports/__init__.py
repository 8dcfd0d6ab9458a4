"""Turning delivered files into articles: one pipeline, formats as plug-ins."""

from .items import ExportError, ParsedItem, ParsedPicture
from .options import ImportOptions
from .results import Action, ImportCache, ImportResult
from .service import import_delivery, import_export, import_item

__all__ = [
    "Action",
    "ExportError",
    "ImportCache",
    "ImportOptions",
    "ImportResult",
    "ParsedItem",
    "ParsedPicture",
    "import_delivery",
    "import_export",
    "import_item",
]
