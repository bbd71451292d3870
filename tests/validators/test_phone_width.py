"""The example site as a reader sees it on a phone: no page scrolls sideways at 390 pixels, and
the icon and robots.txt are where browsers and crawlers look for them."""

from __future__ import annotations

import os

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


def test_no_page_scrolls_sideways_on_a_phone(chromium, production_site: Site):
    # Playwright's sync API runs an event loop in this thread; this test touches no database.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    too_wide = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport=PHONE)
            for path in production_site.public_pages():
                page.goto(production_site.url(path))
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    too_wide[path] = width
            header = page.locator(".site-header")
            assert header.bounding_box()["width"] == PHONE["width"]
        finally:
            browser.close()
    assert too_wide == {}


def test_icon_and_robots_txt(production_site: Site):
    robots = production_site.fetch("/robots.txt").decode()
    assert f"Sitemap: {production_site.base}/sitemap.xml" in robots.splitlines()
    icon = production_site.fetch("/favicon.ico")  # redirected to the hashed static file
    assert icon.startswith(b"<svg")
