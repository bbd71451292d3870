"""Articles and their ordered parts: benefits and related posts."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, router
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..content.fields import LinkField, MarkdownField, featured_image_path
from ..content.images import schedule_renditions, sources
from ..content.markdown import (
    EMBED_MARK,
    add_heading_ids,
    count_words,
    is_block_html,
    render_markdown,
    render_markdown_inline,
    table_of_contents,
)
from ..editorial import policy
from .conditions import ConditionsField
from .rendering import RendersMarkdown
from .units import DoseUnit, format_amount, frequency_label, in_unit, unit_label

# A common figure for adults reading explanatory text on a screen.
WORDS_PER_MINUTE = 220
# The article's own text, Markdown and HTML: most of its row, shown only on its page.
LONG_TEXT = (
    "intro", "body", "additional_benefits_intro", "dosage_note", "conclusion", "disclaimer",
    "intro_html", "body_html", "additional_benefits_intro_html", "dosage_note_html",
    "conclusion_html", "disclaimer_html", "toc",
)  # fmt: skip
# Article slugs that would shadow the package's own URLs.
RESERVED_SLUGS = frozenset({"conditions", "supplements", "editor", "feeds", "search", "page"})


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | None = None) -> ArticleQuerySet:
        """The one rule for what readers may see: published, and its publication time has come
        (by ``now``, the current time unless a caller needs several queries to agree on one).

        Every public surface goes through this method, so a scheduled article appears on time with
        no job to run, and a draft never leaks.
        """
        now = timezone.now() if now is None else now
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def next_going_live(self) -> datetime | None:
        """When the next scheduled article goes live: pages that list articles change then."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def visible_to(self, user) -> ArticleQuerySet:
        """Published articles, plus drafts and scheduled ones for staff who may change articles."""
        if can_preview(user):
            return self.all()
        return self.published()

    def newest_first(self) -> ArticleQuerySet:
        """Newest publication first, for published articles (which all have a time).

        Exactly the order of the ``scms_article_published`` index, so PostgreSQL reads a page
        off the index instead of sorting every published row; ``NULLS LAST`` would defeat it.
        """
        return self.order_by("-published_at", "-pk")

    def for_list(self) -> ArticleQuerySet:
        """What a list of article cards needs, in a fixed number of queries."""
        return self.select_related("supplement").prefetch_related("conditions")

    def for_cards(self) -> ArticleQuerySet:
        """:meth:`for_list` without the article's text: cards show none of it, and an article's
        Markdown and HTML are most of its row. (A card template that prints them still works,
        one query per card.)"""
        return self.for_list().defer(*LONG_TEXT)


def can_preview(user) -> bool:
    return bool(user) and policy.can_preview(user)


