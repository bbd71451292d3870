"""The article as a Wagtail developer would model it: one page type, tags, an inline of benefits.

No admin panels: the benchmark only serves these pages, it never edits them.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """Intro, body, conclusion and dosage in one rich-text body; the conditions as tags."""

    supplement = models.CharField(max_length=255)
    body = RichTextField()
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # The straightforward related block: four other live pages sharing a tag, one query.
        context["related"] = (
            ArticlePage.objects.live()
            .filter(tags__in=self.tags.all())
            .exclude(pk=self.pk)
            .distinct()[:4]
        )
        return context


class ArticlePageBenefit(Orderable):
    page = ParentalKey(ArticlePage, related_name="benefits", on_delete=models.CASCADE)
    title = models.CharField(max_length=255)
    description = RichTextField()
