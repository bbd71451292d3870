"""The medical review in a real browser, at a desktop's and a phone's width: a writer submits, a
reviewer comments and requests changes, the writer answers and submits again, the reviewer
approves, a publisher publishes; then an edit after the review, and what the page says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from supplements_cms.models import Contributor
from tests.browser.sign_in import sign_in
from tests.factories import make_article, make_reviewer, make_user

pytestmark = pytest.mark.browser


def signed_in(new_page: Callable[..., Page], live_server, user, viewport: dict) -> Page:
    return sign_in(new_page(viewport=viewport), live_server, user)


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_submit_comment_request_changes_answer_approve_publish_then_edit(
    new_page: Callable[..., Page], live_server, viewport, artifacts_dir: Path
):
    width = viewport["width"]
    article = make_article(
        title="Magnesium in the evening", intro="Magnesium is a mineral.", published=False
    )
    change = f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/"
    writer = make_user(
        "writer", staff=True, perms=("add_article", "change_article", "view_article")
    )
    reviewer = make_reviewer(Contributor.objects.create(name="Grace Hopper", credentials="MD"))
    publisher = make_user("publisher", staff=True)
    publisher.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="supplements_cms")
    )

    # The writer submits the saved text.
    writing = signed_in(new_page, live_server, writer, viewport)
    writing.goto(change)
    writing.get_by_role("button", name="Submit for review").click()
    expect(writing.locator(".messagelist .success")).to_contain_text("Submitted for review")

    # The reviewer finds it on the admin's home page, comments on the introduction, and asks
    # for changes.
    reviewing = signed_in(new_page, live_server, reviewer, viewport)
    panel = reviewing.locator("#scms-waiting")
    expect(panel).to_contain_text("Magnesium in the evening")
    panel.screenshot(path=artifacts_dir / f"review-panel-{width}.png")
    panel.get_by_role("link", name="Magnesium in the evening").click()
    reviewing.locator("summary", has_text="Comment on the text").click()
    reviewing.get_by_label("Part of the text").select_option("intro")
    reviewing.get_by_label("Passage quoted (optional)").fill("a mineral")
    reviewing.get_by_label("Comment", exact=True).fill("Which form? Say glycinate or citrate.")
    reviewing.get_by_role("button", name="Add the comment").click()
    comment = reviewing.locator(".scms-form-part--commented .scms-comment")
    expect(comment).to_contain_text("Which form?")
    reviewing.get_by_label("Your comment (needed to request changes)").fill("See my comment.")
    reviewing.get_by_role("button", name="Request changes").click()
    expect(reviewing.locator(".messagelist .success")).to_contain_text("Changes requested")

    # The writer sees the comment beside the introduction, answers, edits and submits again.
    writing.goto(change)
    expect(writing.locator("#scms-review")).to_contain_text("See my comment.")
    part = writing.locator(
        ".scms-form-part--commented", has=writing.locator("textarea[name=intro]")
    )
    expect(part.locator(".scms-comment")).to_contain_text("a mineral")
    part.scroll_into_view_if_needed()
    part.screenshot(path=artifacts_dir / f"review-comment-beside-field-{width}.png")
    part.locator("textarea[name^=answer-]").fill("Glycinate; said in the text now.")
    part.get_by_role("button", name="Answer").click()
    expect(writing.locator(".scms-comment__reply")).to_contain_text("Glycinate")
    writing.locator("textarea[name=intro]").fill("Magnesium glycinate is a mineral salt.")
    writing.locator("input[name=_continue]").click()
    expect(writing.locator(".messagelist .success").first).to_be_visible()
    writing.get_by_role("button", name="Submit for review").click()
    expect(writing.locator(".messagelist .success")).to_contain_text("Submitted for review")

    # The reviewer resolves the comment and approves the text.
    reviewing.goto(change)
    reviewing.get_by_role("button", name="Resolve").click()
    expect(reviewing.locator(".scms-comment--resolved")).to_be_visible()
    reviewing.get_by_role("button", name="Approve the text").click()
    expect(reviewing.locator(".messagelist .success")).to_contain_text("Approved")

    # The publisher publishes; a reader sees the reviewer named.
    publishing = signed_in(new_page, live_server, publisher, viewport)
    publishing.goto(change)
    publishing.locator("select[name=status]").select_option("published")
    publishing.locator("input[name=_continue]").click()
    expect(publishing.locator(".messagelist .success").first).to_be_visible()
    reader = new_page(viewport=viewport)
    reader.goto(live_server.url + article.get_absolute_url())
    line = reader.locator(".scms-review")
    expect(line).to_contain_text("Medically reviewed by Grace Hopper, MD")
    line.screenshot(path=artifacts_dir / f"review-line-before-edit-{width}.png")

    # An edit after the review: the page says so and names no reviewer.
    publishing.locator("textarea[name=conclusion]").fill("Take it with the evening meal.")
    publishing.locator("input[name=_continue]").click()
    expect(publishing.locator(".messagelist .success").first).to_be_visible()
    newcomer = new_page(viewport=viewport)
    newcomer.goto(live_server.url + article.get_absolute_url())
    line = newcomer.locator(".scms-review")
    expect(line).to_contain_text("before this update")
    expect(line).not_to_contain_text("Grace Hopper")
    line.screenshot(path=artifacts_dir / f"review-line-after-edit-{width}.png")
