"""Helpers for tests of uploads and the media library: storage in a temporary folder, PNGs made
on the spot, and an upload through the editor's endpoint."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from supplements_cms.models import LibraryImage

UPLOAD = "/articles/editor/upload/"


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def png(name: str = "glass.png", size=(60, 40)) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def uploaded(admin_client, alt: str, size=(60, 40)) -> LibraryImage:
    """An image uploaded through the editor's Insert image, as it enters the library."""
    response = admin_client.post(UPLOAD, {"image": png(size=size), "alt": alt})
    assert response.status_code == 200, response.content
    return LibraryImage.objects.get(file__endswith=response.json()["url"].rsplit("/", 1)[-1])
