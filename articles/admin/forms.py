"""Admin forms: the article form with its publishing rules, scheduling, photos."""

from __future__ import annotations

import copy

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagWidget

from articles.editing.limits import bound_body, check_body_size
from articles.editing.local_time import LocalSplitDateTimeField, remember_loaded
from articles.editing.slugs import clean_slug
from articles.editing.stale_form import check_version_and_merge
from articles.models import Article, Photo, PhotoCredit, Tag
from articles.publishing import PublishingRefused, plan_status_change, record_refusal
from articles.publishing.gate import publication_checks
from articles.publishing.permissions import EDITOR_ONLY_FIELDS

# Suggesting every tag ever made would bloat the page; the most used are enough.
TAG_SUGGESTIONS_LIMIT = 300


class TagSuggestWidget(TagWidget):
    """Comma-separated tags, with existing tags offered by the browser (<datalist>)."""

    class Media:
        js = ["articles/admin/tag-suggest.js"]

    def suggestions(self) -> list[str]:
        return list(
            Tag.objects.annotate(uses=Count("tagged_articles"))
            .order_by("-uses", Lower("name"))
            .values_list("name", flat=True)[:TAG_SUGGESTIONS_LIMIT]
        )

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}_suggestions"
        attrs.update({"list": list_id, "data-tag-suggest": "", "autocomplete": "off"})
        attrs.setdefault("class", "vTextField")
        field = super().render(name, value, attrs, renderer)
        # Each value ends with a comma so that a lone "Le Havre" stays one tag
        # (taggit splits on spaces when there is no comma).
        options = format_html_join(
            "", '<option value="{}, " data-tag="{}"></option>', ((t, t) for t in self.suggestions())
        )
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


