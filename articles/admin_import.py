"""The admin's "Importer un texte" page (stub: the importer issue builds it)."""

from django.http import HttpResponse


def import_view(request, model_admin):
    return HttpResponse("Import")
