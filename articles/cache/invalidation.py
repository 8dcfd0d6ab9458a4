"""
What each change readers could see invalidates: the keys of the pages it shows on.

Connected by ``connect()`` (articles.signals). An article saved while readers
neither see it nor will without another save (a draft) only touches its own
key; one they see, saw or will see (scheduled) touches its page and every
list it is or was in. Photos, credits and agencies touch the articles they
illustrate; a tag or author edit, the articles that show its name; a section
edit, the navigation on every page.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles.models import (
    Agency,
    Article,
    ArticleNote,
    Author,
    Photo,
    PhotoCredit,
    PreviousSlug,
    Section,
    StoredFragment,
    Tag,
    TaggedArticle,
)

from .keys import article_key, articles_of, keys_for_articles, section_keys
from .pages import invalidate_pages
from .versions import NAVIGATION_KEY

BEFORE = "_page_keys_before"


def remember_article_before(sender, instance, raw=False, **kwargs):
    """The lists the article was in before this save or delete (its old section, its tags)."""
    if raw or instance.pk is None:
        return
    old = Article.objects.filter(pk=instance.pk).values_list("section_id", flat=True).first()
    keys = keys_for_articles([instance.pk])
    if len(keys) > 1:  # it was public: its old section's lists change too
        keys |= section_keys(old)
    setattr(instance, BEFORE, keys)


def article_changed(sender, instance, using=None, **kwargs):
    keys = getattr(instance, BEFORE, set())
    if kwargs.get("signal") is post_save:
        keys = keys | keys_for_articles([instance.pk])
    else:  # deleted for good: its stored pieces would never be read again
        StoredFragment.objects.using(using).filter(article_id=instance.pk).delete()
    invalidate_pages(keys or {article_key(instance.pk)}, using=using)


def article_part_changed(sender, instance, using=None, **kwargs):
    """A note, an old slug, a tagging: the article's pages (and the tag's lists)."""
    if sender is TaggedArticle:
        keys = keys_for_articles([instance.content_object_id]) | {f"tag-{instance.tag_id}"}
    else:
        keys = keys_for_articles([instance.article_id])
    invalidate_pages(keys, using=using)


def relations_changed(sender, instance, action, reverse, model, pk_set, using=None, **kwargs):
    """Tags or authors added to or removed from articles, from either side."""
    if action not in {"pre_clear", "post_add", "post_remove", "post_clear"}:
        return
    prefix = "tag" if sender is TaggedArticle else "author"
    if reverse:  # author.articles.add(...): pk_set holds articles
        ids, others = set(pk_set or articles_of(**{f"{prefix}s": instance})), {instance.pk}
    else:
        ids, others = {instance.pk}, set(pk_set or ())
    if action == "pre_clear":
        setattr(instance, BEFORE, keys_for_articles(ids))
        return
    keys = keys_for_articles(ids) | {f"{prefix}-{pk}" for pk in others}
    keys |= getattr(instance, BEFORE, set()) if action == "post_clear" else set()
    invalidate_pages(keys, using=using)


def photo_changed(sender, instance, using=None, **kwargs):
    if sender is Photo:
        lookup = {"lead_photo": instance}
    elif sender is PhotoCredit:
        lookup = {"lead_photo__credit": instance}
    else:
        lookup = {"lead_photo__credit__agency": instance}
    ids = articles_of(**lookup)
    if ids:
        invalidate_pages(keys_for_articles(ids), using=using)


def name_changed(sender, instance, using=None, **kwargs):
    """A tag or author renamed: its lists and every page showing its name."""
    prefix = "tag" if sender is Tag else "author"
    lookup = {"tags": instance} if sender is Tag else {"authors": instance}
    keys = keys_for_articles(articles_of(**lookup)) | {f"{prefix}-{instance.pk}"}
    invalidate_pages(keys, using=using)


def navigation_changed(sender, instance, using=None, **kwargs):
    # Section names are on every page (the navigation).
    invalidate_pages({NAVIGATION_KEY, f"section-{instance.pk}"}, using=using)


def connect() -> None:
    uid = "page_cache_{}_{}".format
    pre_save.connect(remember_article_before, sender=Article, dispatch_uid=uid("article", "pre"))
    pre_delete.connect(remember_article_before, sender=Article, dispatch_uid=uid("article", "pd"))
    receivers = [
        (article_changed, (Article,)),
        (article_part_changed, (ArticleNote, PreviousSlug, TaggedArticle)),
        (photo_changed, (Photo, PhotoCredit, Agency)),
        (name_changed, (Tag, Author)),
        (navigation_changed, (Section,)),
    ]
    for receiver, models in receivers:
        for model in models:
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    receiver, sender=model, dispatch_uid=uid(model.__name__, name), weak=False
                )
    for through in (TaggedArticle, Article.authors.through):
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=uid(through, "m2m"))
