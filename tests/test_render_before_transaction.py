"""Markdown is rendered before a save opens its transaction: the admin's change form (add,
change, restore) and both importers. A long text then holds the database's write lock for the
writing alone, not for its rendering (on SQLite another user's save or login waits meanwhile).

The renderer is replaced by a spy that notes whether the database connection is inside a
transaction each time it converts a text; the tests run outside the test's own transaction."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from supplements_cms.content import markdown
from supplements_cms.models import Article, Benefit, DraftChange
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_article_editor, make_user

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).parent / "import_fixtures"
IMPORT_URL = "/admin/supplements_cms/article/import/"


@pytest.fixture
def conversions(monkeypatch) -> list[tuple[str, bool]]:
    """Each text the renderer converts, with whether a transaction was open then."""
    seen: list[tuple[str, bool]] = []
    real = markdown.convert

    def spy(text: str) -> str:
        seen.append((text, connection.in_atomic_block))
        return real(text)

    monkeypatch.setattr(markdown, "convert", spy)
    return seen


@pytest.fixture
def publisher() -> Client:
    client = Client()
    client.force_login(make_article_editor("publisher", publish=True))
    return client


def _inside(conversions: list[tuple[str, bool]]) -> list[str]:
    return [text[:60] for text, in_transaction in conversions if in_transaction]


def test_adding_an_article_renders_before_the_transaction(publisher, conversions):
    body = "## Why it matters\n\n" + "\n\n".join(["A paragraph about *magnesium*."] * 2000)
    response = publisher.post(ADD_URL, form_data(body=body))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert "<em>magnesium</em>" in article.body_html
    assert Benefit.objects.get(title="Muscle relaxation").description_html.startswith("Helps")
    assert any(text == body for text, _ in conversions)  # the spy saw the save's rendering
    assert _inside(conversions) == []


def test_changing_an_article_renders_before_the_transaction(publisher, conversions):
    response = publisher.post(ADD_URL, form_data())
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    conversions.clear()
    data = form_on_page(publisher, change_url(article))
    # As a browser sends a textarea: CRLF line endings, the form stores LF.
    data.update(intro="A new\r\n**introduction**.", **{"benefits-0-description": "Calms *it*."})
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro_html == "<p>A new\n<strong>introduction</strong>.</p>"
    assert Benefit.objects.get(title="Muscle relaxation").description_html == "Calms <em>it</em>."
    assert ("A new\n**introduction**.", False) in conversions
    assert _inside(conversions) == []


@pytest.mark.parametrize("status", ["draft", "published"])
def test_restoring_a_revision_renders_before_the_transaction(publisher, conversions, status):
    response = publisher.post(ADD_URL, form_data(intro="The first *introduction*."))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "status": status, "intro": "Second text."})
    older = list(Version.objects.get_for_object(article))[-1]
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, older.pk])
    form = form_on_page(publisher, url)
    conversions.clear()
    response = publisher.post(url, form)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    if status == "published":
        # The revision became the draft changes (Django's transaction only, no revert);
        # readers keep the live text.
        (intro,) = DraftChange.objects.get(article=article).data["intro"]
        assert intro.strip() == "The first *introduction*."
        assert article.intro == "Second text."
    else:  # reverted in django-reversion's transaction, then saved in Django's
        assert article.intro_html == "<p>The first <em>introduction</em>.</p>"
    assert ("The first *introduction*.", False) in conversions
    assert _inside(conversions) == []


def test_the_import_command_renders_before_the_transaction(tmp_path, conversions):
    make_user("operator", staff=True, perms=("add_article", "change_article", "view_article"))
    export = tmp_path / "citrate.txt"
    export.write_text(
        (FIXTURES / "command-citrate-migraine.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    call_command("import_articles", str(export), "--user", "operator", stdout=StringIO())
    article = Article.objects.get()
    assert article.body_html
    assert article.benefits.exists()
    assert conversions
    assert _inside(conversions) == []


def test_the_admin_import_renders_before_the_transaction(publisher, conversions):
    text = (FIXTURES / "command-citrate-migraine.txt").read_bytes()
    shown = publisher.post(
        IMPORT_URL, {"files": [SimpleUploadedFile("citrate.txt", text, "text/plain")]}
    )
    assert shown.status_code == 200
    token = shown.content.decode().split('name="token" value="')[1].split('"')[0]
    conversions.clear()
    publisher.post(IMPORT_URL, {"confirm": "1", "token": token, "choice-0": "create"})
    assert Article.objects.get().body_html
    assert conversions
    assert _inside(conversions) == []


def test_the_wordpress_import_renders_before_the_transaction(tmp_path, conversions):
    make_user("operator", staff=True, perms=("add_article", "change_article", "view_article"))
    site = FIXTURES / "wordpress" / "site.xml"
    call_command(
        "import_wordpress", str(site), "--user", "operator", "--uploads", str(tmp_path),
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip
    assert Article.objects.exists()
    assert conversions
    assert _inside(conversions) == []


def _article_with_rows(publisher: Client, status: str = "draft") -> Article:
    """An article saved through the admin with three benefits of their own text."""
    response = publisher.post(ADD_URL, form_data(status=status))
    assert response.status_code == 302, errors_of(response)
    return Article.objects.get()


def _descriptions() -> list[str]:
    return list(Benefit.objects.values_list("description", flat=True))


def test_a_save_renders_no_row_it_leaves_unchanged(publisher, conversions):
    """Django saves no unchanged row: rendering its text ahead was work for nothing (a long
    article's fifty benefits took a millisecond each). A row saved for its title keeps the
    HTML of its unchanged text; a changed text is rendered, before the transaction."""
    article = _article_with_rows(publisher)
    stored = dict(Benefit.objects.values_list("title", "description_html"))
    data = form_on_page(publisher, change_url(article))
    conversions.clear()
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    assert not [text for text, _ in conversions if text in _descriptions()]

    conversions.clear()
    data = form_on_page(publisher, change_url(article))
    data.update(
        {"benefits-0-title": "Muscles that let go", "benefits-1-description": "New *text*."}
    )
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    renamed = Benefit.objects.get(title="Muscles that let go")
    assert renamed.description_html == stored["Muscle relaxation"]
    assert Benefit.objects.get(title="Electrolyte balance").description_html == "New <em>text</em>."
    rows = [text for text, _ in conversions if text in _descriptions()]
    assert rows == ["New *text*."]
    assert _inside(conversions) == []


def test_a_save_that_publishes_renders_every_row_before_the_transaction(publisher, conversions):
    """Publishing checks the text as submitted, rows included (claims, review): every row's
    text is rendered, unchanged or not, and all of it before the transaction."""
    article = _article_with_rows(publisher)
    # As a browser sends it: without the newline that opens each textarea in the page.
    data = {
        name: value.removeprefix("\n") if isinstance(value, str) else value
        for name, value in form_on_page(publisher, change_url(article)).items()
    }
    conversions.clear()
    response = publisher.post(change_url(article), {**data, "status": "published"})
    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get().status == Article.Status.PUBLISHED
    assert sorted(text for text, _ in conversions if text in _descriptions()) == sorted(
        _descriptions()
    )
    assert _inside(conversions) == []


def test_rows_written_without_their_html_are_rendered_by_the_next_save(publisher, conversions):
    """HTML that ``bulk_create()`` or ``update()`` left empty is no rendering to keep."""
    article = _article_with_rows(publisher)
    Benefit.objects.update(description_html="")
    data = form_on_page(publisher, change_url(article))
    data["benefits-0-title"] = "Muscles that let go"
    conversions.clear()
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    assert Benefit.objects.get(title="Muscles that let go").description_html.startswith("Helps")
    assert "Helps muscles *let go*." in [text for text, _ in conversions]
    assert _inside(conversions) == []


def test_publishing_rows_as_a_browser_sends_them_renders_before_the_transaction(
    publisher, conversions
):
    """A browser sends a textarea's lines with CR LF and may leave spaces around it; the
    publishing checks read each row as the form will store it, which was rendered ahead."""
    article = _article_with_rows(publisher)
    data = form_on_page(publisher, change_url(article))
    data["benefits-0-description"] = "  Helps muscles\r\n*let go*.  "
    conversions.clear()
    response = publisher.post(change_url(article), {**data, "status": "published"})
    assert response.status_code == 302, errors_of(response)
    assert Benefit.objects.get(title="Muscle relaxation").description == "Helps muscles\n*let go*."
    assert _inside(conversions) == []
