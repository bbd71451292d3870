"""Who may change what readers see, in the article admin: the change form, restore, recover and
the list's actions all go through :mod:`supplements_cms.editorial.rules`."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..editorial.actions import (
    Action,
    ActionRefused,
    DeleteArticle,
    PublishArticle,
    UnpublishArticle,
    keep_status,
)
from ..editorial.policy import can_publish
from ..editorial.rules import PublicState, hold_back
from ..models import Article
from .base import ArticleAdminBase
from .edit import article_edit


class PublishingMixin(ArticleAdminBase):
    """The publish permission on the change form, on restore and recover, and in the actions."""

    actions: tuple[str, ...] = ("publish", "unpublish")

    def has_publish_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        return can_publish(request.user)

    def public_state_before(self, request: HttpRequest, obj: Article | None) -> PublicState | None:
        edit = article_edit(request)
        if edit.reverted:
            return edit.state_before
        return PublicState.stored(obj.pk if obj is not None else None)

    def get_object(self, request: HttpRequest, object_id: str, from_field=None):
        """On restore and recover, the form starts from the revision with the public state
        this user may not change already put back, so the page shows what will be saved."""
        obj = super().get_object(request, object_id, from_field)
        edit = article_edit(request)
        if obj is not None and edit.reverted:
            keep_status(obj, edit.state_before)
            hold_back(request.user, obj, edit.state_before)
        return obj

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        """Deleting a published article takes its page offline: a publisher's decision."""
        if obj is not None and obj.is_published and not can_publish(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        DeleteArticle(obj, request.user).execute()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            try:
                DeleteArticle(article, request.user).execute()
            except ActionRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)

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

    def say_kept(self, request: HttpRequest, kept: list[str]) -> None:
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

    @admin.action(description=gettext_lazy("Publish selected articles"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        chosen = queryset.exclude(status=Article.Status.PUBLISHED)
        count = take_each(self, request, chosen, PublishArticle)
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
        count = take_each(self, request, published, UnpublishArticle)
        self.message_user(
            request,
            ngettext("%(n)d article unpublished.", "%(n)d articles unpublished.", count)
            % {"n": count},
            messages.SUCCESS,
        )


def take_each(model_admin, request: HttpRequest, queryset, action: type[Action]) -> int:
    """The action on each article, one revision each; a refusal names the article. Returns how
    many it took."""
    count = 0
    for article in queryset:
        try:
            action(article, request.user).execute()
        except ActionRefused as refusal:
            model_admin.message_user(request, f"“{article.title}”: {refusal}", messages.ERROR)
        else:
            count += 1
    return count
