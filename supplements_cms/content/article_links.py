"""Links from one article to another by reference, so renames follow and unpublished ones hide.

The editor's link picker inserts ``[text](/articles/ref/42/)``: an address of the package that
redirects to article 42 wherever it is now. Pages do better than the redirect: when an article is
shown, :func:`resolve` gives each such link the target's current address, or, for an article
readers cannot see (a draft, a scheduled or a deleted one), leaves only the link's text. It runs
when the page is rendered, and its stored fragment keeps the result: when an article is saved or
deleted, the pages that link to it are made cold (their versions bumped), and a page linking to a
scheduled article expires when that article goes live.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..admin.editor import can_edit
from ..delivery import purging, versions
from ..models import Article, TextLink
from . import id_addresses

# How many articles the picker lists, and the longest search it takes.
PICKER_RESULTS = 20
PICKER_MAX_QUERY = 100
# A page resolves at most this many distinct targets (the rest keep the redirecting address).
MAX_TARGETS = 500


def reference_url(pk: int) -> str:
    return reverse("supplements_cms:article_by_reference", args=[pk])


def _pattern() -> re.Pattern[str]:
    return id_addresses.pattern(
        id_addresses.ARTICLE_ADDRESS, r'<a href="{address}"([^>]*)>(.*?)</a>', re.DOTALL
    )


def referenced(html: str) -> list[int]:
    """The ids of the articles ``html`` links to by reference, in order, each once."""
    return list(dict.fromkeys(int(m.group("pk")) for m in _pattern().finditer(html)))[:MAX_TARGETS]


def readers_addresses(pks: list[int]) -> dict[int, str]:
    """The current address of each of these articles that readers may see."""
    found: QuerySet[Article] = Article.objects.published().filter(pk__in=pks).only("pk", "slug")
    return {a.pk: a.get_absolute_url() for a in found}


def resolve(html: str) -> tuple[str, datetime | None]:
    """``html`` with links by reference pointing at their targets' current addresses; a link to
    an article readers cannot see becomes its text. With it, when the first scheduled target
    goes live (the page is then out of date), or ``None``. One query, only when there are such
    links: the page's stored fragment keeps the result (:mod:`supplements_cms.delivery.upkeep`
    makes it stale when a target changes)."""
    pks = referenced(html)
    if not pks:
        return html, None
    now, addresses, wanted = timezone.now(), {}, set(pks)
    going_live: datetime | None = None
    found = Article.objects.filter(pk__in=pks, status=Article.Status.PUBLISHED)
    for target in found.only("pk", "slug", "published_at"):
        if target.published_at is None:
            continue
        if target.published_at <= now:
            addresses[target.pk] = target.get_absolute_url()
        elif going_live is None or target.published_at < going_live:
            going_live = target.published_at

    def link(match: re.Match[str]) -> str:
        pk = int(match.group("pk"))
        if pk in addresses:
            return f'<a href="{escape(addresses[pk])}"{match.group(2)}>{match.group(3)}</a>'
        # Readers cannot see it: its text stays, as text.
        return match.group(3) if pk in wanted else match.group(0)

    # Sanitized HTML with escaped addresses put in: still safe.
    return mark_safe(_pattern().sub(link, html)), going_live


def referenced_in_text(text: str) -> list[int]:
    """The ids of the articles Markdown (or HTML) links to by reference, each once."""
    return id_addresses.ids_in(id_addresses.ARTICLE_ADDRESS, text)[:MAX_TARGETS]


def hidden_targets(text: str) -> list[tuple[int, str]]:
    """The articles ``text`` links to that readers cannot see: (id, title or "" if deleted)."""
    pks = referenced_in_text(text)
    visible = readers_addresses(pks)
    missing = [pk for pk in pks if pk not in visible]
    titles = dict(Article.objects.filter(pk__in=missing).values_list("pk", "title"))
    return [(pk, titles.get(pk, "")) for pk in missing]


def by_reference(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a link by reference goes when a page did not resolve it: the article, if the
    visitor may see it."""
    article = Article.objects.visible_to(request.user).filter(pk=pk).only("pk", "slug").first()
    if article is None:
        raise Http404(_("No such article."))
    return HttpResponseRedirect(article.get_absolute_url())


def picker(request: HttpRequest) -> JsonResponse:
    """The link picker's search: articles whose title holds the words, for editors only."""
    if not can_edit(request.user):
        return JsonResponse({"error": _("Only editors may search articles here.")}, status=403)
    query = " ".join(request.GET.get("q", "").split())[:PICKER_MAX_QUERY]
    found = Article.objects.all()
    for word in query.split()[:10]:
        found = found.filter(title__icontains=word)
    found = found.order_by("title", "pk").only("pk", "title", "status", "published_at")
    return JsonResponse(
        {
            "results": [
                {
                    "id": a.pk,
                    "title": a.title,
                    "link": reference_url(a.pk),
                    "live": a.is_live,
                    "state": "" if a.is_live else _("readers cannot see it yet"),
                }
                for a in found[:PICKER_RESULTS]
            ]
        }
    )


def linking_to(pk: int, db: str | None = None) -> list[str]:
    """The slugs of the articles whose text links to article ``pk`` by reference."""
    return id_addresses.pages_naming(TextLink.ARTICLE, pk, exclude=pk, db=db)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def _target_changed(sender, instance: Article, using: str, **kwargs: Any) -> None:
    """A renamed, unpublished or deleted article changes the links of the pages linking to it."""
    stale(linking_to(instance.pk, using))


def stale(slugs: list[str]) -> None:
    """Make the pages of articles ``slugs`` cold (their stored fragments too) and purge them."""
    names = {versions.article(slug) for slug in slugs}
    if names:
        versions.bump(names)
        purging.schedule(names)
