"""
What a front page runs where, so that it runs each story once.

The home page reads its pieces with separate queries (the newest stories, the
newest of each section, the older ones); arranging them is plain Python on
those lists, with no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HomeFront:
    """The home page's first page: a lead story, a latest-news rail, section rows, more."""

    lead: object | None = None
    latest: list = field(default_factory=list)
    blocks: list[dict] = field(default_factory=list)
    more: list = field(default_factory=list)

    def as_context(self) -> dict:
        return {
            "lead": self.lead,
            "latest": self.latest,
            "blocks": self.blocks,
            "more": self.more,
        }


def arrange_home(
    top: Sequence, blocks: Iterable[dict], more: Iterable, block_size: int
) -> HomeFront:
    """
    ``top``: the newest stories (the first one leads, the others make the
    rail); ``blocks``: each section's newest stories, read deeper than
    ``block_size`` so that a row is still full once the stories already run
    above are taken out; ``more``: the older stories of the first page.
    A section whose stories all ran above gets no row.
    """
    shown = {article.pk for article in top}
    rows = []
    for block in blocks:
        articles = [article for article in block["articles"] if article.pk not in shown]
        articles = articles[:block_size]
        if articles:
            shown.update(article.pk for article in articles)
            rows.append({**block, "articles": articles})
    return HomeFront(
        lead=top[0] if top else None,
        latest=list(top[1:]),
        blocks=rows,
        more=[article for article in more if article.pk not in shown],
    )
