"""The article admin's rough edges, smoothed: who sees the claim acceptance box, warnings that
name fields as the form does, the list's author and "my articles" filters, and German that reads
as German (the review filter, the import's refusals)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.admin_forms import change_url
from tests.factories import make_article, make_article_editor, make_user

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/supplements_cms/article/"
CLAIM = "Magnesium cures arthritis in a week."


def editor(name: str, *, publish: bool, **client_options) -> Client:
    user = make_article_editor(name, publish=publish)
    client = Client(**client_options)
    client.force_login(user)
    client.user = user
    return client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_only_a_publisher_is_shown_the_box_that_accepts_claim_warnings():
    article = make_article(intro=CLAIM, published=False)
    box = "input[type=checkbox][name=accept_claims]"

    assert soup(editor("pat", publish=True).get(change_url(article))).select(box)
    writer_page = soup(editor("wes", publish=False).get(change_url(article)))
    assert writer_page.select(box) == []
    # The warnings themselves stay in sight of the writer.
    assert "cures arthritis" in writer_page.select_one(".scms-claims-top").get_text()


def test_claim_warnings_name_fields_by_their_labels():
    article = make_article(intro=CLAIM, published=False)

    page = soup(editor("pat", publish=True).get(change_url(article)))

    top = page.select_one(".scms-claims-top li a")
    assert top.get_text() == "Introduction"
    assert top["href"] == "#id_intro"
    assert "intro:" not in page.select_one(".field-claim_warnings").get_text()
    german = soup(editor("paula", publish=True, HTTP_ACCEPT_LANGUAGE="de").get(change_url(article)))
    assert german.select_one(".scms-claims-top li a").get_text() == "Einleitung"


def test_the_list_filters_by_author_and_by_my_own_articles():
    me = editor("ada", publish=True)
    other = make_user("grace", staff=True)
    make_article(title="Ada's article", author=me.user)
    make_article(title="Grace's article", author=other)

    mine = soup(me.get(LIST_URL, {"mine": "1"}))
    titles = [a.get_text() for a in mine.select("#result_list tbody th a")]
    assert titles == ["Ada's article"]
    page = soup(me.get(LIST_URL))
    filters = page.select_one("#changelist-filter").get_text(" ", strip=True)
    assert "My articles" in filters
    assert "grace" in filters
    by_author = soup(me.get(LIST_URL, {"author__id__exact": other.pk}))
    assert [a.get_text() for a in by_author.select("#result_list tbody th a")] == [
        "Grace's article"
    ]


def test_the_german_list_and_import_read_as_german():
    client = editor("anna", publish=True, HTTP_ACCEPT_LANGUAGE="de")

    filters = soup(client.get(LIST_URL)).select_one("#changelist-filter").get_text(" ")
    assert "Nach medizinischer Prüfung" in " ".join(filters.split())
    empty = SimpleUploadedFile("leer.txt", b"   \n", content_type="text/plain")
    binary = SimpleUploadedFile("bild.txt", b"\x00\x01PNG", content_type="text/plain")
    page = soup(client.post(LIST_URL + "import/", {"files": [empty, binary]})).get_text(" ")
    assert "leere Datei" in page
    assert "kein Text: sieht nach einer Binärdatei aus" in page
    assert "empty file" not in page
