"""Shared by the content API's tests."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

NINJS_SCHEMA_PATH = Path(__file__).parent / "samples" / "iptc" / "ninjs-schema_3.1.json"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
# Stand-in for the GeoJSON schema the ninjs schema refers to: our items have no
# places, and a test must never fetch anything.
GEOJSON_STUB = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": GEOJSON_URI,
    "type": "object",
    "required": ["type"],
}


def ninjs_validator() -> Draft202012Validator:
    schema = json.loads(NINJS_SCHEMA_PATH.read_text(encoding="utf-8"))
    registry = Registry().with_resource(GEOJSON_URI, Resource(GEOJSON_STUB, DRAFT202012))
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def key_headers(raw_key: str) -> dict:
    return {"HTTP_X_API_KEY": raw_key}
