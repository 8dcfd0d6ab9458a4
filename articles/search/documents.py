"""What gets indexed for an article: plain texts, gathered without the ORM's model methods."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from articles.languages import default_language
from articles.text import html_to_text

from .analysis import clean_text


@dataclass(frozen=True)
class Document:
    article_id: int
    language: str
    headline: str
    standfirst: str
    tags: str
    body: str


def documents(
    article_model, tagged_model, ids: list[int], using: str = "default"
) -> list[Document]:
    """
    Documents for the articles ``ids``, in two queries. Takes the model classes
    so a migration can pass its historical models.
    """
    if not ids:
        return []
    tags = defaultdict(list)
    for article_id, name in (
        tagged_model.objects.using(using)
        .filter(content_object_id__in=ids)
        .order_by("tag__name")
        .values_list("content_object_id", "tag__name")
    ):
        tags[article_id].append(name)
    rows = (
        article_model.objects.using(using)
        .filter(pk__in=ids)
        .values_list("pk", "language", "headline", "standfirst", "body")
    )
    return [
        Document(
            article_id=pk,
            language=language or default_language(),
            headline=clean_text(headline),
            standfirst=clean_text(standfirst),
            # A comma stops a phrase running from one tag into the next.
            tags=clean_text(", ".join(tags[pk])),
            body=clean_text(html_to_text(body)),
        )
        for pk, language, headline, standfirst, body in rows
    ]


def batches_of_ids(article_model, batch_size: int, using: str = "default") -> Iterator[list[int]]:
    """Every article id (published or not, deleted or not), in batches."""
    last = 0
    while True:
        ids = list(
            article_model.objects.using(using)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return
        yield ids
        last = ids[-1]
