"""The admin's Markdown editor in a real browser: markdownx's live preview goes through the
package's own preview view, shows what the page will show, and never runs the editor's script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, Response, expect

from supplements_cms.models import Article
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

ADD_PATH = "/admin/supplements_cms/article/add/"
PREVIEW_PATH = "/articles/editor/preview/"
MARKDOWN = "## Hello preview\n\nSome **bold** text <script>window.__xss=1</script>"


@pytest.fixture
def admin_page(page: Page, live_server) -> Page:
    """A page logged in to the admin as a superuser, through the real login form."""
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    return sign_in(page, live_server, admin)


def is_preview_call(response: Response) -> bool:
    return response.request.method == "POST" and response.url.endswith(PREVIEW_PATH)


def test_live_preview_is_rendered_safely_and_the_draft_saves(
    admin_page: Page, live_server, artifacts_dir: Path
):
    page = admin_page
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(f"script error: {error}"))
    page.on(
        "response",
        lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.goto(live_server.url + ADD_PATH)
    intro = page.locator("textarea[name=intro]")
    preview = page.locator(".markdownx", has=intro).locator(".markdownx-preview")
    expect(preview).to_be_empty()

    with page.expect_response(is_preview_call) as preview_call:
        intro.fill(MARKDOWN)
        intro.press("End")
    assert preview_call.value.status == 200

    expect(preview.locator("h2")).to_have_text("Hello preview")
    expect(preview.locator("strong")).to_have_text("bold")
    expect(preview.locator("script")).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"
    screenshot = artifacts_dir / "admin-preview.png"
    screenshot.unlink(missing_ok=True)
    intro.scroll_into_view_if_needed()
    page.screenshot(path=screenshot)
    assert screenshot.stat().st_size > 20_000

    page.locator("input[name=title]").press_sequentially("Hello preview article")
    expect(page.locator("input[name=slug]")).to_have_value("hello-preview-article")
    expect(page.locator("select[name=status]")).to_have_value("draft")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page).to_have_url(re.compile(r"/admin/supplements_cms/article/\d+/change/$"))
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="hello-preview-article")
    assert article.title == "Hello preview article"
    assert article.status == Article.Status.DRAFT
    assert "<h2>Hello preview</h2>" in article.intro_html
    assert "<strong>bold</strong>" in article.intro_html
    assert "<script" not in article.intro_html
    assert failures == []
