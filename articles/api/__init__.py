"""
The public content API under /api/v1/ (django-ninja): articles as JSON and as
IPTC ninjs 3.1, sections, tags, authors; partner keys, rate limits, ETags.

Modules: ``app`` (the API object, errors, OpenAPI), ``views`` (operations),
``queries`` (visibility, filters, cursors), ``schemas`` (answer shapes),
``ninjs`` (the ninjs mapping), ``http`` (CORS, keys, limits, caching),
``limits`` (rate limits), ``problems`` (problem+json), ``urls``.
"""
