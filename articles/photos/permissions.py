"""
Who may change a photo, a credit, an agency or a tag.

Editors change everything. A writer changes only what nothing but their own
unpublished work uses: a photo that is the lead of an editor's published
article, or a credit printed under it, is someone else's too, and changing it
would change a live page without review. What no article uses belongs to
whoever uploaded it (photos) or to nobody in particular (credits, agencies,
tags), and stays changeable by the writers allowed to change that kind of
object at all.

The admin asks these functions on every URL (change, delete, bulk actions,
popups) and ``articles.photos.intake.take_in`` asks them before it writes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from articles.models import Agency, Article, Photo, PhotoCredit, Tag

# The same permission as publishing's: editors hold it, writers do not.
EDITOR_PERMISSION = "articles.publish_article"


def is_editor(user) -> bool:
    return user.has_perm(EDITOR_PERMISSION)


def articles_using(obj) -> QuerySet[Article]:
    """Every article (binned ones too: they can be restored) printing ``obj``."""
    articles = Article.objects.all()
    if isinstance(obj, Photo):
        return articles.filter(lead_photo=obj)
    if isinstance(obj, PhotoCredit):
        return articles.filter(lead_photo__credit=obj)
    if isinstance(obj, Agency):
        return articles.filter(lead_photo__credit__agency=obj)
    if isinstance(obj, Tag):
        return articles.filter(tagged_items__tag=obj)
    raise TypeError(f"No ownership rule for {type(obj).__name__}.")


def library_photos(obj) -> QuerySet[Photo]:
    """The photos that change with ``obj``."""
    if isinstance(obj, Photo):
        return Photo.objects.filter(pk=obj.pk)
    if isinstance(obj, PhotoCredit):
        return Photo.objects.filter(credit=obj)
    if isinstance(obj, Agency):
        return Photo.objects.filter(credit__agency=obj)
    return Photo.objects.none()


def _own_unpublished_q(user) -> Q:
    signed = Article.objects.filter(authors__user_id=user.pk).values("pk")
    own = Q(created_by_id=user.pk) | Q(pk__in=signed)
    return own & ~Q(status=Article.Status.PUBLISHED)


def only_own_unpublished_work_uses(user, obj) -> bool:
    """Nothing but ``user``'s unpublished articles (and photos) uses ``obj``."""
    if obj.pk is None:
        return True
    if articles_using(obj).exclude(_own_unpublished_q(user)).exists():
        return False
    # A photo in the library that no article uses yet is its uploader's.
    others_photos = (
        library_photos(obj).filter(articles__isnull=True).exclude(uploaded_by_id=user.pk)
    )
    return not others_photos.exists()


def can_change(user, obj) -> bool:
    """May ``user`` change (or replace the image of) ``obj``? ``None`` is the system."""
    if user is None:
        return True
    if is_editor(user):
        return True
    model = type(obj)._meta.model_name
    if not user.has_perm(f"articles.change_{model}"):
        return False
    return only_own_unpublished_work_uses(user, obj)


def can_delete(user, obj) -> bool:
    if user is None:
        return True
    model = type(obj)._meta.model_name
    if not user.has_perm(f"articles.delete_{model}"):
        return False
    return is_editor(user) or only_own_unpublished_work_uses(user, obj)
