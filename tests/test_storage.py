"""
Media in object storage: the settings choose it from the environment, and
photos and their renditions go to a local S3-compatible server (moto in
server mode, started here) and are served from there.
"""

from __future__ import annotations

import json
import re
import socket
import urllib.request

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto.server import ThreadedMotoServer

from newsroom.settings import media_storage
from tests.factories import make_article, make_photo
from tests.test_settings import read_setting

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
KEYS = {"AWS_S3_ACCESS_KEY_ID": "test-key", "AWS_S3_SECRET_ACCESS_KEY": "test-secret"}


# --- Settings ---------------------------------------------------------------------


def test_media_are_local_files_by_default():
    backend, url = media_storage({}, "/media/")

    assert backend == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert url == "/media/"


def test_a_bucket_name_selects_object_storage_at_its_endpoint():
    backend, url = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": "http://s3.internal:9000"},
        "/media/",
    )

    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    assert backend["OPTIONS"]["bucket_name"] == BUCKET
    assert backend["OPTIONS"]["endpoint_url"] == "http://s3.internal:9000"
    assert url == f"http://s3.internal:9000/{BUCKET}/"


def test_a_custom_domain_serves_the_media():
    backend, url = media_storage(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_REGION_NAME": "eu-west-3",
            "AWS_S3_CUSTOM_DOMAIN": "media.news.example",
        },
        "/media/",
    )

    assert backend["OPTIONS"]["custom_domain"] == "media.news.example"
    assert backend["OPTIONS"]["region_name"] == "eu-west-3"
    assert url == "https://media.news.example/"


@pytest.mark.parametrize(
    "environ",
    [{"MEDIA_STORAGE": "s3"}, {"MEDIA_STORAGE": "ftp", "AWS_STORAGE_BUCKET_NAME": BUCKET}],
)
def test_incomplete_or_unknown_media_storage_fails_at_start(environ):
    with pytest.raises(ImproperlyConfigured):
        media_storage(environ, "/media/")


def test_the_content_security_policy_allows_pictures_from_the_bucket():
    img_src = read_setting(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']",
        env={"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "media.news.example"},
    )

    assert "https://media.news.example" in img_src


# --- A real S3 API -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    # As in production: anyone may read the pictures, only the site writes them.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    backend, settings.MEDIA_URL = media_storage(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint, **KEYS},
        "/media/",
    )
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    yield client
    objects = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in objects:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def stored_keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


@pytest.mark.django_db
def test_an_uploaded_photo_and_its_renditions_are_stored_in_the_bucket(bucket, media_root):
    photo = make_photo()

    keys = stored_keys(bucket)

    assert photo.image.name in keys
    assert photo.renditions
    assert set(photo.renditions.values()) <= keys
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_article_pages_link_pictures_the_bucket_serves(client, bucket, s3_endpoint):
    photo = make_photo()
    article = make_article(lead_photo=photo)

    html = client.get(article.get_absolute_url()).content.decode()

    urls = re.findall(rf'{re.escape(s3_endpoint)}/{BUCKET}/[^"\s,]+', html)
    assert urls
    assert not any("Signature" in url or "X-Amz" in url for url in urls)
    with urllib.request.urlopen(urls[0], timeout=10) as response:
        assert response.status == 200
        assert (
            response.read(3) == b"\xff\xd8\xff" or response.headers["Content-Type"] == "image/webp"
        )
