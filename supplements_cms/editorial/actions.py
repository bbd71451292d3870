"""The editorial actions: one class per step that changes an article's state.

Each action is built with the user (``None``: an operator's command) and what it acts on;
:meth:`Action.check` raises :class:`ActionRefused` with a message an editor can read when the
user may not, or the article is not ready; :meth:`Action.execute` checks, then writes in one
transaction on the write database, with a revision and an admin-log entry naming the user. Work
that must wait for the commit (cache versions, CDN purges, signals) is scheduled by
:mod:`supplements_cms.delivery.upkeep`, which every save of an article reaches.

The model is Wagtail's ``wagtail/actions/``: small classes, ``check()`` then ``execute()``, one
permission policy (:mod:`.policy`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Article, DraftChange
from . import policy
from .rules import (
    PublicState,
    accept_claims,
    hold_back,
    publish_problems,
    record,
    unaccepted_claims,
)


class ActionRefused(PermissionDenied):
    """The action may not run: the user lacks the permission, or the article is not ready.
    ``str()`` is the reason, for an admin message or a command's error line."""


def write_db() -> str:
    """The database an article's writes go to, which every read that decides a write uses: a
    replica may not have seen the transaction yet."""
    return router.db_for_write(Article)


def log(user, article: Article, message: str, flag: int = CHANGE) -> None:
    """The admin log's line for an action, under the user who took it (none for a command)."""
    if user is not None and user.pk is not None:
        LogEntry.objects.log_actions(user.pk, [article], flag, message, single_object=True)


class Action:
    """One step; subclasses set :meth:`check` and :meth:`_execute`."""

    def __init__(self, article: Article, user) -> None:
        self.article, self.user = article, user

    def check(self) -> None:
        """Raise :class:`ActionRefused` unless the user may take this step now."""

    def execute(self):
        self.check()
        with transaction.atomic(using=write_db()), reversion.create_revision(using=write_db()):
            if self.user is not None and self.user.pk is not None:
                reversion.set_user(self.user)
            return self._execute()

    def _execute(self):
        raise NotImplementedError


class PublishArticle(Action):
    """Put an article live now, or at ``at`` (scheduling): a publisher's decision, for a
    complete article whose claim warnings a publisher accepted."""

    def __init__(self, article: Article, user, at: datetime | None = None, comment: str = ""):
        super().__init__(article, user)
        self.at, self.comment = at, comment

    def check(self) -> None:
        if not policy.can_publish(self.user):
            raise ActionRefused(_("Only a publisher can publish articles."))
        if self.article.is_published and self.at is None:
            raise ActionRefused(_("The article is published already."))
        problem = publish_problems(self.article)
        if problem:
            raise ActionRefused(problem)

    def _execute(self) -> Article:
        before = PublicState.stored(self.article.pk, using=write_db())
        self.article.status = Article.Status.PUBLISHED
        if self.at is not None:
            self.article.published_at = self.at
        self.article.save()
        reversion.set_comment(self.comment or _("Published"))
        record(self.user, self.article, before)
        return self.article


class ScheduleArticle(PublishArticle):
    """Publish at a time to come: readers see the article from then on, with no job to run."""

    def check(self) -> None:
        if self.at is None or self.at <= timezone.now():
            raise ActionRefused(_("A scheduled publication needs a time in the future."))
        super().check()


class UnpublishArticle(Action):
    """Take a published article offline (back to draft): a publisher's decision."""

    def check(self) -> None:
        if not policy.can_publish(self.user):
            raise ActionRefused(_("Only a publisher can unpublish articles."))
        if not self.article.is_published:
            raise ActionRefused(_("The article is not published."))

    def _execute(self) -> Article:
        before = PublicState.stored(self.article.pk, using=write_db())
        self.article.status = Article.Status.DRAFT
        self.article.save()
        reversion.set_comment(_("Unpublished"))
        record(self.user, self.article, before)
        return self.article


class DeleteArticle(Action):
    """Delete an article. Deleting a published one takes its page offline, so it is a
    publisher's decision too. Its revisions stay, for "Recover deleted articles"."""

    def check(self) -> None:
        if not policy.can_delete(self.user):
            raise ActionRefused(_("You may not delete articles."))
        if self.article.is_published and not policy.can_publish(self.user):
            raise ActionRefused(
                _("“%(title)s” is published: only a publisher can take it offline.")
                % {"title": self.article.title}
            )

    def _execute(self) -> None:
        # No revision of the deletion: django-reversion saves versions only of rows that still
        # exist when the revision closes. Recover brings back the last saved revision.
        log(self.user, self.article, _("Deleted"), DELETION)
        self.article.delete()


