"""The newsroom's two roles, Writer and Editor, as Django groups."""

from __future__ import annotations

WRITER = "Writer"
EDITOR = "Editor"

# (model, actions) a writer may use; ownership rules live in the admin.
WRITER_PERMISSIONS = {
    "article": ("add", "change", "view"),
    "section": ("view",),
    "author": ("view",),
    "photo": ("add", "change", "view"),
    "photocredit": ("add", "view"),
    "agency": ("view",),
    "tag": ("add", "view"),
    "articlenote": ("add", "change", "view"),
}
EDITOR_MODELS = (
    "article", "section", "author", "photo", "photocredit", "agency", "tag",
    "taggedarticle", "previousslug", "articlenote", "apikey",
)  # fmt: skip
ACTIONS = ("add", "change", "delete", "view")


def sync_roles(apps) -> None:
    """Create or update both groups; safe to run any number of times."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("articles")
    # Inside a migration the app config is a stub; permissions are normally
    # created after all migrations, too late for this one.
    if getattr(app_config, "models_module", None) is None:
        app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles")
    by_codename = {p.codename: p for p in permissions}

    writer, _ = Group.objects.get_or_create(name=WRITER)
    writer.permissions.set(
        by_codename[f"{action}_{model}"]
        for model, actions in WRITER_PERMISSIONS.items()
        for action in actions
        if f"{action}_{model}" in by_codename
    )
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.set(
        [
            by_codename[f"{action}_{model}"]
            for model in EDITOR_MODELS
            for action in ACTIONS
            if f"{action}_{model}" in by_codename
        ]
        + [p for codename, p in by_codename.items() if codename.startswith("publish_")]
    )
