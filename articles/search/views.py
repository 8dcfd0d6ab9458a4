from django.http import HttpResponse


def search_page(request):
    # Stub until the search issue is built.
    return HttpResponse("Recherche")
