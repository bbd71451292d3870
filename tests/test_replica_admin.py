"""Editors read their own writes: with a replica that lags (tests/routers.py), every page of the
admin reads the write database, so right after a save the list, the form, the history, a draft
and a restore show what was saved, not what the replica still has."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import router
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from supplements_cms.editorial.primary import reads_on_primary
from supplements_cms.models import Article, DraftChange, LibraryImage
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_article_editor
from tests.test_replica_pages import copy_to_replica

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

LIST_URL = "/admin/supplements_cms/article/"


@pytest.fixture
def lagging(settings):
    """Call it once the test's data and logins are in: the replica gets a copy of them and
    never another write; from then on every read the router routes goes there."""

    def start() -> None:
        copy_to_replica()
        settings.SCMS_TEST_READ_REPLICA = True

    return start


def _editor(name: str, *, publish: bool) -> Client:
    client = Client()
    client.force_login(make_article_editor(name, publish=publish))
    return client


def _save(client: Client, article: Article, **changes) -> None:
    data = {**form_on_page(client, change_url(article)), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)


def _text(response) -> str:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


def test_after_a_save_the_list_the_form_and_the_history_show_it(lagging):
    article = make_article(title="Words before", published=False)
    publisher = _editor("publisher", publish=True)
    lagging()
    _save(publisher, article, title="Words after", intro="A new introduction.")
    # The replica has not seen it: what a read through the router alone would show.
    assert Article.objects.using("replica").get(pk=article.pk).title == "Words before"

    listed = _text(publisher.get(LIST_URL))
    assert "Words after" in listed
    assert "Words before" not in listed
    form = form_on_page(publisher, change_url(article))
    assert (form["title"], form["intro"].strip()) == ("Words after", "A new introduction.")
    history = reverse("admin:supplements_cms_article_history", args=[article.pk])
    soup = BeautifulSoup(publisher.get(history).content, "html.parser")
    assert len(soup.select("#change-history tbody tr")) == 1  # the save's revision


def test_a_revision_saved_on_the_primary_is_restored_from_it(lagging):
    article = make_article(title="First title", published=False)
    publisher = _editor("publisher", publish=True)
    lagging()
    _save(publisher, article, title="Second title")
    _save(publisher, article, title="Third title")
    older = list(Version.objects.using("default").get_for_object(article))[-1]
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, older.pk])
    form = form_on_page(publisher, url)  # django-reversion's own view: a 404 on the replica
    assert form["title"] == "Second title"
    response = publisher.post(url, form)
    assert response.status_code == 302, errors_of(response)
    assert Article.objects.using("default").get(pk=article.pk).title == "Second title"


def test_a_draft_saved_on_the_primary_is_shown_and_published_from_it(lagging):
    article = make_article(title="Live title")
    writer = _editor("writer", publish=False)
    publisher = _editor("publisher", publish=True)
    lagging()
    _save(writer, article, title="Drafted title")
    assert DraftChange.objects.using("default").filter(article=article).exists()

    form = form_on_page(publisher, change_url(article))
    assert form["title"] == "Drafted title"  # the form opens on the draft
    response = publisher.post(change_url(article), {**form, "_publish_draft": "1"})
    assert response.status_code == 302, errors_of(response)
    live = Article.objects.using("default").get(pk=article.pk)
    assert live.title == "Drafted title"
    assert not DraftChange.objects.using("default").filter(article=article).exists()


def test_the_media_library_and_the_editor_picker_show_a_new_upload(lagging, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    publisher = _editor("publisher", publish=True)
    lagging()
    LibraryImage.objects.create(
        file="library/new.png", alt_text="A freshly uploaded pill", width=40, height=30, size=900
    )
    assert not LibraryImage.objects.using("replica").exists()
    listed = _text(publisher.get("/admin/supplements_cms/libraryimage/"))
    assert "A freshly uploaded pill" in listed
    picked = publisher.get(reverse("supplements_cms:editor_library"))
    assert "A freshly uploaded pill" in picked.content.decode()


def test_outside_an_editors_view_reads_still_go_to_the_replica(lagging):
    article = make_article(title="Words before", published=False)
    lagging()
    Article.objects.filter(pk=article.pk).update(title="Words after")  # written to the primary
    assert Article.objects.get(pk=article.pk).title == "Words before"
    with reads_on_primary():
        assert Article.objects.get(pk=article.pk).title == "Words after"
    assert Article.objects.get(pk=article.pk).title == "Words before"
    assert router.db_for_read(Article) == "replica"


def test_without_the_package_router_editors_read_the_replica(lagging, settings):
    """What check W009 warns of: the package's router, not the package alone, routes the reads."""
    article = make_article(title="Words before", published=False)
    lagging()
    settings.DATABASE_ROUTERS = ["tests.routers.LaggingReplicaRouter"]
    Article.objects.filter(pk=article.pk).update(title="Words after")
    with reads_on_primary():
        assert Article.objects.get(pk=article.pk).title == "Words before"
