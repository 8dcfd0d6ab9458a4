"""The media URL as the app serves it in development (tests/test_media_privacy.py)."""

from django.urls import re_path

from newsroom.media import serve_media

urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media)]
