"""Reading aids: contents with stable anchors, reading time, previous and next in a condition,
and the page in the reader's language."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from supplements_cms.content.markdown import add_heading_ids, render_markdown
from supplements_cms.models import Article, Benefit
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "supplements_cms" / "templates"


def soup_of(client, article) -> BeautifulSoup:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_contents_link_to_anchored_headings(client):
    article = make_article(
        body=(
            "## What is magnesium?\n\nText.\n\n### Forms\n\nMore.\n\n"
            "## What is magnesium?\n\nThe same heading twice.\n\n## Top\n\nEnd."
        )
    )
    soup = soup_of(client, article)

    links = [(a.get_text(), a["href"]) for a in soup.select(".scms-toc a")]
    assert links == [
        ("What is magnesium?", "#what-is-magnesium"),
        ("Forms", "#forms"),
        ("What is magnesium?", "#what-is-magnesium-2"),
        ("Top", "#section-top"),
    ]
    for _text, href in links:
        assert len(soup.select(f"[id='{href[1:]}']")) == 1
    # The page's own "top" anchor is not taken by the editor's heading.
    assert soup.select_one("#top").name == "a"


def test_anchors_survive_sanitization_and_editors_cannot_set_ids():
    html = add_heading_ids(render_markdown('<h2 id="top" onclick="x()">Hi</h2>\n\n## Hi'))
    assert re.findall(r"<h2[^>]*>", html) == ['<h2 id="hi">', '<h2 id="hi-2">']


def test_anchors_are_stable_when_other_sections_change():
    before = Article(title="A", body="## Dosage\n\nx")
    before.save()
    before.body = "## New first section\n\ny\n\n## Dosage\n\nx"
    before.save()
    assert '<h2 id="dosage">Dosage</h2>' in before.body_html


def test_contents_need_two_sections(client):
    assert (
        soup_of(client, make_article(body="## Only one\n\nText.")).select_one(".scms-toc") is None
    )


def test_reading_time_counts_every_word_including_benefits(client):
    article = make_article(intro="word " * 300, body="## Part\n\n" + "word " * 100, conclusion="")
    assert article.word_count == 300 + 1 + 100 + len(article.title.split())
    assert (
        soup_of(client, article).select_one(".scms-article__reading-time").get_text(strip=True)
        == "2 minute read"
    )

    Benefit.objects.create(article=article, title="Long", description="word " * 300, position=1)
    text = soup_of(client, article).select_one(".scms-article__reading-time").get_text(strip=True)
    assert text == "4 minute read"


def test_reading_time_is_at_least_a_minute():
    assert make_article(intro="Short.").reading_minutes == 1


def test_previous_and_next_within_the_first_condition(client):
    oldest = make_article(title="Oldest", conditions=["Cramps", "Sleep"], days_ago=30)
    middle = make_article(title="Middle", conditions=["Cramps"], days_ago=20)
    make_article(title="Elsewhere", conditions=["Sleep"], days_ago=15)
    make_article(title="A draft", conditions=["Cramps"], published=False)
    newest = make_article(title="Newest", conditions=["Cramps"], days_ago=10)

    nav = soup_of(client, middle).select_one(".scms-neighbours")
    assert nav["aria-label"] == "More on Cramps"
    assert nav.select_one("[rel=prev]")["href"] == oldest.get_absolute_url()
    assert nav.select_one("[rel=next]")["href"] == newest.get_absolute_url()
    assert nav.select_one("[rel=prev]").get_text(" ", strip=True) == "Previous on Cramps Oldest"

    first = soup_of(client, oldest).select_one(".scms-neighbours")
    assert first.select_one("[rel=prev]") is None
    assert first.select_one("[rel=next]")["href"] == middle.get_absolute_url()


def test_articles_published_at_the_same_moment_still_have_an_order(client):
    moment = timezone.now().replace(microsecond=0)
    one = make_article(title="One", conditions=["Cramps"], published_at=moment)
    two = make_article(title="Two", conditions=["Cramps"], published_at=moment)
    assert soup_of(client, one).select_one("[rel=next]")["href"] == two.get_absolute_url()
    assert soup_of(client, two).select_one("[rel=prev]")["href"] == one.get_absolute_url()


def test_an_article_alone_in_its_condition_has_no_neighbours(client):
    soup = soup_of(client, make_article(conditions=["Rare"]))
    assert soup.select_one(".scms-neighbours") is None


@pytest.mark.parametrize(
    ("language", "date"),
    [("en", "Nov. 3, 2026"), ("de", "3. November 2026"), ("fr", "3 novembre 2026")],
)
def test_language_and_dates_follow_the_reader(client, language, date):
    published = timezone.make_aware(datetime(2026, 11, 3, 12))
    article = make_article(published_at=published)

    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == language
    assert soup.select_one(".scms-article__meta time").get_text() == date


# Every string a reader sees comes from a translatable source.

_DJANGO_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
_TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktranslate.*?%}.*?{%\s*endblocktranslate\s*%}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.DOTALL,
)
# Text a person reads in an attribute; a value is read only on a submit or button input (an
# option's or a button element's value is a machine value; its label is its content).
_ATTRIBUTE_TEXT = re.compile(
    r'\b(?:alt|title|aria-label|placeholder)="([^"{]*[A-Za-z][^"{]*)"'
    r'|<input\b[^>]*\btype="(?:submit|button|reset)"[^>]*\bvalue="([^"{]*[A-Za-z][^"{]*)"'
)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_template_text_is_marked_for_translation(template):
    source = _TRANSLATED_BLOCK.sub("", template.read_text(encoding="utf-8"))
    assert _ATTRIBUTE_TEXT.findall(source) == []
    without_tags = re.sub(r"<[^>]*>|&\w+;", " ", _DJANGO_TAG.sub(" ", source))
    words = re.findall(r"[A-Za-z][A-Za-z’']+", without_tags)
    # Text outside {% translate %} would show in English whatever the reader's language.
    assert words == []
