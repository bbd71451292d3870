"""``manage.py import_articles`` and the admin's import page: files in, articles out."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from supplements_cms.models import Article, Benefit, CallToAction, Condition, Supplement
from tests.factories import make_user
from tests.layout import ARTICLE_PARTS, assert_parts_in_order

pytestmark = pytest.mark.django_db

EXPORT = (Path(__file__).parent / "import_fixtures" / "command-citrate-migraine.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "citrate-migraine.txt"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_a_draft_with_every_part(export):
    out, _err = run(str(export))

    article = Article.objects.get()
    assert f"created: {article.slug} ({export})" in out
    assert article.status == Article.Status.DRAFT
    assert article.title == "The Benefits of Magnesium Citrate for Migraine"
    assert article.seo_title == "Magnesium Citrate for Migraine: A Plain Guide"
    assert article.supplement.name == "Magnesium Citrate"
    assert [c.name for c in article.conditions.all()] == ["Migraine"]
    assert (article.dose_min, article.dose_max, article.dose_unit, article.dose_frequency) == (
        Decimal("300"),
        Decimal("600"),
        "mg",
        "per day",
    )
    main = article.benefits.filter(kind=Benefit.Kind.MAIN).order_by("position")
    assert [b.title for b in main] == ["Fewer Attacks", "Calmer Nerves"]
    extra = article.benefits.filter(kind=Benefit.Kind.ADDITIONAL).order_by("position")
    assert [b.title for b in extra] == ["Regularity", "Better Rest"]
    assert '<h2 id="what-is-magnesium-citrate">What is Magnesium Citrate?</h2>' in article.body_html
    assert article.call_to_action.text.startswith("Keep a headache diary")
    assert "Scroll to top" not in article.body + article.conclusion


def test_imported_article_renders_its_parts_in_order(client, export):
    run(str(export), "--publish")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # No related posts: the imported article is the only one.
    assert_parts_in_order(soup, ARTICLE_PARTS[:-2] + ARTICLE_PARTS[-1:])
    assert "300 to 600 mg per day" in soup.select_one(".scms-dosage").get_text(" ", strip=True)
    assert soup.select_one(".scms-cta").get_text().count("headache diary") == 1


def test_reimport_updates_the_same_article(export):
    run(str(export))
    first = Article.objects.get()
    export.write_text(EXPORT.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    out, _err = run(str(export))

    assert f"updated: {first.slug}" in out
    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.dose_min == Decimal("200")
    assert article.benefits.count() == 4
    assert CallToAction.objects.count() == 1


def test_dry_run_prints_the_structure_and_saves_nothing(export):
    out, _err = run(str(export), "--dry-run")

    assert Article.objects.count() == Supplement.objects.count() == Condition.objects.count() == 0
    for expected in (
        "The Benefits of Magnesium Citrate for Migraine",
        "Magnesium Citrate for Migraine: A Plain Guide",
        "What is Magnesium Citrate?",
        "Fewer Attacks",
        "Better Rest",
        "300 to 600 mg per day",
        "Migraine",
        "1 parsed, nothing failed.",
    ):
        assert expected in out


def test_options_set_supplement_and_conditions(export):
    run(
        str(export),
        "--supplement",
        "Magnesium Glycinate",
        "--condition",
        "Sleep problems",
        "--condition",
        "migraine",
    )

    article = Article.objects.get()
    assert article.supplement.name == "Magnesium Glycinate"
    assert sorted(c.name for c in article.conditions.all()) == ["Sleep problems", "migraine"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\xff\xfe\xfd not utf-8 \xc3\x28", "UTF-8"),
    ],
)
def test_unreadable_file_fails_with_its_name_and_reason(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)

    with pytest.raises(CommandError, match=r"0 imported, 1 failed: .*bad\.txt"):
        run(str(bad))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(bad), stdout=StringIO(), stderr=err)
    line = err.getvalue().strip()
    assert line.startswith(f"{bad}: ")
    assert reason.lower() in line.lower()
    assert Article.objects.count() == 0


def test_good_files_are_imported_and_bad_ones_listed(tmp_path, export):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError) as raised:
        run(str(empty), str(export), str(missing))

    assert "1 imported, 2 failed" in str(raised.value)
    assert "empty.txt" in str(raised.value)
    assert "missing.txt" in str(raised.value)
    assert Article.objects.count() == 1


def test_a_file_that_fails_validation_leaves_nothing_behind(tmp_path):
    # The parser accepts it, the model refuses it (the title is longer than the field allows):
    # neither the article nor its call to action or supplement may survive.
    long_title = "Magnesium Citrate for Migraine " + "and more " * 40
    bad = tmp_path / "too-long.txt"
    bad.write_text(EXPORT.replace("The Benefits of Magnesium Citrate for Migraine", long_title))

    with pytest.raises(CommandError, match=r"too-long\.txt"):
        run(str(bad))

    assert Article.objects.count() == 0
    assert CallToAction.objects.count() == 0
    assert Benefit.objects.count() == 0


def test_a_folder_imports_its_text_files(tmp_path, export):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    second = tmp_path / "second.md"
    second.write_text(EXPORT.replace("Migraine", "Restless Legs"), encoding="utf-8")

    out, _err = run(str(tmp_path))

    assert "2 imported, nothing failed." in out
    assert Article.objects.count() == 2


def test_an_empty_folder_is_a_failure(tmp_path):
    with pytest.raises(CommandError, match="1 failed"):
        run(str(tmp_path))


# The admin's import page.

IMPORT_URL = "/admin/supplements_cms/article/import/"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_admin_import_previews_then_saves(editor_client):
    changelist = editor_client.get("/admin/supplements_cms/article/")
    assert IMPORT_URL.encode() in changelist.content

    preview = editor_client.post(
        IMPORT_URL,
        {"files": [upload("citrate.txt", EXPORT.encode()), upload("empty.txt", b"")]},
    )

    assert preview.status_code == 200
    assert Article.objects.count() == 0
    soup = BeautifulSoup(preview.content, "html.parser")
    summary = soup.select_one(".scms-import__summary").get_text()
    assert "Fewer Attacks" in summary
    assert "300 to 600 mg per day" in summary
    assert "empty.txt" in soup.get_text()
    assert "Cannot be imported" in soup.get_text()
    form = soup.select_one("form input[name=confirm]").find_parent("form")
    data = {"confirm": "1", "name": [], "text": []}
    for field in form.select("input[type=hidden], textarea"):
        if field["name"] in ("name", "text"):
            data[field["name"]].append(field.get("value", field.string or ""))
        else:
            data[field["name"]] = field.get("value", "")
    assert data["name"] == ["citrate.txt"]

    saved = editor_client.post(IMPORT_URL, data, follow=True)

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.benefits.count() == 4
    assert "1 article created" in saved.content.decode()

    again = editor_client.post(IMPORT_URL, data, follow=True)
    assert "1 article updated" in again.content.decode()
    assert Article.objects.count() == 1


def test_admin_import_refuses_other_file_types(editor_client):
    response = editor_client.post(IMPORT_URL, {"files": [upload("photo.png", b"\x89PNG")]})

    assert "not a .txt or .md file" in response.content.decode()
    assert b'name="confirm"' not in response.content


def test_admin_import_needs_a_file(editor_client):
    response = editor_client.post(IMPORT_URL, {})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_admin_import_needs_add_permission(client):
    viewer = make_user("viewer", staff=True, perms=("view_article", "change_article"))
    client.force_login(viewer)

    assert client.get(IMPORT_URL).status_code == 403
    assert (
        client.post(IMPORT_URL, {"confirm": "1", "name": "a.txt", "text": EXPORT}).status_code
        == 403
    )
    assert Article.objects.count() == 0


def test_admin_import_is_for_staff_only(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_related_posts_that_name_existing_articles_are_linked(tmp_path, export):
    run(str(export))
    citrate = Article.objects.get()
    second = tmp_path / "sleep.txt"
    second.write_text(
        "Magnesium and Sleep\n\nA short note on sleep.\n\nRelated Posts\n\n"
        f"{citrate.title}\nA Post That Does Not Exist Here\nShare this:\n",
        encoding="utf-8",
    )

    run(str(second))
    run(str(second))

    sleep = Article.objects.get(slug="magnesium-and-sleep")
    assert [r.target for r in sleep.related_posts.all()] == [citrate]
