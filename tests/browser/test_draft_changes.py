"""Draft changes and the live preview in a real browser, at a desktop and a phone's width."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from tests.browser.sign_in import sign_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser


def publisher_page(new_page: Callable[..., Page], live_server, viewport: dict) -> Page:
    user = make_user("publisher", staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="supplements_cms"))
    return sign_in(new_page(viewport=viewport), live_server, user)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_draft_changes_stay_private_until_published_and_the_preview_follows_typing(
    new_page: Callable[..., Page], live_server, viewport
):
    article = make_article(title="Evening magnesium", intro="What readers see today.")
    editor = publisher_page(new_page, live_server, viewport)
    reader = new_page(viewport=viewport)
    editor.goto(f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/")

    # The live preview shows what is typed, before any save.
    editor.get_by_role("button", name="Preview as you type").click()
    frame = editor.frame_locator("iframe[name=scms-live-preview-frame]")
    expect(frame.locator(".scms-preview-banner")).to_contain_text("not saved")
    intro = editor.locator("textarea[name=intro]")
    intro.fill("Tomorrow's introduction, still private.")
    expect(frame.locator(".scms-article")).to_contain_text("Tomorrow's introduction")

    editor.get_by_role("button", name="Close preview").click()
    editor.get_by_role("button", name="Save draft changes").click()
    expect(editor.locator(".scms-draft-banner")).to_be_visible()
    expect(editor.locator("textarea[name=intro]")).to_have_value(
        "Tomorrow's introduction, still private."
    )

    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.locator(".scms-article")).to_contain_text("What readers see today.")
    expect(reader.locator(".scms-article")).not_to_contain_text("Tomorrow's introduction")

    editor.get_by_role("button", name="Publish changes").click()
    expect(editor.locator(".messagelist .success")).to_be_visible()
    # A new reader: the first one's browser may keep the page for HTTP_MAX_AGE seconds, as the
    # Cache-Control header allows.
    newcomer = new_page(viewport=viewport)
    newcomer.goto(live_server.url + article.get_absolute_url())
    expect(newcomer.locator(".scms-article")).to_contain_text("Tomorrow's introduction")
