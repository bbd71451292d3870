"""A video in an article plays only when the reader asks, from the allow-list's player; footnotes
take the reader to their note and back. At a laptop's width and a phone's."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Route, expect

from tests.factories import make_article

pytestmark = pytest.mark.browser

VIDEO = "dQw4w9WgXcQ"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
BODY = (
    "Magnesium is in nuts and seeds[^1].\n\n"
    + "\n\n".join(["Plenty of text between the reference and the note. " * 12] * 6)
    + f"\n\n[How magnesium is absorbed](https://youtu.be/{VIDEO})\n\n[^1]: And in leafy greens."
)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_video_loads_only_when_played_and_notes_link_both_ways(new_page, live_server, width):
    article = make_article(title="Magnesium in food", body=BODY)
    page: Page = new_page(viewport=WIDTHS[width])
    requested: list[str] = []

    def answer(route: Route) -> None:
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>player</title>")

    # The machine has no network: the player's site answers here, and counts its requests.
    page.route("https://www.youtube-nocookie.com/**", answer)
    page.route("https://www.youtube.com/**", answer)
    page.goto(live_server.url + article.get_absolute_url())

    box = page.locator(".scms-embed")
    expect(box.locator("iframe")).to_have_count(0)
    assert requested == []
    results = Axe().run(page)
    blocking = [
        v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert blocking == []

    box.get_by_role("link", name="Play the video: How magnesium is absorbed (YouTube)").click()

    frame = box.locator("iframe")
    expect(frame).to_have_attribute(
        "src", f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1"
    )
    expect(frame).to_have_attribute("title", "How magnesium is absorbed")
    assert page.url == live_server.url + article.get_absolute_url()
    assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")

    page.locator("sup#fnref-1 a").click()
    expect(page.locator("li#fn-1")).to_be_in_viewport()
    page.locator("li#fn-1 a.footnote-backref").click()
    expect(page.locator("sup#fnref-1")).to_be_in_viewport()
