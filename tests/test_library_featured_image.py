"""A media library image as an article's featured image: the library's own file is used (no
new upload), renditions are made as for an upload, and the library knows where it is used."""

from __future__ import annotations

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.management import call_command

from supplements_cms.content import images
from supplements_cms.models import Article, LibraryImage
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article
from tests.media import media, png, uploaded  # noqa: F401  # media: a fixture

LIBRARY = "/admin/supplements_cms/libraryimage/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def in_library(admin_client, alt: str) -> LibraryImage:
    return uploaded(admin_client, alt, size=(1000, 600))


def stored_files() -> set[str]:
    found = set()

    def walk(folder: str) -> None:
        dirs, files = default_storage.listdir(folder)
        found.update(f"{folder}/{name}".lstrip("/") for name in files)
        for name in dirs:
            walk(f"{folder}/{name}".lstrip("/"))

    walk("")
    return found


def choose(admin_client, article: Article, chosen: LibraryImage | str, **fields):
    data = {**form_on_page(admin_client, change_url(article)), **fields}
    data["library_image"] = str(chosen.pk) if isinstance(chosen, LibraryImage) else chosen
    return admin_client.post(change_url(article), data)


def test_a_library_image_becomes_the_featured_image_without_a_new_upload(
    admin_client, client, django_capture_on_commit_callbacks
):
    image = in_library(admin_client, "A green field at dawn")
    article = make_article(title="Fields")
    before = stored_files()

    with images.made_inline(), django_capture_on_commit_callbacks(execute=True):
        response = choose(admin_client, article, image)

    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.library_image == image
    assert article.image.name == image.file
    assert article.image_alt == "A green field at dawn"
    assert (article.image_width, article.image_height) == (1000, 600)
    # Resized as an upload is; the original is the library's, not a copy.
    assert [r["width"] for r in article.image_renditions] == [480, 800]
    made = stored_files() - before
    assert made == {r[kind] for r in article.image_renditions for kind in ("jpeg", "webp")}
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    img = page.select_one(".scms-article__image img")
    assert img["alt"] == "A green field at dawn"
    assert "-800.jpg" in img["src"]


def test_the_library_names_the_article_and_refuses_to_delete_the_image(admin_client):
    image = in_library(admin_client, "Almonds")
    article = make_article(title="Almond milk")
    assert choose(admin_client, article, image).status_code == 302

    where = BeautifulSoup(admin_client.get(f"{LIBRARY}{image.pk}/change/").content, "html.parser")
    assert "Almond milk (featured image)" in where.select_one(".field-where_used").get_text()
    refused = admin_client.post(f"{LIBRARY}{image.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 200
    assert "Almond milk" in refused.content.decode()
    assert LibraryImage.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file)

    # Chosen away (an upload replaces it): the image may go.
    data = {**form_on_page(admin_client, change_url(article)), "image": png("new.png")}
    response = admin_client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.library_image is None
    assert article.image.name != image.file
    assert admin_client.post(f"{LIBRARY}{image.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not default_storage.exists(image.file)


def test_the_clean_up_keeps_a_featured_library_image_and_its_renditions(
    admin_client, django_capture_on_commit_callbacks
):
    image = in_library(admin_client, "Walnuts")
    article = make_article()
    with images.made_inline(), django_capture_on_commit_callbacks(execute=True):
        assert choose(admin_client, article, image).status_code == 302
    article.refresh_from_db()
    renditions = {r[kind] for r in article.image_renditions for kind in ("jpeg", "webp")}
    assert renditions

    listed = StringIO()
    call_command("clean_media", "--dry-run", stdout=listed)
    assert not renditions & set(listed.getvalue().splitlines())

    # Once the article drops it, its renditions are clutter; the library's file is not.
    assert choose(admin_client, article, "").status_code == 302
    article.refresh_from_db()
    assert not article.image
    listed = StringIO()
    call_command("clean_media", "--dry-run", stdout=listed)
    assert renditions <= set(listed.getvalue().splitlines())
    assert image.file not in listed.getvalue()


def test_an_upload_and_a_new_library_choice_at_once_is_a_form_error(admin_client):
    image = in_library(admin_client, "Seeds")
    article = make_article()
    edits = article.edit_number
    response = choose(admin_client, article, image, image=png("other.png"))
    assert response.status_code == 200
    assert "not both" in errors_of(response)
    article.refresh_from_db()
    assert article.edit_number == edits
    assert not article.image
    assert article.library_image is None


def test_the_editor_keeps_their_own_alt_text(admin_client):
    image = in_library(admin_client, "Library words")
    article = make_article()
    assert choose(admin_client, article, image, image_alt="My words").status_code == 302
    article.refresh_from_db()
    assert article.image_alt == "My words"


def test_the_form_offers_the_library_through_a_search_box(admin_client):
    image = in_library(admin_client, "Pumpkin seeds")
    article = make_article()
    page = BeautifulSoup(admin_client.get(change_url(article)).content, "html.parser")
    select = page.select_one("select[name=library_image]")
    assert select is not None
    assert "admin-autocomplete" in select["class"]
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "pumpkin",
            "app_label": "supplements_cms",
            "model_name": "article",
            "field_name": "library_image",
        },
    )
    assert [r["id"] for r in found.json()["results"]] == [str(image.pk)]


def test_a_duplicate_shows_the_same_library_image_and_the_library_names_both(admin_client):
    image = in_library(admin_client, "Oats")
    article = make_article(title="Oats")
    assert choose(admin_client, article, image).status_code == 302
    admin_client.post(f"/admin/supplements_cms/article/{article.pk}/duplicate/")

    copy = Article.objects.get(title="Oats (copy)")
    assert copy.library_image == image
    assert copy.image.name == image.file
    where = BeautifulSoup(admin_client.get(f"{LIBRARY}{image.pk}/change/").content, "html.parser")
    assert [a.get_text() for a in where.select(".field-where_used a")] == ["Oats", "Oats (copy)"]


def test_a_writer_chooses_a_library_image_for_a_live_article_as_draft_changes(admin_client):
    from supplements_cms.models import DraftChange
    from tests.factories import make_article_editor, signed_in

    image = in_library(admin_client, "Lentils")
    live = make_article(title="Lentils and iron")
    writer = signed_in(make_article_editor("writer", publish=False))

    response = choose(writer, live, image)

    assert response.status_code == 302, errors_of(response)
    live.refresh_from_db()
    assert not live.image
    assert live.library_image is None
    assert "library_image" in DraftChange.objects.get(article=live).changed_fields
    preview = writer.get(f"/admin/supplements_cms/article/{live.pk}/draft/preview/")
    img = BeautifulSoup(preview.content, "html.parser").select_one(".scms-article__image img")
    assert img is not None
    assert img["src"] == default_storage.url(image.file)
    assert img["alt"] == "Lentils"
