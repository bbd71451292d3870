"""The article page in a real browser: what a reader sees, in what order, on desktop and phone.

The page needs no JavaScript: the "Scroll to top" link is a plain ``#top`` link whose target is the
base template's skip link, and smooth scrolling is CSS that honours ``prefers-reduced-motion``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.content import LONG_BODY, build_article

pytestmark = pytest.mark.browser

# The article's parts, top to bottom, as the reader must meet them.
PARTS = [
    ("title", "h1.scms-article__title"),
    ("intro", ".scms-article__intro"),
    ("body", ".scms-article__body"),
    ("benefits", "ol.scms-benefits"),
    ("additional benefits", ".scms-additional-benefits"),
    ("dosage", ".scms-dosage"),
    ("conclusion", ".scms-conclusion"),
    ("call to action", ".scms-cta"),
    ("related posts", ".scms-related"),
    ("scroll to top", ".scms-scroll-top a"),
]
SCROLL_TOP_LINK = {"role": "link", "name": "Scroll to top"}
SCROLL_TO_BOTTOM = (
    "window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'})"
)


@pytest.fixture
def article_url(live_server) -> str:
    return live_server.url + build_article()


def scroll_to_bottom(page: Page) -> None:
    """Jump to the end of a page that is several screens tall, as a reader who finished it."""
    metrics = page.evaluate("({height: document.documentElement.scrollHeight, view: innerHeight})")
    assert metrics["height"] >= 4 * metrics["view"], metrics
    page.evaluate(SCROLL_TO_BOTTOM)
    assert page.evaluate("window.scrollY") > 0


def poll(page: Page, expression: str, timeout: float = 5) -> None:
    """Wait until ``expression`` is true, asking from outside the page.

    ``page.wait_for_function`` polls with the page's own JavaScript, which does not run when
    JavaScript is disabled; ``page.evaluate`` still does.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def assert_back_at_top(page: Page) -> None:
    assert page.evaluate("window.scrollY") == 0
    assert urlsplit(page.url).fragment == "top"
    # The skip link is the #top target; focusing it lets a keyboard user carry on from the top.
    assert page.evaluate("document.activeElement.id") == "top"


def test_parts_are_visible_and_in_reading_order(page: Page, article_url: str):
    page.goto(article_url)
    tops = {}
    for name, selector in PARTS:
        part = page.locator(selector)
        expect(part, f"{name} ({selector})").to_have_count(1)
        expect(part, f"{name} ({selector})").to_be_visible()
        tops[name] = part.bounding_box()["y"]
    assert all(a < b for a, b in pairwise(tops.values())), tops

    expect(page.locator("h1")).to_have_text("Magnesium glycinate and fibromyalgia")
    expect(page.locator("ol.scms-benefits > li")).to_have_count(4)
    expect(page.locator(".scms-additional-benefits li")).to_have_count(2)
    expect(page.locator(".scms-dosage")).to_contain_text("200 to 400 mg per day")
    expect(page.locator(".scms-cta").get_by_role("link", name="Read more")).to_have_attribute(
        "href", "/articles/"
    )
    expect(page.locator(".scms-related").get_by_role("link")).to_have_text(["Magnesium and sleep"])


@pytest.mark.parametrize(
    ("reduced_motion", "scroll_behavior"),
    [("no-preference", "smooth"), ("reduce", "auto")],
    ids=["smooth", "reduced-motion"],
)
def test_scroll_to_top_link_returns_to_the_top(
    page: Page, article_url: str, reduced_motion: str, scroll_behavior: str
):
    page.emulate_media(reduced_motion=reduced_motion)
    page.goto(article_url)
    behavior = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    assert behavior == scroll_behavior
    scroll_to_bottom(page)

    page.get_by_role(**SCROLL_TOP_LINK).click()
    # Smooth scrolling animates over a second or so; reduced motion jumps.
    page.wait_for_function("window.scrollY === 0")
    assert_back_at_top(page)
    top = page.locator("#top")
    expect(top).to_be_focused()
    # Hidden until focused: now it must be on screen, not left above the viewport.
    expect(top).to_be_in_viewport()


def test_page_has_no_script(page: Page, article_url: str):
    page.goto(article_url)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("script:not([type='application/ld+json'])")).to_have_count(0)
    handlers = page.evaluate(
        """[...document.querySelectorAll('*')].flatMap(el =>
            [...el.attributes].filter(a => a.name.startsWith('on'))
                .map(a => `${el.tagName.toLowerCase()} ${a.name}`))"""
    )
    assert handlers == []


def test_page_works_with_javascript_disabled(new_page: Callable[..., Page], article_url: str):
    page = new_page(java_script_enabled=False)
    page.goto(article_url)
    for name, selector in PARTS:
        expect(page.locator(selector), name).to_be_visible()
    scroll_to_bottom(page)

    page.get_by_role(**SCROLL_TOP_LINK).click()
    poll(page, "window.scrollY === 0")
    assert_back_at_top(page)


def test_full_page_screenshot(page: Page, article_url: str, artifacts_dir: Path):
    path = artifacts_dir / "article.png"
    path.unlink(missing_ok=True)
    page.goto(article_url)
    expect(page.locator(".scms-scroll-top")).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")

    page.screenshot(path=path, full_page=True)

    assert path.stat().st_size > 50_000
    with Image.open(path) as image:
        assert image.size == (1280, height)
        assert height > 4 * 720


LONG_SOURCE_URL = "https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(LONG_BODY, id="plain"),
        pytest.param(f"{LONG_BODY}\n\nSource: <{LONG_SOURCE_URL}>", id="with-source-url"),
    ],
)
def test_phone_has_no_horizontal_scroll(new_page: Callable[..., Page], live_server, body: str):
    url = live_server.url + build_article(body=body)
    phone = {"width": 390, "height": 844}
    page = new_page(viewport=phone, is_mobile=True, has_touch=True, device_scale_factor=3)
    page.goto(url)
    expect(page.locator(".scms-scroll-top")).to_be_visible()
    widths = page.evaluate(
        """({scroll: document.documentElement.scrollWidth,
            client: document.documentElement.clientWidth, inner: window.innerWidth})"""
    )
    # A phone zooms out to fit a page that is too wide, which widens innerWidth with it: compare
    # with the device width too, or the overflow hides itself.
    assert widths == {"scroll": 390, "client": 390, "inner": 390}

    # Touch targets: the button is styled to at least 44 px, the scroll link to at least 24 px.
    button = page.locator(".scms-cta__button").bounding_box()
    link = page.locator(".scms-scroll-top a").bounding_box()
    assert button["height"] >= 44
    assert link["height"] >= 24
    assert link["width"] >= 24
