"""Claim warnings in a real browser: a claim typed into a benefit shows its warning beside the
field; a publisher accepts the warnings and publishes; a writer cannot accept them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from supplements_cms.models import Article, Benefit, ClaimAcceptance
from tests.browser.sign_in import sign_in
from tests.factories import make_article, make_user

pytestmark = pytest.mark.browser


def logged_in(new_page: Callable[..., Page], live_server, username: str, publish: bool) -> Page:
    user = make_user(username, staff=True)
    perms = Permission.objects.filter(content_type__app_label="supplements_cms")
    if not publish:
        perms = perms.exclude(codename="publish_article")
    user.user_permissions.add(*perms)
    return sign_in(new_page(), live_server, user)


def type_claim_into_benefit(page: Page) -> None:
    description = page.locator("textarea[name='benefits-0-description']")
    with page.expect_response(lambda r: r.url.endswith("/claims/check/")):
        description.fill("Taken daily, it cures arthritis for good.")
    warning = page.locator("#scms-live-claims-benefits-0-description")
    expect(warning).to_contain_text("arthritis")
    expect(warning).to_be_visible()


def test_a_claim_typed_into_a_benefit_is_flagged_and_only_a_publisher_accepts_it(
    new_page: Callable[..., Page], live_server
):
    article = make_article(title="Magnesium and joints", published=False)
    Benefit.objects.create(article=article, title="Joints", description="Kind words.", position=1)
    url = f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/"

    writer = logged_in(new_page, live_server, "writer", publish=False)
    writer.goto(url)
    type_claim_into_benefit(writer)
    # A writer has no "Published" to choose, and no acceptance box that would do nothing.
    expect(writer.locator("select[name=status] option[value=published]")).to_have_count(0)
    expect(writer.get_by_label("Publish with these claim warnings")).to_have_count(0)
    writer.get_by_role("button", name="Save and continue editing").click()
    expect(writer.locator(".scms-claims-top")).to_contain_text("arthritis")
    assert not ClaimAcceptance.objects.exists()

    publisher = logged_in(new_page, live_server, "publisher", publish=True)
    publisher.goto(url)
    publisher.locator("select[name=status]").select_option("published")
    publisher.get_by_role("button", name="Save and continue editing").click()
    expect(publisher.locator(".errorlist").filter(has_text="disease claim")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    publisher.get_by_label("Publish with these claim warnings").check()
    publisher.get_by_role("button", name="Save and continue editing").click()
    expect(publisher.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert ClaimAcceptance.objects.get(article=article).accepted_by.username == "publisher"