class ArticleAdminForm(forms.ModelForm):
    """
    The article form. ``can_publish`` is set per request by the admin: without
    it, the status can only be draft or in review, whatever the POST says.
    """

    can_publish = False
    # The user saving the form, set per request by the admin.
    acting_user = None
    # Filled by the merge of a stale form (articles.editing.stale_form): the
    # fields both sides changed, and those taken from what was saved meanwhile.
    merge_conflicts: list = []
    merged_from_theirs: tuple = ()
    # The pre-publish checks a save failed, each with where to fix it (shown atop the form).
    problems_to_fix: list = []

    # The version the form was loaded with: required on a change form; a
    # stale save is merged (optimistic locking, see Article._do_update).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # The pre-publish gate's override: editors only, always with a reason.
    publish_override = forms.BooleanField(
        label=_("Publish despite the checks"),
        required=False,
        help_text=_(
            "Publish even though the checks listed under “Status” fail. "
            "Your reason is kept in the audit trail."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for publishing despite the checks"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Article
        fields = (
            "headline", "slug", "standfirst", "body", "lead_photo", "section", "authors",
            "tags", "language", "status", "published_at", "is_embargoed", "planned_for",
        )  # fmt: skip
        widgets = {"tags": TagSuggestWidget}
        # An article dated in the hour that happens twice can be saved again.
        field_classes = {
            "published_at": LocalSplitDateTimeField,
            "planned_for": LocalSplitDateTimeField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_body(self.fields.get("body"))
        remember_loaded(self, "published_at", "planned_for")
        if "slug" in self.fields:
            # Left empty, the slug is made from the headline on save.
            self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        # The publishing act the form means, as arguments of
        # articles.publishing.change_status: checked in clean, done by the admin's save_model.
        self.status_change: dict | None = None
        if not self.can_publish:
            self.fields.pop("publish_override", None)
            self.fields.pop("override_reason", None)
        status = self.fields.get("status")
        if status is not None and not self.can_publish:
            status.choices = [
                choice for choice in status.choices if choice[0] != Article.Status.PUBLISHED
            ]

    def clean_body(self):
        return check_body_size(self.cleaned_data.get("body", ""))

    def clean_slug(self):
        return clean_slug(self.instance, self.cleaned_data.get("slug", ""))

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Article.Status.PUBLISHED and not self.can_publish:
            # The choices already exclude it; this guards against a changed widget.
            raise forms.ValidationError(
                _("Only editors can publish or schedule an article."), code="cannot_publish"
            )
        return status

    def clean(self):
        cleaned_data = super().clean()
        # The version lock: a stale form is merged with what was saved meanwhile.
        check_version_and_merge(self, cleaned_data)
        self.refuse_forged_fields()
        self.plan_status_change(cleaned_data)
        return cleaned_data

    def user(self):
        # A form used without a user set acts as nobody, never as the system
        # (articles.publishing treats user=None as a command run on the server).
        return self.acting_user if self.acting_user is not None else AnonymousUser()

    def forged_fields(self) -> dict:
        """
        What a writer's POST sets that only editors set (a status the form
        does not offer, a publication date, an override): a browser never
        sends these, a crafted request does.
        """
        if self.can_publish or not self.is_bound:
            return {}
        forged = {}
        status = self.data.get(self.add_prefix("status"))
        if (
            status
            and status != self.instance.status
            and ("status" not in self.fields or status == Article.Status.PUBLISHED)
        ):
            forged["status"] = status
        date_field = forms.SplitDateTimeField(required=False)
        key = self.add_prefix("published_at")
        raw = [self.data.get(f"{key}_0", ""), self.data.get(f"{key}_1", "")]
        try:
            posted = date_field.clean(raw) if any(raw) else None
        except forms.ValidationError:
            posted = raw
        stored = self.instance.published_at
        if posted is not None and (
            stored is None or posted != stored.replace(microsecond=posted.microsecond)
        ):
            forged["published_at"] = posted
        for name in EDITOR_ONLY_FIELDS:
            value = self.data.get(self.add_prefix(name))
            if name != "published_at" and value not in (None, "", "off", "false"):
                forged[name] = value
        return forged

    def refuse_forged_fields(self) -> None:
        forged = self.forged_fields()
        if not forged:
            return
        message = _("Only editors can publish, schedule or unpublish articles.")
        record_refusal(self.instance, self.user(), [message], forged)
        raise forms.ValidationError(message, code="cannot_publish")

    def publication_candidate(self, cleaned_data) -> Article:
        """The article as stored, with the submitted text, filing and photo."""
        candidate = copy.copy(self.instance)
        for name in ("headline", "standfirst", "body"):
            if name in cleaned_data:
                setattr(candidate, name, cleaned_data[name] or "")
        for name in ("section", "lead_photo"):
            if name in cleaned_data:
                setattr(candidate, name, cleaned_data[name])
        user = self.user()
        if candidate.pk is None and candidate.created_by_id is None and user.is_authenticated:
            # A new article is its writer's own: they may submit it as they create it.
            candidate.created_by = user
        return candidate

    def given_override_reason(self, cleaned_data) -> str:
        """The reason given to publish despite the checks (editors only), or ""."""
        if not (self.can_publish and cleaned_data.get("publish_override")):
            return ""
        reason = (cleaned_data.get("override_reason") or "").strip()
        if not reason:
            self.add_error(
                "override_reason",
                forms.ValidationError(
                    _("Say why the article is published despite the checks."),
                    code="override_reason_required",
                ),
            )
        return reason

    def status_options(self, cleaned_data, status: str, reason: str) -> dict:
        """The arguments of articles.publishing.change_status that the form's values mean."""
        tags = cleaned_data.get("tags")
        if tags is None:
            tags = list(self.instance.tags.names()) if self.instance.pk else []
        options = {"override_reason": reason, "tags": tags}
        publishing = status == Article.Status.PUBLISHED
        if "published_at" in self.fields:
            options["at"] = cleaned_data.get("published_at")
            if publishing and options["at"] is None:
                # Left empty: "now" (or the date it was first published), which
                # the act decides; the model's constraint wants a date meanwhile.
                cleaned_data["published_at"] = self.instance.published_at or timezone.now()
        if "is_embargoed" in self.fields and publishing:
            options["embargo"] = bool(cleaned_data.get("is_embargoed"))
        return options

    def plan_status_change(self, cleaned_data) -> None:
        """The publishing act this form means, checked now so that refusals show in the form."""
        self.status_change = None
        status = cleaned_data.get("status")
        reason = self.given_override_reason(cleaned_data)
        if status is None or self.errors:
            return
        options = self.status_options(cleaned_data, status, reason)
        try:
            act = plan_status_change(
                self.publication_candidate(cleaned_data), self.user(), status, **options
            )
        except PublishingRefused as refusal:
            for error in refusal.error_list:
                field = "published_at" if error.code == "embargo_needs_future_date" else "status"
                self.add_error(field, error)
            self.problems_to_fix = problems_to_fix(
                self.publication_candidate(cleaned_data), options["tags"], refusal.reasons
            )
            return
        if act is not None:
            self.status_change = {"status": status, **options}


def problems_to_fix(article: Article, tags, reasons) -> list[tuple[str, str]]:
    """Each refused check with where to fix it: a field of the form, or the photo's page."""
    links = []
    for check in publication_checks(article, tags):
        if check.reason not in reasons:
            continue
        if check.field == "lead_photo" and article.lead_photo_id:
            href = reverse("admin:articles_photo_change", args=[article.lead_photo_id])
        else:
            href = f"#id_{check.field}" if check.field else "#id_status"
        links.append((check.reason, href))
    return links


class ScheduleForm(forms.Form):
    """The intermediate page of the "Schedule" action."""

    publish_at = forms.DateTimeField(
        label=_("Publication date and time"),
        help_text=_("Local time (Paris). The articles appear by themselves at that time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at <= timezone.now():
            raise forms.ValidationError(
                _("Choose a time in the future, or use “Publish now”."), code="past"
            )
        return publish_at


class PhotoAdminForm(forms.ModelForm):
    """A photo with its credit: pick an existing one, or type a new credit line."""

    new_credit = forms.CharField(
        label=_("or a new credit"),
        required=False,
        max_length=300,
        help_text=_(
            "As printed under the photo, e.g. “Jeanne Martin/AFP” or “Studio X via REUTERS”."
        ),
    )

    class Meta:
        model = Photo
        fields = (
            "image", "alt_text", "caption", "credit", "copyright_notice", "rights_end_date",
            "focal_x", "focal_y",
        )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "credit" in self.fields:
            self.fields["credit"].required = False
        if "image" in self.fields:
            # The uploaded name is never used (photo_upload_to generates one),
            # so a long camera or e-mail attachment name is no reason to refuse.
            self.fields["image"].max_length = None

    def clean_new_credit(self):
        return " ".join(self.cleaned_data["new_credit"].split())

    def clean(self):
        cleaned_data = super().clean()
        if (
            "credit" in self.fields
            and not cleaned_data.get("credit")
            and not cleaned_data.get("new_credit")
        ):
            self.add_error(
                "credit",
                forms.ValidationError(
                    _("Choose a credit or type a new one: every photo needs one."),
                    code="required",
                ),
            )
        return cleaned_data

    def save(self, commit=True):
        text = self.cleaned_data.get("new_credit")
        if text:
            self.instance.credit = PhotoCredit.from_text(text)
        return super().save(commit)
