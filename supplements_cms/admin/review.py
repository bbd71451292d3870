"""The medical review in the article admin: the review panel and comments on the form, the
list's "Review" column, and one view that runs each step through the editorial core.

The panel's buttons and text boxes sit inside the article's form on the page but belong to a
form of their own (the HTML ``form`` attribute), posted to :meth:`ReviewMixin.review_view`: a
review step never saves the article, and saving the article never takes a review step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..editorial import policy
from ..editorial.actions import Action, ActionRefused
from ..editorial.review import (
    COMMENTABLE_FIELDS,
    ApproveReview,
    CommentOnText,
    RequestChanges,
    ResolveComment,
    SubmitForReview,
    claim,
    text_digest,
)
from ..models import (
    Article,
    Contributor,
    DraftChange,
    ReviewComment,
    ReviewMailOptOut,
    ReviewRequest,
)
from .base import ArticleAdminBase


def _field_names(fields) -> list[str]:
    names: list[str] = []
    for field in fields:
        names += _field_names(field) if isinstance(field, list | tuple) else [field]
    return names


class ReviewMixin(ArticleAdminBase):
    if TYPE_CHECKING:
        # DraftChangesMixin's, mixed into ArticleAdmin beside this one.
        def draft_article(
            self, request: HttpRequest, article: Article, draft: DraftChange
        ) -> Article: ...

    def review_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<int:object_id>/review/",
                self.admin_site.admin_view(require_POST(self.review_view)),
                name=f"{name}_review",
            )
        ]

    def text_under_review(self, request: HttpRequest, article: Article):
        """What a review of ``article`` reads: its draft changes as they would be published,
        or ``None`` for the article as saved; and the draft's edit number."""
        draft = DraftChange.objects.filter(article=article).first()
        if draft is None:
            return None, None
        return self.draft_article(request, article, draft), draft.edit_number

    def review_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=object_id)
        if not request.user.is_authenticated:  # admin_view lets in only staff
            raise PermissionDenied
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        step, _sep, target = request.POST.get("step", "").partition(":")
        post, user = request.POST, request.user
        text, edit_number = self.text_under_review(request, article)
        comments = ReviewComment.objects.filter(article=article, parent=None)
        done = {
            "submit": _("Submitted for review: the reviewers are told."),
            "approve": _("Approved: the page names you as its medical reviewer."),
            "changes": _("Changes requested: the writer is told."),
            "comment": _("Comment added."),
            "answer": _("Answer added."),
            "resolve": _("Comment resolved."),
            "mail": _("Your choice about review mail is saved."),
        }
        if step not in done:
            return HttpResponseBadRequest(_("Unknown review step."))
        if step == "mail":
            # The user's own choice, not a change of the article: no action, no log.
            opted_out = ReviewMailOptOut.objects.filter(user=user)
            if target == "off":
                ReviewMailOptOut.objects.get_or_create(user=user)
            else:
                opted_out.delete()
            self.message_user(request, done[step], messages.SUCCESS)
            return HttpResponseRedirect(self._review_anchor(article))
        try:
            if step == "submit":
                chosen = post.get("assignee", "")
                assignee = (
                    get_object_or_404(get_user_model(), pk=chosen) if chosen.isdigit() else None
                )
                action: Action = SubmitForReview(
                    article, user, text=text, draft_edit_number=edit_number, assignee=assignee
                )
            elif step == "approve":
                action = ApproveReview(
                    article, user, post.get("decision", ""), post.get("seen"), text=text
                )
            elif step == "changes":
                action = RequestChanges(
                    article, user, post.get("decision", ""), post.get("seen"), text=text
                )
            elif step == "comment":
                action = CommentOnText(
                    article, user, post.get("comment", ""), post.get("field", ""),
                    post.get("quote", ""),
                )  # fmt: skip
            else:
                parent = get_object_or_404(comments, pk=target if target.isdigit() else 0)
                if step == "answer":
                    answer = post.get(f"answer-{parent.pk}", "")
                    action = CommentOnText(article, user, answer, parent=parent)
                else:
                    action = ResolveComment(article, user, parent)
            action.execute()
        except ActionRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
        else:
            self.message_user(request, done[step], messages.SUCCESS)
        return HttpResponseRedirect(self._review_anchor(article))

    def _review_anchor(self, article: Article) -> str:
        change = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk]
        )
        return f"{change}#scms-review"

    def review_context(self, request: HttpRequest, article: Article) -> dict[str, Any]:
        """What the form's review panel and its comments show to ``request.user``."""
        text, _edit_number = self.text_under_review(request, article)
        shown = text if text is not None else article
        latest = (
            ReviewRequest.objects.filter(article=article)
            .exclude(status=ReviewRequest.Status.WITHDRAWN)
            .select_related("submitted_by", "decided_by", "reviewer", "assignee__contributor")
            .first()
        )
        comments = (
            ReviewComment.objects.filter(article=article, parent=None)
            .select_related("author", "resolved_by", "revision")
            .prefetch_related(Prefetch("replies", ReviewComment.objects.select_related("author")))
        )
        labels = {f.name: f.verbose_name for f in Article._meta.get_fields() if f.concrete}
        labels |= {"benefits": _("benefits"), "references": _("references")}
        by_field: dict[str, list[ReviewComment]] = {}
        for comment in comments:
            comment.field_label = labels.get(  # type: ignore[attr-defined]  # for the template
                comment.field, comment.field
            )
            by_field.setdefault(comment.field, []).append(comment)
        return {
            "request": latest,
            "waiting": latest is not None and latest.status == ReviewRequest.Status.WAITING,
            "claim": claim(article),
            "seen": text_digest(shown),
            "may_review": policy.can_review(request.user),
            "may_submit": policy.can_change(request.user),
            "may_answer": policy.can_change(request.user) or policy.can_review(request.user),
            "comments": by_field,
            "mail_off": request.user.is_authenticated
            and ReviewMailOptOut.objects.filter(user=request.user).exists(),
            "reviewers": Contributor.objects.filter(user__isnull=False, user__is_active=True)
            .select_related("user")
            .order_by("name")[:200],
            "fields": [(name, labels.get(name, name)) for name in COMMENTABLE_FIELDS],
            "url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_review", args=[article.pk]
            ),
        }

    def render_change_form(
        self, request: HttpRequest, context: dict, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk:
            review = self.review_context(request, obj)
            comments = review["comments"]
            for part in context.get("form_parts", []):
                if part.fieldset is not None:
                    names = _field_names(part.fieldset.fields)
                else:
                    names = [part.name]
                part_comments = [c for name in names for c in comments.get(name, [])]
                context.setdefault("review_comments", {})[part.index] = part_comments
            context["review"] = review
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The list.

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        queryset = super().get_queryset(request).select_related("sign_off__reviewer")
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name and match.url_name.endswith("_changelist"):
            # The "Review" column compares each row's text with its sign-off.
            waiting = Prefetch(
                "review_requests", ReviewRequest.objects.waiting(), to_attr="waiting_requests"
            )
            queryset = queryset.prefetch_related("benefits", "references", waiting)
        return queryset

    @admin.display(description=gettext_lazy("medical review"))
    def review_label(self, article: Article) -> str:
        waiting = bool(getattr(article, "waiting_requests", None))
        review = claim(article)
        if review is None:
            label = _("Not reviewed")
        elif review.current:
            label = _("Reviewed on %(date)s") % {"date": date_format(review.reviewed_on)}
        else:
            label = _("Changed since review")
        return _("%(review)s · waiting for review") % {"review": label} if waiting else label