# taggit has no types: the plugin cannot follow its tag relation.
class Article(RendersMarkdown, models.Model):  # type: ignore[django-manager-missing]
    """A health or supplement article, in the layout the package's templates reproduce."""

    markdown_fields = (
        ("intro", "intro_html"),
        ("body", "body_html"),
        ("additional_benefits_intro", "additional_benefits_intro_html"),
        ("dosage_note", "dosage_note_html"),
        ("conclusion", "conclusion_html"),
        ("disclaimer", "disclaimer_html"),
    )

    class DisclaimerMode(models.TextChoices):
        ADD = "add", _("Show after the site's disclaimer")
        REPLACE = "replace", _("Show instead of the site's disclaimer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Submitted for review")
        PUBLISHED = "published", _("Published")

    DoseUnit = DoseUnit

    title = models.CharField(_("title"), max_length=200, help_text=_("The headline on the page."))
    seo_title = models.CharField(
        _("SEO title"),
        max_length=200,
        blank=True,
        help_text=_("For the browser tab, search results and social cards. Empty: the title."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("The article's address. Empty: made from the title."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "One or two sentences for search results and article lists (about 160 characters)."
        ),
    )

    intro = MarkdownField(_("introduction"), blank=True)
    body = MarkdownField(
        _("body"),
        blank=True,
        help_text=_("The sections (“## What is …?”), ending with the heading over the benefits."),
    )
    additional_benefits_heading = models.CharField(
        _("heading of additional benefits"),
        max_length=200,
        blank=True,
        help_text=_("Empty: “Additional benefits”."),
    )
    additional_benefits_intro = MarkdownField(_("introduction to additional benefits"), blank=True)

    dosage_heading = models.CharField(
        _("dosage heading"), max_length=200, blank=True, help_text=_("Empty: “How to take …”.")
    )
    dose_min = models.DecimalField(
        _("dose (from)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("The amount, or the lower end of a range."),
    )
    dose_max = models.DecimalField(
        _("dose (to)"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("The upper end of a range; empty for a single amount."),
    )
    dose_unit = models.CharField(_("unit"), max_length=3, choices=DoseUnit.choices, blank=True)
    dose_frequency = models.CharField(
        _("frequency"), max_length=60, blank=True, help_text=_("For example “per day”.")
    )
    dosage_note = MarkdownField(_("dosage note"), blank=True)
    conclusion = MarkdownField(_("conclusion"), blank=True)

    intro_html = models.TextField(editable=False, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    additional_benefits_intro_html = models.TextField(editable=False, blank=True)
    dosage_note_html = models.TextField(editable=False, blank=True)
    conclusion_html = models.TextField(editable=False, blank=True)
    disclaimer = MarkdownField(
        _("disclaimer"),
        blank=True,
        help_text=_("Empty: the site's disclaimer only. For example a note on pregnancy."),
    )
    disclaimer_mode = models.CharField(
        _("this article's disclaimer"),
        max_length=10,
        choices=DisclaimerMode.choices,
        default=DisclaimerMode.ADD,
    )
    disclaimer_html = models.TextField(editable=False, blank=True)

    byline = models.ForeignKey(
        "supplements_cms.Contributor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_articles",
        verbose_name=_("written by"),
        help_text=_("The author shown to readers, with their credentials."),
    )
    # The approved review the page names (editorial/review.py's ApproveReview alone sets it);
    # the page says "Medically reviewed" only while the live text is the text approved.
    sign_off = models.ForeignKey(
        "supplements_cms.ReviewRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("medical review"),
    )
    image = models.ImageField(
        _("featured image"),
        upload_to=featured_image_path,
        blank=True,
        max_length=255,
        width_field="image_width",
        height_field="image_height",
        help_text=_(
            "Shown under the title and on social cards. PNG or JPEG; resized for every screen."
        ),
    )
    # A library image chosen as the featured image: ``image`` then names the library's own
    # file (no new upload); the library refuses to delete it while an article shows it.
    library_image = models.ForeignKey(
        "supplements_cms.LibraryImage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="featured_in",
        verbose_name=_("from the media library"),
        help_text=_(
            "Or choose an image of the media library: its file is used as it is, without a "
            "new upload."
        ),
    )
    image_alt = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Needed with an image."),
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Made once when the image is uploaded: [{"width", "height", "jpeg", "webp"}], storage names.
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    # Derived from the HTML on save, like the HTML itself: the body's sections for the table of
    # contents, and the words of the article's own text for the reading time.
    toc = models.JSONField(default=list, editable=False, blank=True)
    word_count = models.PositiveIntegerField(default=0, editable=False)

    conditions = ConditionsField()
    supplement = models.ForeignKey(
        "supplements_cms.Supplement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("supplement"),
    )
    call_to_action = models.ForeignKey(
        "supplements_cms.CallToAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call to action"),
        help_text=_("Empty: one aimed at the article's conditions, else the site default."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article. Empty when publishing: now."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Goes up by one on every save; the admin refuses a save made from an older edit.
    edit_number = models.PositiveIntegerField(_("edit number"), default=1, editable=False)
    # The edit number the last import left; a higher one means editors changed the article
    # since, and the next import leaves it alone unless told to overwrite. Empty: never imported.
    imported_edit_number = models.PositiveIntegerField(
        _("edit number at the last import"), null=True, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    # Not columns: set on loaded instances by the feeds, article_parts and the admin's drafts.
    feed_author: str
    related_conditions: list
    _scms_loaded: Any
    _draft_conditions: Any
    _draft_edit_number: int
    _prefetched_objects_cache: dict

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = [F("published_at").desc(nulls_last=True), "-pk"]
        permissions = [
            ("publish_article", _("Can publish, unpublish and move published articles")),
            ("review_article", _("Can review articles medically (approve or request changes)")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="scms_article_published"),
            # A supplement's newest articles: its page, its feed and the related candidates.
            models.Index(
                fields=["supplement", "status", "-published_at", "-id"],
                name="scms_supplement_recent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dose_min__isnull=True) | Q(dose_min__gt=0),
                name="supplements_cms_dose_min_positive",
            ),
            models.CheckConstraint(
                condition=Q(dose_max__isnull=True)
                | (Q(dose_min__isnull=False) & Q(dose_max__gte=F("dose_min"))),
                name="supplements_cms_dose_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("supplements_cms:article_detail", kwargs={"slug": self.slug})

    @property
    def image_sources(self) -> dict[str, str]:
        """``srcset`` values (JPEG and WebP), the fallback ``src`` and its size, for the page."""
        original = self.image.name or ""
        return sources(self.image_renditions, original, self.image_width, self.image_height)

    @property
    def page_title(self) -> str:
        return self.seo_title or self.title

    @property
    def is_live(self) -> bool:
        """What :meth:`ArticleQuerySet.published` decides, for an article already loaded."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_published(self) -> bool:
        """Published, whether live already or scheduled for later."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @cached_property
    def review(self):
        """What the page may say of the article's medical review
        (:class:`~supplements_cms.editorial.review.ReviewClaim`), or ``None``: never reviewed."""
        from ..editorial.review import claim

        return claim(self)

    @property
    def medical_reviewer(self):
        """The reviewer who approved the live text, while it is the text approved."""
        review = self.review
        return review.reviewer if review is not None and review.current else None

    @property
    def last_reviewed(self):
        """When the live text was approved, while it is the text approved."""
        review = self.review
        return review.reviewed_on if review is not None and review.current else None

    def to_html(self, text: str, source: str = "") -> str:
        html = render_markdown(text)
        # The body's sections get anchors, for the table of contents and for links from outside.
        return add_heading_ids(html) if source == "body" else html

    def derive_from_html(self) -> list[str]:
        changed = []
        toc = table_of_contents(self.body_html)
        words = sum(count_words(getattr(self, html)) for _markdown, html in self.markdown_fields)
        words += len(f"{self.title} {self.additional_benefits_heading}".split())
        for name, value in (("toc", toc), ("word_count", words)):
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed.append(name)
        return changed

    @classmethod
    def rendered_fields(cls) -> list[str]:
        return [*super().rendered_fields(), "toc", "word_count"]

    @property
    def has_embeds(self) -> bool:
        """Whether a text holds a video placeholder, so the page loads the script that plays it."""
        texts = [getattr(self, html) for _markdown, html in self.markdown_fields]
        texts += [benefit.description_html for benefit in self.benefits.all()]
        return any(EMBED_MARK in text for text in texts)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the article, benefits included (they are prefetched on the page)."""
        words = self.word_count + sum(
            len(b.title.split()) + count_words(b.description_html) for b in self.benefits.all()
        )
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def dose_above_upper_limit(self) -> bool:
        """Whether the largest dose passes the supplement's tolerable upper intake level."""
        supplement = self.supplement
        top = self.dose_max if self.dose_max is not None else self.dose_min
        if supplement is None or supplement.upper_limit is None or top is None:
            return False
        limit = in_unit(supplement.upper_limit, supplement.upper_limit_unit, self.dose_unit)
        return limit is not None and top > limit

    @property
    def main_benefits(self) -> list[Benefit]:
        return [b for b in self.benefits.all() if b.kind == Benefit.Kind.MAIN]

    @property
    def additional_benefits(self) -> list[Benefit]:
        return [b for b in self.benefits.all() if b.kind == Benefit.Kind.ADDITIONAL]

    @property
    def dosage(self) -> str:
        """The dose as a sentence fragment in the reader's language: "1,500 to 2,500 mg per day",
        "1.500 bis 2.500 mg pro Tag", "5 g", or "" without a dose."""
        if self.dose_min is None or not self.dose_unit:
            return ""
        amount = format_amount(self.dose_min)
        if self.dose_max is not None and self.dose_max != self.dose_min:
            amount = pgettext("dose range", "%(low)s to %(high)s") % {
                "low": amount,
                "high": format_amount(self.dose_max),
            }
        parts = {"amount": amount, "unit": unit_label(self.dose_unit)}
        if not self.dose_frequency:
            return pgettext("dose", "%(amount)s %(unit)s") % parts
        frequency = frequency_label(self.dose_frequency)
        return pgettext("dose", "%(amount)s %(unit)s %(frequency)s") % {
            **parts,
            "frequency": frequency,
        }

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str | Promise]] = {}
        if self.dose_max is not None and self.dose_min is None:
            errors.setdefault("dose_min", []).append(
                _("Give the lower end too, or move a single amount here.")
            )
        if (
            self.dose_min is not None
            and self.dose_max is not None
            and self.dose_max < self.dose_min
        ):
            errors.setdefault("dose_max", []).append(
                _("The upper end of the range must not be below the lower end.")
            )
        if self.dose_min is not None and not self.dose_unit:
            errors.setdefault("dose_unit", []).append(_("Choose the unit of the dose."))
        if self.image and not (self.image_alt or "").strip():
            errors.setdefault("image_alt", []).append(
                _("Describe the image for readers who cannot see it.")
            )
        if self.slug and self.slug in RESERVED_SLUGS:
            errors.setdefault("slug", []).append(
                _("“%(slug)s” is used by the site’s own pages; choose another.")
                % {"slug": self.slug}
            )
        elif self.slug:
            held = SlugRedirect.objects.filter(old_slug=self.slug).exclude(article_id=self.pk)
            holder = held.values_list("article__title", flat=True).first()
            if holder is not None:
                errors.setdefault("slug", []).append(
                    _(
                        "“%(slug)s” is an old address of “%(title)s” and redirects readers "
                        "there; choose another."
                    )
                    % {"slug": self.slug, "title": holder}
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        old_slug, old_image = None, None
        if self.pk is not None:
            # From the database this save writes to: a replica may lag behind it.
            rows = Article.objects.using(kwargs.get("using") or router.db_for_write(Article))
            stored = rows.filter(pk=self.pk).values_list("slug", "edit_number", "image").first()
            old_slug, stored_edits, old_image = stored or (None, 0, None)
            # Edit numbers only grow: a restored revision carries its old one, and reusing it
            # would let a form opened before the restore save over it unseen.
            self.edit_number = max(self.edit_number, stored_edits) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "edit_number"}
        super().save(*args, **kwargs)
        image = self.image.name or ""
        if image != (old_image or ""):
            # Resized once, when the image changes, after the commit; the page shows the
            # original until then.
            self.image_renditions = []
            Article.objects.filter(pk=self.pk).update(image_renditions=[])
            if image:
                schedule_renditions(self.pk, image)
        if old_slug and old_slug != self.slug:
            # Links to the old address keep working: it answers with a permanent redirect.
            # Only this article's own redirects make way; another article's are never removed.
            SlugRedirect.objects.filter(old_slug=self.slug, article=self).delete()
            SlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": self})

    def _unique_slug(self) -> str:
        base = slugify(self.title, allow_unicode=True)[:190] or "article"
        if base in RESERVED_SLUGS:
            base = f"{base}-article"
        db = router.db_for_write(Article)
        taken = set(
            Article.objects.using(db)
            .filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        taken |= set(
            SlugRedirect.objects.using(db)
            .filter(old_slug__startswith=base)
            .exclude(article_id=self.pk)
            .values_list("old_slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


class Benefit(RendersMarkdown, models.Model):
    """One benefit of an article: a numbered main benefit, or a bullet among the additional ones."""

    markdown_fields = (("description", "description_html"),)

    class Kind(models.TextChoices):
        MAIN = "main", _("Main (numbered)")
        ADDITIONAL = "additional", _("Additional (bullet)")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown for emphasis and links.")
    )
    description_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def description_is_inline(self) -> bool:
        return not is_block_html(self.description_html)

    def to_html(self, text: str, source: str = "") -> str:
        return render_markdown_inline(text)


class SlugRedirect(models.Model):
    """An address an article had before its slug changed; it redirects to the article."""

    old_slug = models.SlugField(_("old slug"), max_length=200, unique=True, allow_unicode=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("slug redirect")
        verbose_name_plural = _("slug redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class RelatedPost(models.Model):
    """An editor's pick under "Related posts": another article, or an external page."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_posts")
    target = models.ForeignKey(
        Article,
        # Deleting an article other articles point at is refused: their editors decide first.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    url = LinkField(_("external URL"), blank=True)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Needed for an external URL.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("related post")
        verbose_name_plural = _("related posts")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(target__isnull=False) & Q(url=""))
                | (Q(target__isnull=True) & ~Q(url="")),
                name="supplements_cms_related_target_or_url",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | ~Q(target=F("article")),
                name="supplements_cms_related_not_self",
            ),
            models.UniqueConstraint(
                fields=["article", "target"],
                name="supplements_cms_related_once",
                violation_error_message=_("This article is already among the related posts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or (str(self.target) if self.target_id else self.url)

    def clean(self) -> None:
        super().clean()
        if self.target_id and self.url:
            raise ValidationError(_("Choose an article or enter a URL, not both."))
        if not self.target_id and not self.url:
            raise ValidationError(_("Choose an article or enter a URL."))
        if self.url and not self.title:
            raise ValidationError({"title": _("An external link needs a title.")})
        if self.target_id and self.target_id == self.article_id:
            raise ValidationError({"target": _("An article cannot be related to itself.")})
