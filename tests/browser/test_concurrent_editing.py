"""Two editors in two browsers on one article: the second save is refused and loses nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from supplements_cms.models import Article
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser

PERMS = ("add_article", "change_article", "view_article", "publish_article")


def logged_in(new_page: Callable[..., Page], live_server, username: str) -> Page:
    user = make_user(username, staff=True, perms=PERMS)
    user.set_password("pw-for-the-test")
    user.save()
    page = new_page()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-the-test")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    return page


def type_body(page: Page, text: str) -> None:
    """Fill the body and wait for markdownx's live preview to answer.

    The live server shares one in-memory SQLite connection between its threads; a save posted
    while a preview request is still running would use it from two threads at once.
    """
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/articles/editor/preview/")
    ):
        page.locator("textarea[name=body]").fill(text)


def test_two_editors_one_article(new_page: Callable[..., Page], live_server):
    article = make_article(title="Shared article", body="The paragraph both will edit.")
    url = f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/"
    ada = logged_in(new_page, live_server, "ada")
    grace = logged_in(new_page, live_server, "grace")
    ada.goto(url)
    grace.goto(url)

    type_body(grace, "Grace's version of the paragraph.")
    grace.get_by_role("button", name="Save and continue editing").click()
    expect(grace.locator(".messagelist .success")).to_be_visible()

    type_body(ada, "Ada's long and careful paragraph.")
    ada.get_by_role("button", name="Save and continue editing").click()

    expect(ada.locator(".scms-conflict")).to_contain_text("Not saved")
    expect(ada.locator(".errornote, .errorlist").first).to_be_visible()
    expect(ada.locator("textarea[name=body]")).to_have_value("Ada's long and careful paragraph.")
    expect(ada.locator(".scms-conflict ins").first).to_contain_text("Grace's")
    assert Article.objects.get(pk=article.pk).body == "Grace's version of the paragraph."

    ada.get_by_label("Save anyway").check()
    ada.get_by_role("button", name="Save and continue editing").click()
    expect(ada.locator(".messagelist .success")).to_be_visible()
    assert Article.objects.get(pk=article.pk).body == "Ada's long and careful paragraph."
