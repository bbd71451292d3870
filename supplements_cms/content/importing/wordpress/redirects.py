"""Old WordPress addresses keep working: a request that would be a 404 at a post's old permalink
("/2023/04/magnesium-and-sleep/") is sent on, for good, to the article the post became.

Add ``"supplements_cms.content.importing.wordpress.redirects.OldAddressMiddleware"`` to
``MIDDLEWARE`` on the site that now answers at the old domain. Only 404s are looked at, with one
indexed query, and only to an article readers may see; any other page of the site is untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from ....models import Article, WordPressPost


class OldAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path_info
        if len(path) > 255:
            return response
        record = (
            WordPressPost.objects.filter(old_path=path, article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        if record is None:
            return response
        return HttpResponsePermanentRedirect(record.article.get_absolute_url())
