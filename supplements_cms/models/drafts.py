"""Changes to a published article that are not live yet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class DraftChange(models.Model):
    """The change form of a published article as an editor saved it without putting it live:
    readers keep the published page; the form and the staff preview show this instead, until a
    publisher publishes it or someone discards it."""

    article = models.OneToOneField(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        related_name="draft_change",
        verbose_name=_("article"),
    )
    # The form's fields as posted: {name: [values]}.
    data = models.JSONField(_("form data"))
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

    @staticmethod
    def from_post(post: QueryDict) -> dict[str, list[str]]:
        """What of a posted change form a draft keeps: its fields, not the token or buttons.

        The form refuses a NUL in its own fields; one in a name it does not have is left out,
        as PostgreSQL stores no NUL in JSON."""
        skip = {"csrfmiddlewaretoken"}
        return {
            name: post.getlist(name)
            for name in post
            if name not in skip
            and not name.startswith("_")
            and "\x00" not in name + "".join(post.getlist(name))
        }
