"""Private previews of what readers do not see yet: a revision, a published article's draft
changes, the change form as it is being typed. Rendered with the public templates, never
cached, never indexed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from .. import conf
from ..content.bylines import site_name
from ..delivery.caching import absolute_url
from ..delivery.views import render_page_parts
from ..models import Article


def render_private(request: HttpRequest, article: Article, **context: Any) -> HttpResponse:
    """``article`` (with its parts prefetched) as its page, marked as a private preview;
    ``context`` tells the banner what is previewed (``revision``, ``unsaved``, ``draft_change``)."""
    context = {
        "article": article,
        "is_preview": True,
        "base_template": conf.get("BASE_TEMPLATE"),
        "canonical_url": absolute_url(request, article.get_absolute_url()),
        "site_name": site_name(request),
        **context,
    }
    # Rendered here, as the article view does on a miss, and kept nowhere.
    render_page_parts(article, context)
    response = TemplateResponse(request, "supplements_cms/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response
