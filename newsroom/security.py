"""Who is asking: the client address used to count failed logins."""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.contrib import admin
from django.template.response import TemplateResponse


def client_ip(request) -> str:
    """
    The address of the client, for django-axes.

    ``REMOTE_ADDR`` unless ``NEWSROOM_TRUSTED_PROXY_COUNT`` proxies of ours
    sit in front of Django. Each of them appends the address it received the
    request from to ``X-Forwarded-For``, so the client is the entry that many
    places from the right; anything further left was written by the client
    itself and could be anything, so it is never used.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if proxy_count <= 0:
        return remote_addr
    forwarded = [
        entry.strip()
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if len(forwarded) < proxy_count:
        # The request did not come through all our proxies.
        return remote_addr
    return forwarded[-proxy_count]


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while a username and address are locked out (429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    return TemplateResponse(
        request,
        "security/locked_out.html",
        {
            **admin.site.each_context(request),  # the admin's header and title
            "cooloff_minutes": ceil(cooloff.total_seconds() / 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    ).render()
