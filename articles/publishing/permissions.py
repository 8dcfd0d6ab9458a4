"""
Who may do what with an article: the one place the admin, the importer,
the site and the publishing acts ask.

``user=None`` is the system itself (a management command run by someone with
a shell on the server): it may do everything. Web requests always carry a
user (``AnonymousUser`` at worst), so no web path reaches that case.
"""

from __future__ import annotations

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"
# What only editors set on an article: a writer's POST carrying them is refused.
EDITOR_ONLY_FIELDS = ("published_at", "publish_override", "override_reason")


def can_publish(user) -> bool:
    """Publish, schedule, embargo, unpublish, publish despite the checks, review live edits."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def owns_article(user, article: Article) -> bool:
    """The user created the article, or signs it through their author profile."""
    if user is None:
        return False
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.authors.filter(user_id=user.pk).exists()


def can_edit_article(user, article: Article) -> bool:
    """Editors change everything; writers only their own articles."""
    if can_publish(user):
        return True
    return owns_article(user, article)


def can_submit(user, article: Article) -> bool:
    """Submitting for review (and withdrawing the submission) is for whoever may edit."""
    return can_edit_article(user, article)


def edits_need_review(user, article: Article) -> bool:
    """A writer's save of a published (or scheduled) article waits for an editor."""
    return (
        article.pk is not None
        and article.status == Article.Status.PUBLISHED
        and not can_publish(user)
    )


def can_review_changes(user) -> bool:
    return can_publish(user)
