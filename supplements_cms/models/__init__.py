"""The package's models; each module holds one part of the page."""

from .articles import Article, ArticleQuerySet, Benefit, RelatedPost, SlugRedirect, can_preview
from .autosave import Autosave
from .calls_to_action import CallToAction
from .conditions import ArticleCondition, Condition
from .state import ContentState
from .supplements import Supplement
from .trust import Contributor, Reference

__all__ = [
    "Article",
    "ArticleCondition",
    "ArticleQuerySet",
    "Autosave",
    "Benefit",
    "CallToAction",
    "Condition",
    "ContentState",
    "Contributor",
    "Reference",
    "RelatedPost",
    "SlugRedirect",
    "Supplement",
    "can_preview",
]
