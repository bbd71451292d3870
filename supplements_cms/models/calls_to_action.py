"""Reusable call-to-action boxes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from ..content.fields import LinkField, MarkdownField
from .rendering import RendersMarkdown


class CallToActionQuerySet(models.QuerySet["CallToAction"]):
    def for_article(self, article) -> CallToAction | None:
        """The article's own active CTA, else one aimed at one of its conditions, else the default.

        One query; ``article.conditions`` should be prefetched to avoid a second.
        """
        condition_ids = [c.pk for c in article.conditions.all()]
        return self.ranked_for(article.call_to_action_id, condition_ids).first()

    def ranked_for(self, own_id, condition_ids) -> CallToActionQuerySet:
        """The candidates, best first, for an article whose own CTA is ``own_id`` and whose
        conditions are ``condition_ids``; each a value, or an expression for use in a subquery."""
        rank = Case(
            When(pk=own_id, then=Value(0)),
            When(conditions__in=condition_ids, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        wanted = Q(is_default=True) | Q(conditions__in=condition_ids) | Q(pk=own_id)
        return self.filter(wanted, is_active=True).annotate(rank=rank).order_by("rank", "pk")


class CallToAction(RendersMarkdown, models.Model):
    """A box inviting the reader to act, with a heading, a short text and one button."""

    markdown_fields = (("text", "text_html"),)

    label = models.CharField(
        _("label"), max_length=120, unique=True, help_text=_("For editors only; never shown.")
    )
    heading = models.CharField(_("heading"), max_length=200)
    text = MarkdownField(_("text"), blank=True)
    text_html = models.TextField(editable=False, blank=True)
    button_label = models.CharField(_("button label"), max_length=80, blank=True)
    button_url = LinkField(
        _("button URL"),
        blank=True,
        help_text=_("A full http(s) URL, or a path on this site such as “/newsletter/”."),
    )
    conditions = models.ManyToManyField(
        "supplements_cms.Condition",
        through="supplements_cms.CallToActionCondition",
        blank=True,
        related_name="calls_to_action",
        verbose_name=_("aimed at conditions"),
        help_text=_(
            "Shown on articles about these conditions that have no call to action of their own."
        ),
    )
    is_default = models.BooleanField(
        _("site default"),
        default=False,
        help_text=_("Shown on articles that have no better match. One call to action at most."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CallToActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("call to action")
        verbose_name_plural = _("calls to action")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="supplements_cms_one_default_cta",
                violation_error_message=_("Another call to action is already the site default."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if bool(self.button_label) != bool(self.button_url):
            raise ValidationError(_("Give the button both a label and a URL, or neither."))


class CallToActionCondition(models.Model):
    """A call to action's aim at one condition.

    Spelled out rather than left to Django, whose migrations give an implicit link table the
    id type of the host's ``DEFAULT_AUTO_FIELD``; here the package's own setting decides. Field
    names, table and constraint are those of the implicit table it replaces.
    """

    calltoaction = models.ForeignKey(CallToAction, on_delete=models.CASCADE, related_name="+")
    condition = models.ForeignKey(
        "supplements_cms.Condition", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        db_table = "supplements_cms_calltoaction_conditions"
        # unique_together, not a UniqueConstraint: the name Django gave the implicit table's
        # constraint is derived the same way, so existing databases need no change.
        unique_together = [("calltoaction", "condition")]
        verbose_name = _("condition of a call to action")
        verbose_name_plural = _("conditions of calls to action")

    def __str__(self) -> str:
        return f"{self.calltoaction_id} → {self.condition_id}"
