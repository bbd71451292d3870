"""An article's featured image: verified and re-encoded on upload, then resized once into the
widths pages ask for, as JPEG and WebP, through Django's storage API.

Resizing takes seconds on object storage, so it runs after the save's transaction commits: as a
task of Django's tasks framework where there is one (Django 6; its default backend runs it at
once, a worker backend runs it elsewhere), else on a thread of its own. Until the renditions
exist the page shows the original; ``manage.py make_renditions`` makes any that a stopped
process left out. Pages store names and build URLs when they are rendered."""

from __future__ import annotations

import logging
import posixpath
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from PIL import Image, ImageOps

from .. import conf

logger = logging.getLogger("supplements_cms.content.images")
_threads: list[threading.Thread] = []


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


def schedule_renditions(pk: int, name: str) -> None:
    """Make the renditions of article ``pk``'s image ``name`` once the transaction commits."""
    transaction.on_commit(lambda: _start(pk, name))


# Commands make renditions in their own thread, after each commit: nothing to wait for, and no
# second connection to a database the command is writing to (SQLite locks whole tables).
_inline: ContextVar[bool] = ContextVar("scms_renditions_inline", default=False)


@contextmanager
def made_inline() -> Iterator[None]:
    """Inside, renditions are made in this thread after each commit, not in the background."""
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


def _start(pk: int, name: str) -> None:
    if _inline.get():
        store_renditions(pk, name)
        return
    if _task is not None:
        renditions_task.enqueue(pk, name)  # type: ignore[attr-defined]  # a Task on Django 6
        return
    thread = threading.Thread(target=_in_thread, args=(pk, name), name="scms-renditions")
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    thread.start()


def _in_thread(pk: int, name: str) -> None:
    try:
        store_renditions(pk, name)
    except Exception:  # logged: the page keeps showing the original
        logger.exception("Renditions of %s failed", name)
    finally:
        connection.close()


def store_renditions(pk: int, name: str) -> None:
    """Make and record the renditions of ``name``, unless the article has another image by
    now; then make its page cold, so that it shows them."""
    from ..delivery import purging, versions
    from ..models import Article

    renditions = make_renditions(name)
    if Article.objects.filter(pk=pk, image=name).update(image_renditions=renditions):
        slug = Article.objects.filter(pk=pk).values_list("slug", flat=True).get()
        versions.bump([versions.article(slug)])
        purging.schedule([versions.article(slug)])


def renditions_task(pk: int, name: str) -> None:
    """:func:`store_renditions` as a task of Django's tasks framework (Django 6)."""
    store_renditions(pk, name)


try:
    from django.tasks import task as _task
except ImportError:  # Django 5.2: a thread
    _task = None  # type: ignore[assignment]  # the stubs describe Django 6
else:  # a worker finds the task by this module-level name
    renditions_task = _task(renditions_task)  # type: ignore[assignment]  # now a Task


def wait(timeout: float = 60) -> None:
    """Wait for the renditions started on threads (tests, commands)."""
    for thread in list(_threads):
        thread.join(timeout)


def sources(
    renditions: list[dict[str, Any]], original: str = "", width: Any = None, height: Any = None
) -> dict[str, str]:
    """``srcset`` values for the renditions, and the largest JPEG as the fallback ``src``; the
    ``original`` alone while it has no renditions yet."""
    if not renditions:
        if not original:
            return {}
        return {"src": default_storage.url(original), "width": str(width), "height": str(height)}
    ordered = sorted(renditions, key=lambda r: r["width"])
    largest = ordered[-1]
    return {
        "jpeg": ", ".join(f"{default_storage.url(r['jpeg'])} {r['width']}w" for r in ordered),
        "webp": ", ".join(f"{default_storage.url(r['webp'])} {r['width']}w" for r in ordered),
        "src": default_storage.url(largest["jpeg"]),
        "width": str(largest["width"]),
        "height": str(largest["height"]),
    }
