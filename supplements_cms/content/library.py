"""The media library's bookkeeping: where an image is used, and the files nothing uses."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from .. import conf
from ..admin.editor import can_edit
from ..models import Article, Benefit, LibraryImage

# How many images the editor's library picker lists, and the longest search it takes.
PICKER_RESULTS = 24
PICKER_MAX_QUERY = 100


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
                {"id": image.pk, "alt": image.alt_text, "url": image.url}
                for image in found[:PICKER_RESULTS]
            ]
        }
    )


def uses(image: LibraryImage) -> list[Article]:
    """The articles whose text or featured image shows the image (at most 100, by title)."""
    url = image.url
    in_text = Q()
    for markdown, _html in Article.markdown_fields:
        in_text |= Q(**{f"{markdown}__contains": url})
    in_benefits = Benefit.objects.filter(description__contains=url).values("article_id")
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
