"""Draft changes of published articles and the preview of the unsaved form.

Rules these paths keep: readers see the published page until a publisher publishes the changes;
only publishers publish them; discarding needs the change permission; a writer's every save of
a published article (restore included) is a draft change; previews save nothing, are private
and never cached."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from supplements_cms.models import Article, Benefit, DraftChange
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_article, make_article_editor, make_user

pytestmark = pytest.mark.django_db


def _client(name: str, *, publish: bool) -> Client:
    user = make_article_editor(name, publish=publish)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def publisher() -> Client:
    return _client("publisher", publish=True)


@pytest.fixture
def writer() -> Client:
    return _client("writer", publish=False)


def _reader_sees(client: Client, article: Article) -> str:
    return BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser").get_text()


def _live_with_benefit() -> Article:
    article = make_article(title="Magnesium at night", intro="The published introduction.")
    Benefit.objects.create(article=article, title="Calm", description="Published row.", position=1)
    return article


def test_saving_draft_changes_keeps_the_published_page_and_shows_the_draft_to_editors(publisher):
    article = _live_with_benefit()
    data = form_on_page(publisher, change_url(article))
    response = publisher.post(
        change_url(article),
        {
            **data,
            "intro": "A rewritten introduction.",
            "benefits-0-description": "A rewritten row.",
            "_save_draft": "1",
        },
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro == "The published introduction."
    assert Benefit.objects.get().description == "Published row."
    # The draft counts its saves (the form opened on it carries the first) and keeps who saved
    # it, whom a refusal of a stale form names.
    draft = DraftChange.objects.get(article=article)
    assert (draft.edit_number, draft.saved_by.username) == (1, "publisher")
    assert form_on_page(publisher, change_url(article))["draft_edit_number"] == "1"
    readers = _reader_sees(Client(), article)
    assert "The published introduction." in readers
    assert "A rewritten introduction." not in readers
    assert not Version.objects.get_for_object(article).exists()
    assert LogEntry.objects.filter(change_message="Saved draft changes").exists()

    # The form opens on the draft, rows included, with a banner and the publishing buttons.
    page = BeautifulSoup(publisher.get(change_url(article)).content, "html.parser")
    assert page.select_one(".scms-draft-banner") is not None
    assert page.select_one("textarea[name=intro]").get_text().strip() == "A rewritten introduction."
    assert (
        page.select_one("textarea[name=benefits-0-description]").get_text().strip()
        == "A rewritten row."
    )
    assert page.select_one("input[name=_publish_draft]") is not None
    assert page.select_one("input[name=_discard_draft]") is not None

    # The article list says which live articles have pending changes.
    listing = publisher.get("/admin/supplements_cms/article/").content.decode()
    assert "with draft changes" in listing

    # The staff preview shows the draft; it is private and never cached.
    preview = publisher.get(
        reverse("admin:supplements_cms_article_draft_preview", args=[article.pk])
    )
    assert preview.status_code == 200
    assert "A rewritten introduction." in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in preview["Cache-Control"] or "no-cache" in preview["Cache-Control"]


def test_a_publisher_publishes_the_draft_changes(publisher):
    article = _live_with_benefit()
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "intro": "Draft words.", "_save_draft": "1"})
    data = form_on_page(publisher, change_url(article))
    response = publisher.post(change_url(article), {**data, "_publish_draft": "1"})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro == "Draft words."
    assert not DraftChange.objects.exists()
    assert "Draft words." in _reader_sees(Client(), article)


def test_discarding_draft_changes_is_one_click(writer):
    article = _live_with_benefit()
    data = form_on_page(writer, change_url(article))
    writer.post(change_url(article), {**data, "intro": "To be thrown away."}, follow=True)
    assert DraftChange.objects.filter(article=article).exists()
    response = writer.post(change_url(article), {"_discard_draft": "1"}, follow=True)
    assert response.redirect_chain == [(change_url(article), 302)]
    assert not DraftChange.objects.exists()
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("textarea[name=intro]").get_text().strip() == (
        "The published introduction."
    )
    assert [str(m) for m in response.context["messages"]] == ["The draft changes were discarded."]
    logged = LogEntry.objects.filter(object_id=str(article.pk), change_message__contains="iscard")
    assert [(e.user.username, e.change_message) for e in logged] == [
        ("writer", "Discarded draft changes")
    ]
    # Nothing left to discard: no message, nothing logged.
    again = writer.post(change_url(article), {"_discard_draft": "1"}, follow=True)
    assert [str(m) for m in again.context["messages"]] == []
    assert logged.count() == 1


def test_only_publishers_publish_draft_changes(writer):
    article = _live_with_benefit()
    data = form_on_page(writer, change_url(article))
    writer.post(change_url(article), {**data, "intro": "A writer's draft."})
    page = BeautifulSoup(writer.get(change_url(article)).content, "html.parser")
    assert page.select_one("input[name=_publish_draft]") is None
    data = form_on_page(writer, change_url(article))
    forged = writer.post(change_url(article), {**data, "_publish_draft": "1"})
    assert forged.status_code == 403
    article.refresh_from_db()
    assert article.intro == "The published introduction."


def test_a_writers_restore_of_a_live_article_becomes_draft_changes(writer, publisher):
    article = make_article(title="Restored", intro="First words.", published=False)
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "intro": "Second words."})
    article.refresh_from_db()
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "intro": "Live words.", "status": "published"})
    version = next(
        v
        for v in Version.objects.get_for_object(article)
        if v.field_dict["intro"] == "Second words."
    )
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, version.pk])
    response = writer.post(url, form_on_page(writer, url))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.intro == "Live words."
    assert [text.strip() for text in article.draft_change.data["intro"]] == ["Second words."]


def test_drafts_never_apply_to_articles_that_are_not_published(writer):
    article = make_article(title="Still a draft", published=False)
    data = form_on_page(writer, change_url(article))
    response = writer.post(change_url(article), {**data, "intro": "Saved for real."})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro == "Saved for real."
    assert not DraftChange.objects.exists()


def test_the_live_preview_renders_the_unsaved_form_and_saves_nothing(publisher):
    article = _live_with_benefit()
    data = form_on_page(publisher, change_url(article))
    url = reverse("admin:supplements_cms_article_live_preview", args=[article.pk])
    response = publisher.post(
        url,
        {
            **data,
            "intro": "Typed, not saved.",
            "benefits-0-title": "Typed benefit",
            "new_conditions": "Night cramps",
        },
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert "Typed, not saved." in page.get_text()
    assert "Typed benefit" in page.get_text()
    assert "Preview of the form as it is now" in page.select_one(".scms-preview-banner").get_text()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    article.refresh_from_db()
    assert article.intro == "The published introduction."
    assert Benefit.objects.get().title == "Calm"
    assert not DraftChange.objects.exists()


def test_the_live_preview_of_a_new_article(publisher):
    response = publisher.post(
        reverse("admin:supplements_cms_article_add_live_preview"),
        form_data(title="Brand new", intro="Never saved yet."),
    )
    assert response.status_code == 200
    assert "Never saved yet." in response.content.decode()
    assert not Article.objects.exists()


def test_previews_are_for_staff_who_may_edit(client, publisher):
    article = _live_with_benefit()
    url = reverse("admin:supplements_cms_article_live_preview", args=[article.pk])
    assert client.post(url, {}).status_code == 302  # to the login page
    viewer = make_user("viewer", staff=True, perms=("view_article",))
    other = Client()
    other.force_login(viewer)
    assert other.post(url, {}).status_code == 403
    assert publisher.get(url).status_code == 405
    assert ADD_URL.endswith("/add/")


def test_the_save_message_links_to_the_page(publisher):
    article = make_article(title="Linked", published=False)
    data = form_on_page(publisher, change_url(article))
    response = publisher.post(change_url(article), data, follow=True)
    links = [BeautifulSoup(str(m), "html.parser").find("a") for m in response.context["messages"]]
    hrefs = [a["href"] for a in links if a is not None]
    assert article.get_absolute_url() in hrefs


def test_the_live_preview_may_be_framed_by_the_admin_only(publisher):
    article = _live_with_benefit()
    data = form_on_page(publisher, change_url(article))
    url = reverse("admin:supplements_cms_article_live_preview", args=[article.pk])
    assert publisher.post(url, data)["X-Frame-Options"] == "SAMEORIGIN"
