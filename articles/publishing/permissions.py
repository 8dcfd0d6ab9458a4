"""Who may do what with an article: one place for the admin and the site."""

from __future__ import annotations

from articles.models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def owns_article(user, article: Article) -> bool:
    """The user created the article, or signs it through their author profile."""
    if article.created_by_id is not None and article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.authors.filter(user_id=user.pk).exists()


def can_edit_article(user, article: Article) -> bool:
    """Editors change everything; writers only their own articles."""
    if can_publish(user):
        return True
    return owns_article(user, article)
