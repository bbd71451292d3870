"""The admin's import page: upload, preview what each file would change, choose, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from reversion.models import Version

from supplements_cms.content.importing import pending
from supplements_cms.models import Article, PendingImport
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_cta, make_user

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/supplements_cms/article/import/"
EXPORT = (Path(__file__).parent / "import_fixtures" / "command-citrate-migraine.txt").read_text(
    encoding="utf-8"
)
SLUG = "the-benefits-of-magnesium-citrate-for-migraine"
# The same article from a site without SEO titles or calls to action.
PLAIN_EXPORT = (
    EXPORT.replace("Title: Magnesium Citrate for Migraine: A Plain Guide\n", "")
    .replace("Title: ", "")
    .split("\nCall to Action")[0]
)


def upload(name: str, content: str | bytes) -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/plain")


def preview(client: Client, *files: SimpleUploadedFile, **options: str):
    response = client.post(IMPORT_URL, {"files": list(files), **options})
    assert response.status_code == 200
    return response


def confirm_data(response, **choices: str) -> dict[str, str]:
    """What the preview's form sends: its token and each file's checked choice, or ``choices``."""
    form = BeautifulSoup(response.content, "html.parser").select_one("form:has(input[name=token])")
    data = {"confirm": "1", "token": form.select_one("input[name=token]")["value"]}
    for radio in form.select("input[type=radio][checked]"):
        data[radio["name"]] = radio["value"]
    data.update(choices)
    # Only the token and the choices travel back, never the texts.
    assert set(data) <= {"confirm", "token"} | {n for n in data if n.startswith("choice-")}
    return data


def messages_of(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in soup.select("ul.messagelist li")]


def edit_in_admin(client: Client, article: Article, **changes: str) -> None:
    data = form_on_page(client, change_url(article))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)


def writer_perms() -> tuple[str, ...]:
    """Every permission of the package but publishing and deleting."""
    return tuple(
        Permission.objects.filter(content_type__app_label="supplements_cms")
        .exclude(codename="publish_article")
        .exclude(codename__startswith="delete_")
        .values_list("codename", flat=True)
    )


@pytest.fixture
def admin_editor(admin_user) -> Client:
    """Someone else editing in the admin, in a browser of their own."""
    other = Client()
    other.force_login(admin_user)
    return other


@pytest.fixture
def publisher_client(client):
    user = make_user("publisher", staff=True, perms=(*writer_perms(), "publish_article"))
    client.force_login(user)
    return client


def test_preview_then_confirm_creates_a_recorded_article(editor_client, editor):
    changelist = editor_client.get("/admin/supplements_cms/article/")
    assert IMPORT_URL.encode() in changelist.content

    shown = preview(editor_client, upload("citrate.txt", EXPORT), upload("empty.txt", b""))

    assert Article.objects.count() == 0
    soup = BeautifulSoup(shown.content, "html.parser")
    table = soup.select_one(".scms-import__found")
    found = {
        row.th.get_text(strip=True): row.td.get_text("|", strip=True)
        for row in table.select("tbody tr")
    }
    assert "Fewer Attacks" in found["Benefits"]
    assert found["Dose"] == "300 to 600 mg per day"
    assert found["Title"].startswith("The Benefits of Magnesium Citrate")
    assert "Keep a headache diary" in found["Call to action"]
    assert "empty.txt" in soup.get_text()
    assert "Cannot be imported: empty file" in soup.get_text()
    assert f"creates a new article “{SLUG}”." in soup.get_text()
    assert not soup.select("textarea")  # the texts stay on the server

    saved = editor_client.post(IMPORT_URL, confirm_data(shown), follow=True)

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.benefits.count() == 4
    assert messages_of(saved) == [
        "Import done: 1 article created.",
        f"1 article holds claim warnings to review: {article.slug} (7).",
    ]
    [version] = Version.objects.get_for_object(article)
    assert (version.revision.user, version.revision.comment) == (
        editor,
        "Imported from “citrate.txt”.",
    )
    assert LogEntry.objects.get().action_flag == ADDITION
    assert PendingImport.objects.count() == 0

    again = preview(editor_client, upload("citrate.txt", EXPORT))
    assert "Updating would change nothing" in again.content.decode()
    done = editor_client.post(IMPORT_URL, confirm_data(again), follow=True)
    assert messages_of(done) == ["Import done: 1 file skipped."]
    assert Version.objects.get_for_object(article).count() == 1


def test_an_article_edited_since_its_import_is_kept_unless_the_editor_chooses(
    editor_client, editor, admin_editor
):
    first = preview(editor_client, upload("plain.txt", PLAIN_EXPORT))
    editor_client.post(IMPORT_URL, confirm_data(first))
    article = Article.objects.get()
    cta = make_cta("Diary", text="Write down each attack.")
    edit_in_admin(
        admin_editor,
        article,
        seo_title="Magnesium and migraine, plainly",
        call_to_action=str(cta.pk),
        intro="An editor rewrote this introduction.",
    )
    changed = PLAIN_EXPORT.replace("300 to 600 mg", "200 to 400 mg")

    shown = preview(editor_client, upload("plain.txt", changed))

    soup = BeautifulSoup(shown.content, "html.parser")
    assert "Editors changed it since its last import" in soup.get_text()
    rows = {
        tr.th.get_text(strip=True): tr.td for tr in soup.select(".scms-import__changes tbody tr")
    }
    assert list(rows) == ["Introduction", "Dosage note", "Dose"]
    assert (
        rows["Introduction"].select_one("del").get_text() == "An editor rewrote this introduction."
    )
    assert rows["Dose"].select_one("del").get_text().strip() == "300"
    assert rows["Dose"].select_one("ins").get_text().strip() == "200"
    # Kept by default: what the editors wrote is not replaced without a choice.
    assert soup.select_one("input[type=radio][checked]")["value"] == "skip"

    kept = editor_client.post(IMPORT_URL, confirm_data(shown), follow=True)

    assert messages_of(kept) == ["Import done: 1 file skipped."]
    article.refresh_from_db()
    assert article.intro == "An editor rewrote this introduction."

    shown = preview(editor_client, upload("plain.txt", changed))
    updated = editor_client.post(IMPORT_URL, confirm_data(shown, **{"choice-0": "update"}))

    assert updated.status_code == 302
    article.refresh_from_db()
    assert article.intro.startswith("Migraine days take a toll")
    assert article.seo_title == "Magnesium and migraine, plainly"
    assert article.call_to_action == cta
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.user == editor
    assert newest.revision.comment == (
        "Imported from “plain.txt”: changed Introduction, Dosage note, Dose."
    )
    assert LogEntry.objects.filter(user=editor).latest("pk").action_flag == CHANGE


def test_import_as_new_leaves_the_existing_article_alone(editor_client):
    shown = preview(editor_client, upload("citrate.txt", EXPORT))
    editor_client.post(IMPORT_URL, confirm_data(shown))
    again = preview(editor_client, upload("citrate.txt", EXPORT.replace("300 to 600", "250")))

    editor_client.post(IMPORT_URL, confirm_data(again, **{"choice-0": "new"}))

    assert [a.slug for a in Article.objects.order_by("pk")] == [SLUG, f"{SLUG}-2"]
    assert Article.objects.get(slug=SLUG).dose_max is not None


def test_an_article_changed_after_the_preview_is_not_overwritten(editor_client, admin_editor):
    shown = preview(editor_client, upload("citrate.txt", EXPORT))
    editor_client.post(IMPORT_URL, confirm_data(shown))
    article = Article.objects.get()
    shown = preview(editor_client, upload("citrate.txt", EXPORT.replace("300 to 600", "250")))
    edit_in_admin(admin_editor, article, intro="Written while the preview was open.")

    done = editor_client.post(
        IMPORT_URL, confirm_data(shown, **{"choice-0": "update"}), follow=True
    )

    assert messages_of(done)[0] == (
        "Skipped “citrate.txt”: the article changed after the preview; preview the file again."
    )
    article.refresh_from_db()
    assert article.intro == "Written while the preview was open."


def test_a_file_of_nearly_a_megabyte_goes_through_preview_and_confirm(editor_client, settings):
    # Its body alone is longer than the default MARKDOWN_MAX_CHARS: a site that allows it.
    settings.SUPPLEMENTS_CMS = {"MARKDOWN_MAX_CHARS": 1_000_000}
    section = "Notes on Week {n}\n\n" + "A line of what the diary showed that week. " * 20
    notes = "\n\n".join(section.format(n=n) for n in range(1, 1081))
    text = EXPORT.replace("\nConclusion\n", f"\n{notes}\n\nConclusion\n")
    assert 900_000 < len(text.encode()) < 1_000_000

    shown = preview(editor_client, upload("long.txt", text))
    done = editor_client.post(IMPORT_URL, confirm_data(shown), follow=True)

    assert done.status_code == 200
    assert messages_of(done)[0] == "Import done: 1 article created."
    article = Article.objects.get()
    assert article.body.count("## Notes on Week") == 1080


def test_more_files_than_allowed_are_refused(editor_client, settings):
    settings.SUPPLEMENTS_CMS = {"IMPORT_MAX_FILES": 2}

    response = preview(
        editor_client, *(upload(f"{n}.txt", EXPORT.replace("Migraine", str(n))) for n in range(3))
    )

    assert errors_of(response) == (
        "You chose 3 files; at most 2 can be imported at a time (IMPORT_MAX_FILES)."
    )
    assert PendingImport.objects.count() == Article.objects.count() == 0


def test_a_file_over_the_size_limit_is_shown_as_refused(editor_client, settings):
    settings.SUPPLEMENTS_CMS = {"IMPORT_MAX_BYTES": 1000}

    response = preview(editor_client, upload("citrate.txt", EXPORT))

    assert (
        "Cannot be imported: larger than the limit of 1000\xa0bytes (IMPORT_MAX_BYTES): 1.2\xa0KB"
        in BeautifulSoup(response.content, "html.parser").get_text()
    )
    assert b'name="confirm"' not in response.content


def test_a_writer_cannot_publish_by_importing(client):
    writer = make_user("writer", staff=True, perms=writer_perms())
    client.force_login(writer)

    response = preview(client, upload("citrate.txt", EXPORT), publish="on")

    assert errors_of(response).startswith("You may not publish articles.")
    assert PendingImport.objects.count() == 0
    assert not Article.objects.published().exists()


def test_a_token_is_for_its_uploader_only(publisher_client, client):
    shown = preview(publisher_client, upload("citrate.txt", EXPORT), publish="on")
    writer = make_user("writer", staff=True, perms=writer_perms())
    other = Client()
    other.force_login(writer)

    refused = other.post(IMPORT_URL, confirm_data(shown))

    assert "This preview has expired or is not yours" in errors_of(refused)
    assert Article.objects.count() == 0
    publisher_client.post(IMPORT_URL, confirm_data(shown))
    # Imported (as a draft: the export reads as disease claims, which a publisher accepts first).
    assert Article.objects.get().slug == SLUG


def test_an_expired_or_forged_token_imports_nothing(editor_client, monkeypatch):
    shown = preview(editor_client, upload("citrate.txt", EXPORT))
    data = confirm_data(shown)

    forged = editor_client.post(IMPORT_URL, {**data, "token": data["token"][:-2] + "xx"})
    monkeypatch.setattr(pending, "MAX_AGE", -1)
    expired = editor_client.post(IMPORT_URL, data)

    for response in (forged, expired):
        assert "This preview has expired or is not yours" in errors_of(response)
    assert Article.objects.count() == 0


def test_other_file_types_are_refused(editor_client):
    response = preview(editor_client, upload("photo.png", b"\x89PNG"))

    assert "not a .txt or .md file" in response.content.decode()
    assert b'name="confirm"' not in response.content


def test_upper_case_suffixes_are_exports(editor_client):
    response = preview(editor_client, upload("CITRATE.TXT", EXPORT))

    assert f"creates a new article “{SLUG}”." in response.content.decode()


def test_the_page_needs_a_file(editor_client):
    response = editor_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_the_page_needs_add_permission(client):
    viewer = make_user("viewer", staff=True, perms=("view_article", "change_article"))
    client.force_login(viewer)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"confirm": "1", "token": "x"}).status_code == 403
    assert Article.objects.count() == 0


def test_the_page_is_for_staff_only(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# The limits on an article's parts, in the admin's change form.


def test_the_change_form_offers_and_takes_no_more_parts_than_allowed(admin_client_, settings):
    settings.SUPPLEMENTS_CMS = {"ARTICLE_MAX_BENEFITS": 2, "ARTICLE_MAX_RELATED_POSTS": 1}
    page = BeautifulSoup(admin_client_.get(ADD_URL).content, "html.parser")
    assert page.select_one("input[name=benefits-MAX_NUM_FORMS]")["value"] == "2"
    data = form_data(
        **{
            "related_posts-TOTAL_FORMS": "2",
            "related_posts-1-position": "2",
            "related_posts-1-url": "https://example.org/more/",
            "related_posts-1-title": "More reading",
        }
    )

    response = admin_client_.post(ADD_URL, data)

    assert response.status_code == 200
    errors = errors_of(response)
    assert (
        "An article can have at most 2 benefits (ARTICLE_MAX_BENEFITS); this one would have 3."
        in errors
    )
    assert (
        "An article can have at most 1 related post (ARTICLE_MAX_RELATED_POSTS); "
        "this one would have 2." in errors
    )
    assert Article.objects.count() == 0
