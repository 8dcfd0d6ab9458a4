"""The editorial admin as an editor uses it: lists, forms, actions, photos, structure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.messages import SUCCESS
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag as TaggitTag

from articles.models import Article, Photo, PhotoCredit, Section, Tag
from tests.factories import (
    image_bytes,
    image_upload,
    make_article,
    make_author,
    make_credit,
    make_photo,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")
PHOTO_ADD = reverse("admin:articles_photo_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def article_data(article: Article | None = None, **overrides) -> dict:
    """The article change form as the browser posts it."""
    if article is None:
        data = {
            "headline": "Un nouvel accord sur le climat",
            "slug": "",
            "standfirst": "Le texte sera signé demain.",
            "body": "<p>Premier paragraphe.</p>",
            "lead_photo": "",
            "section": make_section().pk,
            "authors": [],
            "tags": "Climat",
            "language": "fr",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
            "correction": "",
        }
    else:
        local = timezone.localtime(article.published_at) if article.published_at else None
        data = {
            "headline": article.headline,
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "lead_photo": article.lead_photo_id or "",
            "section": article.section_id,
            "authors": [a.pk for a in article.authors.all()],
            "tags": ", ".join(t.name for t in article.tags.all()),
            "language": article.language,
            "status": article.status,
            "published_at_0": local.strftime("%Y-%m-%d") if local else "",
            "published_at_1": local.strftime("%H:%M:%S") if local else "",
            "correction": article.correction,
            # The version lock: a change form always says which version it shows.
            "loaded_version": article.version,
        }
    data.update(overrides)
    return data


def action(client, name: str, articles, **extra):
    data = {"action": name, "index": "0", "_selected_action": [a.pk for a in articles], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]]


# --- Site -------------------------------------------------------------------


def test_admin_header_names_the_newsroom(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.context["site_header"] == "Newsroom"


def test_admin_index_lists_articles_first_then_photos(admin_client):
    app_list = admin_client.get(reverse("admin:index")).context["app_list"]
    assert app_list[0]["app_label"] == "articles"
    names = [m["object_name"] for m in app_list[0]["models"]]
    assert names[:3] == ["Article", "Photo", "PhotoCredit"]


def test_taggits_unused_tag_model_is_not_in_the_admin():
    assert not admin.site.is_registered(TaggitTag)
    assert admin.site.is_registered(Tag)


# --- Article list -----------------------------------------------------------


def test_changelist_shows_headline_section_authors_and_thumbnail(editor_client):
    photo = make_photo()
    author = make_author("Inès Garnier")
    article = make_article(
        headline="La Bourse termine en hausse", lead_photo=photo, authors=[author]
    )
    response = editor_client.get(CHANGELIST)
    content = response.content.decode()
    assert "La Bourse termine en hausse" in content
    assert str(article.section) in content
    assert "Inès Garnier" in content
    assert f'src="{photo.image.url}"' in content


def test_changelist_tells_scheduled_articles_apart(editor_client):
    from articles.admin.articles import ArticleAdmin

    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    published = make_article()
    model_admin = admin.site.get_model_admin(Article)
    assert isinstance(model_admin, ArticleAdmin)
    assert model_admin.state(scheduled) != model_admin.state(published)
    assert model_admin.state(published) == published.get_status_display()


def test_thumbnail_alt_text_is_escaped(editor_client):
    photo = make_photo(alt_text='<script>alert("x")</script>')
    make_article(lead_photo=photo)
    content = editor_client.get(CHANGELIST).content.decode()
    assert '<script>alert("x")' not in content
    assert "&lt;script&gt;" in content


@pytest.mark.parametrize("count", [2, 20])
def test_changelist_queries_do_not_grow_with_rows(
    editor_client, count, django_assert_max_num_queries
):
    for n in range(count):
        make_article(
            lead_photo=make_photo(),
            authors=[make_author(), make_author()],
            tags=[f"sujet {n}", "commun"],
            section=make_section(parent=make_section()) if n % 2 else make_section(),
        )
    with django_assert_max_num_queries(13):
        response = editor_client.get(CHANGELIST)
    assert response.context["cl"].result_count == count


def test_changelist_filters_by_tag(editor_client):
    tagged = make_article(tags=["Ukraine"])
    other = make_article(tags=["Chili"])
    tag = Tag.objects.get(name="Ukraine")
    response = editor_client.get(CHANGELIST, {"tags__id__exact": tag.pk})
    shown = list(response.context["cl"].result_list)
    assert tagged in shown
    assert other not in shown


def test_changelist_filters_by_status(editor_client):
    draft = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    published = make_article()
    response = editor_client.get(CHANGELIST, {"status__exact": "draft"})
    shown = list(response.context["cl"].result_list)
    assert shown == [draft]
    assert published not in shown


def test_changelist_search_looks_into_the_body(editor_client):
    found = make_article(body="<p>Le barrage de Kakhovka a cédé dans la nuit.</p>")
    make_article(body="<p>Rien à voir.</p>")
    response = editor_client.get(CHANGELIST, {"q": "Kakhovka"})
    assert list(response.context["cl"].result_list) == [found]


def test_changelist_links_to_the_import_page(editor_client):
    content = editor_client.get(CHANGELIST).content.decode()
    assert f'href="{reverse("admin:articles_article_import")}"' in content


def test_import_url_hands_the_request_to_the_importer_view(editor_client, monkeypatch):
    calls = []

    def fake_import_view(request, model_admin):
        calls.append(model_admin)
        return HttpResponse("import page")

    monkeypatch.setattr("articles.admin.imports.import_view", fake_import_view)
    response = editor_client.get(reverse("admin:articles_article_import"))
    assert response.content == b"import page"
    assert calls == [admin.site.get_model_admin(Article)]


def test_import_url_requires_the_right_to_add_articles(client, monkeypatch):
    from django.contrib.auth.models import Permission

    monkeypatch.setattr("articles.admin.imports.import_view", lambda r, m: HttpResponse("x"))
    viewer = make_user(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    assert client.get(reverse("admin:articles_article_import")).status_code == 403


# --- Article form -----------------------------------------------------------


def test_body_uses_the_prose_editor_and_its_assets_exist(editor_client):
    content = editor_client.get(ADD).content.decode()
    assert 'name="body"' in content
    assert "data-django-prose-editor" in content
    assets = set(re.findall(r'/static/(django_prose_editor/[^"]+)"', content))
    assert {"django_prose_editor/editor.js", "django_prose_editor/editor.css"} <= assets
    for asset in assets:
        assert finders.find(asset), asset


def test_tag_input_suggests_existing_tags(editor_client):
    make_article(tags=["Diplomatie", "Le Havre"])
    content = editor_client.get(ADD).content.decode()
    assert 'list="id_tags_suggestions"' in content
    assert 'data-tag="Diplomatie"' in content
    assert 'data-tag="Le Havre"' in content
    assert finders.find("articles/admin/tag-suggest.js")


def test_fieldsets_follow_a_journalists_order(editor_client):
    fieldsets = editor_client.get(ADD).context["adminform"].fieldsets
    fields = [f for _name, options in fieldsets for f in options["fields"]]
    assert fields.index("headline") < fields.index("body") < fields.index("lead_photo")
    assert fields.index("lead_photo") < fields.index("section") < fields.index("status")
    # Corrections are dated notes in their own inline, after the form's fields.
    assert fields[-1] == "override_reason"


def test_editor_adds_an_article_with_comma_separated_tags(editor_client, editor):
    response = editor_client.post(ADD, article_data(tags="Ukraine, diplomatie, Le Havre"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert sorted(t.name for t in article.tags.all()) == ["Le Havre", "Ukraine", "diplomatie"]
    assert article.slug == "un-nouvel-accord-sur-le-climat"
    assert article.created_by == editor


def test_a_single_tag_with_a_space_stays_one_tag(editor_client):
    # The suggestions end with ", " for exactly this reason.
    editor_client.post(ADD, article_data(tags="Le Havre, "))
    assert [t.name for t in Article.objects.get().tags.all()] == ["Le Havre"]


def test_editor_publishes_from_the_form_and_gets_a_date(editor_client):
    response = editor_client.post(ADD, article_data(status="published"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_published()


def test_publishing_with_a_photo_without_alt_text_is_refused_in_the_form(editor_client):
    article = make_article(
        tags=["Climat"], status=Article.Status.DRAFT, lead_photo=make_photo(alt_text="")
    )
    response = editor_client.post(change_url(article), article_data(article, status="published"))
    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("status", "not_publishable")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_schedules_from_the_form_with_a_future_date(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    at = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    data = article_data(
        article,
        status="published",
        published_at_0=at.strftime("%Y-%m-%d"),
        published_at_1=at.strftime("%H:%M:%S"),
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled()
    assert article.published_at == at


def test_lead_photo_field_offers_to_upload_a_photo_in_a_popup(editor_client):
    content = editor_client.get(ADD).content.decode()
    assert 'id="add_id_lead_photo"' in content
    assert f"{PHOTO_ADD}?_to_field=id&amp;_popup=1" in content


def test_photo_uploaded_in_the_popup_is_handed_back_to_the_article_form(editor_client):
    response = editor_client.post(
        f"{PHOTO_ADD}?_to_field=id&_popup=1",
        {
            "image": image_upload(),
            "alt_text": "Des manifestants sur une place",
            "caption": "Place de la République, samedi.",
            "credit": "",
            "new_credit": "Jeanne Martin/AFP",
            "copyright_notice": "",
            "rights_end_date": "",
            "focal_x": "0.5",
            "focal_y": "0.5",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    photo = Photo.objects.get()
    assert response.status_code == 200
    assert "admin/popup_response.html" in [t.name for t in response.templates]
    assert f'"value": "{photo.pk}"' in response.context["popup_response_data"]
    assert str(photo.credit) == "Jeanne Martin/AFP"


# --- Preview and view on site ----------------------------------------------


def test_draft_change_form_links_to_its_preview(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    content = editor_client.get(change_url(article)).content.decode()
    assert f'href="{article.get_absolute_url()}"' in content
    assert "data-preview" in content


def test_published_article_has_view_on_site_and_no_preview(editor_client):
    article = make_article()
    content = editor_client.get(change_url(article)).content.decode()
    assert f'href="{article.get_absolute_url()}"' in content
    assert "data-preview" not in content


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_preview_shows_unpublished_articles_to_staff_only(client, editor, status):
    if status == "draft":
        article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    else:
        article = make_article(published_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(article.get_absolute_url()).status_code == 200


# --- Actions ----------------------------------------------------------------


def test_publish_now_action_publishes_the_selection(editor_client):
    articles = [make_article(tags=["Climat"], status=Article.Status.DRAFT) for _ in range(2)]
    response = action(editor_client, "publish_now", articles)
    assert all(Article.objects.get(pk=a.pk).is_published() for a in articles)
    assert [level for level, _text in messages_of(response)] == [SUCCESS]


def test_publish_now_changes_nothing_when_one_article_is_not_publishable(editor_client):
    ready = make_article(tags=["Climat"], status=Article.Status.DRAFT, headline="Prêt à partir")
    blocked = make_article(
        status=Article.Status.DRAFT,
        headline="Photo sans description",
        lead_photo=make_photo(alt_text=""),
    )
    blocked_too = make_article(
        status=Article.Status.DRAFT,
        headline="Droits expirés",
        lead_photo=make_photo(rights_end_date=timezone.localdate() - timedelta(days=1)),
    )
    response = action(editor_client, "publish_now", [ready, blocked, blocked_too])
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()
    # The intermediate page lists the problems of each article that has some.
    problems = {article.headline: reasons for article, reasons, _o in response.context["failures"]}
    assert set(problems) == {"Photo sans description", "Droits expirés"}
    assert any("alternative text" in str(reason) for reason in problems["Photo sans description"])


def test_schedule_action_asks_for_a_time_first(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    response = action(editor_client, "schedule", [article])
    assert "admin/articles/article/schedule.html" in [t.name for t in response.templates]
    assert 'type="datetime-local"' in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_schedule_action_schedules_the_selection_at_the_chosen_time(editor_client):
    articles = [make_article(tags=["Climat"], status=Article.Status.DRAFT) for _ in range(2)]
    at = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [a.pk for a in articles],
            "publish_at": at.strftime("%Y-%m-%dT%H:%M"),
            "apply": "1",
        },
        follow=True,
    )
    for article in articles:
        article.refresh_from_db()
        assert article.is_scheduled()
        assert article.published_at == at
    assert [level for level, _text in messages_of(response)] == [SUCCESS]


def test_schedule_action_refuses_a_time_in_the_past(editor_client):
    article = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    past = timezone.localtime(timezone.now() - timedelta(hours=1))
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "schedule",
            "_selected_action": [article.pk],
            "publish_at": past.strftime("%Y-%m-%dT%H:%M"),
            "apply": "1",
        },
    )
    assert response.context["form"].has_error("publish_at", "past")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_send_back_to_draft_action_unpublishes(editor_client):
    article = make_article()
    action(editor_client, "send_back_to_draft", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article not in Article.objects.published()


def test_submit_for_review_action_moves_drafts_to_review(editor_client):
    draft = make_article(tags=["Climat"], status=Article.Status.DRAFT)
    published = make_article()
    action(editor_client, "submit_for_review", [draft, published])
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert published.status == Article.Status.PUBLISHED


# --- Photos -----------------------------------------------------------------


def photo_data(image, **overrides) -> dict:
    data = {
        "image": image,
        "alt_text": "Un port au crépuscule",
        "caption": "Le port, lundi soir.",
        "credit": make_credit().pk,
        "new_credit": "",
        "copyright_notice": "",
        "rights_end_date": "",
        "focal_x": "0.5",
        "focal_y": "0.5",
    }
    data.update(overrides)
    return data


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_photo_list_shows_escaped_thumbnails_and_credits(editor_client):
    photo = make_photo(alt_text='Un "quai" <b>gris</b>', credit=make_credit("Studio X via REUTERS"))
    content = editor_client.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert f'src="{photo.image.url}"' in content
    assert "<b>gris</b>" not in content
    assert "Studio X via REUTERS" in content


def test_photo_search_matches_caption_alt_text_and_credit(editor_client):
    match = make_photo(caption="Le pont de Normandie", credit=make_credit("Paul Arnaud/AFP"))
    other = make_photo(caption="Une forêt", alt_text="Des arbres", credit=make_credit("Léa Moreau"))
    url = reverse("admin:articles_photo_changelist")
    for query in ("Normandie", "Arnaud"):
        shown = list(editor_client.get(url, {"q": query}).context["cl"].result_list)
        assert shown == [match]
    assert list(editor_client.get(url, {"q": "arbres"}).context["cl"].result_list) == [other]


def test_photo_list_filters_by_agency(editor_client):
    afp = make_photo(credit=make_credit("Paul Arnaud/AFP"))
    make_photo(credit=make_credit("Studio X via REUTERS"))
    url = reverse("admin:articles_photo_changelist")
    response = editor_client.get(url, {"credit__agency__id__exact": afp.credit.agency_id})
    assert list(response.context["cl"].result_list) == [afp]


def test_photo_with_a_typed_credit_reuses_the_existing_credit(editor_client):
    existing = make_credit("Jeanne Martin/AFP")
    response = editor_client.post(
        PHOTO_ADD, photo_data(image_upload(), credit="", new_credit="jeanne  martin/AFP")
    )
    assert response.status_code == 302
    assert Photo.objects.get().credit == existing
    assert PhotoCredit.objects.count() == 1


def test_photo_without_any_credit_is_refused(editor_client):
    response = editor_client.post(PHOTO_ADD, photo_data(image_upload(), credit=""))
    assert response.context["adminform"].form.has_error("credit", "required")
    assert not Photo.objects.exists()


def test_upload_that_is_not_an_image_is_refused(editor_client, media_root):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    response = editor_client.post(PHOTO_ADD, photo_data(fake))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_truncated_jpeg_is_refused(editor_client, media_root):
    data = image_bytes(400, 300)
    truncated = SimpleUploadedFile("photo.jpg", data[: len(data) // 2], content_type="image/jpeg")
    response = editor_client.post(PHOTO_ADD, photo_data(truncated))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_upload_over_the_size_limit_is_refused(editor_client, settings, media_root):
    settings.NEWSROOM_MAX_UPLOAD_BYTES = 500
    upload = SimpleUploadedFile("photo.png", image_bytes(200, 200, fmt="PNG"), "image/png")
    assert upload.size > 500
    response = editor_client.post(PHOTO_ADD, photo_data(upload))
    assert response.context["adminform"].form.has_error("image", "file_too_large")
    assert not Photo.objects.exists()
    assert stored_files(media_root) == []


def test_uploaded_photo_records_who_uploaded_it(editor_client, editor):
    assert editor_client.post(PHOTO_ADD, photo_data(image_upload())).status_code == 302
    photo = Photo.objects.get()
    assert photo.uploaded_by == editor
    assert (photo.width, photo.height) == (64, 48)


# --- Credits, sections, tags -----------------------------------------------


def test_credit_admin_searches_by_source_and_agency(editor_client):
    credit = make_credit("Sputnik/Kremlin via REUTERS")
    make_credit("Léa Moreau")
    url = reverse("admin:articles_photocredit_changelist")
    for query in ("Kremlin", "reuters"):
        assert list(editor_client.get(url, {"q": query}).context["cl"].result_list) == [credit]


def test_reserved_section_slug_is_refused_with_a_field_error(editor_client):
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Administration",
            "slug": "admin",
            "parent": "",
            "position": "0",
            "description": "",
        },
    )
    assert response.context["adminform"].form.has_error("slug", "reserved_slug")
    assert not Section.objects.filter(slug="admin").exists()


def test_sub_section_can_only_hang_under_a_top_level_section(editor_client):
    top = make_section("International")
    sub = make_section("Europe", parent=top)
    response = editor_client.get(reverse("admin:articles_section_add"))
    parents = list(response.context["adminform"].form.fields["parent"].queryset)
    assert top in parents
    assert sub not in parents


def test_tag_admin_searches_and_counts_articles(editor_client):
    make_article(tags=["Diplomatie"])
    make_article(tags=["Diplomatie", "Énergie"])
    response = editor_client.get(reverse("admin:articles_tag_changelist"), {"q": "diplo"})
    shown = list(response.context["cl"].result_list)
    assert [tag.name for tag in shown] == ["Diplomatie"]
    assert shown[0].article_total == 2