class DiscardDraftChanges(Action):
    """Drop a published article's draft changes. ``seen`` is the draft's edit number the
    editor saw: a draft saved again since is never discarded unseen."""

    def __init__(self, article: Article, user, seen: int | None) -> None:
        super().__init__(article, user)
        self.seen = seen

    def check(self) -> None:
        if not policy.can_change(self.user):
            raise ActionRefused(_("You may not change this article."))
        draft = DraftChange.objects.using(write_db()).filter(article_id=self.article.pk).first()
        if draft is not None and self.seen is not None and draft.edit_number != self.seen:
            raise ActionRefused(stale_draft_message(draft))

    def _execute(self) -> bool:
        deleted, _rows = (
            DraftChange.objects.using(write_db()).filter(article_id=self.article.pk).delete()
        )
        if deleted:
            log(self.user, self.article, _("Discarded draft changes"))
        return bool(deleted)


def stale_draft_message(draft: DraftChange) -> str:
    who = draft.saved_by.get_username() if draft.saved_by_id and draft.saved_by else ""
    return _(
        "Someone%(who)s saved newer draft changes of this article after you opened it. Nothing "
        "was changed, and your text is still on this page: reload the page to see their draft, "
        "then make your changes again."
    ) % {"who": f" ({who})" if who else ""}


# Form fields that steer a save rather than hold the article: never part of a draft.
_CONTROL_FIELDS = {"edited_from", "overwrite", "accept_claims", "draft_edit_number"}


class SaveDraftChanges(Action):
    """Keep a published article's next version without putting it live.

    Built from the article's validated change form and inline formsets (never from a raw
    request): the draft keeps only their fields and rows, and names what changed against the
    live article. Anyone who may change articles may; readers see nothing of it.
    """

    def __init__(self, article: Article, user, form, formsets, comment: str = "") -> None:
        super().__init__(article, user)
        self.form, self.formsets, self.comment = form, list(formsets), comment

    def check(self) -> None:
        if not policy.can_change(self.user):
            raise ActionRefused(_("You may not change this article."))
        stored = PublicState.stored(self.article.pk, using=write_db())
        if stored is None or not stored.is_published:
            raise ActionRefused(_("Only a published article has draft changes; save it instead."))
        if self.form.errors or any(not fs.is_valid() for fs in self.formsets):
            raise ActionRefused(_("The form has errors; nothing was saved."))
        seen = self.form.cleaned_data.get("draft_edit_number")
        current = (
            DraftChange.objects.using(write_db())
            .select_for_update()
            .filter(article_id=self.article.pk)
            .first()
        )
        if current is not None and seen is not None and current.edit_number != seen:
            raise ActionRefused(stale_draft_message(current))

    def _execute(self) -> DraftChange:
        rows = DraftChange.objects.using(write_db())
        current = rows.filter(article_id=self.article.pk).first()
        draft = current or DraftChange(article_id=self.article.pk, edit_number=0)
        draft.data = draft_data(self.form, self.formsets)
        draft.changed_fields = [n for n in self.form.changed_data if n not in _CONTROL_FIELDS]
        draft.changed_rows = [fs.prefix for fs in self.formsets if fs.has_changed()]
        draft.edit_number += 1
        draft.saved_by = self.user
        draft.save(using=write_db())
        log(self.user, self.article, self.comment or _("Saved draft changes"))
        return draft


def draft_data(form, formsets) -> dict[str, list[str]]:
    """The posted values of ``form``'s own fields (a split widget's parts included) and of the
    formsets' rows and management forms; nothing else a request carried."""
    from django.forms import MultiWidget

    names: set[str] = set()
    for bound in form:
        if bound.name in _CONTROL_FIELDS:
            continue
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            suffixes = widget.widgets_names  # type: ignore[attr-defined]  # Django 3.1+, not in stubs
            names |= {bound.html_name + suffix for suffix in suffixes}
        else:
            names.add(bound.html_name)
    prefixes = tuple(f"{fs.prefix}-" for fs in formsets)
    data = form.data
    return {
        key: [str(v) for v in data.getlist(key)]
        for key in data
        if key in names or key.startswith(prefixes)
    }


@dataclass
class Saved:
    """What :class:`SaveArticle` did, for the admin's messages."""

    article: Article
    kept: list[str]
    unaccepted_claims: int


