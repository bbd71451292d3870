"""Two editors in two browsers on one article: the second save is refused and loses nothing,
on the live article and on its draft changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from supplements_cms.models import Article, DraftChange
from tests.browser.sign_in import sign_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser

PERMS = ("add_article", "change_article", "view_article", "publish_article")
WRITER = ("add_article", "change_article", "view_article")


def logged_in(
    new_page: Callable[..., Page], live_server, username: str, perms: tuple[str, ...] = PERMS
) -> Page:
    return sign_in(new_page(), live_server, make_user(username, staff=True, perms=perms))


def type_body(page: Page, text: str, field: str = "body") -> None:
    """Fill a Markdown field and wait for markdownx's live preview to answer.

    The live server shares one in-memory SQLite connection between its threads; a save posted
    while a preview request is still running would use it from two threads at once.
    """
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/articles/editor/preview/")
    ):
        page.locator(f"textarea[name={field}]").fill(text)


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


def test_two_writers_and_a_publisher_on_one_articles_draft_changes(
    new_page: Callable[..., Page], live_server
):
    article = make_article(title="Live and shared", intro="The live introduction.")
    url = f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/"
    ada = logged_in(new_page, live_server, "ada", WRITER)
    grace = logged_in(new_page, live_server, "grace", WRITER)
    boss = logged_in(new_page, live_server, "boss")
    for page in (ada, grace, boss):
        page.goto(url)

    type_body(ada, "Ada's draft introduction.", "intro")
    ada.get_by_role("button", name="Save draft changes").click()
    expect(ada.locator(".messagelist .success")).to_contain_text("Draft changes saved")

    # The second writer's draft would replace the first unseen: refused, text kept.
    type_body(grace, "Grace's draft introduction.", "intro")
    grace.get_by_role("button", name="Save draft changes").click()
    expect(grace.locator(".errornote, .errorlist").first).to_be_visible()
    expect(grace.locator(".errorlist").first).to_contain_text("newer draft changes")
    expect(grace.locator("textarea[name=intro]")).to_have_value("Grace's draft introduction.")
    assert DraftChange.objects.get(article=article).data["intro"] == ["Ada's draft introduction."]

    # The publisher's page predates the draft: saving it live would delete the draft.
    boss.get_by_role("button", name="Save and continue editing").click()
    expect(boss.locator(".errorlist").first).to_contain_text("newer draft changes")
    assert DraftChange.objects.get(article=article).data["intro"] == ["Ada's draft introduction."]
    assert Article.objects.get(pk=article.pk).intro == "The live introduction."

    # Reloaded, the publisher sees the draft and publishes it.
    boss.goto(url)
    expect(boss.locator("textarea[name=intro]")).to_have_value("Ada's draft introduction.")
    boss.get_by_role("button", name="Publish changes").click()
    expect(boss.locator(".messagelist .success").first).to_be_visible()
    assert Article.objects.get(pk=article.pk).intro == "Ada's draft introduction."
    assert not DraftChange.objects.filter(article=article).exists()
