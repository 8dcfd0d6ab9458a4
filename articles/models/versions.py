"""What django-reversion keeps of an article: its fields, its tag links and its authors."""

from __future__ import annotations

import reversion
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .article import Article, DeletedArticle
from .taxonomy import TaggedArticle

# Tags go through a custom "through" model that Django's serializer skips, so
# a version follows the article's tag links (authors are a plain m2m, kept in
# the article's own data).
reversion.register(TaggedArticle)
reversion.register(Article, follow=("tagged_items",))
reversion.register(DeletedArticle, follow=("tagged_items",))


@receiver(m2m_changed, sender=TaggedArticle, dispatch_uid="articles_version_tags")
@receiver(m2m_changed, sender=Article.authors.through, dispatch_uid="articles_version_authors")
def keep_version_of_links(sender, instance, action, reverse, **kwargs):
    # In the admin the links change inside the save's revision; elsewhere
    # (importer, factories, shell) they get a version of their own.
    if (
        action.startswith("post_")
        and not reverse
        and isinstance(instance, Article)
        and not reversion.is_active()
    ):
        with reversion.create_revision():
            reversion.set_user(getattr(instance, "_acting_user", None))
            reversion.add_to_revision(instance)
