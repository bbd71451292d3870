"""Hand-written models: an article with its HTML, conditions through a plain many-to-many,
benefits as rows, a supplement as a foreign key. Indexed for the pages' orderings."""

from __future__ import annotations

from django.db import models


class Topic(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Supplement(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True)
    body_html = models.TextField()
    published_at = models.DateTimeField(db_index=True)
    supplement = models.ForeignKey(Supplement, on_delete=models.PROTECT, related_name="posts")
    topics = models.ManyToManyField(Topic, related_name="posts")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["-published_at", "-id"], name="plain_post_recent")]

    def __str__(self) -> str:
        return self.title


class Benefit(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="benefits")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    description_html = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.title
