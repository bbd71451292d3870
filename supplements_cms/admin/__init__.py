"""Editing in the Django admin, by concern.

``articles`` puts the article's admin together from ``inlines`` (its parts), ``filters``,
``history`` (revisions, comparison, restore and recover), ``publishing`` (who may change what
readers see) and ``claims`` (disease-claim warnings). ``topics`` holds the reusable pieces an
article points at: conditions, supplements, contributors and calls to action.
"""

from .articles import ArticleAdmin
from .topics import CallToActionAdmin, ConditionAdmin, ContributorAdmin, SupplementAdmin

__all__ = [
    "ArticleAdmin",
    "CallToActionAdmin",
    "ConditionAdmin",
    "ContributorAdmin",
    "SupplementAdmin",
]
