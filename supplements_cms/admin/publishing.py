"""Who may change what readers see, in the article admin: the change form, restore, recover and
the list's actions all go through :mod:`supplements_cms.publishing`."""

from __future__ import annotations

import reversion
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models import Article
from ..publishing import PublicState, can_publish, hold_back, publish_problems, record

# The article's public state before a restore or a recover changes the database; those views
# revert the stored rows before the form is saved, so the state cannot be read back then.
_STATE_BEFORE = "_supplements_cms_public_state"


def remember_public_state(request: HttpRequest, state: PublicState | None) -> None:
    setattr(request, _STATE_BEFORE, state)


class PublishingMixin:
    """The publish permission on the change form, on restore and recover, and in the actions."""

    actions = ("publish", "unpublish")

    def has_publish_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return can_publish(request.user)

    def public_state_before(self, request: HttpRequest, obj: Article | None) -> PublicState | None:
        if hasattr(request, _STATE_BEFORE):
            return getattr(request, _STATE_BEFORE)
        return PublicState.stored(obj.pk if obj is not None else None)

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        """On restore and recover, the form starts from the revision with the public state
        this user may not change already put back, so the page shows what will be saved."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and hasattr(request, _STATE_BEFORE):
            hold_back(request.user, obj, getattr(request, _STATE_BEFORE))
        return obj

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and obj is not None:
            before = self.public_state_before(request, obj)
            if before is not None and before.is_published:
                # Unpublishing and moving a published page are a publisher's decisions.
                fields += ["status", "published_at", "slug"]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj: Article | None = None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value != Article.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        before = self.public_state_before(request, obj if change else None)
        kept = hold_back(request.user, obj, before)
        if kept:
            self.message_user(
                request,
                _(
                    "Only a publisher can change what readers see: the article keeps its "
                    "current %(parts)s."
                )
                % {"parts": ", ".join(kept)},
                messages.WARNING,
            )
        super().save_model(request, obj, form, change)
        record(request.user, obj, before)

    @admin.action(description=gettext_lazy("Publish selected articles"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        ready = []
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            problem = publish_problems(article)
            if problem:
                self.message_user(request, f"“{article.title}”: {problem}", messages.ERROR)
            else:
                ready.append(article)
        count = self._set_status(request, ready, Article.Status.PUBLISHED, _("Published"))
        self.message_user(
            request,
            ngettext("%(n)d article published.", "%(n)d articles published.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Unpublish selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        published = queryset.filter(status=Article.Status.PUBLISHED)
        count = self._set_status(request, published, Article.Status.DRAFT, _("Unpublished"))
        self.message_user(
            request,
            ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def _set_status(self, request: HttpRequest, queryset, status: str, comment: str) -> int:
        """One save and one revision per article, so history, version and HTML stay in step."""
        count = 0
        for article in queryset:
            before = PublicState.of(article)
            article.status = status
            if hold_back(request.user, article, before):
                continue
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(comment)
                article.save()
            record(request.user, article, before)
            count += 1
        return count
