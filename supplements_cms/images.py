"""An article's featured image: verified and re-encoded on upload, then resized once into the
widths pages ask for, as JPEG and WebP, through Django's storage API."""

from __future__ import annotations

import posixpath
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from . import conf


def make_renditions(name: str) -> list[dict[str, Any]]:
    """Resize the stored image ``name`` to each of ``IMAGE_WIDTHS`` no wider than itself (and its
    own width when it is narrower than all of them), as JPEG and WebP; return what was stored."""
    with default_storage.open(name, "rb") as stored, Image.open(stored) as original:
        original.load()
        image = ImageOps.exif_transpose(original).convert("RGB")
    widths = sorted({w for w in conf.get("IMAGE_WIDTHS") if w <= image.width}) or [image.width]
    stem = posixpath.splitext(name)[0]
    renditions = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = (
            image
            if width == image.width
            else image.resize((width, height), Image.Resampling.LANCZOS)
        )
        files = {}
        for kind, fmt, options in (
            ("jpeg", "JPEG", {"quality": 82, "optimize": True, "progressive": True}),
            ("webp", "WEBP", {"quality": 80, "method": 4}),
        ):
            out = BytesIO()
            resized.save(out, fmt, **options)
            files[kind] = default_storage.save(
                f"{stem}-{width}.{'jpg' if kind == 'jpeg' else 'webp'}", ContentFile(out.getvalue())
            )
        renditions.append({"width": width, "height": height, **files})
    return renditions


def sources(renditions: list[dict[str, Any]]) -> dict[str, str]:
    """``srcset`` values for the renditions, and the largest JPEG as the fallback ``src``."""
    if not renditions:
        return {}
    ordered = sorted(renditions, key=lambda r: r["width"])
    largest = ordered[-1]
    return {
        "jpeg": ", ".join(f"{default_storage.url(r['jpeg'])} {r['width']}w" for r in ordered),
        "webp": ", ".join(f"{default_storage.url(r['webp'])} {r['width']}w" for r in ordered),
        "src": default_storage.url(largest["jpeg"]),
        "width": str(largest["width"]),
        "height": str(largest["height"]),
    }
