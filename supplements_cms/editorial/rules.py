"""The rules every editorial action applies: what readers see of an article (its public state),
what it needs before it goes live, and which of its claim warnings a publisher has accepted.

Putting an article live, taking it offline, and changing a published article's address or
publication time are a publisher's decisions (:func:`~.policy.can_publish`). Every action takes
the article's public state before the change and calls :func:`hold_back` before saving: for a
user without the permission it puts back what they may not change, and says what it kept.
:func:`record` then writes every publish and unpublish to the admin log with who did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import router
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Article
from .policy import can_publish


@dataclass(frozen=True)
class PublicState:
    """What readers see of an article, beyond its text: whether it is published, when, where."""

    status: str
    published_at: datetime | None
    slug: str

    @classmethod
    def of(cls, article: Article) -> PublicState:
        return cls(article.status, article.published_at, article.slug)

    @classmethod
    def stored(cls, pk: int | None, using: str | None = None) -> PublicState | None:
        """The state in the (write) database, or ``None`` for an article that is not there
        (new, or deleted and being recovered)."""
        if pk is None:
            return None
        rows = Article.objects.using(using or router.db_for_write(Article))
        row = rows.filter(pk=pk).values("status", "published_at", "slug").first()
        return cls(**row) if row else None

    @property
    def is_published(self) -> bool:
        return self.status == Article.Status.PUBLISHED


def missing_for_live(article: Article, benefits: int) -> list[str]:
    """What an article lacks to go live: a title, an introduction, a body or at least one of
    its ``benefits``, and a conclusion. Empty when it is complete."""
    missing = []
    if not (article.title or "").strip():
        missing.append(_("a title"))
    if not (article.intro or "").strip():
        missing.append(_("an introduction"))
    if not (article.body or "").strip() and benefits < 1:
        missing.append(_("a body or at least one benefit"))
    if not (article.conclusion or "").strip():
        missing.append(_("a conclusion"))
    return missing


def incomplete_message(missing: list[str]) -> str:
    return _("Not ready to publish: it needs %(parts)s.") % {"parts": ", ".join(missing)}


def unaccepted_claims(article: Article, warnings: list | None = None) -> list:
    """The claim warnings of ``article`` (saved, or as submitted) that no publisher has
    accepted for it yet; of ``warnings``, when the caller checked the article already."""
    from ..content.claims import check_article
    from ..models import ClaimAcceptance

    if warnings is None:
        warnings = check_article(article)
    if not warnings:
        return []
    accepted = set(
        ClaimAcceptance.objects.using(router.db_for_write(ClaimAcceptance))
        .filter(article_id=article.pk or None)  # type: ignore[misc]  # None: unsaved, no rows
        .values_list("key", flat=True)
    )
    return [w for w in warnings if w.key not in accepted]


def publish_problems(article: Article) -> str:
    """Why a saved ``article`` may not go live yet ("" when it may): what it lacks, else its
    claim warnings that no publisher accepted."""
    missing = missing_for_live(article, article.benefits.count())
    if missing:
        return incomplete_message(missing)
    problem = review_problem(article)
    if problem:
        return problem
    claims = unaccepted_claims(article)
    if claims:
        return ngettext(
            "%(n)d sentence reads as a disease claim; a publisher accepts it on the "
            "article's form before publishing.",
            "%(n)d sentences read as disease claims; a publisher accepts them on the "
            "article's form before publishing.",
            len(claims),
        ) % {"n": len(claims)}
    return ""


def review_problem(article: Article) -> str:
    """Why ``article`` (saved, or as submitted) may not go live for want of a medical review
    ("" when it may): with ``REQUIRE_REVIEW_TO_PUBLISH``, a reviewer must have approved its
    text as it is."""
    from .. import conf
    from .review import is_current

    if not conf.get("REQUIRE_REVIEW_TO_PUBLISH") or is_current(article):
        return ""
    return _(
        "Not published: this site publishes only text a medical reviewer approved, and nobody "
        "approved this text yet. Submit it for review."
    )


def accept_claims(user, article: Article, warnings: list) -> None:
    """Record that ``user`` (who may publish) accepted these warnings for ``article``."""
    from ..models import ClaimAcceptance

    ClaimAcceptance.objects.bulk_create(
        [
            ClaimAcceptance(
                article=article,
                key=w.key,
                phrase=w.phrase[:300],
                reason=str(w.reason)[:300],
                accepted_by=user,
            )
            for w in {w.key: w for w in warnings}.values()
        ],
        ignore_conflicts=True,
    )


def hold_back(user, article: Article, before: PublicState | None) -> list[str]:
    """Undo, on ``article`` (not yet saved), the changes to its public state that ``user`` may
    not make; return the names of what was kept as it was.

    Without the permission: a new or recovered article, or one that is not published, cannot
    become published; a published one keeps its status, time and address.
    """
    if can_publish(user):
        return []
    kept = []
    if before is None or not before.is_published:
        if article.status == Article.Status.PUBLISHED:
            article.status = before.status if before else Article.Status.DRAFT
            kept.append(_("status"))
        return kept
    labels = {"status": _("status"), "published_at": _("publication time"), "slug": _("address")}
    for name, label in labels.items():
        if getattr(article, name) != getattr(before, name):
            setattr(article, name, getattr(before, name))
            kept.append(label)
    return kept


def record(user, article: Article, before: PublicState | None) -> str:
    """Log a publish or an unpublish in the admin log, with who did it; return the message
    logged ("" when the save did neither)."""
    was = before is not None and before.is_published
    if was == article.is_published:
        return ""
    message = _("Published") if article.is_published else _("Unpublished")
    if user is not None and user.pk is not None:
        LogEntry.objects.log_actions(
            user.pk,
            [article],
            CHANGE,
            change_message=message,
            single_object=True,
        )
    return message
