"""A private preview (of a revision, a draft, the unsaved form) is the public page's rendering:
the same head (canonical address, structured data, site name) as readers get, kept from search
engines and from every cache."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from reversion.models import Version

from tests.admin_forms import change_url, form_on_page
from tests.factories import make_article, make_user, signed_in

pytestmark = pytest.mark.django_db


def _head(content: bytes) -> tuple[str, dict]:
    soup = BeautifulSoup(content, "html.parser")
    script = soup.find("script", type="application/ld+json")
    return soup.find("link", rel="canonical")["href"], json.loads(script.string)


def _editor():
    return signed_in(
        make_user(
            "editor",
            staff=True,
            perms=("add_article", "change_article", "view_article", "publish_article"),
        )
    )


def _revision_preview(editor, article, **changes):
    data = {**form_on_page(editor, change_url(article)), **changes}
    assert editor.post(change_url(article), data).status_code == 302
    version = Version.objects.get_for_object(article).first()
    url = reverse("admin:supplements_cms_article_revision_preview", args=[article.pk, version.pk])
    return editor.get(url)


def test_a_preview_resolves_links_by_reference_as_the_page_does():
    live = make_article(title="Iron and fatigue", slug="iron-and-fatigue")
    draft = make_article(title="Zinc, not yet out", slug="zinc", status="draft")
    article = make_article(title="Minerals", slug="minerals")
    body = (
        f"Read [the iron article](/articles/ref/{live.pk}/) and "
        f"[the zinc article](/articles/ref/{draft.pk}/)."
    )

    preview = _revision_preview(_editor(), article, body=body)

    assert preview.status_code == 200
    text = BeautifulSoup(preview.content, "html.parser").select_one(".scms-article")
    links = {a.get_text(): a["href"] for a in text.find_all("a") if "article" in a.get_text()}
    # The current address of the live one; only the text of the one readers cannot see.
    assert links == {"the iron article": "/articles/iron-and-fatigue/"}
    assert "the zinc article" in text.get_text()


def test_a_revision_preview_has_the_public_pages_head(client):
    article = make_article(title="Calcium and bones", slug="calcium-and-bones")
    preview = _revision_preview(_editor(), article, intro="Bones need calcium.")
    public = client.get(article.get_absolute_url())

    assert preview.status_code == public.status_code == 200
    canonical, data = _head(preview.content)
    assert canonical == "http://testserver/articles/calcium-and-bones/"
    # The site's name (no DEFAULT_AUTHOR, no Sites framework: the request's host).
    article_node = next(node for node in data["@graph"] if node["@type"] == "Article")
    assert article_node["publisher"]["name"] == "testserver"
    assert (canonical, data) == _head(public.content)


def test_a_preview_is_rendered_with_the_request_as_the_sites_base_template_expects(settings):
    settings.SUPPLEMENTS_CMS = {"BASE_TEMPLATE": "previews/site_base.html"}
    preview = _revision_preview(_editor(), make_article(title="Boron"), intro="Trace amounts.")

    assert preview.status_code == 200
    signed_in_as = BeautifulSoup(preview.content, "html.parser").find(
        "meta", attrs={"name": "signed-in-as"}
    )
    assert signed_in_as["content"] == "editor"
