"""Fails when a function in the app code is more complex than MAX_COMPLEXITY (radon)."""

from __future__ import annotations

import pathlib
import sys

from radon.complexity import cc_visit

MAX_COMPLEXITY = 15  # cyclomatic complexity, per function or method
ROOTS = ("articles", "newsroom")


def main() -> int:
    too_complex = []
    for root in ROOTS:
        for path in sorted(pathlib.Path(root).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for block in cc_visit(path.read_text(encoding="utf-8")):
                if block.complexity > MAX_COMPLEXITY:
                    too_complex.append(
                        f"{path}:{block.lineno} {block.fullname} ({block.complexity})"
                    )
    for line in too_complex:
        print(line)
    if too_complex:
        print(f"{len(too_complex)} function(s) above complexity {MAX_COMPLEXITY}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
