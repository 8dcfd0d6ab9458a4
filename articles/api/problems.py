"""Errors as RFC 9457 problem details (``application/problem+json``)."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ApiProblem(Exception):
    """Raised by the API's code for a client error it can name (400, 404...)."""

    def __init__(self, status: int, title: str, detail: str = "", errors: list | None = None):
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors


def bad_request(detail: str) -> ApiProblem:
    return ApiProblem(400, _("Bad request"), detail)


def not_found(detail: str = "") -> ApiProblem:
    return ApiProblem(404, _("Not found"), detail or _("There is nothing at this address."))


def problem_response(
    request, status: int, title: str, detail: str = "", errors: list | None = None
) -> HttpResponse:
    body = {"type": "about:blank", "title": str(title), "status": status}
    if detail:
        body["detail"] = str(detail)
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
    # An error is about this request only: no shared cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


def response_for(request, problem: ApiProblem) -> HttpResponse:
    return problem_response(request, problem.status, problem.title, problem.detail, problem.errors)


def validation_errors(errors: list[dict]) -> list[dict]:
    """Ninja's (pydantic's) errors, reduced to where and what: never the input echoed back."""
    return [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error["msg"]}
        for error in errors
        if "msg" in error
    ]
