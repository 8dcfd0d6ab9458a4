"""Unique ASCII slugs for any model with a ``slug`` field."""

from __future__ import annotations

from ..text import slugify


def unique_slug(model, text: str, fallback: str = "article", exclude_pk=None) -> str:
    """The slugified text, suffixed -2, -3... past every slug taken.

    A model may add slugs it keeps elsewhere (an article's old slugs still
    redirect, so they stay taken) with ``slugs_taken_elsewhere(base, exclude_pk)``.
    """
    base = slugify(text) or fallback
    slug, n = base, 2
    queryset = model.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    extra = getattr(model, "slugs_taken_elsewhere", None)
    if extra is not None:
        taken |= set(extra(base, exclude_pk))
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug
