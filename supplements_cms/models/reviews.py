"""The medical review of an article's text: requests and sign-offs, comments on the text, and
who wants no mail about it.

Shaped after Wagtail's workflow (a ``WorkflowState`` with a ``TaskState`` on one revision) and
its comments (``Comment`` with a content path, replies, resolution), for the one task this
package needs: a reviewer approves the text, or asks for changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Bounds on what a reviewer or a writer types.
COMMENT_MAX_LENGTH = 4000
QUOTE_MAX_LENGTH = 500
# Comments and answers an article may carry (the form shows them all).
MAX_COMMENTS_PER_ARTICLE = 500


def _who(verbose_name: StrOrPromise, *, blank: bool = True) -> models.ForeignKey:
    """A user named on a review step; the step stays when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )


def _on_revision() -> models.ForeignKey:
    """The revision a review step was taken on; kept as empty when revisions are pruned."""
    return models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revision"),
    )


class ReviewRequestQuerySet(models.QuerySet):
    def waiting(self) -> ReviewRequestQuerySet:
        """Submitted and not decided yet: what reviewers have to do."""
        return self.filter(status=ReviewRequest.Status.WAITING)


class ReviewRequest(models.Model):
    """One submission of an article's text for review, and its outcome.

    ``revision`` and ``digest`` pin the text submitted (the digest covers the reviewed fields,
    :func:`supplements_cms.editorial.review.text_digest`). An approved request is a sign-off:
    the page says "Medically reviewed" while the live text has the same digest.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        CHANGES = "changes", _("Changes requested")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    article = models.ForeignKey(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        related_name="review_requests",
        verbose_name=_("article"),
    )
    revision = _on_revision()
    # The revision's draft changes, when the text submitted is a live article's draft.
    draft_edit_number = models.PositiveIntegerField(null=True, blank=True)
    digest = models.CharField(_("digest of the reviewed text"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    submitted_by = _who(_("submitted by"), blank=False)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    # The reviewer the writer asked for; empty: any reviewer.
    assignee = _who(_("reviewer asked for"))
    decided_by = _who(_("decided by"))
    # The person the page names: the deciding user's contributor at the time of the sign-off.
    reviewer = models.ForeignKey(
        "supplements_cms.Contributor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_offs",
        verbose_name=_("reviewer"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="scms_review_waiting")]
        constraints = [
            # One open request per article, as Wagtail keeps one active workflow per page.
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status="waiting"),
                name="scms_review_one_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.get_status_display()}"


class ReviewComment(models.Model):
    """A comment on one field of an article's text, on the revision it was made on; it may
    quote a passage, be answered (``parent``) and be resolved."""

    article = models.ForeignKey(
        "supplements_cms.Article",
        on_delete=models.CASCADE,
        related_name="review_comments",
        verbose_name=_("article"),
    )
    revision = _on_revision()
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("answer to"),
    )
    field = models.CharField(_("field"), max_length=40)
    quote = models.CharField(_("quoted passage"), max_length=QUOTE_MAX_LENGTH, blank=True)
    text = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author = _who(_("author"), blank=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = _who(_("resolved by"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "created_at"], name="scms_comment_article")]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewMailOptOut(models.Model):
    """A user who asked for no review mail (submitted, decided, published)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review mail opt-out")
        verbose_name_plural = _("review mail opt-outs")

    def __str__(self) -> str:
        return str(self.user)
