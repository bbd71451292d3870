"""The package's models; each module holds one part of the page."""

from .articles import Article, ArticleQuerySet, Benefit, RelatedPost, SlugRedirect, can_preview
from .autosave import Autosave
from .calls_to_action import CallToAction, CallToActionCondition
from .conditions import ArticleCondition, Condition
from .drafts import DraftChange
from .imports import PendingImport, WordPressPost
from .library import LibraryImage
from .reviews import ReviewComment, ReviewMailOptOut, ReviewRequest
from .state import (
    CacheVersion,
    ListSize,
    PendingPurge,
    RelatedChoice,
    RenderedFragment,
    TextLink,
)
from .supplements import Supplement
from .trust import ClaimAcceptance, Contributor, Reference

__all__ = [
    "Article",
    "ArticleCondition",
    "ArticleQuerySet",
    "Autosave",
    "Benefit",
    "CacheVersion",
    "CallToAction",
    "CallToActionCondition",
    "ClaimAcceptance",
    "Condition",
    "Contributor",
    "DraftChange",
    "LibraryImage",
    "ListSize",
    "PendingImport",
    "PendingPurge",
    "Reference",
    "RelatedChoice",
    "RelatedPost",
    "RenderedFragment",
    "ReviewComment",
    "ReviewMailOptOut",
    "ReviewRequest",
    "SlugRedirect",
    "Supplement",
    "TextLink",
    "WordPressPost",
    "can_preview",
]
