from django.db import migrations


def sync(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    """Editors and writers may add corrections and updates (ArticleNote)."""

    dependencies = [("articles", "0006_move_corrections_to_notes")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
