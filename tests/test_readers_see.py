"""Readers see only what is published, and only what is theirs: cached parts carry no viewer,
names are names people chose, topics exist only through live articles, feeds carry text as text,
citations never break out of an attribute, malformed addresses are a 404, and renaming one
article never takes another's redirect."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from supplements_cms.content.markdown import render_markdown
from supplements_cms.delivery.caching import render_shared
from supplements_cms.models import Article, Contributor, SlugRedirect
from tests.factories import make_article, make_supplement, make_user
from tests.test_sanitization import PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

LEAKY_PARTIAL = (
    "{% if user.is_staff %}Edit as {{ user.get_username }}{% endif %}"
    '<form method="post">{% csrf_token %}</form>'
    "{{ request.user }}{% for m in messages %}{{ m }}{% endfor %}{{ perms.supplements_cms }}"
)


@pytest.fixture
def leaky_override(settings, tmp_path):
    """A host's override of a cached partial that prints the viewer, as the docs allow."""
    folder = tmp_path / "templates" / "supplements_cms" / "partials"
    folder.mkdir(parents=True)
    (folder / "scroll_to_top.html").write_text(LEAKY_PARTIAL)
    (folder / "article_card.html").write_text(LEAKY_PARTIAL)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]


def _staff() -> Client:
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def _leaks(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = ["username"] if "chief" in soup.get_text() else []
    found += ["csrf"] * len(soup.select('input[name="csrfmiddlewaretoken"]'))
    return found


@pytest.mark.parametrize("staff_first", [True, False])
@pytest.mark.parametrize("page", ["article", "list"])
def test_cached_parts_never_carry_the_viewer(leaky_override, staff_first, page):
    article = make_article(title="Shared by all", conditions=["Cramps"])
    url = (
        article.get_absolute_url() if page == "article" else reverse("supplements_cms:article_list")
    )
    visitors = [("staff", _staff()), ("anonymous", Client())]
    if not staff_first:
        visitors.reverse()
    pages = {}
    for who, client in visitors:
        response = client.get(url)
        assert response.status_code == 200
        pages[who] = response.content.decode()
    assert _leaks(pages["anonymous"]) == []
    # The staff member's own page does not show the override's viewer data either: the
    # partial is rendered for no one, whoever comes first.
    assert _leaks(pages["staff"]) == []
    # The override was rendered (its form is there, without a token) on both pages.
    assert pages["anonymous"].count('<form method="post">') == 1
    assert pages["staff"].count('<form method="post">') == 1


def test_render_shared_drops_what_leads_to_the_viewer(rf):
    request = rf.get("/")
    request.user = make_user("someone", staff=True)
    html = render_shared(
        "supplements_cms/partials/staff_tools.html",
        {"edit_url": "/admin/x/", "view": object(), "request": request, "user": request.user},
    )
    assert "/admin/x/" in html
    html = render_shared("supplements_cms/partials/scroll_to_top.html", {"request": request})
    assert "someone" not in html


def test_the_edit_link_is_for_staff_only_and_outside_the_cache(client):
    article = make_article(title="Editable")
    edit = reverse("admin:supplements_cms_article_change", args=[article.pk])
    staff = _staff()
    for first, second, expected in ((staff, client, (True, False)), (client, staff, (False, True))):
        from django.core.cache import cache

        cache.clear()
        pages = [c.get(article.get_absolute_url()).content.decode() for c in (first, second)]
        assert tuple(f'href="{edit}"' in page for page in pages) == expected


def _json_ld_author(client, article) -> dict:
    soup = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    graph = json.loads(soup.select_one('script[type="application/ld+json"]').string)["@graph"]
    (author,) = [node["author"] for node in graph if node["@type"] == "Article"]
    return author


def _feed_authors(client) -> list[str]:
    root = ET.fromstring(client.get(reverse("supplements_cms:feed_atom")).content)
    return [e.findtext(f"{ATOM}author/{ATOM}name") for e in root.iter(f"{ATOM}entry")]


def test_login_names_never_reach_readers(client, settings):
    login = make_user("admin_login_7", staff=True)
    article = make_article(title="Unsigned", author=login)
    page = client.get(article.get_absolute_url()).content.decode()
    rss = client.get(reverse("supplements_cms:feed_rss")).content.decode()
    atom = client.get(reverse("supplements_cms:feed_atom")).content.decode()
    for text in (page, rss, atom):
        assert "admin_login_7" not in text
    # With no byline and no full name, the site is the author: here, the test host.
    assert _json_ld_author(client, article) == {
        "@type": "Organization",
        "name": "testserver",
        "url": "http://testserver/",
    }
    assert _feed_authors(client) == ["testserver"]
    root = ET.fromstring(client.get(reverse("supplements_cms:feed_atom")).content)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "testserver"

    login.first_name, login.last_name = "Ada", "Byrne"
    login.save()
    article.save()
    assert _json_ld_author(client, article) == {"@type": "Person", "name": "Ada Byrne"}

    article.byline = Contributor.objects.create(name="Dr. Mara Quist", credentials="MD")
    article.save()
    assert _json_ld_author(client, article)["name"] == "Dr. Mara Quist"
    assert _feed_authors(client) == ["Dr. Mara Quist"]

    settings.SUPPLEMENTS_CMS = {"DEFAULT_AUTHOR": "The Mineral Desk"}
    article.byline = None
    article.author = None
    article.save()
    assert _json_ld_author(client, article) == {
        "@type": "Organization",
        "name": "The Mineral Desk",
        "url": "http://testserver/",
    }


def test_imported_articles_have_an_author_and_a_description_everywhere(client):
    """An import sets no author: the site is the author, in the feeds and the JSON-LD alike."""
    fixtures = Path(__file__).parent / "import_fixtures"
    make_user("importer", staff=True, perms=("add_article", "change_article"))
    for name in ("command-citrate-migraine.txt", "two-titles-inline-benefits.txt"):
        call_command(
            "import_articles", str(fixtures / name), "--user", "importer", stdout=StringIO()
        )
    # The fixtures read as disease claims (a publisher accepts those on the form): published
    # directly here, as this test is about the names and descriptions readers get.
    for article in Article.objects.all():
        article.status = Article.Status.PUBLISHED
        article.save()
    articles = list(Article.objects.published())
    assert len(articles) == 2
    for article in articles:
        assert (article.byline, article.author, article.summary) == (None, None, "")
        assert _json_ld_author(client, article) == {
            "@type": "Organization",
            "name": "testserver",
            "url": "http://testserver/",
        }
    assert _feed_authors(client) == ["testserver", "testserver"]
    rss = ET.fromstring(client.get(reverse("supplements_cms:feed_rss")).content)
    for item in rss.iter("item"):
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "testserver"
        assert item.findtext("description")


def _topic_urls(condition, supplement) -> list[str]:
    urls = []
    for topic, name in ((condition, "condition"), (supplement, "supplement")):
        urls += [
            topic.get_absolute_url(),
            reverse(f"supplements_cms:{name}_feed_rss", args=[topic.slug]),
            reverse(f"supplements_cms:{name}_feed_atom", args=[topic.slug]),
        ]
    return urls


def test_topics_exist_for_readers_only_through_live_articles(client):
    supplement = make_supplement("Secret blend")
    draft = make_article(
        title="Unfinished", published=False, conditions=["Hidden thing"], supplement=supplement
    )
    make_article(title="Scheduled", days_ago=-3, conditions=["Hidden thing"], supplement=supplement)
    condition = draft.conditions.get()
    for url in _topic_urls(condition, supplement):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("supplements_cms:condition_list"),
        reverse("supplements_cms:supplement_list"),
        "/sitemap.xml",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for leaked in ("Hidden thing", "hidden-thing", "Secret blend", "secret-blend"):
            assert leaked not in text, (url, leaked)

    home = _example_home(client)
    assert "Hidden thing" not in home

    draft.status = Article.Status.PUBLISHED
    draft.save()
    for url in _topic_urls(condition, supplement):
        assert client.get(url).status_code == 200, url
    assert "Hidden thing" in _example_home(client)


def _example_home(client) -> str:
    """The example site's home page, which lists conditions."""
    from pathlib import Path

    from django.test import override_settings

    from example_project.settings import TEMPLATES

    with override_settings(ROOT_URLCONF="example_project.urls", TEMPLATES=TEMPLATES):
        response = client.get("/")
        assert response.status_code == 200
        assert Path(response.templates[0].origin.name).name == "home.html"
        return response.content.decode()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_feeds_carry_editor_text_as_text(client, payload):
    supplement = make_supplement("Feed check")
    supplement.description = payload
    supplement.save()
    make_article(
        title=payload[:200],
        summary=payload,
        conditions=["Feed condition"],
        supplement=supplement,
    )
    make_article(title="From the intro", intro=payload, conditions=["Feed condition"])
    feeds = [
        reverse("supplements_cms:feed_rss"),
        reverse("supplements_cms:feed_atom"),
        reverse("supplements_cms:supplement_feed_rss", args=[supplement.slug]),
        reverse("supplements_cms:supplement_feed_atom", args=[supplement.slug]),
    ]
    for url in feeds:
        root = ET.fromstring(client.get(url).content)
        html_elements = [
            e
            for e in root.iter()
            if e.tag in ("description", f"{ATOM}summary", f"{ATOM}content")
            or e.get("type") == "html"
        ]
        assert html_elements, url
        for element in html_elements:
            # What a feed reader renders as HTML runs nothing.
            assert executable_parts(element.text or "") == [], (url, element.text)


def test_a_feed_summary_shows_the_text_the_page_shows(client):
    make_article(title="Entities", summary="Use <b> & &lt;i&gt; as written")
    root = ET.fromstring(client.get(reverse("supplements_cms:feed_atom")).content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")
    assert summary.get("type") == "html"
    rendered = BeautifulSoup(summary.text, "html.parser")
    assert rendered.find(True) is None
    assert rendered.get_text() == "Use <b> & &lt;i&gt; as written"


@pytest.mark.parametrize(
    "markdown",
    [
        '[a link](https://ok.example/ "title [ref:1]")',
        "[a link](https://ok.example/[ref:1])",
        "![alt text [ref:1]](https://ok.example/picture.png)",
        '<abbr title="magnesium [ref:1]">Mg</abbr>',
        "[see [ref:1]](https://ok.example/)",
    ],
)
def test_citations_never_land_inside_an_attribute_or_a_link(markdown):
    html = render_markdown(markdown)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select("a a") == []
    for tag in soup.find_all(True):
        for value in tag.attrs.values():
            assert "<" not in str(value)
            assert "scms-cite" not in str(value)
    for link in soup.select('a[href^="https://"]'):
        assert link.get("rel") == ["noopener", "noreferrer"]
    # Outside attributes and links the marker still becomes a citation.
    assert "scms-cite" in render_markdown(f"{markdown} [ref:2]")


@pytest.mark.parametrize(
    "url",
    [
        "/articles/abc%00def/",
        "/articles/abc%01/",
        "/articles/conditions/x%00y/",
        "/articles/conditions/x%00y/feeds/rss/",
        "/articles/conditions/x%00y/feeds/atom/",
        "/articles/supplements/x%00y/",
        "/articles/supplements/x%00y/feeds/rss/",
        "/articles/supplements/x%00y/feeds/atom/",
        "/articles/%7F/",
    ],
)
def test_control_characters_in_an_address_are_a_404(client, url):
    make_article(title="Something live", conditions=["x"])
    assert client.get(url).status_code == 404


def test_search_ignores_control_characters(client):
    make_article(title="Magnesium sleep")
    response = client.get(reverse("supplements_cms:search"), {"q": "magnesium\x00sleep"})
    assert response.status_code == 200


def test_renaming_a_draft_never_removes_a_live_articles_redirect(client):
    live = make_article(title="Live one", slug="old-address")
    live.slug = "new-address"
    live.save()
    assert client.get("/articles/old-address/").status_code == 301

    draft = make_article(title="A draft", slug="draft-address", published=False)
    draft.slug = "old-address"
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert "old address of “Live one”" in str(refused.value)
    # Saved without the form's check all the same (a script, say), the redirect survives.
    draft.save()
    assert SlugRedirect.objects.filter(old_slug="old-address", article=live).exists()


def test_the_admin_refuses_a_slug_another_articles_redirect_holds(admin_client):
    live = make_article(title="Live one", slug="old-address")
    live.slug = "new-address"
    live.save()
    draft = make_article(title="A draft", published=False)
    from tests.admin_forms import change_url, errors_of, form_on_page

    data = {**form_on_page(admin_client, change_url(draft)), "slug": "old-address"}
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "old address of “Live one”" in errors_of(response)
    assert SlugRedirect.objects.filter(old_slug="old-address", article=live).exists()


def test_a_new_articles_slug_steers_clear_of_redirects():
    live = make_article(title="Magnesium for cramps")
    live.slug = "renamed"
    live.save()
    fresh = make_article(title="Magnesium for cramps")
    assert fresh.slug == "magnesium-for-cramps-2"


def test_renaming_a_contributor_shows_on_cached_pages(client):
    person = Contributor.objects.create(name="Dr. Old Name", credentials="PhD")
    article = make_article(title="Signed", byline=person)
    assert "Dr. Old Name" in client.get(article.get_absolute_url()).content.decode()
    person.name, person.credentials = "Dr. New Name", "MD"
    person.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Dr. New Name" in page
    assert "Dr. Old Name" not in page


def test_a_changed_template_override_makes_new_cache_keys(client, settings, tmp_path):
    article = make_article(title="Overridden later")
    assert "Back up we go" not in client.get(article.get_absolute_url()).content.decode()
    folder = tmp_path / "templates" / "supplements_cms" / "partials"
    folder.mkdir(parents=True)
    (folder / "scroll_to_top.html").write_text("<p>Back up we go</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert "Back up we go" in client.get(article.get_absolute_url()).content.decode()


def test_a_new_package_version_makes_new_cache_keys(client, monkeypatch):
    from supplements_cms.delivery import caching, fragments

    article = make_article(title="Versioned")
    client.get(article.get_absolute_url())
    tokens = {"site": 1}
    before = fragments.digest(tokens, article.updated_at, "en")
    monkeypatch.setattr(caching, "__version__", "99.0")
    assert fragments.digest(tokens, article.updated_at, "en") != before
