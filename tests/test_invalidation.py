"""A save makes cold the pages it changes and no others, and no page is ever served stale.

Each test warms every public page of a small site, makes one change, then asks for every page
again: a page answered with no query came from the whole-page cache (warm); every page, warm or
cold, must be byte for byte what the site renders with its caches off.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from supplements_cms.delivery import versions
from supplements_cms.models import Article, RelatedChoice, RelatedPost
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db

# The check of the cache's copy of the versions (one query) is not due during a test.
SHARED = {"SHARED_CACHE": True, "CACHE_CHECK_SECONDS": 3600, "RELATED_POSTS": 3}
CONDITIONS = ["Cramps", "Sleep", "Stress"]


@pytest.fixture
def site(settings):
    settings.SUPPLEMENTS_CMS = SHARED
    make_cta("Default", is_default=True)
    magnesium, zinc = make_supplement("Magnesium glycinate"), make_supplement("Zinc")
    articles = [
        make_article(
            title=f"Piece {n}",
            conditions=[CONDITIONS[n % 3], *([CONDITIONS[(n + 1) % 3]] if n % 4 == 0 else [])],
            supplement=magnesium if n % 2 else zinc,
            days_ago=n + 1,
        )
        for n in range(12)
    ]
    return articles


def urls(articles) -> list[str]:
    pages = [a.get_absolute_url() for a in Article.objects.published()]
    lists = ["/articles/", "/articles/?page=2", "/articles/conditions/", "/articles/supplements/"]
    lists += [f"/articles/conditions/{c.lower()}/" for c in CONDITIONS]
    lists += ["/articles/supplements/zinc/", "/articles/supplements/magnesium-glycinate/"]
    lists += ["/articles/feeds/rss/", "/articles/conditions/cramps/feeds/atom/"]
    return sorted(set(pages + lists))


def fetch(client, url: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content, len(queries)


def fresh(client, url: str) -> bytes:
    with override_settings(SUPPLEMENTS_CMS={**SHARED, "CACHE_TIMEOUT": 0}):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content


def served(client, pages: list[str]) -> set[str]:
    """Ask for every page; check each is what the site renders now; return the cold ones."""
    cold = set()
    for url in pages:
        content, queries = fetch(client, url)
        now = fresh(client, url)
        at = next((i for i, (a, b) in enumerate(zip(content, now, strict=False)) if a != b), 0)
        assert content == now, f"{url} is stale: {content[at - 60 : at + 40]!r}"
        if queries:
            cold.add(url)
    return cold


def warm_up(client, pages: list[str]) -> None:
    assert served(client, pages) == set(pages)  # all cold the first time
    assert served(client, pages) == set()  # all warm the second


def shows(client, pages: list[str], text: str) -> set[str]:
    return {url for url in pages if text.encode() in fresh(client, url)}


def test_an_edit_of_the_text_makes_only_its_page_cold(client, site):
    pages = urls(site)
    warm_up(client, pages)
    article = site[4]
    article.intro = "A rewritten introduction."
    article.save()
    # Its page, and the feeds of its lists (they carry each article's update time).
    assert served(client, pages) == {article.get_absolute_url(), "/articles/feeds/rss/"}


def test_a_new_benefit_makes_only_its_page_cold(client, site):
    pages = urls(site)
    warm_up(client, pages)
    site[2].benefits.create(title="Better sleep", description="Often reported.", position=1)
    assert served(client, pages) == {site[2].get_absolute_url()}


def test_a_new_title_reaches_every_page_that_shows_it_and_no_other(client, site):
    pages = urls(site)
    warm_up(client, pages)
    article = site[5]
    showing = shows(client, pages, "Piece 5<")
    # Pages that keep it further down their ranking than they show (a margin for picks and
    # scheduled articles), and the other pages of its lists, are made cold too.
    keeping = {c.article.get_absolute_url() for c in RelatedChoice.objects.filter(related=article)}
    article.title = "Piece five, renamed"
    article.save()
    cold = served(client, pages)
    assert showing <= cold  # every page that showed the old title shows the new one
    # ... and little else: the pages next to it in each condition, whose links it may become.
    assert len(cold - showing - keeping - {"/articles/?page=2"}) <= 2 * len(CONDITIONS)


def test_publishing_an_article_reaches_its_lists_and_the_pages_it_enters(client, site):
    pages = urls(site)
    warm_up(client, pages)
    make_article(title="Fresh news", conditions=["Sleep"], days_ago=0.5)
    cold = served(client, pages)
    assert shows(client, pages, "Fresh news") <= cold
    assert "/articles/" in cold
    assert "/articles/conditions/cramps/" not in cold  # not on that list: stays warm
    assert len(cold) < len(pages)


def test_unpublishing_leaves_no_link_to_it(client, site):
    pages = urls(site)
    warm_up(client, pages)
    article = site[3]
    showing = shows(client, pages, "Piece 3<")
    article.status = Article.Status.DRAFT
    article.save()
    pages.remove(article.get_absolute_url())
    cold = served(client, pages)
    assert showing - {article.get_absolute_url()} <= cold
    assert not shows(client, pages, "Piece 3<")


def test_deleting_leaves_no_link_to_it(client, site):
    pages = urls(site)
    warm_up(client, pages)
    article = site[7]
    gone = article.get_absolute_url()
    pages.remove(gone)
    article.delete()
    served(client, pages)  # every page fresh
    assert not shows(client, pages, "Piece 7<")


def test_new_conditions_move_it_between_lists(client, site):
    pages = urls(site)
    warm_up(client, pages)
    article = site[1]  # Sleep only
    article.conditions.set(["Stress"])
    cold = served(client, pages)
    assert {"/articles/conditions/sleep/", "/articles/conditions/stress/"} <= cold
    assert "/articles/conditions/cramps/" not in cold


def test_an_editors_pick_makes_only_the_picking_page_cold(client, site):
    pages = urls(site)
    warm_up(client, pages)
    RelatedPost.objects.create(article=site[0], target=site[11], position=0)
    assert served(client, pages) == {site[0].get_absolute_url()}


def test_a_scheduled_article_appears_on_time_with_no_job(client, site, monkeypatch):
    when = timezone.now() + timedelta(hours=1)
    make_article(title="Due later", conditions=["Cramps"], published_at=when)
    pages = urls(site)
    warm_up(client, pages)
    assert not shows(client, pages, "Due later")
    later = when + timedelta(minutes=1)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    cold = served(client, pages)  # fresh: the entries that would show it expired on time
    assert shows(client, pages, "Due later") <= cold
    assert "/articles/conditions/stress/" not in cold


def test_a_call_to_action_is_shown_everywhere_so_it_makes_every_page_cold(client, site):
    pages = urls(site)
    warm_up(client, pages)
    make_cta("Sleep box", conditions=["Sleep"], heading="Sleep better")
    assert served(client, pages) == set(pages)


@pytest.mark.django_db(transaction=True)
def test_a_save_leaves_the_cache_with_the_new_versions_of_every_page_it_changed(settings):
    """Raised in one statement, mirrored after the commit: a reader of any of those pages then
    finds its new version in the cache, with no query, and it is the database's."""
    settings.SUPPLEMENTS_CMS = SHARED
    target = make_article(title="Shown on many pages")
    showing = [make_article(title=f"Page {n}") for n in range(3)]
    for page in showing:
        RelatedPost.objects.create(article=page, target=target, position=0)
    names = [versions.article(page.slug) for page in showing] + ["article:never-shown"]
    before = versions.counters(names)
    versions.read(names)  # the mirror started, and checked

    target.title = "Renamed"
    target.save()

    after = versions.counters(names)
    assert [after[n] - before[n] for n in names] == [1, 1, 1, 0]
    with CaptureQueriesContext(connection) as captured:
        mirrored, _extras = versions.read(names[:3])
    assert len(captured) == 0
    assert list(mirrored or ()) == [after[n] for n in names[:3]]
    versions.bump(["article:never-shown"])  # a counter never raised starts at 1
    assert versions.counters(["article:never-shown"]) == {"article:never-shown": 1}
