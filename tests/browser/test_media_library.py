"""The media library in a real browser, at a laptop's width and a phone's: an image inserted
in an article is listed with its alt text, found by search, shown with where it is used, and
cannot be deleted while the article shows it."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import Page, expect

from supplements_cms.models import LibraryImage
from tests.browser.sign_in import sign_in
from tests.factories import make_article

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_inserted_image_is_in_the_library_with_where_it_is_used(
    new_page, live_server, width, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    article = make_article(title="Water and cramps", body="First paragraph.")
    picture = tmp_path / "glass.png"
    out = BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(out, "PNG")
    picture.write_bytes(out.getvalue())
    page: Page = new_page(viewport=WIDTHS[width])
    sign_in(page, live_server, admin)
    page.goto(f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/")

    editor = page.locator("[data-scms-editor]", has=page.locator("textarea[name=body]"))
    with page.expect_file_chooser() as chooser:
        editor.get_by_role("button", name="Insert image").click()
    chooser.value.set_files(picture)
    editor.get_by_label("Alt text (required)").fill("A glass of water")
    with page.expect_response(lambda r: r.url.endswith("/editor/upload/")):
        editor.locator("dialog").get_by_role("button", name="Insert").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(f"{live_server.url}/admin/supplements_cms/libraryimage/?q=glass")
    row = page.locator("#result_list tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("img")).to_have_attribute("src", LibraryImage.objects.get().url)
    row.get_by_role("link", name="A glass of water").click()
    expect(page.locator(".field-where_used")).to_contain_text("Water and cramps")
    page.locator("a.deletelink").click()  # a link on Django 5.2, a button-like link on 6
    expect(page.locator("#content")).to_contain_text("Water and cramps")
    expect(page.get_by_role("button", name="Yes, I’m sure")).to_have_count(0)
    assert not page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")

    # Another article takes the same image from the library, with its alt text.
    other = make_article(title="Hydration", body="Drink water.")
    page.goto(f"{live_server.url}/admin/supplements_cms/article/{other.pk}/change/")
    body = page.locator("textarea[name=body]")
    editor = page.locator("[data-scms-editor]", has=body)
    body.evaluate("box => box.setSelectionRange(box.value.length, box.value.length)")
    editor.get_by_role("button", name="Choose from the library").click()
    dialog = editor.locator("dialog[data-scms-library-dialog]")
    dialog.get_by_label("Search the media library").fill("glass")
    dialog.get_by_role("button", name="A glass of water").click()
    expect(dialog).to_be_hidden()
    # By reference: pages put in the storage's address when shown.
    reference = f"/articles/media/{LibraryImage.objects.get().pk}/"
    expect(body).to_have_value(f"Drink water.\n\n![A glass of water]({reference})\n")
