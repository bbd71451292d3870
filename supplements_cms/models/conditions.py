"""Health conditions, as django-taggit tags of our own model and through table."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import TagBase, TaggedItemBase

from ..content.fields import MarkdownField
from .rendering import RendersMarkdown


def normalize_name(name: str) -> str:
    """Trim and collapse white space: " fibromyalgia " and "fibromyalgia" are one name."""
    return " ".join(name.split())


def condition_key(name: str) -> str:
    """The identity of a condition: its slug, which folds case in every script, not only ASCII."""
    return slugify(normalize_name(name), allow_unicode=True)


class ConditionQuerySet(models.QuerySet["Condition"]):
    def with_live_articles(self) -> ConditionQuerySet:
        """The conditions readers may know of: those of at least one live article. A condition
        used only by drafts has no page, feed or place in a list."""
        from .articles import Article

        return self.filter(
            Exists(Article.objects.published().filter(condition_links__tag=OuterRef("pk")))
        )

    def resolve(self, names: Iterable[str]) -> list[Condition]:
        """The conditions for these names, in order, creating the missing ones.

        Matching is by :func:`condition_key`, so "Fibromyalgia", "fibromyalgia" and " fibromyalgia "
        give the same row. Two queries at most, plus one insert per new condition.
        """
        wanted: dict[str, str] = {}
        for name in names:
            key = condition_key(name)
            if key and key not in wanted:
                wanted[key] = normalize_name(name)
        found = {c.slug: c for c in self.filter(slug__in=wanted)}
        for key, name in wanted.items():
            if key not in found:
                found[key], _created = self.get_or_create(slug=key, defaults={"name": name})
        return [found[key] for key in wanted]


# taggit has no types: the plugin cannot follow its tag relation.
class Condition(RendersMarkdown, TagBase):  # type: ignore[django-manager-missing]
    """A health condition an article addresses (fibromyalgia, muscle cramps)."""

    markdown_fields = (("description", "description_html"),)

    description = MarkdownField(
        _("description"), blank=True, help_text=_("Markdown; shown over the list of articles.")
    )
    description_html = models.TextField(editable=False, blank=True)

    objects = ConditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("supplements_cms:condition_detail", kwargs={"slug": self.slug})

    def slugify(self, tag: str, i: int | None = None) -> str:
        return condition_key(tag)

    def clean(self) -> None:
        super().clean()
        self.name = normalize_name(self.name)  # type: ignore[has-type]  # taggit's TagBase
        key = condition_key(self.name)
        if not key:
            raise ValidationError({"name": _("A condition name needs letters or digits.")})
        clash = Condition.objects.filter(slug=key).exclude(pk=self.pk).first()
        if clash is not None:
            raise ValidationError(
                {"name": _("This is the existing condition “%(name)s”.") % {"name": clash.name}}
            )

    def save(self, *args, **kwargs) -> None:
        self.name = normalize_name(self.name)
        # Our key, set before taggit's save, so taggit never invents "fibromyalgia_1".
        self.slug = condition_key(self.name)
        super().save(*args, **kwargs)


class ArticleCondition(TaggedItemBase):
    """The link between an article and a condition: real foreign keys, one row per pair."""

    content_object = models.ForeignKey(
        "supplements_cms.Article", on_delete=models.CASCADE, related_name="condition_links"
    )
    tag = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="article_links")
    # Copies of the article's status and time, kept by supplements_cms.delivery.upkeep, so a
    # condition's newest articles (its page, related candidates, previous and next) are read off one
    # index.
    is_published = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("article condition")
        verbose_name_plural = _("article conditions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="supplements_cms_article_condition_once"
            )
        ]
        indexes = [
            # Partial: SQLite cannot seek on a bare boolean column ("WHERE is_published") in
            # the middle of an index, but uses an index whose condition the query repeats.
            models.Index(
                fields=["tag", "-published_at", "-content_object"],
                condition=models.Q(is_published=True),
                name="scms_condition_recent",
            )
        ]


class _ConditionManager(_TaggableManager):
    def _to_tag_model_instances(self, tags, tag_kwargs):
        """Resolve names through :meth:`ConditionQuerySet.resolve` rather than taggit's lookup."""
        names = [t for t in tags if isinstance(t, str)]
        by_key = {c.slug: c for c in Condition.objects.resolve(names)}
        result: list[Condition] = []
        for tag in tags:
            condition = by_key.get(condition_key(tag)) if isinstance(tag, str) else tag
            if condition is not None and condition not in result:
                result.append(condition)
        return result


def ConditionsField(**kwargs) -> TaggableManager:
    """An article's ``conditions`` field; one function, so replacing taggit stays a local change."""
    kwargs.setdefault("blank", True)
    # By name, as everywhere conditions are listed: without it taggit orders by nothing, and a
    # page's list of an article's conditions followed the database's whim (PostgreSQL's
    # DISTINCT in the prefetch), so a rendering could differ from the next one.
    kwargs.setdefault("ordering", ["name"])
    return TaggableManager(
        through=ArticleCondition, manager=_ConditionManager, verbose_name=_("conditions"), **kwargs
    )
