"""
Bounded paragraph diffs, for the history's comparison and the merge page.

Comparing two versions must never cost more than a moment, whatever the
article holds: paragraphs are compared whole (never character by character),
the common beginning and end are skipped in one pass, at most
``MAX_DIFF_PARAGRAPHS`` paragraphs a side are matched, and the page shows at
most ``MAX_DIFF_CHARS`` characters. Whenever something is left out, the diff
says so (``Diff.truncated``).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Paragraphs a side that are matched one against the other.
MAX_DIFF_PARAGRAPHS = 1000
# Pairs of paragraphs the matcher may compare (its worst case is their product).
MAX_MATCH_PAIRS = 250_000
# Characters of text shown, and of any single paragraph.
MAX_DIFF_CHARS = 100_000
MAX_PARAGRAPH_CHARS = 5_000
# Unchanged paragraphs shown around a change; longer unchanged runs are folded.
CONTEXT_PARAGRAPHS = 2


@dataclass(frozen=True)
class Diff:
    html: SafeString
    truncated: bool


def _common_ends(old: list[str], new: list[str]) -> tuple[int, int]:
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    return start, end


def _opcodes(old: list[str], new: list[str]) -> tuple[list[tuple], bool]:
    """Difflib's opcodes, bounded: the middle part is matched only when small enough."""
    start, end = _common_ends(old, new)
    a, b = old[start : len(old) - end], new[start : len(new) - end]
    truncated = len(a) > MAX_DIFF_PARAGRAPHS or len(b) > MAX_DIFF_PARAGRAPHS
    a, b = a[:MAX_DIFF_PARAGRAPHS], b[:MAX_DIFF_PARAGRAPHS]
    if len(a) * len(b) <= MAX_MATCH_PAIRS:
        middle = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    else:
        # Too many paragraphs to pair up: the changed stretch is shown as a whole.
        middle = [("replace", 0, len(a), 0, len(b))]
    codes = [("equal", 0, start, 0, start)] if start else []
    codes += [
        (tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in middle
    ]
    if end and not truncated:
        codes.append(("equal", len(old) - end, len(old), len(new) - end, len(new)))
    return codes, truncated


def _rows(old: list[str], new: list[str], codes: list[tuple]):
    """(kind, text) rows: "equal", "del", "ins", or "fold" with a count."""
    for index, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag != "equal":
            yield from (("del", line) for line in old[i1:i2])
            yield from (("ins", line) for line in new[j1:j2])
            continue
        run = old[i1:i2]
        head = CONTEXT_PARAGRAPHS if index > 0 else 0
        tail = CONTEXT_PARAGRAPHS if index < len(codes) - 1 else 0
        if len(run) <= head + tail + 1:
            yield from (("equal", line) for line in run)
            continue
        yield from (("equal", line) for line in run[:head])
        yield ("fold", len(run) - head - tail)
        yield from (("equal", line) for line in run[len(run) - tail :])


def _render(kind: str, text) -> str:
    if kind == "fold":
        label = ngettext(
            "… %(count)d unchanged paragraph …", "… %(count)d unchanged paragraphs …", text
        ) % {"count": text}
        return format_html('<p class="fold">{}</p>', label)
    if kind == "equal":
        return format_html("<p>{}</p>", text)
    return format_html("<p><{}>{}</{}></p>", kind, text, kind)


def diff_paragraphs(old: list[str], new: list[str], cut: bool = False) -> Diff:
    """
    Paragraph by paragraph: removed ones in <del>, added ones in <ins>, every
    text escaped. ``cut``: the caller already left part of the text out.
    """
    codes, truncated = _opcodes(old, new)
    truncated = truncated or cut
    html, shown = [], 0
    for kind, text in _rows(old, new, codes):
        if kind != "fold" and len(text) > MAX_PARAGRAPH_CHARS:
            text, truncated = text[:MAX_PARAGRAPH_CHARS] + "…", True
        shown += len(text) if kind != "fold" else 0
        if shown > MAX_DIFF_CHARS:
            truncated = True
            break
        html.append(_render(kind, text))
    if truncated:
        html.append(
            format_html(
                '<p class="diff-truncated"><strong>{}</strong></p>',
                _(
                    "Diff truncated: these versions are too long or too different to be "
                    "compared in full here; only the first changes are shown."
                ),
            )
        )
    return Diff(format_html_join("", "{}", ((row,) for row in html)), truncated)
