"""Each article's old single correction text becomes a dated note of kind "correction"."""

from django.db import migrations


def corrections_to_notes(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleNote = apps.get_model("articles", "ArticleNote")
    articles = Article.objects.exclude(correction="")
    ArticleNote.objects.bulk_create(
        ArticleNote(
            article_id=article.pk,
            kind="correction",
            text=article.correction.strip(),
            # The best date known: when the article was last saved.
            published_at=article.updated_at,
        )
        for article in articles.only("pk", "correction", "updated_at").iterator()
        if article.correction.strip()
    )
    # update(): no save(), so neither a new version nor a changed "updated on" date.
    articles.update(correction="")


def notes_to_corrections(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    ArticleNote = apps.get_model("articles", "ArticleNote")
    texts: dict[int, list[str]] = {}
    for note in ArticleNote.objects.filter(kind="correction").order_by("published_at", "pk"):
        texts.setdefault(note.article_id, []).append(note.text)
    for article_id, parts in texts.items():
        Article.objects.filter(pk=article_id).update(correction="\n\n".join(parts))
    ArticleNote.objects.filter(kind="correction").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_notes_embargo_planning_autosave")]

    operations = [migrations.RunPython(corrections_to_notes, notes_to_corrections)]
