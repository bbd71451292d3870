"""Public pages: article list, article, and the articles of a condition or a supplement."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from . import conf
from .models import Article, Benefit, Condition, Supplement


class BaseTemplateMixin:
    """Puts the configured base template in the context for the pages' ``{% extends %}``."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["base_template"] = conf.get("BASE_TEMPLATE")
        return context


class ArticleListView(BaseTemplateMixin, ListView):
    template_name = "supplements_cms/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset) -> int:
        return conf.get("PAGINATE_BY")

    def get_queryset(self):
        return Article.objects.published().for_list().newest_first()


class ConditionArticlesView(ArticleListView):
    template_name = "supplements_cms/condition_detail.html"

    def get_queryset(self):
        self.condition = get_object_or_404(Condition, slug=self.kwargs["slug"])
        return super().get_queryset().filter(condition_links__tag=self.condition)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(condition=self.condition, **kwargs)


class SupplementArticlesView(ArticleListView):
    template_name = "supplements_cms/supplement_detail.html"

    def get_queryset(self):
        self.supplement = get_object_or_404(Supplement, slug=self.kwargs["slug"])
        return super().get_queryset().filter(supplement=self.supplement)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(supplement=self.supplement, **kwargs)


class ArticleDetailView(BaseTemplateMixin, DetailView):
    """One article. Readers see it once it is live; editors may preview it before."""

    template_name = "supplements_cms/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .select_related("supplement", "author")
            .prefetch_related(
                "conditions",
                Prefetch("benefits", queryset=Benefit.objects.order_by("position", "pk")),
            )
        )

    def render_to_response(self, context: dict[str, Any], **kwargs: Any):
        response = super().render_to_response(context, **kwargs)
        if not self.object.is_live:
            # A preview must stay out of search engines and shared caches.
            response["X-Robots-Tag"] = "noindex, nofollow"
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_live
        return context
