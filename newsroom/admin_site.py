"""
The admin site as editors see it: a "Newsroom" header and the models listed in
the order of a working day (articles first, then pictures, then the
structure), instead of Django's alphabetical order.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

# App label first, then model order inside the app; unlisted ones go last.
APP_ORDER = ("articles", "auth")
MODEL_ORDER = {
    "articles": ("article", "photo", "photocredit", "agency", "section", "author", "tag"),
    "auth": ("user", "group"),
}


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom")
    site_title = _("Newsroom")
    index_title = _("Desk")
    index_template = "admin/desk.html"

    def index(self, request, extra_context=None):
        # Imported here: this site is built while the apps load, before any model.
        from articles.admin.desk import desk_context

        return super().index(request, {**desk_context(request), **(extra_context or {})})

    def autocomplete_view(self, request):
        # Imported here for the same reason as the desk above.
        from articles.admin.picker import PickerAutocompleteJsonView

        return PickerAutocompleteJsonView.as_view(admin_site=self)(request)

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)

        def app_key(app):
            label = app["app_label"]
            return (APP_ORDER.index(label) if label in APP_ORDER else len(APP_ORDER), app["name"])

        app_list.sort(key=app_key)
        for app in app_list:
            order = MODEL_ORDER.get(app["app_label"], ())

            def model_key(model, order=order):
                name = model["object_name"].lower()
                return (order.index(name) if name in order else len(order), str(model["name"]))

            app["models"].sort(key=model_key)
        return app_list


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the site above; outside the articles.admin package,
    which registers models when imported and so may not load while the site is built."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"
