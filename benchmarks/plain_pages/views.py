"""One prefetching view per page, related posts by one aggregate: the straightforward way."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from .models import Post, Topic

PER_PAGE = 10


def article(request, slug: str):
    post = get_object_or_404(
        Post.objects.select_related("supplement").prefetch_related("topics", "benefits"),
        slug=slug,
    )
    topics = list(post.topics.all())
    related = (
        Post.objects.filter(topics__in=topics)
        .exclude(pk=post.pk)
        .annotate(shared=Count("topics"))
        .order_by("-shared", "-published_at")[:5]
    )
    return render(request, "plain_pages/article.html", {"post": post, "related": related})


def listing(request, slug: str | None = None):
    posts = Post.objects.select_related("supplement").prefetch_related("topics")
    topic = None
    if slug is not None:
        topic = get_object_or_404(Topic, slug=slug)
        posts = posts.filter(topics=topic)
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "plain_pages/list.html", {"page": page, "topic": topic})
