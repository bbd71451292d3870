"""Duplicate and bulk edit in a real browser, at a laptop's width and a phone's: the change
form's Duplicate opens the draft copy; the list's bulk edit asks on a page of its own (with no
serious or critical axe-core violation) and changes the ticked articles."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from supplements_cms.models import Article
from tests.browser.sign_in import sign_in
from tests.browser.test_admin_accessibility import WIDTHS, blocking_violations
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", list(WIDTHS))
def test_duplicate_then_bulk_edit_the_original_and_its_copy(new_page, live_server, width: str):
    chief = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    article = make_article(title="Magnesium for sleep", conditions=["Insomnia"])
    make_article(title="Left alone", conditions=["Insomnia"])
    make_supplement("Magnesium glycinate")
    page: Page = new_page(viewport=WIDTHS[width])
    sign_in(page, live_server, chief)
    admin = f"{live_server.url}/admin/supplements_cms/article/"

    page.goto(f"{admin}{article.pk}/change/")
    page.get_by_role("button", name="Duplicate").click()
    expect(page.locator(".messagelist .success")).to_contain_text("is a draft copy of")
    copy = Article.objects.get(title="Magnesium for sleep (copy)")
    expect(page).to_have_url(f"{admin}{copy.pk}/change/")
    expect(page.locator("#id_title")).to_have_value("Magnesium for sleep (copy)")
    assert blocking_violations(page, f"copy's change form at {width}") == []

    page.goto(admin)
    for title in ("Magnesium for sleep", "Magnesium for sleep (copy)"):
        row = page.locator(
            "#result_list tbody tr", has=page.get_by_role("link", name=title, exact=True)
        )
        row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("edit_topics")
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Go")).click()

    expect(page.locator(".scms-bulk-edit__articles li")).to_have_count(2)
    assert blocking_violations(page, f"bulk edit at {width}") == []
    assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")
    page.get_by_label("Add these").check()
    page.get_by_label("Conditions not in the list yet").fill("Restless legs")
    page.get_by_label("Change the supplement").check()
    page.get_by_label("Supplement:", exact=True).select_option(label="Magnesium glycinate")
    page.get_by_role("button", name="Apply to the selected articles").click()

    expect(page.locator(".messagelist .success")).to_contain_text("2 articles changed.")
    for pk in (article.pk, copy.pk):
        changed = Article.objects.get(pk=pk)
        assert sorted(c.name for c in changed.conditions.all()) == ["Insomnia", "Restless legs"]
        assert changed.supplement.name == "Magnesium glycinate"
    untouched = Article.objects.get(title="Left alone")
    assert [c.name for c in untouched.conditions.all()] == ["Insomnia"]
