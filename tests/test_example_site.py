"""The example site's own pages: what a host adds around the package for crawlers and browsers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from example_project import settings as example
from tests.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.urls("example_project.urls")]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
    assert client.get("/sitemap.xml").status_code == 200


def test_the_favicon_is_served_where_browsers_look(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/example/favicon.svg"


def test_home_has_a_description_canonical_link_and_icon(client, settings):
    # The example site's own templates, beside the test settings' ones.
    (templates,) = settings.TEMPLATES
    settings.TEMPLATES = [
        {**templates, "DIRS": [*templates["DIRS"], *example.TEMPLATES[0]["DIRS"]]}
    ]
    make_article(title="On the home page")
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith("Plain-language")
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/"
    assert soup.find("link", rel="icon")["href"] == "/static/example/favicon.svg"
    assert [a.get_text() for a in soup.select(".scms-card__title a")] == ["On the home page"]
