"""
Django admin phrases that read badly in French once filled with our model
names ("Ajout de article", "Ajouter un objet Correction ou mise à jour
supplémentaire"). Listed here so `makemessages` keeps them in our catalogue,
whose translations take precedence over Django's (LOCALE_PATHS comes first).
"""

from django.utils.translation import gettext_noop

ADMIN_PHRASES = (
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Select %s"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
)
