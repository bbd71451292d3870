"""The package's models; each module holds one part of the page."""

from .articles import Article, ArticleQuerySet, Benefit, RelatedPost, SlugRedirect, can_preview
from .calls_to_action import CallToAction
from .conditions import ArticleCondition, Condition
from .state import CacheVersion, ListSize, RelatedChoice
from .supplements import Supplement
from .trust import Contributor, Reference

__all__ = [
    "Article",
    "ArticleCondition",
    "ArticleQuerySet",
    "Benefit",
    "CacheVersion",
    "CallToAction",
    "Condition",
    "Contributor",
    "ListSize",
    "Reference",
    "RelatedChoice",
    "RelatedPost",
    "SlugRedirect",
    "Supplement",
    "can_preview",
]
