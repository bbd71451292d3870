"""What pages say about themselves: machine-readable times, descriptions, canonical links and
social tags, on every kind of public page."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from supplements_cms.page_meta import iso_datetime
from tests.factories import make_article

pytestmark = pytest.mark.django_db

# What the HTML standard accepts in <time datetime> for a global date and time: at most three
# digits of a second's fraction, and a zone.
VALID_GLOBAL_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})"
)


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_iso_datetime_keeps_seconds_and_the_zone():
    moment = datetime.datetime(2026, 11, 28, 12, 37, 9, 526761, tzinfo=datetime.UTC)
    assert iso_datetime(moment) == "2026-11-28T12:37:09+00:00"
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        assert iso_datetime(moment) == "2026-11-28T13:37:09+01:00"
    assert iso_datetime(datetime.date(2026, 3, 14)) == "2026-03-14"
    assert iso_datetime(None) == ""


def test_times_on_pages_are_in_a_form_the_html_standard_accepts(client):
    article = make_article(title="Timed", conditions=["Cramps"])
    assert article.published_at.microsecond  # the case that broke: a time with microseconds
    for url in (article.get_absolute_url(), reverse("supplements_cms:article_list")):
        soup = soup_of(client, url)
        times = [t["datetime"] for t in soup.find_all("time")]
        metas = [
            m["content"] for m in soup.find_all("meta", property=re.compile(r"^article:.*_time$"))
        ]
        assert times, url
        for value in times + metas:
            assert VALID_GLOBAL_DATETIME.fullmatch(value), (url, value)
    (time,) = soup_of(client, article.get_absolute_url()).select(".scms-article__meta time")
    assert time["datetime"] == iso_datetime(article.published_at)
