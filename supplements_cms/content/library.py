"""The media library's bookkeeping: images by reference, where an image is used, and the files
nothing uses.

The editor inserts a library image as ``![alt](/articles/media/17/)``: an address of the package
that redirects to image 17 in storage. An article page does better than the redirect:
:func:`resolve` gives each such image the storage's address when the page is shown, so the text
never holds a storage address, and a new storage or CDN domain reaches every page at once.
It runs when the page is rendered, and its stored fragment keeps the result: a change of the
storage's address is part of every fragment's digest (``caching.media_address()``), and an
image's save or deletion makes the pages that show it cold.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from .. import conf
from ..admin.editor import can_edit
from ..models import Article, Benefit, LibraryImage, TextLink
from . import article_links, id_addresses

# How many images the editor's library picker lists, and the longest search it takes.
PICKER_RESULTS = 24
PICKER_MAX_QUERY = 100
# A page resolves at most this many distinct images (the rest keep the redirecting address).
MAX_IMAGES = 500


def reference_url(pk: int) -> str:
    """The address the editor's text holds for library image ``pk``."""
    return reverse("supplements_cms:library_image", args=[pk])


def _pattern() -> re.Pattern[str]:
    return id_addresses.pattern(id_addresses.IMAGE_ADDRESS, r'(<img [^>]*?src=")({address})"')


def resolve(html: str) -> str:
    """``html`` with images by reference pointing at the storage's address of each; an image
    no longer in the library keeps the reference (a 404). One query, only when there are such
    images."""
    pattern = _pattern()
    pks = list(dict.fromkeys(int(m.group("pk")) for m in pattern.finditer(html)))[:MAX_IMAGES]
    if not pks:
        return html
    files = dict(LibraryImage.objects.filter(pk__in=pks).values_list("pk", "file"))

    def src(match: re.Match[str]) -> str:
        name = files.get(int(match.group("pk")))
        if name is None:
            return match.group(0)
        return f'{match.group(1)}{escape(default_storage.url(name))}"'

    # Sanitized HTML with escaped addresses put in: still safe.
    return mark_safe(pattern.sub(src, html))


@receiver(post_save, sender=LibraryImage)
@receiver(post_delete, sender=LibraryImage)
def _image_changed(sender, instance: LibraryImage, using: str, **kwargs: Any) -> None:
    """A replaced or deleted image changes the pages that show it by reference."""
    article_links.stale(id_addresses.pages_naming(TextLink.IMAGE, instance.pk, db=using))


@cache_control(no_cache=True)
def by_reference(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an image by reference is when a page did not resolve it (a feed, a preview);
    revalidated, as the storage's address may change."""
    image = LibraryImage.objects.filter(pk=pk).only("file").first()
    if image is None:
        raise Http404(_("No such image."))
    return HttpResponseRedirect(image.url)


def picker(request: HttpRequest) -> JsonResponse:
    """The editor's "Choose from the library": images whose description holds the words, newest
    first, for editors only."""
    if not can_edit(request.user):
        return JsonResponse({"error": _("Only editors may search the library.")}, status=403)
    found = LibraryImage.objects.all()
    query = " ".join(request.GET.get("q", "").split())[:PICKER_MAX_QUERY]
    for word in query.split()[:10]:
        found = found.filter(
            Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    return JsonResponse(
        {
            "results": [
                {
                    "id": image.pk,
                    "alt": image.alt_text,
                    "url": image.url,
                    "reference": reference_url(image.pk),
                }
                for image in found[:PICKER_RESULTS]
            ]
        }
    )


def uses(image: LibraryImage) -> list[Article]:
    """The articles whose text shows the image, by reference or by its storage address, or
    whose featured image it is (at most 100, by title)."""
    in_text, in_description = Q(), Q()
    # The reference with its closing parenthesis, so that image 1 does not match image 17.
    for address in (f"{reference_url(image.pk)})", image.url):
        for markdown, _html in Article.markdown_fields:
            in_text |= Q(**{f"{markdown}__contains": address})
        in_description |= Q(description__contains=address)
    in_benefits = Benefit.objects.filter(in_description).values("article_id")
    featured = Q(library_image=image) | Q(image=image.file)
    found = Article.objects.filter(in_text | Q(pk__in=in_benefits) | featured)
    fields = ("pk", "title", "slug", "image", "image_width", "image_height", "library_image")
    return list(found.order_by("title").only(*fields)[:100])


def is_featured(article: Article, image: LibraryImage) -> bool:
    """Whether ``article`` (from :func:`uses`) shows ``image`` as its featured image."""
    return article.library_image_id == image.pk or article.image.name == image.file


def _files(folder: str) -> Iterator[str]:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield posixpath.join(folder, name)


def unused_files() -> list[str]:
    """Stored uploads nothing shows: editor uploads with no library entry and no article using
    them, and featured images and renditions no article has any more."""
    root = conf.get("UPLOAD_PATH").rstrip("/")
    known = set(LibraryImage.objects.values_list("file", flat=True))
    # Featured images and their renditions: a library image's sit beside it, in the root.
    current = set()
    for image, renditions in Article.objects.exclude(image="").values_list(
        "image", "image_renditions"
    ):
        current.add(image)
        for rendition in renditions or []:
            current.update(rendition.get(kind, "") for kind in ("jpeg", "webp"))
    unused = []
    for name in _files(root):
        if name in known or name in current:
            continue
        url = default_storage.url(name)
        texts = Q()
        for markdown, _html in Article.markdown_fields:
            texts |= Q(**{f"{markdown}__contains": url})
        if not (
            Article.objects.filter(texts).exists()
            or Benefit.objects.filter(description__contains=url).exists()
        ):
            unused.append(name)
    unused += [name for name in _files(f"{root}/featured") if name not in current]
    return sorted(unused)
