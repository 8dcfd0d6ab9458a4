"""
Key versions remembered by each process while nothing has changed.

With the versions in an SQLite database (the embedded set-up) every process is
on one machine, so a bump can tell them all through a small file next to the
database: each bump writes a new random token in it (after the versions are
written), and a process keeps the versions it read for as long as the token
it read before them is unchanged. A warm page then costs no query at all, and
an import or publication from another terminal still reaches the running
server at once (the token moves after its commit).

An in-memory SQLite database (the tests) is seen by one process only: its
versions are remembered until this process bumps one. With another database
(PostgreSQL, possibly shared by several machines) nothing is remembered.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

# The token stands for "nothing is known": never equal to a token read.
UNKNOWN = object()
IN_PROCESS = "in-process"


class VersionMemo:
    def __init__(self) -> None:
        self.token: object = UNKNOWN
        self.versions: dict[str, int] = {}

    def token_path(self) -> Path | str | None:
        """The shared token file, IN_PROCESS, or None when nothing may be remembered."""
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return None
        if connection.is_in_memory_db():
            return IN_PROCESS
        return Path(f"{connection.settings_dict['NAME']}.versions")

    def current_token(self) -> object:
        path = self.token_path()
        if path is None:
            return UNKNOWN
        if path == IN_PROCESS:
            return self.token if self.token is not UNKNOWN else IN_PROCESS
        try:
            return Path(path).read_bytes() or UNKNOWN
        except FileNotFoundError:
            return b"none"
        except OSError:
            return UNKNOWN

    def known(self, names: list[str]) -> tuple[dict[str, int], list[str], object]:
        """The remembered versions of ``names``, the names still to read, and the token."""
        token = self.current_token()
        if token is UNKNOWN:
            return {}, names, token
        if token != self.token:
            self.token, self.versions = token, {}
        found = {name: self.versions[name] for name in names if name in self.versions}
        return found, [name for name in names if name not in found], token

    def remember(self, token: object, versions: dict[str, int]) -> None:
        if token is not UNKNOWN and token == self.token:
            self.versions.update(versions)

    def forget(self) -> None:
        self.token, self.versions = UNKNOWN, {}

    def announce(self) -> None:
        """After a bump: every process (this one too) reads the versions again."""
        self.forget()
        path = self.token_path()
        if path is None or path == IN_PROCESS:
            return
        path = Path(path)
        # Written whole, then renamed over the old one: a reader never sees half a token.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(secrets.token_hex(16).encode())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


memo = VersionMemo()
