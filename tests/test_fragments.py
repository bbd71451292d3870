"""Pages rendered before they are asked for: stored fragments, served in one query when no cache
holds the page, changed whenever what shaped them changes, never carrying the viewer."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from supplements_cms.delivery import fragments, versions
from supplements_cms.delivery.views import (
    ArticleListView,
    ConditionArticlesView,
    SupplementArticlesView,
)
from supplements_cms.models import Article, RelatedPost, RenderedFragment
from tests.factories import make_article, make_cta, make_supplement, make_user
from tests.test_queries import ARTICLE_PAGE_QUERIES, COLD_ARTICLE_PAGE_QUERIES

pytestmark = pytest.mark.django_db

SHARED = {"SHARED_CACHE": True}


@pytest.fixture
def article():
    make_cta("Default", is_default=True, heading="The default box")
    return make_article(title="Stored ahead", conditions=["Cramps"], benefits=2, days_ago=2)


def stored(article: Article) -> list[RenderedFragment]:
    return list(RenderedFragment.objects.filter(article=article).order_by("language"))


def page(client, article: Article, **headers) -> str:
    response = client.get(article.get_absolute_url(), **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("shared", [True, False])
def test_a_page_no_cache_holds_is_one_query(
    client, settings, article, shared, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": shared}
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        first = page(client, article)
    cache.clear()
    with django_assert_num_queries(COLD_ARTICLE_PAGE_QUERIES):
        assert page(client, article) == first
    # Whole, from the cache: no query where the cache holds the versions too, else their read.
    with django_assert_num_queries(0 if shared else 1):
        assert page(client, article) == first


def test_a_stored_fragment_is_the_page_as_rendered(client, article):
    text = page(client, article)
    (fragment,) = stored(article)
    assert fragment.body
    assert fragment.body in text
    assert "How benefit 1 works." in fragment.body
    assert fragment.host == "testserver"
    assert fragment.language == "en"


def test_a_new_text_replaces_the_fragment(client, article):
    page(client, article)
    article.intro = "A rewritten introduction."
    article.save()
    assert "A rewritten introduction." in page(client, article)
    (fragment,) = stored(article)
    assert "A rewritten introduction." in fragment.body
    assert "Introduction of article" not in fragment.body


def test_a_save_renders_its_own_page_after_the_commit(
    client, article, django_capture_on_commit_callbacks, django_assert_num_queries
):
    page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        article.intro = "Rendered before anyone asks."
        article.save()
    (fragment,) = stored(article)
    assert "Rendered before anyone asks." in fragment.body
    cache.clear()
    with django_assert_num_queries(COLD_ARTICLE_PAGE_QUERIES):
        assert "Rendered before anyone asks." in page(client, article)


def test_a_save_leaves_other_pages_to_their_first_read(
    client, article, django_capture_on_commit_callbacks
):
    """Pages that show the saved article are made stale, not rendered during the save."""
    linking = make_article(title="Links to it", conditions=["Cramps"])
    RelatedPost.objects.create(article=linking, target=article, position=1)
    assert "Stored ahead" in page(client, linking)
    (before,) = stored(linking)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Stored ahead, renamed"
        article.save()
    (untouched,) = stored(linking)
    assert untouched.digest == before.digest
    assert "renamed" not in untouched.body
    # Stale by its versions: never served, rendered on its first read.
    assert "Stored ahead, renamed" in page(client, linking)
    (fresh,) = stored(linking)
    assert "Stored ahead, renamed" in fresh.body


def first_page(view: type, version_name: str) -> RenderedFragment:
    """The stored cards of the first page of a list."""
    return RenderedFragment.objects.get(page=view.stored_page_name(version_name, "1"))


def test_a_save_renders_the_first_page_of_each_list_showing_it(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    supplement = make_supplement("Magnesium")
    article = make_article(
        title="Card before", conditions=["Cramps"], supplement=supplement, days_ago=2
    )
    lists = [
        ("/articles/", ArticleListView, versions.ALL_ARTICLES),
        ("/articles/conditions/cramps/", ConditionArticlesView, versions.condition("cramps")),
        (f"/articles/supplements/{supplement.slug}/", SupplementArticlesView,
         versions.supplement(supplement.slug)),
    ]  # fmt: skip
    for url, _view, _name in lists:
        assert "Card before" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Card after"
        article.save()
    for url, view, name in lists:
        cards = first_page(view, name).body
        assert "Card after" in cards, url
        assert "Card before" not in cards, url
        # Ready before anyone asks: the first reader's page is one query.
        cache.clear()
        with django_assert_num_queries(1):
            assert "Card after" in client.get(url).content.decode()


def test_a_list_rendered_on_write_is_the_list_a_reader_gets(
    client, settings, django_capture_on_commit_callbacks
):
    """What a save renders is what a reader's request would: pagination links and words."""
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 1}
    article = make_article(title="Newest", conditions=["Cramps"], days_ago=1)
    make_article(title="Older", conditions=["Cramps"], days_ago=3)
    url = "/articles/conditions/cramps/"
    for language in ("en", "de"):
        client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Newest, renamed"
        article.save()
    on_write = {f.language: f.body for f in RenderedFragment.objects.filter(article=None)}
    assert set(on_write) == {"en", "de"}
    assert all("Newest, renamed" in body for body in on_write.values())
    assert "?page=2" in on_write["en"]
    RenderedFragment.objects.all().delete()
    cache.clear()
    for language in ("en", "de"):
        client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    on_read = {f.language: f.body for f in RenderedFragment.objects.filter(article=None)}
    assert on_write == on_read


