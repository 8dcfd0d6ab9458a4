"""
Queries the ORM compiles once and a page miss only runs: compiling a query
costs more than running it on an indexed column. The query is built with
stand-in values; each call puts its own values where the stand-ins were.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection

# Stand-ins nothing real equals: a time to the microsecond in 2000, a text
# no slug can hold.
AT = datetime(2000, 1, 1, 0, 0, 0, 654321, tzinfo=UTC)
TEXT = "\ue000newsroom-stand-in\ue000"


def adapted(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class Compiled:
    """``build(at, text)`` returns a QuerySet; ``sql(at=..., text=...)`` its SQL with those values."""

    def __init__(self, build):
        self.build = build
        self._compiled: dict[str, tuple[str, list, dict[int, str]]] = {}

    def compile(self) -> tuple[str, list, dict[int, str]]:
        sql, params = self.build(AT, TEXT).query.sql_with_params()
        stand_ins = {adapted(AT): "at", AT: "at", TEXT: "text"}
        params = list(params)
        positions = {n: stand_ins[value] for n, value in enumerate(params) if _is(value, stand_ins)}
        if not positions:
            raise RuntimeError("compiled query: no stand-in value found in its parameters")
        return sql, params, positions

    def sql(self, **values) -> tuple[str, list]:
        vendor = connection.vendor
        if vendor not in self._compiled:
            self._compiled[vendor] = self.compile()
        sql, params, positions = self._compiled[vendor]
        params = list(params)
        for position, name in positions.items():
            params[position] = adapted(values[name])
        return sql, params


def _is(value, stand_ins: dict) -> bool:
    try:
        return value in stand_ins
    except TypeError:  # unhashable parameters (lists) are never stand-ins
        return False
