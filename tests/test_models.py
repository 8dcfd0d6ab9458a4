from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import publishing
from articles.models import Agency, Article, PhotoCredit, PreviousSlug, Section, Tag
from tests.factories import make_article, make_photo, make_section, make_writer

pytestmark = pytest.mark.django_db


def test_published_article_is_visible(db):
    article = make_article()
    assert article in Article.objects.published()
    assert article.is_published()


@pytest.mark.parametrize(
    ("status", "offset", "visible"),
    [
        (Article.Status.DRAFT, -1, False),
        (Article.Status.REVIEW, -1, False),
        (Article.Status.PUBLISHED, -1, True),
        (Article.Status.PUBLISHED, +1, False),
    ],
)
def test_queryset_and_instance_agree_on_visibility(status, offset, visible):
    article = make_article(status=status, published_at=timezone.now() + timedelta(hours=offset))
    assert (article in Article.objects.published()) is visible
    assert article.is_published() is visible


def test_scheduled_article_appears_when_its_time_comes():
    at = timezone.now() + timedelta(hours=1)
    article = make_article(published_at=at)
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=at + timedelta(seconds=1))


def test_deleted_article_is_hidden():
    article = make_article()
    article.deleted_at = timezone.now()
    article.save()
    assert article not in Article.objects.published()


def test_slug_is_ascii_for_french_headlines():
    article = make_article(headline="États-Unis : le cœur du débat")
    assert article.slug == "etats-unis-le-coeur-du-debat"


def test_slugs_stay_unique():
    first = make_article(headline="Le même titre")
    second = make_article(headline="Le même titre")
    assert first.slug == "le-meme-titre"
    assert second.slug == "le-meme-titre-2"


def test_editing_the_slug_remembers_the_old_one():
    article = make_article(headline="Premier titre")
    article.slug = "nouveau-titre"
    article.save()
    assert PreviousSlug.objects.get(slug="premier-titre").article == article


def test_body_is_sanitized_on_save():
    article = make_article(
        body='<p onclick="x()">Texte<script>alert(1)</script></p><iframe src="x"></iframe>'
        '<a href="javascript:alert(1)">lien</a>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "iframe" not in article.body
    assert "javascript" not in article.body
    assert "<p>Texte</p>" in article.body


def test_tags_are_case_insensitive():
    first = make_article(tags=["Ukraine"])
    second = make_article(tags=["ukraine"])
    assert Tag.objects.filter(name__iexact="ukraine").count() == 1
    assert set(first.tags.all()) == set(second.tags.all())


def test_credit_line_with_distributor():
    credit = PhotoCredit.from_text("Sputnik/Kremlin via REUTERS")
    assert credit.source == "Sputnik/Kremlin"
    assert credit.agency.credit == "REUTERS"
    assert str(credit) == "Sputnik/Kremlin via REUTERS"


def test_credit_line_with_photographer_agency():
    credit = PhotoCredit.from_text("Ludovic Marin / AFP")
    assert str(credit) == "Ludovic Marin/AFP"


def test_credits_are_reused_whatever_the_spacing_or_case():
    first = PhotoCredit.from_text("Sputnik/Kremlin via REUTERS")
    assert PhotoCredit.from_text("sputnik/kremlin  via  reuters") == first
    assert PhotoCredit.objects.count() == 1


def test_agency_names_are_one_agency_whatever_the_case():
    reuters = Agency.for_name("REUTERS")
    assert Agency.for_name("Reuters") == reuters
    assert Agency.for_name("reuters") == reuters


def test_section_slug_cannot_be_reserved():
    section = Section(name="Archives", slug="archives")
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "slug" in error.value.message_dict


def test_sub_sections_are_one_level_deep():
    world = make_section("Monde", slug="monde")
    europe = make_section("Europe", slug="europe", parent=world)
    deeper = Section(name="France", slug="france", parent=europe)
    with pytest.raises(ValidationError):
        deeper.full_clean()


def test_writer_cannot_publish():
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    with pytest.raises(publishing.PublishingRefused):
        publishing.publish(article, make_writer())
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_lead_photo_without_alt_text_blocks_publication():
    photo = make_photo(alt_text="")
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT, lead_photo=photo)
    with pytest.raises(ValidationError):
        publishing.publish(article, None)
    assert not Article.objects.get(pk=article.pk).is_published()


def test_publish_now_sets_the_date():
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    publishing.publish(article, None)
    assert article.is_published()


def test_publish_in_the_future_schedules():
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    publishing.publish(article, None, at=timezone.now() + timedelta(days=1))
    assert article.is_scheduled()
    assert article not in Article.objects.published()


def test_photo_stores_its_dimensions():
    photo = make_photo()
    assert (photo.width, photo.height) == (64, 48)
    assert photo.image.name.startswith("photos/")
    assert len(photo.content_hash) == 64
