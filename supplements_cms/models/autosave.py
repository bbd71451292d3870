"""What an editor typed into an article's form and has not saved: kept for them alone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """The article form as one editor left it, written every few seconds while they type.

    One per editor and opened form: ``form`` says which (the live article's form, a draft
    change's, or a new article's) plus a token of that page, so a form never writes over an
    autosave it has not offered back yet. Only its owner is ever shown it, when they open the same
    kind of form again; a save of the form deletes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    article = models.ForeignKey(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
        help_text=_("Empty: the form of a new article."),
    )
    form = models.CharField(
        _("form"),
        max_length=48,
        blank=True,
        default="",
        help_text=_("Which form of the article, and which page of it."),
    )
    # {"fields": {name: [values]}, "labels": {name: {value: label}}}, as the form's script sends.
    data = models.JSONField(_("form data"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article", "form"], name="scms_autosave_per_article_form"
            ),
            models.UniqueConstraint(
                fields=["user", "form"],
                condition=Q(article=None),
                name="scms_autosave_per_new_article_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.article or _('new article')}"