class SaveArticle(Action):
    """The change form's save (add, change, restore, recover): the article, its conditions and
    rows as one revision.

    ``before`` is the article's public state before the change (``None``: new or recovered);
    what the user may not change of it is put back (:func:`~.rules.hold_back`), and a restore
    (``restoring``) never changes the status. ``edit_floor`` is the least edit number the save
    must pass (a restore reverts the row to the revision's older one).
    """

    def __init__(
        self,
        article: Article,
        user,
        form,
        formsets,
        before: PublicState | None,
        *,
        restoring: bool = False,
        edit_floor: int = 0,
    ) -> None:
        super().__init__(article, user)
        self.form, self.formsets, self.before = form, list(formsets), before
        self.restoring, self.edit_floor = restoring, edit_floor

    def check(self) -> None:
        new = self.before is None and not self.restoring
        if not (policy.can_add(self.user) if new else policy.can_change(self.user)):
            raise ActionRefused(_("You may not change this article."))
        if self.form.errors or any(not fs.is_valid() for fs in self.formsets):
            raise ActionRefused(_("The form has errors; nothing was saved."))

    def _execute(self) -> Saved:
        article = self.article
        if self.restoring:
            keep_status(article, self.before)
        kept = hold_back(self.user, article, self.before)
        article.edit_number = max(article.edit_number, self.edit_floor)
        article.save()
        self.form.save_m2m()
        for formset in self.formsets:
            formset.save()
        accepted = getattr(self.form, "accepted_claims", [])
        if accepted:
            accept_claims(self.user, article, accepted)
        # The form held the draft (it opens on it): saving it live leaves no draft behind.
        DraftChange.objects.using(write_db()).filter(article_id=article.pk).delete()
        record(self.user, article, self.before)
        return Saved(article, kept, len(unaccepted_claims(article)))


def keep_status(article: Article, before: PublicState | None) -> None:
    """A restore never publishes nor unpublishes (only publish and unpublish do), and the
    revision of a live article it makes into draft changes keeps the live time and address."""
    if before is None:
        return
    article.status = before.status
    if before.is_published:
        article.published_at, article.slug = before.published_at, before.slug


class ImportArticle(Action):
    """Create or update an article from an export file (both importers).

    ``write`` is the importer's own step that puts the file's fields and rows on the article
    and saves them; this action decides whether the user may, publishes through
    :class:`PublishArticle` when asked (so an import obeys every publishing rule), marks what
    the import left (``imported_edit_number``) and records the revision and the log line naming
    the file. Returns why the article was kept a draft ("" when it was not).
    """

    def __init__(
        self,
        article: Article,
        user,
        write: Callable[[Article], None],
        *,
        message: str,
        publish: bool = False,
    ) -> None:
        super().__init__(article, user)
        self.write, self.message, self.publish = write, message, publish
        self.created = article.pk is None

    def check(self) -> None:
        if not (policy.can_add(self.user) and policy.can_change(self.user)):
            raise ActionRefused(
                _("%(user)s may not add and change articles, so may not import them.")
                % {"user": self.user}
            )
        if self.publish and not policy.can_publish(self.user):
            raise ActionRefused(_("Only a publisher can publish articles."))
        stored = PublicState.stored(self.article.pk, using=write_db())
        if stored is not None and stored.is_published and not policy.can_publish(self.user):
            raise ActionRefused(_("the article is published; only a publisher can change it"))

    def _execute(self) -> str:
        self.write(self.article)
        held_back = ""
        if self.publish and not self.article.is_published:
            try:
                PublishArticle(self.article, self.user, comment=self.message).execute()
            except ActionRefused as refusal:
                held_back = str(refusal)
        rows = Article.objects.using(write_db()).filter(pk=self.article.pk)
        rows.update(imported_edit_number=F("edit_number"))
        self.article.refresh_from_db(fields=["edit_number", "imported_edit_number"])
        # Again, now that the parts are saved: the revision holds the article as imported.
        reversion.add_to_revision(self.article)
        reversion.set_comment(self.message)
        log(self.user, self.article, self.message, ADDITION if self.created else CHANGE)
        return held_back


class RestoreRevision(SaveArticle):
    """History → restore, on an unpublished article: the revision's text as a new revision,
    the status kept. (Of a published article, a restore is :class:`SaveDraftChanges`.)"""


class RecoverArticle(SaveArticle):
    """Bring a deleted article back from its last revision: a draft unless a publisher
    recovers it."""


class AcceptClaimWarnings(Action):
    """A publisher's decision that these claim warnings of the article may be published as
    written; recorded with who and when, for this article and these sentences only."""

    def __init__(self, article: Article, user, warnings: list) -> None:
        super().__init__(article, user)
        self.warnings = warnings

    def check(self) -> None:
        if not policy.can_publish(self.user):
            raise ActionRefused(_("Only a publisher can accept claim warnings."))

    def _execute(self) -> None:
        accept_claims(self.user, self.article, self.warnings)
        phrases = ", ".join(f"“{w.phrase}”" for w in self.warnings)
        log(
            self.user,
            self.article,
            _("Accepted claim warnings: %(phrases)s") % {"phrases": phrases},
        )


