"""The featured image: uploaded through the admin, verified, resized once into JPEG and WebP
renditions, shown with srcset, and used by the social cards and the structured data."""

from __future__ import annotations

import json
from io import BytesIO, StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from supplements_cms.content import images
from supplements_cms.models import Article
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def png(width: int = 1600, height: int = 900) -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (width, height), (40, 120, 90)).save(out, "PNG")
    return SimpleUploadedFile("holiday snap.png", out.getvalue(), content_type="image/png")


def with_image(title: str, width: int, height: int) -> Article:
    """An article given a featured image by a save (its renditions follow the commit)."""
    article = make_article(title=title)
    article.image = SimpleUploadedFile("i.png", png(width, height).read())
    article.image_alt = "A field"
    article.save()
    return article


def _upload(client, article, **fields):
    data = {**form_on_page(client, change_url(article)), **fields}
    return client.post(change_url(article), data)


# Renditions are made after the commit, on a thread (Django 5.2) that writes them.
@pytest.mark.django_db(transaction=True)
def test_an_uploaded_image_is_resized_once_and_shown_with_srcset(admin_client, client):
    article = make_article(title="With a picture")
    response = _upload(admin_client, article, image=png(), image_alt="A green field at dawn")
    assert response.status_code == 302, errors_of(response)
    images.wait()
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (1600, 900)
    assert [r["width"] for r in article.image_renditions] == [480, 800, 1200]
    for rendition in article.image_renditions:
        for kind, fmt in (("jpeg", "JPEG"), ("webp", "WEBP")):
            with default_storage.open(rendition[kind]) as stored, Image.open(stored) as image:
                assert image.format == fmt
                assert image.size == (rendition["width"], rendition["height"])
    assert "holiday" not in article.image.name

    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    img = page.select_one(".scms-article__image img")
    assert img["alt"] == "A green field at dawn"
    assert (img["width"], img["height"]) == ("1200", "675")
    assert img["srcset"].count("w,") == 2
    assert page.select_one(".scms-article__image source[type='image/webp']")["srcset"].endswith(
        "1200w"
    )
    og = page.find("meta", property="og:image")["content"]
    assert og.startswith("http://testserver/")
    assert og.endswith("-1200.jpg")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)
    blob = json.dumps(graph)
    assert og in blob


def test_an_image_needs_alt_text(admin_client):
    article = make_article(title="No alt")
    response = _upload(admin_client, article, image=png(), image_alt="")
    assert response.status_code == 200
    assert "Describe the image" in errors_of(response)
    article.refresh_from_db()
    assert not article.image


def test_a_file_that_is_not_a_png_or_jpeg_is_refused(admin_client):
    article = make_article(title="Bad file")
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = _upload(admin_client, article, image=fake, image_alt="Anything")
    assert response.status_code == 200
    assert errors_of(response)
    article.refresh_from_db()
    assert not article.image


@pytest.mark.django_db(transaction=True)
def test_a_small_image_keeps_its_own_width():
    article = with_image("Small", 300, 200)
    images.wait()
    assert [r["width"] for r in Article.objects.get(pk=article.pk).image_renditions] == [300]


def test_the_page_shows_the_original_until_the_renditions_exist(client):
    article = with_image("Fresh upload", 1000, 500)  # never committed here: no renditions
    assert Article.objects.get(pk=article.pk).image_renditions == []
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    img = page.select_one(".scms-article__image img")
    assert img["src"] == default_storage.url(article.image.name)
    assert (img["width"], img["height"]) == ("1000", "500")
    assert not img.has_attr("srcset")
    assert page.select_one(".scms-article__image source") is None


@pytest.mark.django_db(transaction=True)
def test_the_command_makes_renditions_a_stopped_process_left_out():
    from django.core.management import call_command

    article = with_image("Left out", 900, 600)
    images.wait()
    Article.objects.filter(pk=article.pk).update(image_renditions=[])
    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert out.getvalue().strip() == "1 image(s) resized."
    assert [r["width"] for r in Article.objects.get(pk=article.pk).image_renditions] == [480, 800]


def test_articles_without_an_image_have_no_figure_and_a_summary_card(client):
    article = make_article(title="Plain")
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    assert page.select_one(".scms-article__image") is None
    assert page.find("meta", property="og:image") is None
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
