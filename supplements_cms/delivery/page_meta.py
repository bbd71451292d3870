"""What a page says about itself to search engines, social sites and feed readers: its
description, its canonical address and image, and its times in a form validators accept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urljoin

from django.utils import timezone

from .. import conf
from ..content.markdown import plain_text

# A sentence ends at one of these, followed by white space or the end of the text.
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")
# The " [1]" a citation marker becomes: a pointer into the page, meaningless in a snippet.
# Matched in text whose white space is collapsed, so it never scans a run of spaces.
_CITATION = re.compile(r" ?\[\d{1,3}\]")
ELLIPSIS = "…"


@dataclass(frozen=True)
class PageMeta:
    """The ``<head>`` facts of one page, for ``partials/social_meta.html``.

    ``url`` and ``image`` are absolute: built in the view, which knows the host (a cached head
    is rendered without the request)."""

    title: str
    description: str
    url: str
    type: str = "website"
    image: str = ""
    site_name: str = ""


def iso_datetime(value: datetime | date | None) -> str:
    """``value`` in ISO 8601 to the second, in the current time zone for a datetime.

    The HTML standard allows at most three digits of a second's fraction in ``<time datetime>``;
    Django's ``c`` format and ``isoformat()`` give six. Seconds are what readers and crawlers
    need."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def describe(text: str, limit: int) -> str:
    """``text`` as one line of at most ``limit`` characters: whole sentences while they fit
    (and fill at least half of it), else the first words, cut between words, with an ellipsis.

    Linear in the text's length, whatever the editor typed."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1)]
    sentences = max((end for end in ends if end <= limit), default=0)
    if sentences >= limit // 2:
        return text[:sentences]
    cut = text.rfind(" ", 0, limit)  # the ellipsis takes one character
    words = text[:cut] if cut > 0 else text[: limit - 1]
    return words.rstrip(" ,;:-–—") + ELLIPSIS


def article_description(article) -> str:
    """The article's summary, else the first sentences of its introduction (the same text on
    the page's head, its structured data and the feeds)."""
    if article.summary.strip():
        return article.summary
    intro = _CITATION.sub("", " ".join(plain_text(article.intro_html).split()))
    return describe(intro, conf.get("SUMMARY_MAX_LENGTH"))


def for_article(article, url: str, site_name: str) -> PageMeta:
    """The head of ``article``'s page at the absolute ``url``."""
    return PageMeta(
        title=article.page_title,
        description=article_description(article),
        url=url,
        type="article",
        image=article_image(article, url),
        site_name=site_name,
    )


def absolute_url(base: str, link: str) -> str:
    """``link`` (absolute, or relative to the site) made absolute against the page at ``base``."""
    return urljoin(base, link) if link else ""


def article_image(article, base: str) -> str:
    """The absolute URL of the article's featured image (its largest rendition), or ""."""
    image = getattr(article, "image", None)
    if not image:
        return ""
    largest = (getattr(article, "image_sources", None) or {}).get("src")
    return absolute_url(base, largest or getattr(image, "url", image))