# What a copy never takes from its source: its identity and place, its life as published or
# imported, and its medical sign-off (the reviewer approved that article, not this one).
_NOT_COPIED = {
    "id",
    "slug",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "edit_number",
    "imported_edit_number",
    "sign_off",
    "author",
}
_COPIED_ROWS = ("benefits", "references", "related_posts")


class DuplicateArticle(Action):
    """ "Save as new": a draft copy of an article under a free address, with its text, rows,
    conditions, supplement, call to action and featured image (the same stored files), written
    by the user who copies it. Never its status, schedule, revisions, sign-off, import identity
    or claim acceptances: a publisher decides anew about the copy."""

    def check(self) -> None:
        if not policy.can_add(self.user):
            raise ActionRefused(_("You may not add articles."))
        if not policy.can_view(self.user):
            raise ActionRefused(_("You may not see this article."))
        if self.article.pk is None:
            raise ActionRefused(_("Only a saved article can be duplicated."))

    def _execute(self) -> Article:
        db = write_db()
        source = Article.objects.using(db).get(pk=self.article.pk)
        values = {
            f.attname: getattr(source, f.attname)
            for f in Article._meta.concrete_fields
            if f.name not in _NOT_COPIED
        }
        title_limit = Article._meta.get_field("title").max_length or 200
        values["title"] = (_("%(title)s (copy)") % {"title": source.title})[:title_limit]
        values["image"] = source.image.name or ""
        renditions = source.image_renditions if source.image else []
        if renditions:
            # The source's renditions serve the copy too: the same file needs no resizing.
            values["image"] = ""
        copy = Article(
            **values,
            status=Article.Status.DRAFT,
            author=self.user if self.user is not None and self.user.pk else None,
        )
        copy.save(using=db)
        if renditions:
            image_fields = {
                "image": source.image.name,
                "image_width": source.image_width,
                "image_height": source.image_height,
                "image_renditions": renditions,
            }
            Article.objects.using(db).filter(pk=copy.pk).update(**image_fields)
            # Loaded again rather than assigned: assigning a file makes Django open it.
            copy = Article.objects.using(db).get(pk=copy.pk)
        # Related rows from the write database too: a lagging replica would drop them.
        copy.conditions.set(list(source.conditions.all().using(db)))
        for relation in _COPIED_ROWS:
            for row in getattr(source, relation).all().using(db):
                row.pk, row.article = None, copy
                row.save(using=db)
        # After the rows: the revision holds the copy with them (reversion follows them).
        reversion.add_to_revision(copy)
        message = _("Duplicated from “%(title)s” (#%(id)s)") % {
            "title": source.title,
            "id": source.pk,
        }
        reversion.set_comment(message)
        log(self.user, copy, message, ADDITION)
        return copy


@dataclass
class TopicChanges:
    """What a bulk edit changes on each article; ``None``: leave it as it is.

    ``conditions`` is (``"set"``, ``"add"`` or ``"remove"``, conditions); ``supplement`` and
    ``author`` are ``(value,)`` so that "none" (``(None,)``) differs from "leave it"."""

    conditions: tuple[str, list] | None = None
    supplement: tuple | None = None
    author: tuple | None = None

    def fields(self) -> list[str]:
        return [n for n in ("conditions", "supplement", "author") if getattr(self, n) is not None]

    def conditions_from(self, current: list) -> list:
        assert self.conditions is not None
        how, chosen = self.conditions
        if how == "set":
            return list(chosen)
        if how == "add":
            return [*current, *(c for c in chosen if c not in current)]
        return [c for c in current if c not in chosen]


