"""What one request does to an article in the admin, as one typed object.

Django's admin builds a change form through a chain of hooks (``change_view``, ``get_object``,
``get_form``, ``save_related``, ``response_change``…) that pass nothing to each other but the
request. A view that starts a particular edit (a restore, a recover, draft changes) says so on
the request's :class:`ArticleEdit`, made once by :func:`article_edit`; the hooks read it there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, QueryDict

from ..editorial.rules import PublicState
from ..models import DraftChange


@dataclass
class ArticleEdit:
    # This save of a published article becomes its draft changes.
    saving_draft: bool = False
    # The form opens on the live article with these draft changes (a GET).
    showing_draft: DraftChange | None = None
    # A restore replaces the article's draft changes: the edit number of the draft it saw
    # (0: none), so that a draft saved while the restore form was open is kept.
    replacing_draft: int | None = None
    # A restore of a published article checks the form against the live article's edit number.
    live_edit_number: int | None = None
    # A restore's revert writes the revision's older edit number: the save must go past this.
    edit_floor: int = 0
    # A restore or a recover reverted the stored rows before the form, so the public state
    # before them cannot be read back: it is kept here (``None`` for a recover).
    reverted: bool = False
    state_before: PublicState | None = None
    # The database was too busy for the save: the form comes back as posted.
    database_busy: bool = False
    # The posted data, copied once for the inline formsets to share (base.SharesPostedData).
    posted_copy: QueryDict | None = None

    @property
    def restoring(self) -> bool:
        return self.reverted and self.state_before is not None

    @property
    def recovering(self) -> bool:
        return self.reverted and self.state_before is None

    def revert(self, state_before: PublicState | None) -> None:
        """A restore (the article's public state now) or a recover (``None``) reverts first."""
        self.reverted, self.state_before = True, state_before


def article_edit(request: HttpRequest) -> ArticleEdit:
    """The request's :class:`ArticleEdit`, made on first use."""
    edit = getattr(request, "article_edit", None)
    if edit is None:
        edit = ArticleEdit()
        request.article_edit = edit  # type: ignore[attr-defined]  # the one attribute, typed here
    return edit
