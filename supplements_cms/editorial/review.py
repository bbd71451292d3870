"""The medical review: a writer submits the article's text, a reviewer approves it or asks for
changes, and the page says "Medically reviewed" only while its text is the text approved.

What a review covers is the article's *reviewed text* (:data:`REVIEWED_FIELDS`, its benefits and
its references), summed up in a digest (:func:`text_digest`). A sign-off keeps the digest of the
text approved; the page compares it with the digest of the live text on every rendering
(:func:`claim`), so no save, restore, import or draft can carry a review over to text nobody
approved. The text submitted is the article as saved, or, for a published article with draft
changes, the draft as it would be published (the admin builds it and passes it as ``text``).

Reviewers are users with the ``review_article`` permission whose account an administrator
linked to a :class:`~supplements_cms.models.Contributor`: the person the page names.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..delivery import upkeep, versions
from ..models import Article, Contributor, ReviewComment, ReviewRequest
from ..models.reviews import COMMENT_MAX_LENGTH, MAX_COMMENTS_PER_ARTICLE, QUOTE_MAX_LENGTH
from . import notify, policy
from .actions import Action, ActionRefused, log, write_db

# The article's own fields a review covers, with its benefits and references.
REVIEWED_FIELDS = (
    "title", "summary", "intro", "body", "additional_benefits_heading",
    "additional_benefits_intro", "dosage_heading", "dose_min", "dose_max", "dose_unit",
    "dose_frequency", "dosage_note", "conclusion",
)  # fmt: skip
BENEFIT_FIELDS = ("kind", "title", "description")
REFERENCE_FIELDS = ("authors", "title", "publication", "year", "url", "pmid", "doi")
# The fields a reviewer may comment on, as the form names them.
COMMENTABLE_FIELDS = (*REVIEWED_FIELDS, "benefits", "references")


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # 200, 200.0 and 200.000 are one dose.
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value).replace("\r\n", "\n").strip()


def text_digest(article: Article) -> str:
    """A SHA-256 of the article's reviewed text, its benefits and references, in order: the
    same for the same text, whichever path stored it. Reads the benefits and references
    through the article's (prefetched, on a page) relations."""
    text = {
        "fields": [_plain(getattr(article, name)) for name in REVIEWED_FIELDS],
        "benefits": [
            [_plain(getattr(b, f)) for f in BENEFIT_FIELDS] for b in article.benefits.all()
        ],
        "references": [
            [_plain(getattr(r, f)) for f in REFERENCE_FIELDS] for r in article.references.all()
        ],
    }
    encoded = json.dumps(text, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class ReviewClaim:
    """What the page may say of the review: who approved and when; whether the text is still
    the text approved (``current``); and when it was changed since (``updated_on``)."""

    reviewer: Contributor
    reviewed_on: date
    current: bool
    updated_on: date | None


def claim(article: Article) -> ReviewClaim | None:
    """The review the page shows for ``article`` (saved, or a copy with submitted values), or
    ``None`` when no reviewer signed off any of its text."""
    if article.sign_off_id is None or article.pk in (None, 0):
        return None
    sign_off = article.sign_off
    if sign_off is None or sign_off.reviewer is None or sign_off.decided_at is None:
        return None
    current = sign_off.digest == text_digest(article)
    updated = None
    if not current and article.updated_at is not None:
        updated = timezone.localdate(article.updated_at)
    return ReviewClaim(sign_off.reviewer, timezone.localdate(sign_off.decided_at), current, updated)


def is_current(article: Article) -> bool:
    """Whether a reviewer approved ``article``'s text as it is."""
    review = claim(article)
    return review is not None and review.current


def latest_revision(article: Article):
    """The article's newest revision (django-reversion's), or ``None``."""
    from reversion.models import Version

    version = Version.objects.using(write_db()).get_for_object(article).first()
    return version.revision if version is not None else None


def waiting_request(article: Article) -> ReviewRequest | None:
    return (
        ReviewRequest.objects.using(write_db())
        .select_for_update()
        .filter(article_id=article.pk)
        .waiting()
        .first()
    )


def reviewer_of(user) -> Contributor | None:
    """The contributor an administrator linked to ``user``'s account, or ``None``."""
    if user is None or user.pk is None:
        return None
    return Contributor.objects.using(write_db()).filter(user_id=user.pk).first()


def _saved_text(article: Article) -> Article:
    """The article as stored, with its rows, for a digest: never an object a form changed."""
    return (
        Article.objects.using(write_db())
        .prefetch_related("benefits", "references")
        .get(pk=article.pk)
    )


def _show_the_change(article: Article) -> None:
    """The article's page says something else about its review: make it cold (a cached page
    would keep the old review line)."""
    slug = Article.objects.using(write_db()).filter(pk=article.pk).values_list("slug", flat=True)
    upkeep.pages_changed([versions.article(s) for s in slug])


class _ReviewAction(Action):
    """Checks inside the transaction: they lock the article's waiting request, so that two
    reviewers deciding at once, or a decision and a new submission, cannot both pass."""

    def execute(self):
        with transaction.atomic(using=write_db()):
            return super().execute()


class SubmitForReview(_ReviewAction):
    """A writer asks for a medical review of the article's text: the latest revision, or the
    draft changes of a live article (``text``: the article as the draft would publish it)."""

    def __init__(
        self, article: Article, user, text: Article | None = None, draft_edit_number=None,
        assignee=None,
    ) -> None:  # fmt: skip
        super().__init__(article, user)
        self.text, self.draft_edit_number, self.assignee = text, draft_edit_number, assignee

    def digest(self) -> str:
        if not hasattr(self, "_digest"):
            self._digest = text_digest(
                self.text if self.text is not None else _saved_text(self.article)
            )
        return self._digest

    def check(self) -> None:
        if not policy.can_change(self.user):
            raise ActionRefused(_("You may not submit this article for review."))
        if self.article.pk is None:
            raise ActionRefused(_("Save the article before you submit it for review."))
        if self.assignee is not None and (
            not policy.can_review(self.assignee) or reviewer_of(self.assignee) is None
        ):
            raise ActionRefused(_("The reviewer asked for cannot review articles."))
        waiting = waiting_request(self.article)
        if waiting is not None and waiting.digest == self.digest():
            raise ActionRefused(_("This text is waiting for review already."))
        stored = Article.objects.using(write_db()).filter(pk=self.article.pk)
        sign_off = stored.values_list("sign_off__digest", flat=True).first()
        if sign_off == self.digest():
            raise ActionRefused(_("A reviewer approved this text already."))

    def _execute(self) -> ReviewRequest:
        # A text changed since it was submitted replaces the older request.
        ReviewRequest.objects.using(write_db()).filter(article_id=self.article.pk).waiting().update(
            status=ReviewRequest.Status.WITHDRAWN, decided_at=timezone.now()
        )
        request = ReviewRequest.objects.using(write_db()).create(
            article=self.article,
            revision=latest_revision(self.article),
            draft_edit_number=self.draft_edit_number,
            digest=self.digest(),
            submitted_by=self.user if self.user is not None and self.user.pk else None,
            assignee=self.assignee,
        )
        log(self.user, self.article, _("Submitted for medical review"))
        notify.after_commit(notify.submitted, request.pk)
        return request


class _Decide(_ReviewAction):
    """A reviewer's decision on the waiting request, for the text they saw (``seen``: its
    digest, from the form they decided on)."""

    def __init__(
        self, article: Article, user, comment: str = "", seen: str | None = None,
        text: Article | None = None,
    ) -> None:  # fmt: skip
        super().__init__(article, user)
        self.comment, self.seen, self.text = (comment or "").strip(), seen, text

    def check(self) -> None:
        if not policy.can_review(self.user):
            raise ActionRefused(_("Only a medical reviewer can review articles."))
        if len(self.comment) > COMMENT_MAX_LENGTH:
            raise ActionRefused(
                _("A comment has at most %(n)d characters.") % {"n": COMMENT_MAX_LENGTH}
            )
        self.request = waiting_request(self.article)
        if self.request is None:
            raise ActionRefused(_("This article is not waiting for review."))
        text = self.text if self.text is not None else _saved_text(self.article)
        current = text_digest(text)
        if current != self.request.digest or (self.seen is not None and self.seen != current):
            raise ActionRefused(
                _(
                    "The text changed since it was submitted or since you opened it: reload "
                    "the page and read it again; the writer submits the new text."
                )
            )

    def _decide(self, status: str, reviewer: Contributor | None = None) -> ReviewRequest:
        request = self.request
        assert request is not None  # execute() runs check() first, which refuses without one
        request.status = status
        request.decided_by = self.user if self.user is not None and self.user.pk else None
        request.decided_at = timezone.now()
        request.reviewer = reviewer
        request.comment = self.comment
        request.save(using=write_db())
        return request


class ApproveReview(_Decide):
    """Sign off the submitted text: the page names the reviewer's contributor while the live
    text is this text."""

    def check(self) -> None:
        super().check()
        self.reviewer = reviewer_of(self.user)
        if self.reviewer is None:
            raise ActionRefused(
                _(
                    "Your account is not linked to a contributor, so the page could not name "
                    "you: an administrator links it on the contributor's page."
                )
            )

    def _execute(self) -> ReviewRequest:
        request = self._decide(ReviewRequest.Status.APPROVED, self.reviewer)
        Article.objects.using(write_db()).filter(pk=self.article.pk).update(sign_off=request)
        self.article.sign_off = request
        self.article.__dict__.pop("review", None)
        log(self.user, self.article, _("Approved the medical review"))
        _show_the_change(self.article)
        notify.after_commit(notify.decided, request.pk)
        return request


class RequestChanges(_Decide):
    """Send the text back to its writer with a comment saying what to change."""

    def check(self) -> None:
        if not self.comment:
            raise ActionRefused(_("Say what should change: a comment is needed."))
        super().check()

    def _execute(self) -> ReviewRequest:
        request = self._decide(ReviewRequest.Status.CHANGES)
        log(
            self.user,
            self.article,
            _("Requested changes: %(comment)s") % {"comment": self.comment[:200]},
        )
        notify.after_commit(notify.decided, request.pk)
        return request


class CommentOnText(_ReviewAction):
    """A comment on one field of the text (optionally quoting a passage), or an answer to one,
    on the article's latest revision. Reviewers comment; writers answer."""

    def __init__(
        self, article: Article, user, text: str, field: str = "", quote: str = "",
        parent: ReviewComment | None = None,
    ) -> None:  # fmt: skip
        super().__init__(article, user)
        self.text, self.field = (text or "").strip(), field
        self.quote, self.parent = (quote or "").strip(), parent

    def check(self) -> None:
        if self.parent is None and not policy.can_review(self.user):
            raise ActionRefused(_("Only a medical reviewer can comment on the text."))
        if self.parent is not None and not (
            policy.can_review(self.user) or policy.can_change(self.user)
        ):
            raise ActionRefused(_("You may not answer comments on this article."))
        if self.parent is not None and self.parent.article_id != self.article.pk:
            raise ActionRefused(_("This comment belongs to another article."))
        if self.parent is None and self.field not in COMMENTABLE_FIELDS:
            raise ActionRefused(_("Choose the part of the text the comment is about."))
        if not self.text:
            raise ActionRefused(_("Write the comment first."))
        if len(self.text) > COMMENT_MAX_LENGTH or len(self.quote) > QUOTE_MAX_LENGTH:
            raise ActionRefused(
                _("A comment has at most %(n)d characters, a quoted passage %(q)d.")
                % {"n": COMMENT_MAX_LENGTH, "q": QUOTE_MAX_LENGTH}
            )
        comments = ReviewComment.objects.using(write_db()).filter(article_id=self.article.pk)
        if comments.count() >= MAX_COMMENTS_PER_ARTICLE:
            raise ActionRefused(
                _("This article has %(n)d review comments, the most it may have.")
                % {"n": MAX_COMMENTS_PER_ARTICLE}
            )

    def _execute(self) -> ReviewComment:
        parent = self.parent
        comment = ReviewComment.objects.using(write_db()).create(
            article=self.article,
            revision=parent.revision if parent else latest_revision(self.article),
            parent=parent,
            field=parent.field if parent else self.field,
            quote="" if parent else self.quote,
            text=self.text,
            author=self.user if self.user is not None and self.user.pk else None,
        )
        log(
            self.user,
            self.article,
            _("Answered a review comment") if parent else _("Commented on the text"),
        )
        return comment


class ResolveComment(_ReviewAction):
    """Mark a comment (and its answers) as dealt with."""

    def __init__(self, article: Article, user, comment: ReviewComment) -> None:
        super().__init__(article, user)
        self.comment = comment

    def check(self) -> None:
        if not (policy.can_review(self.user) or policy.can_change(self.user)):
            raise ActionRefused(_("You may not resolve comments on this article."))
        if self.comment.article_id != self.article.pk or self.comment.parent_id is not None:
            raise ActionRefused(_("This comment cannot be resolved here."))

    def _execute(self) -> ReviewComment:
        self.comment.resolved_at = timezone.now()
        self.comment.resolved_by = self.user if self.user is not None and self.user.pk else None
        self.comment.save(using=write_db())
        log(self.user, self.article, _("Resolved a review comment"))
        return self.comment


def waiting_for(user):
    """The articles waiting for a review ``user`` may give: submitted by someone else, and
    asked of them or of any reviewer."""
    if not policy.can_review(user):
        return Article.objects.none()
    requests = ReviewRequest.objects.waiting()
    if user is not None and user.pk is not None:
        requests = requests.filter(~Q(submitted_by=user) | Q(submitted_by__isnull=True))
        requests = requests.filter(Q(assignee=user) | Q(assignee__isnull=True))
    return Article.objects.filter(pk__in=requests.values("article_id"))
