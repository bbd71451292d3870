"""The example site as a reader sees it on a phone: no page scrolls sideways at 390 pixels, and
the icon and robots.txt are where browsers and crawlers look for them."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.tools import chromium_path, missing
from tests.validators.conftest import Site

pytestmark = pytest.mark.validators

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        missing("Chromium not found: install Debian's chromium or set SCMS_CHROMIUM.")
    return path


def widths_on_a_phone(chromium: str, site: Site) -> dict[str, tuple[int, float]]:
    """Each public page's scroll width, and its header's width, at a phone's size."""
    from playwright.sync_api import sync_playwright

    widths = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport=PHONE)
            for path in site.public_pages():
                page.goto(site.url(path))
                scroll = page.evaluate("document.documentElement.scrollWidth")
                widths[path] = (scroll, page.locator(".site-header").bounding_box()["width"])
        finally:
            browser.close()
    return widths


def test_no_page_scrolls_sideways_on_a_phone(chromium, production_site: Site):
    # In a thread of its own: Playwright's sync API refuses to start where an event loop runs,
    # as the browser tests' Playwright does in this one when the whole suite runs.
    with ThreadPoolExecutor(max_workers=1) as pool:
        widths = pool.submit(widths_on_a_phone, chromium, production_site).result()
    assert len(widths) >= 22
    assert {path: w for path, w in widths.items() if w != (PHONE["width"], PHONE["width"])} == {}


def test_icon_and_robots_txt(production_site: Site):
    robots = production_site.fetch("/robots.txt").decode()
    assert f"Sitemap: {production_site.base}/sitemap.xml" in robots.splitlines()
    icon = production_site.fetch("/favicon.ico")  # redirected to the hashed static file
    assert icon.startswith(b"<svg")
