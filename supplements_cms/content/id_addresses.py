"""Addresses that name an article or a library image by its id (``/articles/ref/17/``,
``/articles/media/17/``): found in editors' text and rendered HTML, resolved when a page is
rendered, and indexed (:class:`~supplements_cms.models.TextLink`) at every save of an article or
a benefit, so that the pages a target's change makes stale are found without reading every
article's text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.db import router
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from ..models import Article, Benefit, TextLink

_SAMPLE = 1234567
ARTICLE_ADDRESS = "supplements_cms:article_by_reference"
IMAGE_ADDRESS = "supplements_cms:library_image"
# A text part indexes at most this many targets of each kind (pages resolve at most as many).
MAX_TARGETS = 500


def pattern(url_name: str, shape: str = "{address}", flags: int = 0) -> re.Pattern[str]:
    """``shape``, a regular expression with ``{address}`` where the address goes, compiled for
    ``url_name``'s address as the URLconf writes it now (a host may mount the package anywhere);
    the id is the group named ``pk``."""
    prefix, suffix = reverse(url_name, args=[_SAMPLE]).split(str(_SAMPLE))
    return _compiled(shape, prefix, suffix, flags)


@lru_cache(maxsize=32)
def _compiled(shape: str, prefix: str, suffix: str, flags: int) -> re.Pattern[str]:
    address = rf"{re.escape(prefix)}(?P<pk>\d{{1,12}}){re.escape(suffix)}"
    return re.compile(shape.replace("{address}", address), flags)


def ids_in(url_name: str, text: str) -> list[int]:
    """The ids ``text`` names with ``url_name``'s address, in order, each once, at most
    :data:`MAX_TARGETS`."""
    found = (int(m.group("pk")) for m in pattern(url_name).finditer(text))
    return list(dict.fromkeys(found))[:MAX_TARGETS]


def pages_naming(
    kind: str, pk: int, exclude: int | None = None, db: str | None = None
) -> list[str]:
    """The slugs of the articles whose text names the ``kind`` (``TextLink.ARTICLE`` or
    ``TextLink.IMAGE``) with id ``pk``, at most :data:`MAX_TARGETS`: one indexed query, on the
    database the save wrote to (``db``; a replica may not have its rows yet)."""
    db = db or router.db_for_write(TextLink)
    naming = TextLink.objects.using(db).filter(kind=kind, target=pk).values("article_id")
    found = Article.objects.using(db).filter(pk__in=naming)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return list(found.values_list("slug", flat=True)[:MAX_TARGETS])


def _index(db: str, article_id: int, benefit_id: int | None, html: str) -> None:
    """Make the index rows of one text part (the article's fields, or one benefit) say what
    ``html`` names; nothing is written when they already do (one query)."""
    found = {(TextLink.ARTICLE, pk) for pk in ids_in(ARTICLE_ADDRESS, html)}
    found |= {(TextLink.IMAGE, pk) for pk in ids_in(IMAGE_ADDRESS, html)}
    rows = TextLink.objects.using(db).filter(article_id=article_id)
    rows = rows.filter(benefit=benefit_id) if benefit_id else rows.filter(benefit__isnull=True)
    if set(rows.values_list("kind", "target")) == found:
        return
    rows.delete()
    TextLink.objects.using(db).bulk_create(
        TextLink(article_id=article_id, benefit_id=benefit_id, kind=kind, target=target)
        for kind, target in sorted(found)
    )


def article_html(article: Any) -> str:
    """The article's own rendered fields, joined (its benefits are indexed each on its own)."""
    return "\n".join(getattr(article, html) or "" for _markdown, html in Article.markdown_fields)


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, using: str, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _index(using, instance.pk, None, article_html(instance))


@receiver(post_save, sender=Benefit)
def _benefit_saved(sender, instance: Benefit, using: str, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _index(using, instance.article_id, instance.pk, instance.description_html or "")


def rebuild() -> None:
    """Index every article's and benefit's text from scratch, after writes that skip ``save()``
    (:func:`supplements_cms.delivery.caching.content_changed`): one pass, in batches."""
    TextLink.objects.all().delete()
    html_fields = [html for _markdown, html in Article.markdown_fields]
    batch: list[TextLink] = []

    def add(article_id: int, benefit_id: int | None, html: str) -> None:
        for kind, url_name in (
            (TextLink.ARTICLE, ARTICLE_ADDRESS),
            (TextLink.IMAGE, IMAGE_ADDRESS),
        ):
            batch.extend(
                TextLink(article_id=article_id, benefit_id=benefit_id, kind=kind, target=pk)
                for pk in ids_in(url_name, html)
            )
        if len(batch) >= 1_000:
            TextLink.objects.bulk_create(batch)
            batch.clear()

    for pk, *texts in Article.objects.values_list("pk", *html_fields).iterator(2_000):
        add(pk, None, "\n".join(t or "" for t in texts))
    benefits = Benefit.objects.values_list("article_id", "pk", "description_html")
    for article_id, pk, html in benefits.iterator(2_000):
        add(article_id, pk, html or "")
    TextLink.objects.bulk_create(batch)
