"""Retake the manual's screenshots from the example site: ``python3 dev.py screenshots``.

dev.py starts the example site with the demo content on a scratch database and passes its address;
this script drives Debian's Chromium (``SCMS_CHROMIUM``, default ``/usr/bin/chromium``) through
Playwright and writes the PNGs under ``docs/images/``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from io import BytesIO
from pathlib import Path

import django
from PIL import Image
from playwright.sync_api import Page, sync_playwright

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
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{base_url}/admin/supplements_cms/article/?q={article_slug}")
        page.locator("#result_list tbody th a").first.click()
        change_url = page.url
        page.screenshot(path=IMAGES / "admin-article-form.png")

        page.evaluate("document.getElementById('benefits-group').scrollIntoView()")
        page.screenshot(path=IMAGES / "admin-benefits.png")

        image_dialog(page)
        page.screenshot(path=IMAGES / "admin-image-alt-text.png")
        page.keyboard.press("Escape")

        autosave_offer(page, change_url)
        page.screenshot(path=IMAGES / "admin-autosave-offer.png")
        page.get_by_role("button", name="Discard").click()

        live_preview(page)
        page.screenshot(path=IMAGES / "admin-live-preview.png")
        page.get_by_role("button", name="Close preview").click()

        claim_warning(page)
        page.screenshot(path=IMAGES / "admin-claim-warning.png")

        page.get_by_role("button", name="Save draft changes").click()
        page.locator(".scms-draft-banner").wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=IMAGES / "admin-draft-changes.png")

        german = browser.new_page(viewport={"width": 1100, "height": 1400}, locale="de-DE")
        german.goto(f"{base_url}/articles/{article_slug}/")
        german.screenshot(path=IMAGES / "article-page-de.png")
        browser.close()


def live_preview(page: Page) -> None:
    """The panel beside the form, following what is typed."""
    page.get_by_role("button", name="Preview as you type").click()
    frame = page.frame_locator("iframe[name=scms-live-preview-frame]")
    intro = page.locator("textarea[name=intro]")
    intro.scroll_into_view_if_needed()
    intro.fill("A rewritten opening, seen in the preview before anything is saved.")
    frame.get_by_text("A rewritten opening").wait_for()


def claim_warning(page: Page) -> None:
    """A disease claim typed into the introduction, flagged beside it."""
    intro = page.locator("textarea[name=intro]")
    intro.scroll_into_view_if_needed()
    with page.expect_response(lambda r: r.url.endswith("/claims/check/")):
        intro.fill("Magnesium glycinate cures fibromyalgia in a few weeks.")
    warning = page.locator("#scms-live-claims-intro")
    warning.wait_for()
    warning.scroll_into_view_if_needed()


def image_dialog(page: Page) -> None:
    """The alt-text question after a picture was chosen with "Insert image"."""
    body = page.locator("textarea[name=body]")
    editor = page.locator("[data-scms-editor]", has=body)
    editor.scroll_into_view_if_needed()
    picture = BytesIO()
    Image.new("RGB", (640, 400), (40, 120, 180)).save(picture, "PNG")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "glass-of-water.png"
        path.write_bytes(picture.getvalue())
        with page.expect_file_chooser() as chooser:
            editor.get_by_role("button", name="Insert image").click()
        chooser.value.set_files(path)
    dialog = editor.locator("dialog")
    dialog.get_by_role("textbox").fill("A glass of water beside a pill organiser")


def autosave_offer(page: Page, change_url: str) -> None:
    """Keep an autosave as the form's script would, then open the form again."""
    page.evaluate(
        """async () => {
            const form = document.getElementById("article_form");
            const config = JSON.parse(document.getElementById("scms-editor-config").textContent);
            const fields = {title: [form.elements.title.value + " (draft of a new angle)"]};
            await fetch(config.autosave.url, {
                method: "POST",
                body: JSON.stringify({fields: fields, labels: {}}),
                headers: {"Content-Type": "application/json",
                          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value},
            });
        }"""
    )
    page.goto(change_url)
    page.locator("[data-scms-autosave-offer]").wait_for()


if __name__ == "__main__":
    main(*sys.argv[1:])
