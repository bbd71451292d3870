"""How readers and search engines find articles: feeds, sitemaps, condition and supplement
indexes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from supplements_cms.models import Article
from tests.factories import make_article, make_supplement

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site():
    author = get_user_model().objects.create_user("ada", first_name="Ada", last_name="Lovelace")
    glycinate = make_supplement("Magnesium Glycinate")
    citrate = make_supplement("Magnesium Citrate")
    old = make_article(
        title="Older on cramps",
        summary="Why legs cramp at night.",
        conditions=["Muscle Cramps"],
        supplement=glycinate,
        author=author,
        days_ago=5,
    )
    new = make_article(
        title="Newer on sleep & cramps",
        summary="",
        intro="Sleep *matters*<script>x</script>.",
        conditions=["Sleep Problems", "Muscle Cramps"],
        supplement=citrate,
        days_ago=1,
    )
    make_article(title="A draft", conditions=["Muscle Cramps"], published=False)
    make_article(
        title="Scheduled",
        conditions=["Migraine"],
        supplement=citrate,
        published_at=timezone.now() + timedelta(days=2),
        status=Article.Status.PUBLISHED,
    )
    return {"old": old, "new": new, "glycinate": glycinate, "citrate": citrate}


def rss_items(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


def test_site_feed_lists_published_articles_newest_first(client, site):
    items = rss_items(client, reverse("supplements_cms:feed_rss"))

    assert [i.findtext("title") for i in items] == ["Newer on sleep & cramps", "Older on cramps"]
    old = items[1]
    assert old.findtext("description") == "Why legs cramp at night."
    assert old.findtext("link").endswith(site["old"].get_absolute_url())
    # RSS 2.0 has no author element without an email address: Django uses Dublin Core's.
    assert old.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ada Lovelace"
    assert [c.text for c in old.findall("category")] == ["Muscle Cramps"]
    assert old.findtext("pubDate")
    # Without a summary the description is the introduction's text, with no markup at all.
    assert items[0].findtext("description") == "Sleep matters."


def test_atom_feed_has_published_and_updated_times(client, site):
    response = client.get(reverse("supplements_cms:feed_atom"))
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")

    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Newer on sleep & cramps",
        "Older on cramps",
    ]
    assert entries[1].findtext(f"{ATOM}published")
    assert entries[1].findtext(f"{ATOM}updated")
    assert entries[1].find(f"{ATOM}author/{ATOM}name").text == "Ada Lovelace"
    assert [c.get("term") for c in entries[0].findall(f"{ATOM}category")] == [
        "Muscle Cramps",
        "Sleep Problems",
    ]


def test_condition_and_supplement_feeds(client, site):
    cramps = site["old"].conditions.get()
    titles = [
        i.findtext("title")
        for i in rss_items(
            client, reverse("supplements_cms:condition_feed_rss", args=[cramps.slug])
        )
    ]
    assert titles == ["Newer on sleep & cramps", "Older on cramps"]

    citrate = site["citrate"]
    url = reverse("supplements_cms:supplement_feed_atom", args=[citrate.slug])
    entries = ET.fromstring(client.get(url).content).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newer on sleep & cramps"]

    missing = reverse("supplements_cms:condition_feed_rss", args=["no-such-condition"])
    assert client.get(missing).status_code == 404


def test_feed_length_follows_the_setting(client, settings, site):
    settings.SUPPLEMENTS_CMS = {"FEED_ITEMS": 1}
    assert len(rss_items(client, reverse("supplements_cms:feed_rss"))) == 1


def test_pages_link_their_feeds_in_the_head(client, site):
    cramps = site["old"].conditions.get()
    head = BeautifulSoup(client.get(cramps.get_absolute_url()).content, "html.parser").head
    feeds = {link["href"] for link in head.find_all("link", rel="alternate")}
    assert feeds == {
        reverse("supplements_cms:feed_rss"),
        reverse("supplements_cms:feed_atom"),
        reverse("supplements_cms:condition_feed_rss", args=[cramps.slug]),
        reverse("supplements_cms:condition_feed_atom", args=[cramps.slug]),
    }
    article_head = BeautifulSoup(
        client.get(site["old"].get_absolute_url()).content, "html.parser"
    ).head
    assert len(article_head.find_all("link", rel="alternate")) == 2


def test_sitemap_lists_what_readers_may_see(client, site):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        url.findtext(f"{ns}loc").removeprefix("http://testserver"): url.findtext(f"{ns}lastmod")
        for url in ET.fromstring(response.content).findall(f"{ns}url")
    }
    cramps = site["old"].conditions.get()
    assert set(entries) == {
        reverse("supplements_cms:article_list"),
        reverse("supplements_cms:condition_list"),
        reverse("supplements_cms:supplement_list"),
        site["old"].get_absolute_url(),
        site["new"].get_absolute_url(),
        cramps.get_absolute_url(),
        site["new"].conditions.get(name="Sleep Problems").get_absolute_url(),
        site["glycinate"].get_absolute_url(),
        site["citrate"].get_absolute_url(),
    }
    assert entries[site["old"].get_absolute_url()] == site["old"].updated_at.date().isoformat()


def test_sitemap_dates_the_lists_by_their_newest_published_change(client, site):
    now = timezone.now()
    Article.objects.filter(pk=site["old"].pk).update(updated_at=now - timedelta(days=3))
    Article.objects.filter(pk=site["new"].pk).update(updated_at=now - timedelta(days=2))
    # Drafts and scheduled articles changed today: not in the lists, so not their date.
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        url.findtext(f"{ns}loc").removeprefix("http://testserver"): url.findtext(f"{ns}lastmod")
        for url in ET.fromstring(client.get("/sitemap.xml").content).findall(f"{ns}url")
    }
    expected = (now - timedelta(days=2)).date().isoformat()
    for name in ("article_list", "condition_list", "supplement_list"):
        assert entries[reverse(f"supplements_cms:{name}")] == expected
    assert all(entries.values())


def test_condition_index_counts_published_articles(client, site):
    soup = BeautifulSoup(
        client.get(reverse("supplements_cms:condition_list")).content, "html.parser"
    )
    rows = [li.get_text(" ", strip=True) for li in soup.select(".scms-index__item")]
    # Migraine has only a scheduled article: not listed yet.
    assert rows == ["Muscle Cramps (2 articles)", "Sleep Problems (1 article)"]


def test_supplement_index_counts_published_articles(client, site):
    response = client.get(reverse("supplements_cms:supplement_list"))
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [li.get_text(" ", strip=True) for li in soup.select(".scms-index__item")]
    assert rows == ["Magnesium Citrate (1 article)", "Magnesium Glycinate (1 article)"]


def test_condition_page_shows_its_description_and_paginates(client, settings):
    settings.SUPPLEMENTS_CMS = {"PAGINATE_BY": 2}
    for n in range(5):
        make_article(title=f"Cramps {n}", conditions=["Muscle Cramps"], days_ago=n + 1)
    article = Article.objects.get(title="Cramps 0")
    cramps = article.conditions.get()
    cramps.description = "Sudden tight muscles."
    cramps.save()

    first = BeautifulSoup(client.get(cramps.get_absolute_url()).content, "html.parser")
    assert first.select_one(".scms-listing__description").get_text() == "Sudden tight muscles."
    assert [a.get_text() for a in first.select(".scms-card__title a")] == ["Cramps 0", "Cramps 1"]
    last = BeautifulSoup(client.get(cramps.get_absolute_url() + "?page=3").content, "html.parser")
    assert [a.get_text() for a in last.select(".scms-card__title a")] == ["Cramps 4"]
    assert client.get(cramps.get_absolute_url() + "?page=4").status_code == 404


@pytest.mark.parametrize("topic", ["condition", "supplement"])
def test_topic_descriptions_are_markdown_rendered_when_saved(client, topic):
    article = make_article(conditions=["Muscle Cramps"], supplement=make_supplement("Magnesium"))
    subject = article.conditions.get() if topic == "condition" else article.supplement
    subject.description = "Often **worse at night**; see [the NIH](https://ods.od.nih.gov/)."
    subject.save()

    soup = BeautifulSoup(client.get(subject.get_absolute_url()).content, "html.parser")
    description = soup.select_one(".scms-listing__description")
    assert description.select_one("strong").get_text() == "worse at night"
    assert description.select_one("a")["href"] == "https://ods.od.nih.gov/"
    assert "**" not in description.get_text()
    feed = client.get(reverse(f"supplements_cms:{topic}_feed_rss", args=[subject.slug]))
    assert ET.fromstring(feed.content).findtext("./channel/description") == (
        "Often worse at night; see the NIH."
    )


def test_feed_author_is_the_byline_readers_see(client):
    from supplements_cms.models import Contributor

    make_article(title="Bylined", byline=Contributor.objects.create(name="Dana Whitfield"))
    (item,) = rss_items(client, reverse("supplements_cms:feed_rss"))
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Dana Whitfield"
