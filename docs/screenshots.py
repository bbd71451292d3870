"""Retake the manual's screenshots from the example site: ``python3 dev.py screenshots``.

dev.py starts the example site with the demo content on a scratch database and passes its address;
this script drives Debian's Chromium (``SCMS_CHROMIUM``, default ``/usr/bin/chromium``) through
Playwright and writes the PNGs under ``docs/images/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_project.settings")
django.setup()

from example_project.demo.management.commands.load_demo_content import (  # noqa: E402
    DEMO_PASSWORD,
    DEMO_USER,
)

IMAGES = Path(__file__).resolve().parent / "images"
ARTICLE = "magnesium-glycinate-for-fibromyalgia"


def main(base_url: str, article_slug: str = ARTICLE) -> None:
    IMAGES.mkdir(exist_ok=True)
    executable = os.environ.get("SCMS_CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1100, "height": 1400})

        page.goto(f"{base_url}/articles/{article_slug}/")
        page.screenshot(path=IMAGES / "article-page.png")

        page.goto(f"{base_url}/admin/login/")
        page.fill("#id_username", DEMO_USER)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{base_url}/admin/")
        page.goto(f"{base_url}/admin/supplements_cms/article/?q={article_slug}")
        page.locator("#result_list tbody th a").first.click()
        # markdownx previews on input: touch the introduction so its preview fills in.
        intro = page.locator("textarea[name=intro]")
        preview = page.locator(".markdownx", has=intro).locator(".markdownx-preview")
        intro.press("End")
        intro.press_sequentially(" ")
        preview.locator("p").first.wait_for()
        page.screenshot(path=IMAGES / "admin-article-form.png")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
