"""One module per database vendor, with the same functions: store, delete, clear, matching, page."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.db import connections

VENDORS = {"postgresql": "postgres", "sqlite": "sqlite"}


def backend_for(using: str = "default") -> ModuleType:
    vendor = connections[using].vendor
    if vendor not in VENDORS:
        raise NotImplementedError(f"Full-text search supports PostgreSQL and SQLite, not {vendor}.")
    return import_module(f"{__name__}.{VENDORS[vendor]}")
