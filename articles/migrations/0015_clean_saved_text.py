"""
Clean the text already saved before articles.models.cleaning existed: remove
the characters XML refuses and store Unicode in NFC, as every save now does.
Two tags that become one name are merged (their articles keep one tag). A
name that would collide with another agency's or credit's is left as it was.
The reverse does nothing: removed characters were never text.
"""

import re
import unicodedata

from django.db import migrations

# A copy of articles.text.clean_text as of this migration: later changes
# to that function must not change what this migration did.
_XML_INVALID = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_PLANE_NONCHARACTERS = {
    plane * 0x10000 + last: None for plane in range(1, 17) for last in (0xFFFE, 0xFFFF)
}


def clean(text):
    if not text:
        return text
    text = _XML_INVALID.sub("", text).translate(_PLANE_NONCHARACTERS)
    return unicodedata.normalize("NFC", text)


def clean_name(text):
    return " ".join(clean(text or "").split())


# Model: the text fields cleaned in place (no uniqueness at stake).
PLAIN_FIELDS = {
    "Article": ("headline", "standfirst", "body"),
    "ArticleNote": ("text",),
    "Section": ("name", "description"),
    "Author": ("name", "bio"),
    "Photo": ("alt_text", "caption", "copyright_notice"),
    "PhotoCredit": ("source",),
    "Agency": ("credit_name", "licence_terms"),
}
NAME_FIELDS = {"Section": "name", "Author": "name"}
BATCH = 500


def clean_plain_fields(apps):
    for model_name, fields in PLAIN_FIELDS.items():
        model = apps.get_model("articles", model_name)
        rows = model.objects.order_by("pk").values_list("pk", *fields)
        for pk, *values in rows.iterator(chunk_size=BATCH):
            changes = {}
            for field, value in zip(fields, values):
                cleaned = (
                    clean_name(value) if NAME_FIELDS.get(model_name) == field else clean(value)
                )
                if cleaned != value:
                    changes[field] = cleaned
            if changes:
                model.objects.filter(pk=pk).update(**changes)


def merge_tags(apps):
    Tag = apps.get_model("articles", "Tag")
    TaggedArticle = apps.get_model("articles", "TaggedArticle")
    for tag in Tag.objects.order_by("pk"):
        name, slug = clean_name(tag.name), clean(tag.slug)
        if (name, slug) == (tag.name, tag.slug):
            continue
        survivor = Tag.objects.exclude(pk=tag.pk).filter(name=name).order_by("pk").first()
        if survivor is None:
            if Tag.objects.exclude(pk=tag.pk).filter(slug=slug).exists():
                slug = tag.slug
            Tag.objects.filter(pk=tag.pk).update(name=name, slug=slug)
            continue
        tagged = TaggedArticle.objects.filter(tag_id=survivor.pk).values_list("content_object_id")
        TaggedArticle.objects.filter(tag_id=tag.pk).exclude(content_object_id__in=tagged).update(
            tag_id=survivor.pk
        )
        Tag.objects.filter(pk=tag.pk).delete()


def clean_unique_names(apps):
    Agency = apps.get_model("articles", "Agency")
    for agency in Agency.objects.order_by("pk"):
        name = clean_name(agency.name)
        if name != agency.name and not (
            Agency.objects.exclude(pk=agency.pk).filter(name__iexact=name).exists()
        ):
            Agency.objects.filter(pk=agency.pk).update(name=name)
    PhotoCredit = apps.get_model("articles", "PhotoCredit")
    for credit in PhotoCredit.objects.order_by("pk"):
        normalized = clean_name(credit.normalized).casefold()
        if normalized != credit.normalized and not (
            PhotoCredit.objects.exclude(pk=credit.pk).filter(normalized=normalized).exists()
        ):
            PhotoCredit.objects.filter(pk=credit.pk).update(normalized=normalized)


def clean_saved_text(apps, schema_editor):
    clean_plain_fields(apps)
    merge_tags(apps)
    clean_unique_names(apps)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_language_from_setting")]

    operations = [migrations.RunPython(clean_saved_text, migrations.RunPython.noop, elidable=True)]
