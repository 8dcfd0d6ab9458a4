"""Newsroom's content model, one module per concern; every public name is re-exported here."""

from . import versions  # noqa: F401  (registers the article with django-reversion)
from .api import API_KEY_PREFIX, ApiKey, ApiKeyQuerySet, hash_api_key
from .article import Article, DeletedArticle, EditConflict, PreviousSlug
from .audit import AuditEntry
from .cleaning import clean_text_on_save
from .imports import ImportClaim
from .pagecache import CacheKeyVersion, StoredFragment
from .photos import (
    Agency,
    Photo,
    PhotoCredit,
    normalize_credit,
    photo_upload_to,
    split_credit,
)
from .queries import ArticleManager, ArticleQuerySet
from .records import ArticleAutosave, ArticleNote, ArticleNoteQuerySet
from .revisions import ArticleRevision, ArticleRevisionQuerySet
from .slugs import unique_slug
from .taxonomy import RESERVED_SLUGS, Author, Section, Tag, TaggedArticle, validate_not_reserved

__all__ = [
    "API_KEY_PREFIX",
    "ApiKey",
    "ApiKeyQuerySet",
    "Agency",
    "Article",
    "ArticleAutosave",
    "ArticleManager",
    "ArticleNote",
    "ArticleNoteQuerySet",
    "ArticleRevision",
    "ArticleRevisionQuerySet",
    "ArticleQuerySet",
    "AuditEntry",
    "clean_text_on_save",
    "CacheKeyVersion",
    "Author",
    "DeletedArticle",
    "EditConflict",
    "ImportClaim",
    "Photo",
    "PhotoCredit",
    "PreviousSlug",
    "RESERVED_SLUGS",
    "Section",
    "StoredFragment",
    "Tag",
    "TaggedArticle",
    "normalize_credit",
    "photo_upload_to",
    "split_credit",
    "hash_api_key",
    "unique_slug",
    "validate_not_reserved",
]
