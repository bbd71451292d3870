"""The article layout as tests check it: the parts, in the order the seeds show them."""

from __future__ import annotations

from bs4 import BeautifulSoup

ARTICLE_PARTS = (
    "h1.scms-article__title",
    ".scms-article__intro",
    ".scms-article__body",
    "ol.scms-benefits",
    ".scms-additional-benefits",
    ".scms-dosage",
    ".scms-conclusion",
    "aside.scms-cta",
    "nav.scms-related",
    "a.scms-scroll-top__link",
)


def assert_parts_in_order(soup: BeautifulSoup, parts: tuple[str, ...] = ARTICLE_PARTS) -> None:
    """Every part is on the page, and each comes after the one before it."""
    found = [soup.select_one(selector) for selector in parts]
    assert all(found), [s for s, f in zip(parts, found, strict=True) if f is None]
    order = [element.sourceline * 10_000 + element.sourcepos for element in found]
    assert order == sorted(order)