def test_a_save_leaves_a_list_s_deeper_pages_to_their_first_read(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 1}
    make_article(title="On page one", days_ago=1)
    older = make_article(title="On page two", days_ago=3)
    assert "On page two" in client.get("/articles/?page=2").content.decode()
    (second,) = RenderedFragment.objects.filter(article=None)
    with django_capture_on_commit_callbacks(execute=True):
        older.title = "On page two, renamed"
        older.save()
    second.refresh_from_db()
    assert "renamed" not in second.body
    assert "On page two, renamed" in client.get("/articles/?page=2").content.decode()


def test_rendering_on_write_is_bounded(client, article, django_capture_on_commit_callbacks):
    languages = ["en", "de", "fr", "es"]
    urls = [article.get_absolute_url(), "/articles/", "/articles/conditions/cramps/"]
    for host in ("a.example", "b.example"):
        for lang in languages:
            for url in urls:
                client.get(url, HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE=lang)
    assert RenderedFragment.objects.count() == 2 * 4 * 3
    article.title = "Renamed everywhere"
    article.save()
    assert fragments.render_article(article.pk) == fragments.RENDER_ON_WRITE_MAX
    fresh = [f for f in RenderedFragment.objects.all() if "Renamed everywhere" in f.body]
    assert len(fresh) == fragments.RENDER_ON_WRITE_MAX
    # The article's own pages first, in every host and language read.
    assert sum(f.article_id == article.pk for f in fresh) == 8


def test_a_new_related_choice_replaces_the_fragment(client, article):
    page(client, article)
    picked = make_article(title="Picked by the editor")
    RelatedPost.objects.create(article=article, target=picked, position=1)
    assert "Picked by the editor" in page(client, article)
    (fragment,) = stored(article)
    assert "Picked by the editor" in fragment.body


def test_a_changed_call_to_action_replaces_the_fragment(client, article):
    assert "The default box" in page(client, article)
    from supplements_cms.models import CallToAction

    box = CallToAction.objects.get(is_default=True)
    box.heading = "A new box"
    box.save()
    assert "A new box" in page(client, article)
    (fragment,) = stored(article)
    assert "A new box" in fragment.body
    assert "The default box" not in fragment.body


@pytest.fixture
def override(settings, tmp_path):
    """Override one of the package's partials, as a host's deploy would."""

    def partial(name: str, text: str) -> None:
        folder = tmp_path / "templates" / "supplements_cms" / "partials"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
        dirs = [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": dirs}]
        cache.clear()

    return partial


def test_a_template_override_replaces_the_fragment(client, override, article):
    page(client, article)
    override("scroll_to_top.html", "<p>Overridden by the host</p>")
    assert "Overridden by the host" in page(client, article)
    (fragment,) = stored(article)
    assert "Overridden by the host" in fragment.body


def test_each_language_has_its_fragment(client, article):
    english = page(client, article, HTTP_ACCEPT_LANGUAGE="en")
    german = page(client, article, HTTP_ACCEPT_LANGUAGE="de")
    assert english != german
    assert [f.language for f in stored(article)] == ["de", "en"]
    de, en = stored(article)
    assert de.body != en.body
    assert de.digest != en.digest
    assert de.body in german
    assert en.body in english


def test_a_fragment_with_another_digest_is_never_served(client, article):
    page(client, article)
    RenderedFragment.objects.filter(article=article).update(body="<p>Stale words</p>")
    cache.clear()
    assert "Stale words" in page(client, article)  # still current: its digest says so
    RenderedFragment.objects.filter(article=article).update(
        body="<p>Stale words</p>", digest="another"
    )
    cache.clear()
    text = page(client, article)
    assert "Stale words" not in text
    assert "How benefit 1 works." in text


def test_the_staff_edit_link_is_never_stored(article):
    staff = Client()
    staff.force_login(make_user("chief", staff=True, perms=("change_article",)))
    text = page(staff, article)
    assert "/admin/" in text
    (fragment,) = stored(article)
    assert "/admin/" not in fragment.body + fragment.head
    # The reader gets the stored page, without it.
    assert "/admin/" not in page(Client(), article)


def test_a_deleted_article_takes_its_fragments(client, article):
    page(client, article)
    article.delete()
    assert not RenderedFragment.objects.exists()


def test_rendering_on_write_drops_an_old_address(client, article):
    page(client, article)
    article.slug = "moved-on"
    article.save()
    assert fragments.render_article(article.pk) == 1
    (fragment,) = stored(article)
    assert fragment.page == "article:moved-on"


LISTS = ["/articles/", "/articles/conditions/cramps/", "/articles/?page=1"]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_page_no_cache_holds_is_one_query(
    client, settings, article, url, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    first = client.get(url).content
    cache.clear()
    with django_assert_num_queries(1):
        assert client.get(url).content == first
    with django_assert_num_queries(0):
        assert client.get(url).content == first


def list_cards() -> list[str]:
    return [f.body for f in RenderedFragment.objects.filter(article=None).order_by("page")]


def test_a_list_s_cards_change_with_a_title_and_a_language(client, article):
    client.get("/articles/conditions/cramps/")
    (cards,) = list_cards()
    assert "Stored ahead" in cards
    article.title = "Retitled on the list"
    article.save()
    assert "Retitled on the list" in client.get("/articles/conditions/cramps/").content.decode()
    (cards,) = list_cards()
    assert "Retitled on the list" in cards
    client.get("/articles/conditions/cramps/", HTTP_ACCEPT_LANGUAGE="de")
    assert {f.language for f in RenderedFragment.objects.filter(article=None)} == {"de", "en"}


def test_a_list_s_cards_follow_a_template_override(client, override, article):
    client.get("/articles/")
    override("article_card.html", "<p>A host's card for {{ article.title }}</p>")
    assert "A host's card for Stored ahead" in client.get("/articles/").content.decode()
    (cards,) = list_cards()
    assert "A host's card for Stored ahead" in cards
