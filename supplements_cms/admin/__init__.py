"""Editing in the Django admin, by concern.

``articles`` puts the article's admin together from ``inlines`` (its parts), ``filters``,
``history`` (revisions, comparison, restore and recover), ``publishing`` (who may change what
readers see) and ``claims`` (disease-claim warnings). ``topics`` holds the reusable pieces an
article points at: conditions, supplements, contributors and calls to action; ``library`` the
media library.
"""

from django.apps import apps
from django.contrib import admin

from .articles import ArticleAdmin
from .library import LibraryImageAdmin
from .topics import CallToActionAdmin, ConditionAdmin, ContributorAdmin, SupplementAdmin


def _hide_taggit_tags() -> None:
    """Conditions are the package's tags, edited under "Conditions"; taggit's own Tag model
    holds nothing of the package's, and its "Tags" in the admin's menu only misleads editors."""
    if not apps.is_installed("taggit"):
        return
    # Registered first, whatever the order of INSTALLED_APPS, so that it stays unregistered.
    import taggit.admin  # noqa: F401
    from taggit.models import Tag

    if admin.site.is_registered(Tag):
        admin.site.unregister(Tag)


def _show_waiting_reviews() -> None:
    """The admin's index gets the "Waiting for review" panel, unless the site chose an index
    template of its own (which can include ``{% waiting_for_review %}`` itself)."""
    if admin.site.index_template is None:
        admin.site.index_template = "admin/supplements_cms/index.html"


_hide_taggit_tags()
_show_waiting_reviews()

__all__ = [
    "ArticleAdmin",
    "CallToActionAdmin",
    "ConditionAdmin",
    "ContributorAdmin",
    "LibraryImageAdmin",
    "SupplementAdmin",
]
