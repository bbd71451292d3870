"""Mail about the medical review, through Django's mail framework, sent after the commit.

An action schedules its mail with :func:`after_commit`: a transaction that rolls back sends
nothing. Who gets what: a submission → every reviewer but the writer; a decision (approved,
changes requested) → the writer who submitted; a publication → the article's author and the
reviewer who signed off. A user with a :class:`~supplements_cms.models.ReviewMailOptOut`, or
without an address, gets none. Each mail is rendered in the site's language from
``supplements_cms/email/<kind>_subject.txt`` and ``<kind>.txt``, which a site may override.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db import router, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ..models import Article, ReviewMailOptOut, ReviewRequest
from ..signals import article_published

logger = logging.getLogger(__name__)


def _db() -> str:
    """Where a mail's request, readers and opt-outs are read: the write database, which has
    the commit the mail follows (a replica may not have it yet)."""
    return router.db_for_write(Article)


def after_commit(send: Callable[[int], None], pk: int) -> None:
    """Run ``send(pk)`` once the write database's transaction commits; a failure to send is
    logged, never raised into the request that made the change."""

    def run() -> None:
        try:
            send(pk)
        except Exception:  # a mail server down must not turn a saved review into an error
            logger.exception("Review mail %s for %s could not be sent", send.__name__, pk)

    transaction.on_commit(run, using=_db())


def reviewers():
    """Active staff users who may review (the permission through a group, directly, or as
    superusers)."""
    users = get_user_model().objects.db_manager(_db()).filter(is_active=True, is_staff=True)
    # A subquery of the users' query: read where they are read.
    permission = Permission.objects.filter(
        codename="review_article", content_type__app_label="supplements_cms"
    )
    return users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__in=permission)
        | Q(groups__permissions__in=permission)
    ).distinct()


def _addresses(users: Iterable) -> list[str]:
    users = [u for u in users if u is not None and u.is_active and u.email]
    opted_out = set(
        ReviewMailOptOut.objects.using(_db())
        .filter(user_id__in=[u.pk for u in users])
        .values_list("user_id", flat=True)
    )
    return sorted({u.email for u in users if u.pk not in opted_out})


def _admin_url(article: Article) -> str:
    try:
        return reverse("admin:supplements_cms_article_change", args=[article.pk])
    except NoReverseMatch:
        return ""


def _send(kind: str, article: Article, to: list[str], **context) -> None:
    if not to:
        return
    context = {"article": article, "admin_url": _admin_url(article), **context}
    subject = " ".join(
        render_to_string(f"supplements_cms/email/{kind}_subject.txt", context).split()
    )
    body = render_to_string(f"supplements_cms/email/{kind}.txt", context)
    # One message per recipient: nobody sees the others' addresses.
    send_mass_mail([(subject, body, None, [address]) for address in to])


def submitted(pk: int) -> None:
    requests = ReviewRequest.objects.using(_db())
    request = requests.select_related("article", "submitted_by", "assignee").get(pk=pk)
    asked = [request.assignee] if request.assignee is not None else reviewers()
    others = [u for u in asked if u.pk != request.submitted_by_id]
    _send("review_submitted", request.article, _addresses(others), request=request)


def decided(pk: int) -> None:
    requests = ReviewRequest.objects.using(_db())
    request = requests.select_related("article", "submitted_by", "reviewer").get(pk=pk)
    kind = (
        "review_approved" if request.status == ReviewRequest.Status.APPROVED else "review_changes"
    )
    _send(kind, request.article, _addresses([request.submitted_by]), request=request)


@receiver(article_published)
def _published(sender, article_id: int, url: str, **kwargs) -> None:
    """Sent by the editorial core after the commit already."""
    article = (
        Article.objects.using(_db())
        .select_related("author", "sign_off__decided_by")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        return
    reviewer = article.sign_off.decided_by if article.sign_off is not None else None
    try:
        _send("published", article, _addresses([article.author, reviewer]), url=url)
    except Exception:
        logger.exception("Publication mail for %s could not be sent", article_id)


def remind(sign_off: ReviewRequest) -> bool:
    """Mail the reviewer of an old sign-off that its review is due, once per sign-off;
    whether a mail went out."""
    if sign_off.reminded_at is not None or sign_off.decided_by is None:
        return False
    to = _addresses([sign_off.decided_by])
    _send("review_due", sign_off.article, to, request=sign_off)
    ReviewRequest.objects.using(_db()).filter(pk=sign_off.pk).update(reminded_at=timezone.now())
    return bool(to)
