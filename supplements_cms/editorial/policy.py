"""Who may do what to an article: one policy, asked by every action and every view.

Four roles, each a Django permission an operator gives to a group:

=========== ===================================== ============================================
role        permission                            may
=========== ===================================== ============================================
view-only   ``supplements_cms.view_article``      read the admin's pages, history and previews
writer      ``add_article`` / ``change_article``  save drafts and draft changes, restore into a
                                                  draft, discard draft changes, import drafts
reviewer    ``review_article``                    approve an article's text or ask for changes,
                                                  comment on it (``editorial.review``)
publisher   ``publish_article``                   change what readers see: publish, unpublish,
                                                  schedule, move a live article, accept claims
=========== ===================================== ============================================

``user=None`` is an operator's management command, which may do everything. The policy reads no
model, so models and templates may ask it too.
"""

from __future__ import annotations

APP = "supplements_cms"
VIEW = f"{APP}.view_article"
ADD = f"{APP}.add_article"
CHANGE = f"{APP}.change_article"
DELETE = f"{APP}.delete_article"
PUBLISH = f"{APP}.publish_article"
REVIEW = f"{APP}.review_article"


def _has(user, permission: str) -> bool:
    if user is None:
        return True
    return bool(user.is_active and user.is_staff and user.has_perm(permission))


def can_view(user) -> bool:
    """Read an article's admin pages, its history and its previews (drafts included)."""
    return _has(user, VIEW) or _has(user, CHANGE)


def can_add(user) -> bool:
    return _has(user, ADD)


def can_change(user) -> bool:
    """Change an article's text: a draft directly, a live one through draft changes."""
    return _has(user, CHANGE)


def can_delete(user) -> bool:
    return _has(user, DELETE)


def can_publish(user) -> bool:
    """Change what readers see: put live, take offline, move, reschedule, accept claims."""
    if user is None:
        return True
    # Publishing is a change too: a publisher without the change permission edits nothing.
    return bool(user.is_active and user.has_perm(PUBLISH))


def can_review(user) -> bool:
    """Approve an article's text medically or ask for changes, and comment on it."""
    return _has(user, REVIEW)


def can_preview(user) -> bool:
    """See drafts and scheduled articles on the site, as staff who edit them do."""
    return _has(user, CHANGE)
