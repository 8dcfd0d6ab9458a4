"""Keep the search index in step with articles and their tags."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Tag, TaggedArticle

from . import index_articles, remove_articles


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def index_saved_article(sender, instance, using, **kwargs):
    index_articles([instance.pk], using=using)


@receiver(post_delete, sender=Article, dispatch_uid="search_remove_article")
def remove_deleted_article(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="search_index_tags")
def index_retagged_article(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        index_articles([instance.pk], using=using)
    elif pk_set:
        index_articles(sorted(pk_set), using=using)


@receiver(post_save, sender=Tag, dispatch_uid="search_index_renamed_tag")
def index_renamed_tag(sender, instance, created, using, raw=False, **kwargs):
    if created or raw:
        return
    ids = (
        TaggedArticle.objects.using(using)
        .filter(tag=instance)
        .values_list("content_object_id", flat=True)
    )
    if ids:
        index_articles(list(ids), using=using)


@receiver(pre_delete, sender=Tag, dispatch_uid="search_note_deleted_tag")
def note_articles_of_deleted_tag(sender, instance, using, **kwargs):
    instance._search_article_ids = list(
        TaggedArticle.objects.using(using)
        .filter(tag=instance)
        .values_list("content_object_id", flat=True)
    )


@receiver(post_delete, sender=Tag, dispatch_uid="search_index_deleted_tag")
def index_articles_of_deleted_tag(sender, instance, using, **kwargs):
    ids = getattr(instance, "_search_article_ids", None)
    if ids:
        index_articles(ids, using=using)