class EditArticleTopics(Action):
    """The list's bulk edit on one article: its conditions, supplement or author.

    ``seen`` is the article's edit number when the editor chose it: an article saved since is
    left alone. On a published article a writer's change becomes (or joins) its draft changes,
    as a writer's save of the form does; a publisher's goes live, and a draft that changes the
    same fields follows it, so that publishing the draft later does not undo it."""

    def __init__(self, article: Article, user, changes: TopicChanges, seen: int | None) -> None:
        super().__init__(article, user)
        self.changes, self.seen = changes, seen

    def check(self) -> None:
        if not policy.can_change(self.user):
            raise ActionRefused(_("You may not change this article."))
        if not self.changes.fields():
            raise ActionRefused(_("Nothing to change was chosen."))
        how = self.changes.conditions[0] if self.changes.conditions else "set"
        if how not in ("set", "add", "remove"):
            raise ActionRefused(_("Choose whether to set, add or remove the conditions."))
        stored = (
            Article.objects.using(write_db())
            .filter(pk=self.article.pk)
            .values_list("edit_number", flat=True)
            .first()
        )
        if stored is None:
            raise ActionRefused(_("The article was deleted."))
        if self.seen is not None and stored != self.seen:
            raise ActionRefused(
                _("It was saved by someone else after you chose it; nothing was changed.")
            )

    def _execute(self) -> str:
        """Return how the change was kept: ``"live"`` or ``"draft"``."""
        db = write_db()
        article = Article.objects.using(db).select_for_update().get(pk=self.article.pk)
        draft = DraftChange.objects.using(db).filter(article_id=article.pk).first()
        if article.is_published and not policy.can_publish(self.user):
            self._into_draft(article, draft)
            return "draft"
        changes = self.changes
        # Conditions and supplements are part of what claims are read against (and have their
        # own descriptions): a live page takes no new unaccepted warning, as on its form.
        live = article.is_published
        warned = {w.key for w in unaccepted_claims(article)} if live else set()
        if changes.supplement is not None:
            article.supplement = changes.supplement[0]
        if changes.author is not None:
            article.author = changes.author[0]
        article.save(using=db)
        if changes.conditions is not None:
            current = list(article.conditions.all().using(db))
            article.conditions.set(changes.conditions_from(current))
        new = [w for w in unaccepted_claims(article) if w.key not in warned] if live else []
        if new:
            # Raised inside the transaction: nothing of this article is changed.
            raise ActionRefused(
                ngettext(
                    "with this change %(n)d sentence would read as a disease claim on the live "
                    "page; make the change on its form, where a publisher accepts it.",
                    "with this change %(n)d sentences would read as disease claims on the live "
                    "page; make the change on its form, where a publisher accepts them.",
                    len(new),
                )
                % {"n": len(new)}
            )
        if draft is not None and draft.changed_fields is not None:
            following = [n for n in changes.fields() if n in draft.changed_fields]
            if following:
                self._into_draft(article, draft, only=following, log_it=False)
        reversion.add_to_revision(article)
        message = _("Changed %(fields)s (bulk edit)") % {"fields": self._labels()}
        reversion.set_comment(message)
        log(self.user, article, message)
        self.article = article
        return "live"

    def _labels(self) -> str:
        labels = {
            "conditions": _("conditions"),
            "supplement": _("supplement"),
            "author": _("author"),
        }
        return ", ".join(str(labels[n]) for n in self.changes.fields())

    def _into_draft(
        self,
        article: Article,
        draft: DraftChange | None,
        only: list[str] | None = None,
        log_it: bool = True,
    ) -> None:
        """Write the changes into the article's draft changes (a new draft holds only them)."""
        from ..models import Condition

        names = only or self.changes.fields()
        draft = draft or DraftChange(
            article_id=article.pk, edit_number=0, data={}, changed_fields=[]
        )
        data = dict(draft.data)
        changed = draft.changed_fields
        if "conditions" in names:
            in_draft = changed is None or "conditions" in changed or "new_conditions" in changed
            if in_draft and ("conditions" in data or "new_conditions" in data):
                ids = [int(v) for v in data.get("conditions", []) if str(v).isdigit()]
                current = list(Condition.objects.using(write_db()).filter(pk__in=ids))
                typed = ",".join(data.get("new_conditions", []))
                current += Condition.objects.resolve(re.split(r"[,\n;]+", typed))
            else:
                current = list(article.conditions.all().using(write_db()))
            chosen = self.changes.conditions_from(current)
            data["conditions"] = [str(c.pk) for c in chosen]
            data["new_conditions"] = [""]
        if "supplement" in names:
            value = self.changes.supplement[0] if self.changes.supplement else None
            data["supplement"] = [str(value.pk) if value is not None else ""]
        if "author" in names:
            value = self.changes.author[0] if self.changes.author else None
            data["author"] = [str(value.pk) if value is not None else ""]
        draft.data = data
        if changed is not None:
            draft.changed_fields = [*changed, *(n for n in names if n not in changed)]
        draft.edit_number += 1
        draft.saved_by = self.user if self.user is not None and self.user.pk else None
        draft.save(using=write_db())
        if log_it:
            log(
                self.user,
                article,
                _("Saved draft changes of %(fields)s (bulk edit)") % {"fields": self._labels()},
            )
