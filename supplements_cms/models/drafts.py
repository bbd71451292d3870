"""Changes to a published article that are not live yet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class DraftChange(models.Model):
    """A published article's next version, saved without putting it live: readers keep the
    published page; the form and the staff preview show the article with these changes, until
    a publisher publishes them or someone discards them.

    ``data`` is the change form as validated when the draft was saved (only the form's own
    fields and rows); ``changed_fields`` and ``changed_rows`` name what its authors changed, so
    that publishing it changes nothing else, whatever happened to the live article meanwhile.
    ``edit_number`` counts the draft's saves: a form opened on an older draft is refused.
    """

    article = models.OneToOneField(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        related_name="draft_change",
        verbose_name=_("article"),
    )
    # The form's fields as validated: {name: [values]}.
    data = models.JSONField(_("form data"))
    # The form fields and inline prefixes the draft changes; None: a draft saved before they
    # were kept, whose every field counts.
    changed_fields = models.JSONField(_("changed fields"), null=True, blank=True)
    changed_rows = models.JSONField(_("changed rows"), null=True, blank=True)
    edit_number = models.PositiveIntegerField(_("edit number"), default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("draft change")
        verbose_name_plural = _("draft changes")

    def __str__(self) -> str:
        return str(_("Draft changes of “%(title)s”") % {"title": self.article})

    def as_querydict(self) -> QueryDict:
        data = QueryDict(mutable=True)
        for name, values in self.data.items():
            data.setlist(name, [str(v) for v in values])
        return data

    def changes_field(self, name: str) -> bool:
        return self.changed_fields is None or name in self.changed_fields

    def changes_rows(self, prefix: str) -> bool:
        return self.changed_rows is None or prefix in self.changed_rows
