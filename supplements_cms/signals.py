"""Signals for host sites: what readers see changed, sent after the transaction commits.

Connect a receiver to warm a CDN, notify a newsletter or ping a search engine::

    from django.dispatch import receiver
    from supplements_cms.signals import article_published

    @receiver(article_published)
    def tell_the_newsletter(sender, article_id, url, published_at, **kwargs):
        ...

Every signal is sent with ``sender=Article`` and ``article_id``; none is sent for a
transaction that rolls back, nor for a save that changes nothing readers see (a draft's text,
draft changes). Modelled on Wagtail's ``page_published`` and ``page_unpublished``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from .delivery.upkeep import State

#: An article became published: live now, or scheduled (``published_at`` in the future).
#: Arguments: ``article_id``, ``url`` (its address), ``published_at``.
article_published = Signal()

#: A published article was taken offline or deleted. Arguments: ``article_id``, ``url`` (the
#: address it had).
article_unpublished = Signal()

#: A published article moved: its old address answers with a redirect. Arguments:
#: ``article_id``, ``old_url``, ``url``.
article_address_changed = Signal()


def _url(slug: str) -> str:
    from django.urls import reverse

    return reverse("supplements_cms:article_detail", kwargs={"slug": slug})


def announce(pk: int, before: State | None, after: State | None, using: str | None) -> None:
    """Send, once the transaction on ``using`` commits, what changed for readers between the
    article's state ``before`` and ``after`` a write (``None``: not there)."""
    from .models import Article

    was = before is not None and before.listed
    now = after is not None and after.listed
    sends: list[tuple[Signal, dict[str, Any]]] = []
    if after is not None and now and not was:
        sends.append(
            (
                article_published,
                {"url": _url(after.slug), "published_at": after.published_at},
            )
        )
    elif before is not None and was and not now:
        sends.append((article_unpublished, {"url": _url(before.slug)}))
    elif before and after and now and was and before.slug != after.slug:
        sends.append(
            (article_address_changed, {"old_url": _url(before.slug), "url": _url(after.slug)})
        )
    for signal, arguments in sends:
        if not signal.has_listeners(Article):
            continue  # nothing to wait for the commit for
        transaction.on_commit(
            partial(signal.send, sender=Article, article_id=pk, **arguments),
            using=using,
        )
