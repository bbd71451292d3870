"""Links by reference: the editor's picker finds articles, pages point such links at the target's
current address (renames follow), and a target readers cannot see leaves only the words."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from supplements_cms.content import library
from supplements_cms.content.article_links import PICKER_RESULTS, reference_url
from supplements_cms.models import Article, LibraryImage
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_article_editor, make_user, signed_in
from tests.test_queries import COLD_ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db

PICKER = "/articles/editor/articles/"


def links_of(client: Client, article: Article) -> list[tuple[str, str]]:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = BeautifulSoup(response.content, "html.parser").select_one(".scms-article__body")
    return [(a["href"], a.get_text()) for a in body.select("a")]


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "stored"])
def test_a_link_by_reference_follows_a_rename_and_hides_an_unpublished_target(client, cold):
    """Whether the page comes from the cache or, the cache emptied, from its stored rendering."""
    read = cold_links_of if cold else links_of
    target = make_article(title="Zinc and colds")
    page = make_article(
        title="Magnesium", body=f"Read [about zinc]({reference_url(target.pk)}) too."
    )
    assert read(client, page) == [(target.get_absolute_url(), "about zinc")]

    target.slug = "zinc-for-colds"
    target.save()
    assert read(client, page) == [("/articles/zinc-for-colds/", "about zinc")]

    target.status = Article.Status.DRAFT
    target.save()
    assert read(client, page) == []
    body = client.get(page.get_absolute_url()).content.decode()
    assert "Read about zinc too." in " ".join(BeautifulSoup(body, "html.parser").get_text().split())
    target.delete()
    assert read(client, page) == []


def cold_links_of(client: Client, article: Article) -> list[tuple[str, str]]:
    """The links of the page as a reader gets it when no cache holds it: from its stored
    fragment, when that is current."""
    cache.clear()
    return links_of(client, article)


def images_of(client: Client, article: Article) -> list[str]:
    cache.clear()
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    return [img["src"] for img in page.select(".scms-article__body img")]


@pytest.fixture
def linking():
    """A page linking to an article by reference and showing a library image."""
    target = make_article(title="Zinc and colds")
    image = LibraryImage.objects.create(
        file="supplements_cms/images/zinc.png", alt_text="Zinc", width=1, height=1, size=1
    )
    page = make_article(
        title="Magnesium",
        body=f"Read [about zinc]({reference_url(target.pk)}).\n\n"
        f"![Zinc]({library.reference_url(image.pk)})",
    )
    return page, target, image


def test_a_cold_page_with_links_and_library_images_is_one_query(
    client, linking, django_assert_num_queries
):
    page, target, image = linking
    first = client.get(page.get_absolute_url()).content
    cache.clear()
    with django_assert_num_queries(COLD_ARTICLE_PAGE_QUERIES):
        again = client.get(page.get_absolute_url()).content
    assert again == first
    assert links_of(client, page) == [(target.get_absolute_url(), "about zinc")]
    assert images_of(client, page) == [f"/media/{image.file}"]


def test_a_stored_page_shows_a_scheduled_target_once_it_is_live(client, linking, monkeypatch):
    page, target, _image = linking
    now = timezone.now()
    target.published_at = now + timedelta(hours=1)
    target.save()
    assert cold_links_of(client, page) == []
    # No save when it goes live: the page's stored fragment expires then.
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2))
    assert cold_links_of(client, page) == [(target.get_absolute_url(), "about zinc")]


def test_a_stored_page_follows_a_replaced_library_image(client, linking):
    page, _target, image = linking
    reference = library.reference_url(image.pk)
    assert images_of(client, page) == ["/media/supplements_cms/images/zinc.png"]
    image.file = "supplements_cms/images/zinc-2.png"
    image.save()
    assert images_of(client, page) == ["/media/supplements_cms/images/zinc-2.png"]
    image.delete()
    # No longer in the library: the page keeps the reference (a 404), as the text has it.
    assert images_of(client, page) == [reference]


def test_the_reference_address_redirects_only_to_what_the_visitor_may_see(client):
    live = make_article(title="Live")
    draft = make_article(title="Draft", published=False)

    response = client.get(reference_url(live.pk))
    assert response.status_code == 302
    assert response["Location"] == live.get_absolute_url()
    assert client.get(reference_url(draft.pk)).status_code == 404
    assert client.get(reference_url(999999)).status_code == 404


def test_the_picker_answers_editors_only_and_is_bounded(client):
    for n in range(PICKER_RESULTS + 5):
        make_article(title=f"Zinc article {n:02d}")
    make_article(title="Magnesium for sleep", published=False)

    assert client.get(PICKER, {"q": "zinc"}).status_code == 403
    reader = signed_in(make_user("reader", staff=True))
    assert reader.get(PICKER, {"q": "zinc"}).status_code == 403

    editor = signed_in(make_article_editor("ed", publish=False))
    results = editor.get(PICKER, {"q": "zinc"}).json()["results"]
    assert len(results) == PICKER_RESULTS
    assert results[0]["title"] == "Zinc article 00"
    assert results[0]["link"] == reference_url(results[0]["id"])
    (draft,) = editor.get(PICKER, {"q": "sleep MAGNESIUM " + "x" * 500}).json()["results"] or [None]
    assert draft is None  # the words past the bound are part of the search: nothing matches
    (draft,) = editor.get(PICKER, {"q": "sleep magnesium"}).json()["results"]
    assert draft["live"] is False
    assert draft["state"] == "readers cannot see it yet"


def test_saving_a_link_to_an_unpublished_article_warns_the_editor():
    target = make_article(title="Zinc draft", published=False)
    article = make_article(title="Magnesium")
    client = signed_in(make_article_editor("pub", publish=True))
    data = form_on_page(client, change_url(article))
    data["body"] = f"See [zinc]({reference_url(target.pk)})."

    saved = client.post(change_url(article), data, follow=True)

    assert saved.status_code == 200, errors_of(saved)
    warnings = [m.message for m in saved.context["messages"] if m.level_tag == "warning"]
    assert any("“Zinc draft”, which readers cannot see" in w for w in warnings)
