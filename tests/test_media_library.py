"""The media library: every upload is listed with its description, found by search, shown with
where it is used, kept while an article shows it, and files nothing uses are cleaned up."""

from __future__ import annotations

from io import BytesIO, StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from supplements_cms.admin.editor import reencode_image
from supplements_cms.content.library import reference_url
from supplements_cms.models import LibraryImage
from tests.factories import make_article
from tests.media import UPLOAD, media, png, uploaded  # noqa: F401  # media: a fixture

LIST = "/admin/supplements_cms/libraryimage/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


def test_an_upload_enters_the_library_with_its_alt_text_and_is_found_by_search(admin_client):
    image = uploaded(admin_client, "A glass of water")
    uploaded(admin_client, "Almonds in a bowl")

    assert (image.alt_text, image.width, image.height) == ("A glass of water", 60, 40)
    assert default_storage.size(image.file) == image.size
    page = BeautifulSoup(admin_client.get(LIST, {"q": "water"}).content, "html.parser")
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1
    assert rows[0].select_one("img")["src"] == image.url
    assert "A glass of water" in rows[0].get_text()


@pytest.mark.parametrize("by", ["reference", "storage address"])
def test_where_used_and_no_deleting_an_image_in_use(admin_client, by):
    image = uploaded(admin_client, "A glass of water")
    address = reference_url(image.pk) if by == "reference" else image.url
    article = make_article(title="Water and cramps", body=f"![A glass of water]({address})")
    change = f"{LIST}{image.pk}/change/"
    delete = f"{LIST}{image.pk}/delete/"

    where = BeautifulSoup(admin_client.get(change).content, "html.parser")
    assert where.select_one(".field-where_used a").get_text() == "Water and cramps"
    refused = admin_client.post(delete, {"post": "yes"})
    assert refused.status_code == 200
    assert "Water and cramps" in refused.content.decode()
    assert LibraryImage.objects.filter(pk=image.pk).exists()

    article.body = "No picture now."
    article.save()
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not LibraryImage.objects.exists()
    assert not default_storage.exists(image.file)


def test_the_stored_original_stays_within_the_upload_limit(settings):
    # A photo saved at low quality grows when re-encoded at the quality uploads are kept in.
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    out = BytesIO()
    noisy.save(out, "JPEG", quality=30)
    upload = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    settings.SUPPLEMENTS_CMS = {"UPLOAD_MAX_BYTES": upload.size}

    data, extension = reencode_image(upload)

    assert extension == "jpg"
    assert len(data) <= upload.size
    with Image.open(BytesIO(data)) as stored:
        assert stored.format == "JPEG"


def test_the_clean_up_command_deletes_only_what_nothing_uses(admin_client):
    kept = uploaded(admin_client, "In the library")
    in_text = default_storage.save("supplements_cms/images/old.png", ContentFile(b"x"))
    orphan = default_storage.save("supplements_cms/images/orphan.png", ContentFile(b"x"))
    old_rendition = default_storage.save(
        "supplements_cms/images/featured/gone-640.jpg", ContentFile(b"x")
    )
    make_article(body=f"![Old]({default_storage.url(in_text)})")

    listed = StringIO()
    call_command("clean_media", "--dry-run", stdout=listed)
    assert listed.getvalue().splitlines()[:-1] == sorted([orphan, old_rendition])
    assert default_storage.exists(orphan)

    call_command("clean_media", stdout=StringIO())
    assert not default_storage.exists(orphan)
    assert not default_storage.exists(old_rendition)
    assert default_storage.exists(in_text)
    assert default_storage.exists(kept.file)


def test_the_library_picker_answers_editors_only_and_is_bounded(admin_client, client):
    from supplements_cms.content.library import PICKER_RESULTS

    for n in range(PICKER_RESULTS + 3):
        LibraryImage.objects.create(
            file=f"supplements_cms/images/{n}.png",
            alt_text=f"Almonds {n}",
            width=1,
            height=1,
            size=1,
        )
    LibraryImage.objects.create(
        file="supplements_cms/images/w.png", alt_text="Water", width=1, height=1, size=1
    )

    assert client.get("/articles/editor/library/", {"q": "water"}).status_code in (302, 403)
    results = admin_client.get("/articles/editor/library/", {"q": "almonds"}).json()["results"]
    assert len(results) == PICKER_RESULTS
    (water,) = admin_client.get("/articles/editor/library/", {"q": "WATER"}).json()["results"]
    assert (water["alt"], water["url"]) == ("Water", "/media/supplements_cms/images/w.png")
    assert water["reference"] == f"/articles/media/{water['id']}/"


def _image_sources(client, article) -> list[str]:
    page = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    return [img["src"] for img in page.select(".article-body img, article img") if img.get("src")]


def test_an_image_inserted_from_the_library_follows_a_new_storage_domain(
    admin_client, client, settings
):
    image = uploaded(admin_client, "A glass of water")
    other = uploaded(admin_client, "Almonds")
    inserted = admin_client.post(UPLOAD, {"image": png(), "alt": "Seeds"}).json()["image_code"]
    article = make_article(
        title="Water and cramps",
        body=f"![A glass of water]({reference_url(image.pk)})\n\n{inserted}",
    )
    assert reference_url(image.pk) in article.body  # the text holds no storage address
    seeds = LibraryImage.objects.get(alt_text="Seeds")
    shown = _image_sources(client, article)
    assert shown == [f"/media/{image.file}", f"/media/{seeds.file}"]
    assert other.url not in shown

    settings.MEDIA_URL = "https://cdn.example.org/media/"
    # The page's parts may come from the cache; the address is the storage's of now.
    assert _image_sources(client, article) == [
        f"https://cdn.example.org/media/{image.file}",
        f"https://cdn.example.org/media/{seeds.file}",
    ]


def test_an_image_by_reference_redirects_to_storage_and_a_deleted_one_is_a_404(
    admin_client, client
):
    image = uploaded(admin_client, "A glass of water")
    response = client.get(reference_url(image.pk))
    assert (response.status_code, response["Location"]) == (302, image.url)
    assert response["Cache-Control"] == "no-cache"
    article = make_article(title="Gone", body=f"![Gone]({reference_url(image.pk + 100)})")
    assert client.get(reference_url(image.pk + 100)).status_code == 404
    # An image no longer in the library keeps its reference on the page (and so a 404).
    assert _image_sources(client, article) == [reference_url(image.pk + 100)]
