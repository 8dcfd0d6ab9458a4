"""
Full-text search index: a GIN-indexed tsvector column on PostgreSQL, an FTS5
table on SQLite (see articles/search/backends/). Neither is a model field, so
this migration changes no model state; it fills the index for existing articles.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

BATCH_SIZE = 500


def _backend(schema_editor):
    from articles.search.backends import VENDORS, backend_for

    if schema_editor.connection.vendor not in VENDORS:
        return None
    return backend_for(schema_editor.connection.alias)


def create_index(apps, schema_editor):
    from articles.search.documents import batches_of_ids, documents

    backend = _backend(schema_editor)
    if backend is None:
        return
    for sql in backend.INSTALL_SQL:
        schema_editor.execute(sql)
    Article = apps.get_model("articles", "Article")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    using = schema_editor.connection.alias
    for ids in batches_of_ids(Article, BATCH_SIZE, using=using):
        backend.store(documents(Article, TaggedArticle, ids, using=using), using=using)


def drop_index(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is None:
        return
    for sql in backend.UNINSTALL_SQL:
        schema_editor.execute(sql)


class UnaccentOnPostgres(UnaccentExtension):
    """UnaccentExtension skips other databases going forwards, but not backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_roles"),
    ]

    operations = [
        # Does nothing on SQLite.
        UnaccentOnPostgres(),
        migrations.RunPython(create_index, drop_index),
    ]
