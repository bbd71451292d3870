"""Accessibility in a real browser: axe-core on every kind of public page, and the keyboard.

axe-core's script comes from the axe-playwright-python package on PyPI (nothing is fetched at
run time). Each page's violations are printed, all impacts included, so a CI log shows the minor
ones too; serious and critical ones fail the test.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from supplements_cms.models import Article
from tests.browser.content import build_article
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture
def site(live_server) -> dict[str, str]:
    article = Article.objects.get(slug=build_article().strip("/").rsplit("/", 1)[-1])
    supplement = make_supplement("Magnesium Glycinate")
    make_article(
        title="Magnesium glycinate for cramps", conditions=["Muscle Cramps"], supplement=supplement
    )
    condition = article.conditions.get()
    base = live_server.url
    return {
        "article": base + article.get_absolute_url(),
        "list": base + reverse("supplements_cms:article_list"),
        "condition": base + condition.get_absolute_url(),
        "conditions": base + reverse("supplements_cms:condition_list"),
        "supplement": base + supplement.get_absolute_url(),
        "search": base + reverse("supplements_cms:search") + "?q=magnesium",
        "empty search": base + reverse("supplements_cms:search") + "?q=zzz",
    }


@pytest.mark.parametrize(
    "name",
    ["article", "list", "condition", "conditions", "supplement", "search", "empty search"],
)
def test_no_serious_or_critical_axe_violation(page: Page, site: dict[str, str], name: str):
    page.goto(site[name])
    results = Axe().run(page)
    violations = results.response["violations"]
    print(f"\naxe {name}: {len(violations)} violation(s)")
    for violation in violations:
        print(f"  [{violation['impact']}] {violation['id']}: {len(violation['nodes'])} node(s)")
    # The scan ran: axe reports what it checked, so an empty result is not a script that failed.
    assert len(results.response["passes"]) > 10
    blocking = [v["id"] for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], results.generate_report()


def test_tab_reaches_the_skip_link_first(page: Page, site: dict[str, str]):
    page.goto(site["article"])
    page.keyboard.press("Tab")

    focused = page.evaluate(
        "({id: document.activeElement.id, text: document.activeElement.textContent})"
    )
    assert focused == {"id": "top", "text": "Skip to main content"}
    # The skip link is visible once focused, so a sighted keyboard user sees where they are.
    expect(page.locator("#top")).to_be_in_viewport()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main" or page.url.endswith("#main")


def test_scroll_to_top_works_from_the_keyboard(page: Page, site: dict[str, str]):
    page.emulate_media(reduced_motion="reduce")
    page.goto(site["article"])
    link = page.get_by_role("link", name="Scroll to top")
    # Tab forward from the link before it, as a keyboard user arriving at the end would.
    page.locator(".scms-related a").last.focus()
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    assert page.evaluate("window.scrollY") > 0

    page.keyboard.press("Enter")

    page.wait_for_function("window.scrollY === 0")
    assert page.evaluate("document.activeElement.id") == "top"


def test_focus_is_visible_on_links(page: Page, site: dict[str, str]):
    page.goto(site["article"])
    link = page.locator(".scms-toc a").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = link.evaluate(
        "el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth"
    )
    assert outline == "solid 3px"
