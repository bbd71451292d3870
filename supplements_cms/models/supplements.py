"""The supplement an article is about."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from ..content.fields import MarkdownField
from .rendering import RendersMarkdown
from .units import DoseUnit, format_amount, unit_label


class SupplementQuerySet(models.QuerySet["Supplement"]):
    def with_live_articles(self) -> SupplementQuerySet:
        """The supplements readers may know of: those of at least one live article."""
        from .articles import Article

        return self.filter(Exists(Article.objects.published().filter(supplement=OuterRef("pk"))))


class Supplement(RendersMarkdown, models.Model):
    """A supplement such as magnesium glycinate; an article concerns at most one."""

    markdown_fields = (("description", "description_html"),)

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=True, blank=True)
    description = MarkdownField(
        _("description"), blank=True, help_text=_("Markdown; shown over the list of articles.")
    )
    description_html = models.TextField(editable=False, blank=True)
    # The tolerable upper intake level: the most a day that is unlikely to cause harm.
    upper_limit = models.DecimalField(
        _("upper intake level"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("The tolerable upper intake level per day, if one is set."),
    )
    upper_limit_unit = models.CharField(
        _("unit of the upper level"), max_length=3, choices=DoseUnit.choices, blank=True
    )
    upper_limit_source = models.CharField(
        _("source of the upper level"),
        max_length=200,
        blank=True,
        help_text=_("Who sets it, for example “NIH Office of Dietary Supplements”."),
    )

    objects = SupplementQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.upper_limit is not None and not self.upper_limit_unit:
            raise ValidationError({"upper_limit_unit": _("Choose the unit of the upper level.")})

    def get_absolute_url(self) -> str:
        return reverse("supplements_cms:supplement_detail", kwargs={"slug": self.slug})

    @property
    def upper_limit_display(self) -> str:
        """The upper level as readers of the active language write it ("2.500 mg"); "" for none."""
        if self.upper_limit is None:
            return ""
        return pgettext("dose", "%(amount)s %(unit)s") % {
            "amount": format_amount(self.upper_limit),
            "unit": unit_label(self.upper_limit_unit),
        }
