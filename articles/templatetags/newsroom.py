"""Template helpers for the reader site: dates, credits, pictures, navigation."""

from __future__ import annotations

from django import template
from django.utils import dateformat, timezone, translation

from articles.photos.renditions import picture_context
from articles.site.chrome import chrome_key, rendered
from articles.site.navigation import navigation_sections

register = template.Library()

# Typographic conventions of each language, which a translation catalogue does
# not carry: "7 août 2025 à 14 h 30" against "7 August 2025 at 14:30".
DATETIME_FORMATS = {"fr": r"j F Y \à G \h i", "en": r"j F Y \a\t H:i"}
DATE_FORMATS = {"fr": "j F Y", "en": "j F Y"}


def _format(value, formats: dict[str, str], language: str | None) -> str:
    if not value:
        return ""
    language = (language or translation.get_language() or "fr")[:2]
    with translation.override(language):
        text = dateformat.format(timezone.localtime(value), formats.get(language, formats["en"]))
    if language == "fr" and timezone.localtime(value).day == 1:
        text = "1er" + text[1:]
    return text


@register.filter
def article_datetime(value, language=None):
    """A publication date and time as a reader of ``language`` writes it."""
    return _format(value, DATETIME_FORMATS, language)


@register.filter
def article_date(value, language=None):
    return _format(value, DATE_FORMATS, language)


@register.filter
def iso_datetime(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


@register.filter
def credit_line(photo, language=None):
    """ "Photo : Sputnik/Kremlin via REUTERS" (French) or "Photo: ..." (English)."""
    return photo.credit_line_for(language)


@register.inclusion_tag("articles/includes/picture.html")
def picture(photo, sizes="100vw", lead=False):
    """<picture> with WebP and JPEG srcsets read from Photo.renditions (no Pillow)."""
    return picture_context(photo, sizes=sizes, lead=lead)


@register.inclusion_tag("articles/includes/nav.html", takes_context=True)
def site_nav(context):
    return {
        "sections": navigation_sections(),
        "current_section": context.get("nav_section"),
    }


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current address with ?page=N (page 1 has no parameter: one URL per page)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if number and int(number) > 1:
        query["page"] = number
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


class ChromeNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        key = chrome_key(self.name, context.get("nav_section"))
        return rendered(key, lambda: self.nodelist.render(context))


@register.tag
def chrome(parser, token):
    """
    ``{% chrome "header" %}...{% endchrome %}``: a part of every page that
    changes only with the navigation, the language and the current section,
    rendered once per process for each (articles.site.chrome).
    """
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("chrome takes one argument: the part's name") from None
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(name.strip("\"'"), nodelist)
