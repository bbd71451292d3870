"""The article form in a real browser, on a laptop's screen and a phone's: rows ordered by drag and
drop and by keyboard, Markdown previews in added rows, typing kept when leaving or crashing, the
image button, the counters, and no sideways scrolling."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from reversion.models import Version

from supplements_cms.content.markdown import count_words
from supplements_cms.models import Article, Autosave, Benefit, RelatedPost
from supplements_cms.models.articles import WORDS_PER_MINUTE
from tests.browser.content import build_article
from tests.browser.sign_in import sign_in
from tests.factories import make_article

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport(request) -> dict[str, int]:
    return VIEWPORTS[request.param]


@pytest.fixture
def editor_page(new_page: Callable[..., Page], live_server, viewport) -> Iterator[Page]:
    """A page logged in to the admin, at the size under test, failing on any script error."""
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    page = new_page(viewport=viewport)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield sign_in(page, live_server, admin)
    assert errors == []


def change_form(page: Page, live_server, article: Article) -> None:
    page.goto(f"{live_server.url}/admin/supplements_cms/article/{article.pk}/change/")


def with_benefits(*titles: str) -> Article:
    article = make_article(title="Magnesium", published=False)
    for position, title in enumerate(titles, start=1):
        Benefit.objects.create(
            article=article, title=title, description=f"About {title}.", position=position
        )
    return article


def benefit_titles(page: Page) -> list[str]:
    return page.locator("#benefits-group input[name$=-title]:not([name*=__prefix__])").evaluate_all(
        "inputs => inputs.map(i => i.value).filter(Boolean)"
    )


def row(page: Page, title: str) -> Locator:
    return page.locator("#benefits-group .inline-related.has_original").filter(
        has=page.locator(f"input[name$=-title][value='{title}']")
    )


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > window.innerWidth")


def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "glass.png"
    out = BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def test_no_article_form_scrolls_sideways(editor_page: Page, live_server, viewport):
    page = editor_page
    article = Article.objects.get(slug=build_article().strip("/").rsplit("/", 1)[-1])
    change_form(page, live_server, article)
    save_and_continue(page)
    version = Version.objects.get_for_object(article).first()
    base = f"{live_server.url}/admin/supplements_cms/article/"

    for address in ("add/", f"{article.pk}/change/", f"{article.pk}/history/{version.pk}/"):
        page.goto(base + address)
        assert not scrolls_sideways(page), address
    # The benefits' descriptions and Delete boxes are within the screen's width.
    for part in ("textarea[name=benefits-0-description]", "#benefits-0 .delete"):
        box = page.locator(part).bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= viewport["width"], part
    for field in ("title", "seo_title"):
        width = page.locator(f"input[name={field}]").bounding_box()["width"]
        assert width >= min(viewport["width"] - 60, 480), field


def test_rows_reorder_with_the_mouse(editor_page: Page, live_server):
    page = editor_page
    article = with_benefits("Calm", "Sleep", "Bones")
    change_form(page, live_server, article)

    # "Bones" goes above "Sleep", its neighbour: both fit on the screen.
    row(page, "Sleep").evaluate("row => row.scrollIntoView({block: 'start'})")
    target = row(page, "Sleep").bounding_box()
    box = row(page, "Bones").locator(".scms-sort__handle").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + 40, target["y"] + 5, steps=12)
    page.mouse.up()

    assert benefit_titles(page) == ["Calm", "Bones", "Sleep"]
    # Four rows: the empty one for a new benefit counts as one.
    expect(page.locator("#scms-sort-announcer")).to_have_text("Moved to position 2 of 4.")
    save_and_continue(page)
    assert [b.title for b in article.benefits.all()] == ["Calm", "Bones", "Sleep"]
    assert [b.position for b in article.benefits.all()] == [1, 2, 3]


def test_rows_reorder_with_the_keyboard(editor_page: Page, live_server):
    page = editor_page
    article = with_benefits("Calm", "Sleep", "Bones")
    other = make_article(title="Magnesium and sleep")
    RelatedPost.objects.create(article=article, target=other, position=0)
    RelatedPost.objects.create(article=article, url="https://example.org/a", title="A", position=0)
    change_form(page, live_server, article)

    down = row(page, "Calm").get_by_role("button", name="Move down")
    down.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")

    assert benefit_titles(page) == ["Sleep", "Bones", "Calm"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move down"
    expect(page.locator("#scms-sort-announcer")).to_have_text("Moved to position 3 of 4.")
    page.locator("#related_posts-1").get_by_role("button", name="Move up").press("Enter")
    save_and_continue(page)

    assert [b.title for b in article.benefits.all()] == ["Sleep", "Bones", "Calm"]
    assert [p.title or p.target.title for p in article.related_posts.all()] == [
        "A",
        "Magnesium and sleep",
    ]


def test_added_rows_get_the_next_position_and_a_markdown_preview(editor_page: Page, live_server):
    page = editor_page
    article = with_benefits("Calm", "Sleep")
    change_form(page, live_server, article)
    add = page.locator("#benefits-group .add-row a")

    add.click()
    added = page.locator("#benefits-3")
    added.locator("input[name$=-title]").fill("Bones")
    description = added.locator("textarea[name$=-description]")
    description.fill("Keeps **bones** strong.")
    expect(added.locator("[data-scms-preview] strong")).to_have_text("bones")
    add.click()
    page.locator("#benefits-4 input[name$=-title]").fill("Skin")
    add.click()
    page.locator("#benefits-5 input[name$=-title]").fill("Iron")
    for _step in range(4):
        page.locator("#benefits-5").get_by_role("button", name="Move up").click()
    assert benefit_titles(page) == ["Calm", "Iron", "Sleep", "Bones", "Skin"]
    # Removing an unsaved row makes Django renumber the rows by their place on the page; the
    # saved "Sleep", now below a new row, must keep its number.
    page.locator("#benefits-2 .inline-deletelink").click()
    save_and_continue(page)

    benefits = list(article.benefits.all())
    assert [b.title for b in benefits] == ["Calm", "Iron", "Sleep", "Bones", "Skin"]
    assert [b.position for b in benefits] == [1, 2, 3, 4, 5]
    assert benefits[3].description_html == "Keeps <strong>bones</strong> strong."


def test_leaving_with_unsaved_changes_asks_first(editor_page: Page, live_server, new_page):
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.locator("input[name=title]").press("End")
    page.keyboard.type(" typed")
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    expect(page.locator("input[name=title]")).to_have_value("Magnesium typed")
    assert dialogs == ["beforeunload"]

    # Sending the form asks nothing; a form refused with errors is still unsaved.
    page.locator("input[name=dose_min]").fill("5")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errornote")).to_be_visible()
    assert dialogs == ["beforeunload"]
    # Browsers ask only on a page the user has interacted with: reading the errors, say.
    page.locator(".errornote").click()
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    expect(page.locator(".errornote")).to_be_visible()
    assert dialogs == ["beforeunload", "beforeunload"]

    page.locator("select[name=dose_unit]").select_option("mg")
    save_and_continue(page)
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload", "beforeunload"]
    assert Article.objects.get(pk=article.pk).title == "Magnesium typed"


def test_autosave_is_offered_back_and_restored(
    editor_page: Page, live_server, settings, new_page, viewport
):
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_SECONDS": 1}
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)

    def everything_kept(response) -> bool:
        # The new row, moved to the top.
        sent = response.request.post_data or ""
        return "/editor/autosave/" in response.url and '"benefits-2-position":["1"]' in sent

    with page.expect_response(everything_kept) as autosaved:
        page.locator("textarea[name=body]").fill("## Typed before the crash\n\nNot saved yet.")
        page.locator("#benefits-group .add-row a").click()
        page.locator("#benefits-2 input[name$=-title]").fill("Bones")
        # Above the empty row, then above "Calm".
        page.locator("#benefits-2").get_by_role("button", name="Move up").click()
        page.locator("#benefits-2").get_by_role("button", name="Move up").click()
    assert autosaved.value.status == 200
    expect(page.locator("[data-scms-autosave-status]")).to_contain_text("autosaved at")
    cookies = page.context.cookies()
    page.close()  # as a crash would: no save, no question

    again = new_page(viewport=viewport)
    again.context.add_cookies(cookies)
    change_form(again, live_server, article)
    offer = again.locator("[data-scms-autosave-offer]")
    expect(offer).to_contain_text("Restore your unsaved changes from")
    offer.get_by_role("button", name="Restore").click()

    expect(offer).to_be_hidden()
    expect(again.locator("textarea[name=body]")).to_have_value(
        "## Typed before the crash\n\nNot saved yet."
    )
    expect(again.locator("[data-scms-editor]:has(textarea[name=body]) h2")).to_have_text(
        "Typed before the crash"
    )
    assert benefit_titles(again) == ["Bones", "Calm"]
    save_and_continue(again)

    assert Article.objects.get(pk=article.pk).body.startswith("## Typed before the crash")
    assert [b.title for b in article.benefits.all()] == ["Bones", "Calm"]
    assert not Autosave.objects.exists()


def test_a_discarded_autosave_is_gone(editor_page: Page, live_server, settings):
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_SECONDS": 1}
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)
    with page.expect_response(lambda r: "/editor/autosave/" in r.url):
        page.locator("input[name=title]").fill("A title nobody wants")
    page = page.context.new_page()
    change_form(page, live_server, article)

    offer = page.locator("[data-scms-autosave-offer]")
    with page.expect_response(lambda r: r.request.method == "DELETE"):
        offer.get_by_role("button", name="Discard").click()

    expect(offer).to_be_hidden()
    expect(page.locator("input[name=title]")).to_have_value("Magnesium")
    assert not Autosave.objects.exists()


def test_ctrl_s_saves_and_stays_on_the_form(editor_page: Page, live_server):
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)

    page.locator("input[name=title]").fill("Saved with the keyboard")
    page.keyboard.press("Control+s")

    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/article/{article.pk}/change/$"))
    assert Article.objects.get(pk=article.pk).title == "Saved with the keyboard"


def test_an_image_inserted_with_the_button_gets_alt_text_and_a_line_of_its_own(
    editor_page: Page, live_server, tmp_path
):
    page = editor_page
    article = make_article(title="Water", body="First paragraph.\n## Next heading\n\nText.")
    change_form(page, live_server, article)
    body = page.locator("textarea[name=body]")
    editor = page.locator("[data-scms-editor]", has=body)
    body.evaluate("box => box.setSelectionRange(17, 17)")  # before "## Next heading"

    with page.expect_file_chooser() as chooser:
        editor.get_by_role("button", name="Insert image").click()
    chooser.value.set_files(png_file(tmp_path))
    dialog = editor.locator("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog.locator("[data-scms-alt-error]")).to_be_visible()
    dialog.get_by_label("Alt text (required)").fill("A glass of [still] water")
    with page.expect_response(lambda r: r.url.endswith("/editor/upload/")) as uploaded:
        dialog.get_by_role("button", name="Insert").click()

    assert uploaded.value.status == 200
    expect(dialog).to_be_hidden()
    alt = re.escape(r"A glass of \[still\] water")
    image = rf"!\[{alt}\]\(/articles/media/\d+/\)"
    expect(body).to_have_value(
        re.compile(rf"^First paragraph\.\n\n{image}\n\n## Next heading\n\nText\.$")
    )
    expect(editor.locator("[data-scms-preview] img")).to_have_attribute(
        "alt", "A glass of [still] water"
    )


def test_a_dropped_image_goes_on_a_line_of_its_own_too(editor_page: Page, live_server, tmp_path):
    page = editor_page
    article = make_article(title="Water", intro="Before the picture.")
    change_form(page, live_server, article)
    intro = page.locator("textarea[name=intro]")
    data = list(png_file(tmp_path).read_bytes())
    transfer = page.evaluate_handle(
        """bytes => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], "drop.png", {type: "image/png"}));
            return transfer;
        }""",
        data,
    )
    intro.evaluate("box => box.setSelectionRange(box.value.length, box.value.length)")

    intro.dispatch_event("drop", {"dataTransfer": transfer})
    dialog = page.locator("[data-scms-editor]", has=intro).locator("dialog")
    dialog.get_by_label("Alt text (required)").fill("Dropped")
    dialog.get_by_role("button", name="Insert").click()

    expect(intro).to_have_value(
        re.compile(r"^Before the picture\.\n\n!\[Dropped\]\(/articles/media/\d+/\)\n$")
    )


def test_counters_and_the_search_result_preview(editor_page: Page, live_server):
    page = editor_page
    article = Article.objects.get(slug=build_article().strip("/").rsplit("/", 1)[-1])
    previews: list[str] = []
    page.on("request", lambda r: previews.append(r.url) if "/editor/preview/" in r.url else None)
    change_form(page, live_server, article)
    # The previews come rendered with the form: opening it costs no request per box.
    page.wait_for_load_state("networkidle")
    assert previews == []
    stats = page.locator("[data-scms-stats]")
    # What the page counts: the article's words, and its benefits'.
    words = article.word_count + sum(
        len(b.title.split()) + count_words(b.description_html) for b in article.benefits.all()
    )
    minutes = article.reading_minutes
    expect(stats).to_have_text(f"Words: {words:,} · Reading time: {minutes} min")

    seo_title = "Magnesium glycinate for fibromyalgia: benefits, dosage and safety"
    page.locator("input[name=seo_title]").fill(seo_title)
    counter = page.locator("#id_seo_title_counter")
    expect(counter).to_have_text(
        f"{len(seo_title)} characters: search results show about 60, the rest is cut."
    )
    expect(counter).to_have_class(re.compile("scms-counter--over"))
    page.locator("textarea[name=summary]").fill("What it is and how much to take.")
    expect(page.locator("#id_summary_counter")).to_have_text("32 of 160 characters")
    serp = page.locator(".scms-serp__box")
    expect(serp.locator(".scms-serp__title")).to_have_text(seo_title[:60].rstrip() + "…")
    expect(serp.locator(".scms-serp__address")).to_have_text(
        f"{live_server.url}/articles/{article.slug}/"
    )
    expect(serp.locator(".scms-serp__description")).to_have_text("What it is and how much to take.")

    with page.expect_response(lambda r: r.url.endswith("/editor/preview/")):
        page.locator("textarea[name=conclusion]").fill(" ".join(["word"] * 2000))
    words += 2000 - count_words(article.conclusion_html)
    expect(stats).to_have_text(
        f"Words: {words:,} · Reading time: {math.ceil(words / WORDS_PER_MINUTE)} min"
    )


def test_an_unanswered_offer_neither_stops_autosave_nor_is_written_over(
    editor_page: Page, live_server, settings, viewport
):
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_SECONDS": 1}
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)
    with page.expect_response(lambda r: "/editor/autosave/" in r.url):
        page.locator("input[name=title]").fill("Typed in the first tab")
    page.close()

    second = page.context.new_page()
    change_form(second, live_server, article)
    expect(second.locator("[data-scms-autosave-offer]")).to_be_visible()
    # No answer to the offer: the typing here is autosaved all the same.
    with second.expect_response(lambda r: "/editor/autosave/" in r.url) as kept:
        second.locator("textarea[name=body]").fill("Typed while the offer waits.")
    assert kept.value.status == 200
    expect(second.locator("[data-scms-autosave-status]")).to_contain_text("autosaved at")
    titles = sorted(a.data["fields"]["title"][0] for a in Autosave.objects.all())
    assert titles == ["Magnesium", "Typed in the first tab"]
    second.close()

    third = page.context.new_page()
    change_form(third, live_server, article)
    third.locator("[data-scms-autosave-offer]").get_by_role("button", name="Restore").click()
    expect(third.locator("textarea[name=body]")).to_have_value("Typed while the offer waits.")


def test_a_form_is_never_offered_another_articles_text(editor_page: Page, live_server, settings):
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_SECONDS": 1}
    page = editor_page
    article, other = with_benefits("Calm"), make_article(title="Zinc", published=False)
    page.goto(f"{live_server.url}/admin/supplements_cms/article/add/")
    with page.expect_response(lambda r: "/editor/autosave/" in r.url):
        page.locator("input[name=title]").fill("A new article about iron")
    page.locator("#id_published_at_0").fill("2026-01-05")
    page.locator("#id_published_at_1").fill("10:00:00")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    # The next new article starts empty: the saved one's text is not offered back.
    expect(page.locator("[data-scms-autosave-offer]")).to_have_count(0)

    change_form(page, live_server, article)
    with page.expect_response(lambda r: "/editor/autosave/" in r.url):
        page.locator("input[name=title]").fill("Typed into Magnesium")
    for address in (f"article/{other.pk}/change/", "article/add/"):
        page.goto(f"{live_server.url}/admin/supplements_cms/{address}")
        expect(page.locator("[data-scms-autosave-offer]")).to_have_count(0)
        expect(page.locator("input[name=title]")).not_to_have_value("Typed into Magnesium")


def test_the_live_preview_leaves_the_form_room_with_the_sidebar_open(
    editor_page: Page, live_server, viewport
):
    page = editor_page
    article = with_benefits("Calm")
    change_form(page, live_server, article)
    # The admin's navigation sidebar is open, as Django leaves it on a wide screen.
    page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'true')")
    change_form(page, live_server, article)

    page.get_by_role("button", name="Preview as you type").click()

    expect(page.locator("#scms-live-preview")).to_be_visible()
    width = page.locator("#article_form").evaluate("form => form.getBoundingClientRect().width")
    wanted = 600 if viewport["width"] >= 1024 else viewport["width"] - 60
    assert width >= wanted
    assert not scrolls_sideways(page)
    page.get_by_role("button", name="Close preview").click()
    if viewport["width"] >= 1024:
        expect(page.locator("#nav-sidebar")).to_be_visible()


def test_the_link_picker_inserts_a_link_that_follows_the_article(editor_page: Page, live_server):
    page = editor_page
    target = make_article(title="Zinc and the common cold")
    make_article(title="Zinc for acne", published=False)
    article = make_article(title="Water", body="Also read about zinc.")
    change_form(page, live_server, article)
    body = page.locator("textarea[name=body]")
    editor = page.locator("[data-scms-editor]", has=body)
    body.evaluate("box => box.setSelectionRange(16, 20)")  # "zinc"

    editor.get_by_role("button", name="Link to an article").click()
    dialog = editor.locator("dialog[data-scms-link-dialog]")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Find an article by its title").fill("zinc")
    expect(dialog.get_by_role("button", name="Zinc for acne")).to_be_visible()
    expect(dialog).to_contain_text("readers cannot see it yet")
    dialog.get_by_role("button", name="Zinc and the common cold").click()

    expect(dialog).to_be_hidden()
    expect(body).to_have_value(f"Also read about [zinc](/articles/ref/{target.pk}/).")
    expect(editor.locator("[data-scms-preview] a")).to_have_text("zinc")
    save_and_continue(page)
    page.goto(live_server.url + article.get_absolute_url())
    link = page.locator(".scms-article__body a", has_text="zinc")
    expect(link).to_have_attribute("href", target.get_absolute_url())


def _save_and_continue(page: Page) -> str:
    """Press "Save and continue editing"; the content type the browser sent the form with."""
    with page.expect_request(lambda r: r.method == "POST" and "/change/" in r.url) as posted:
        page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    return posted.value.headers["content-type"]


def test_the_form_goes_url_encoded_unless_a_file_or_the_size_needs_multipart(
    editor_page: Page, live_server, tmp_path
):
    """A multipart body costs the server a parse per field: the form is sent URL-encoded,
    unless a file goes with it or URL encoding would make the body bigger."""
    page = editor_page
    article = with_benefits("Calm", "Sleep", "Focus")
    change_form(page, live_server, article)
    page.locator("input[name=title]").fill("Sent in one piece")
    assert _save_and_continue(page) == "application/x-www-form-urlencoded"
    article.refresh_from_db()
    assert article.title == "Sent in one piece"
    assert article.benefits.filter(title="Sleep", description="About Sleep.").exists()

    # Each of these letters is 3 bytes in a multipart body and 9 URL-encoded.
    page.locator("textarea[name=conclusion]").fill("镁有助于放松肌肉。" * 200)
    assert _save_and_continue(page).startswith("multipart/form-data")
    article.refresh_from_db()
    assert article.conclusion == "镁有助于放松肌肉。" * 200

    picture = tmp_path / "featured.png"
    Image.new("RGB", (64, 48), "teal").save(picture)
    page.locator("textarea[name=conclusion]").fill("That is all.")
    page.locator("input[type=file][name=image]").set_input_files(str(picture))
    page.locator("input[name=image_alt]").fill("A teal square")
    assert _save_and_continue(page).startswith("multipart/form-data")
    article.refresh_from_db()
    assert article.image
    assert article.image_width == 64
    assert article.conclusion == "That is all."
