"""
The API object (django-ninja): operations from ``views``, errors as problem
details, and an OpenAPI document that says what the HTTP layer adds (keys,
304, 401, 429, problem+json).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from .problems import PROBLEM_CONTENT_TYPE, ApiProblem, problem_response, response_for
from .problems import validation_errors as describe_errors
from .views import router

DESCRIPTION = """
Read-only access to what readers of the site may see: published articles, with
their body, as JSON or as IPTC ninjs 3.1; sections, tags and authors.

No key is needed. Partners send theirs as `X-Api-Key: <key>` (or
`Authorization: Bearer <key>`): counted apart in the rate limits, and a key
with the embargo right also lists embargoed articles, marked `embargoed_until`.

Answers carry an `ETag`: send it back in `If-None-Match` for a 304. Errors are
`application/problem+json` (RFC 9457). Too many requests: 429 with `Retry-After`.
"""

EXTRA_RESPONSES = {
    "304": {"description": "Not modified: the `If-None-Match` ETag is still current."},
    "401": {"description": "Unknown or revoked API key."},
    "429": {
        "description": "Too many requests.",
        "headers": {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
        },
    },
}
SECURITY_SCHEMES = {
    "ApiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "Bearer": {"type": "http", "scheme": "bearer"},
}


# Query parameters holding a date-time, which ninja only knows as strings.
DATE_TIME_PARAMETERS = frozenset({"updated_since"})


def tidy_parameter(parameter: dict) -> None:
    """An optional query parameter is absent, never null: document the value alone."""
    schema = parameter["schema"]
    values = [option for option in schema.get("anyOf", ()) if option.get("type") != "null"]
    if len(values) == 1:
        parameter["schema"] = {**{k: v for k, v in schema.items() if k != "anyOf"}, **values[0]}
    if parameter["name"] in DATE_TIME_PARAMETERS:
        parameter["schema"]["format"] = "date-time"


class NewsroomAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem_ref = {"$ref": "#/components/schemas/ProblemOut"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                # Ninja keys responses by int, JSON by string: one kind only.
                responses = {str(status): value for status, value in operation["responses"].items()}
                operation["responses"] = responses
                for status, extra in EXTRA_RESPONSES.items():
                    responses.setdefault(status, dict(extra))
                for status, response in responses.items():
                    if status.startswith(("4", "5")):
                        response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": problem_ref}}
                # The site refuses a NUL in any address before the API sees it, in plain text.
                responses["400"]["content"]["text/plain"] = {"schema": {"type": "string"}}
                for parameter in operation.get("parameters", ()):
                    tidy_parameter(parameter)
                # The key is optional: anonymous requests are served too.
                operation["security"] = [{}, {"ApiKey": []}, {"Bearer": []}]
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        return schema


api = NewsroomAPI(
    title="Newsroom content API",
    version="1",
    description=DESCRIPTION,
    openapi_url="/schema/",
    docs_url="/docs/",
    urls_namespace="api",
)
api.add_router("", router)


@api.exception_handler(ApiProblem)
def api_problem(request, exc):
    return response_for(request, exc)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    return problem_response(
        request,
        400,
        _("Bad request"),
        _("Some parameters are not valid."),
        describe_errors(exc.errors),
    )


@api.exception_handler(Http404)
def missing(request, exc):
    return problem_response(request, 404, _("Not found"), _("There is nothing at this address."))


@api.exception_handler(HttpError)
def http_error(request, exc):
    return problem_response(request, exc.status_code, str(exc))
