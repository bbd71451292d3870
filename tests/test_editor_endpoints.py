"""The Markdown editor's preview and upload endpoints: editors only, raster images only."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from supplements_cms.models import LibraryImage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PREVIEW = reverse("supplements_cms:editor_preview")
UPLOAD = reverse("supplements_cms:editor_upload")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt, **save)
    return out.getvalue()


def upload_file(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_anonymous_visitors_are_refused(client, url):
    response = client.post(url, {"content": "**hi**"})

    assert response.status_code == 403
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("staff", "perms"),
    [(False, ("change_article",)), (True, ()), (True, ("view_article",))],
    ids=["not staff", "staff without permissions", "staff who may only view"],
)
@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_users_who_cannot_edit_are_refused(client, url, staff, perms):
    client.force_login(make_user("someone", staff=staff, perms=perms))

    response = client.post(url, {"content": "**hi**"})

    assert response.status_code == 403


@pytest.mark.parametrize("url", [PREVIEW, UPLOAD])
def test_only_post_is_allowed(editor_client, url):
    assert editor_client.get(url).status_code == 405


def test_csrf_is_enforced(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(PREVIEW, {"content": "x"}).status_code == 403
    response = client.post(UPLOAD, {"image": upload_file("a.png", image_bytes("PNG"))})
    assert response.status_code == 403


def test_preview_renders_sanitized_html(editor_client):
    response = editor_client.post(PREVIEW, {"content": "# Hi\n\n**bold** <script>x()</script>"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h2>Hi</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html


@pytest.mark.parametrize("perm", ["change_supplement", "add_condition", "change_calltoaction"])
def test_whoever_writes_a_markdown_text_may_preview_it(client, perm):
    client.force_login(make_user("writer", staff=True, perms=(perm,)))

    response = client.post(PREVIEW, {"content": "A **chelate**."})

    assert response.status_code == 200
    assert "<strong>chelate</strong>" in response.content.decode()


def test_preview_without_content_is_a_json_400(editor_client):
    response = editor_client.post(PREVIEW, {})

    assert response.status_code == 400
    assert "content" in response.json()["error"]


@pytest.mark.parametrize(
    ("name", "fmt", "extension"),
    [("Knee stretch.png", "PNG", "png"), ("photo.jpeg", "JPEG", "jpg")],
)
def test_png_and_jpeg_are_stored_reencoded(editor_client, settings, name, fmt, extension):
    original = image_bytes(fmt) + b"<?php echo 'appended'; ?>"

    response = editor_client.post(UPLOAD, {"image": upload_file(name, original)})

    assert response.status_code == 200
    (stored,) = stored_files(settings)
    assert stored.suffix == f".{extension}"
    # The text refers to the library's image; the storage's address is for the thumbnail.
    image = LibraryImage.objects.get()
    assert image.file.endswith(stored.name)
    reference = f"/articles/media/{image.pk}/"
    assert response.json()["image_code"] == f"![{Path(name).stem}]({reference})"
    assert response.json()["reference"] == reference
    assert response.json()["url"] == f"{settings.MEDIA_URL}supplements_cms/images/{stored.name}"
    data = stored.read_bytes()
    assert b"appended" not in data
    with Image.open(BytesIO(data)) as image:
        assert image.format == fmt
        assert image.size == (40, 30)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("drawing.svg", SVG, "PNG or JPEG"),
        ("drawing.png", SVG, "PNG or JPEG"),
        ("notes.png", b"just some text, not an image at all", "PNG or JPEG"),
        ("anim.gif", image_bytes("GIF"), "Only PNG and JPEG"),
        ("pic.bmp", image_bytes("BMP"), "Only PNG and JPEG"),
        ("broken.png", image_bytes("PNG", (300, 300))[:200], "damaged"),
    ],
    ids=["svg", "svg named png", "text named png", "gif", "bmp", "truncated png"],
)
def test_anything_but_a_sound_png_or_jpeg_is_a_json_400(
    editor_client, settings, name, data, message
):
    response = editor_client.post(UPLOAD, {"image": upload_file(name, data)})

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert stored_files(settings) == []


def test_file_over_the_size_limit_is_refused(editor_client, settings):
    settings.SUPPLEMENTS_CMS = {"UPLOAD_MAX_BYTES": 1000}
    data = image_bytes("PNG", (200, 200), compress_level=0)
    assert len(data) > 1000

    response = editor_client.post(UPLOAD, {"image": upload_file("big.png", data)})

    assert response.status_code == 400
    assert "larger than" in response.json()["error"]
    assert stored_files(settings) == []


def test_image_over_the_pixel_limit_is_refused(editor_client, settings):
    settings.SUPPLEMENTS_CMS = {"UPLOAD_MAX_PIXELS": 100 * 100}

    response = editor_client.post(
        UPLOAD, {"image": upload_file("wide.png", image_bytes("PNG", (101, 100)))}
    )

    assert response.status_code == 400
    assert "too many pixels (101 × 100)" in response.json()["error"]
    assert stored_files(settings) == []


def test_upload_without_a_file_is_a_json_400(editor_client, settings):
    response = editor_client.post(UPLOAD, {})

    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "No image was sent."}
