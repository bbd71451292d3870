"""``manage.py import_wordpress``: a WordPress export's posts become articles, through the same
saving code as every import; hostile and malformed files are refused with nothing stored."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client
from PIL import Image
from reversion.models import Version

from supplements_cms.content.importing.wordpress.content import to_export_text
from supplements_cms.content.importing.wordpress.mapping import yoast_title
from supplements_cms.models import Article, Benefit, PendingImport, SlugRedirect, WordPressPost
from tests.factories import make_user
from tests.test_import_command import operator  # noqa: F401  (who imports; may publish)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "import_fixtures" / "wordpress"
SITE = FIXTURES / "site.xml"


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    """The site's uploads folder, with the featured image of post 101 (post 104's is missing)."""
    folder = tmp_path / "uploads"
    (folder / "2023" / "04").mkdir(parents=True)
    out = BytesIO()
    Image.new("RGB", (60, 40), (200, 180, 90)).save(out, "PNG")
    (folder / "2023" / "04" / "capsules.png").write_bytes(out.getvalue())
    return folder


def run(*args: str | Path, user: str = "operator") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    if "--dry-run" not in args:
        args = (*args, "--user", user)
    call_command("import_wordpress", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def article_of(post_id: int) -> Article:
    return WordPressPost.objects.get(post_id=post_id).article


def test_posts_become_articles_and_everything_else_is_counted(uploads):
    out, _err = run(SITE, "--uploads", uploads)
    assert WordPressPost.objects.count() == 5  # posts 101 to 105; 106 is in the bin
    assert not Article.objects.filter(title__in=["About Us", "A Post in the Bin", "Home"]).exists()
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("5 imported; left out: ")
    for counted in (
        "2 attachments",
        "2 comments",
        "1 menu items",
        "1 pages",
        "1 revisions",
        "1 trashed posts",
    ):
        assert counted in summary


def test_each_status_maps_to_draft_published_or_scheduled(uploads):
    run(SITE, "--uploads", uploads)
    published = article_of(101)
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2023, 4, 3, 7, 30, tzinfo=UTC)
    assert published.is_live
    scheduled = article_of(102)
    assert scheduled.is_scheduled
    assert scheduled.published_at == datetime(2030, 1, 15, 9, 0, tzinfo=UTC)
    for post_id in (103, 104, 105):  # draft, pending, private: never public
        assert article_of(post_id).status == Article.Status.DRAFT
        assert not article_of(post_id).is_live


def test_a_classic_post_gets_the_plain_text_structure_and_its_metadata(uploads, client):
    run(SITE, "--uploads", uploads)
    article = article_of(101)
    assert article.title == "Magnesium Glycinate for Night Cramps: Q&A"
    assert article.slug == "glycinate-night-cramps"
    assert article.seo_title == "Glycinate & Night Cramps - Quiet Minerals"
    assert article.summary.startswith("What magnesium glycinate is")
    assert "3 a.m." in article.intro
    assert "it’s miserable" in article.intro
    assert article.body.startswith("## What is Magnesium Glycinate?")
    main = article.benefits.filter(kind=Benefit.Kind.MAIN)
    assert [b.title for b in main] == ["Muscle Function", "Restful Evenings", "Gentle Form"]
    extra = article.benefits.filter(kind=Benefit.Kind.ADDITIONAL)
    assert [b.title for b in extra] == ["Tiredness", "Bones"]
    assert article.dosage == "200 to 350 mg per day"
    assert article.conclusion == "A gentle form worth discussing with your doctor."
    assert article.call_to_action.text == "Ask your pharmacist which form suits you."
    assert sorted(c.name for c in article.conditions.all()) == ["Night Cramps", "Sleep"]
    assert article.byline.name == "Hazel Finch"
    everything = " ".join(
        [article.intro, article.body, article.conclusion, article.dosage_note, article.summary]
    )
    for chrome in ("Related Posts", "Zinc and Taste", "Scroll to top", "tracking", "<script"):
        assert chrome not in everything
    assert "![Three white capsules on a wooden spoon](" in article.body


@pytest.mark.django_db(transaction=True)
def test_the_featured_image_comes_from_the_uploads_with_its_alt_text(uploads):
    out, _err = run(SITE, "--uploads", uploads)
    article = article_of(101)
    assert article.image
    assert article.image_alt == "Three white capsules on a wooden spoon"
    assert (article.image_width, article.image_height) == (60, 40)
    assert article.image_renditions
    # Post 104's image is not in the folder: a note, and the article without an image.
    assert not article_of(104).image
    line = next(line for line in out.splitlines() if "(post 104)" in line)
    assert "winter-sun.jpg" in line
    assert "not in the uploads folder" in line


def test_entities_in_titles_are_decoded_once(uploads):
    run(SITE, "--uploads", uploads)
    assert article_of(102).title == "Zinc’s Role in Taste: What Readers Ask"
    # One heading per benefit ("1. Normal Taste") is a benefit.
    assert [b.title for b in article_of(102).benefits.all()] == ["Normal Taste", "Immune Function"]


def test_gutenberg_blocks_keep_content_and_drop_site_blocks(uploads):
    run(SITE, "--uploads", uploads)
    article = article_of(103)
    assert article.slug == "iron-bisglycinate-and-tiredness"  # no slug in the export
    assert [b.title for b in article.benefits.all()] == ["Less Tiredness", "Oxygen Transport"]
    assert article.dosage == "14 to 28 mg per day"
    assert "glycine & often" in article.body
    everything = " ".join(
        [article.intro, article.body, article.dosage_note, article.conclusion]
        + [b.description for b in article.benefits.all()]
    )
    # The embed follows the list: it belongs to the last benefit, as in a text export.
    assert "[https://video.example/watch?v=abc](https://video.example/watch?v=abc)" in everything
    assert "Ask for a blood test first" in everything
    assert "Another Post Entirely" not in everything
    assert "alert" not in everything
    assert "onclick" not in everything


def test_old_addresses_redirect_to_the_new_one(uploads, client):
    run(SITE, "--uploads", uploads)
    article = article_of(101)
    assert set(SlugRedirect.objects.filter(article=article).values_list("old_slug", flat=True)) == {
        "magnesium-cramps-qa"
    }
    response = client.get("/articles/magnesium-cramps-qa/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert WordPressPost.objects.get(post_id=101).old_path == "/2023/04/glycinate-night-cramps/"


def test_a_writers_import_never_publishes(uploads):
    make_user("writer", staff=True, perms=("add_article", "change_article", "view_article"))
    out, _err = run(SITE, "--uploads", uploads, user="writer")
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()
    line = next(line for line in out.splitlines() if "(post 101)" in line)
    assert "kept as a draft: you may not publish articles" in line


def test_each_import_leaves_a_revision_and_a_log_entry(uploads):
    run(SITE, "--uploads", uploads)
    article = article_of(103)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    assert "site.xml (post 103)" in versions.first().revision.comment
    assert LogEntry.objects.filter(object_id=str(article.pk)).exists()


def test_dry_run_prints_and_writes_nothing(uploads):
    out, _err = call_output("--dry-run", "--uploads", uploads)
    assert Article.objects.count() == 0
    assert WordPressPost.objects.count() == 0
    assert "== post 101 (publish)" in out
    assert "Benefits: 3" in out
    assert "Dosage: 200 to 350 mg per day" in out
    assert "Featured image: 2023/04/capsules.png (found)" in out
    assert "Featured image: 2022/11/winter-sun.jpg (missing)" in out
    assert "Old addresses: /2023/04/glycinate-night-cramps/, /articles/magnesium-cramps-qa/" in out
    assert "Would publish, dated 2023-04-03T07:30:00+00:00" in out
    assert "Would create the article “glycinate-night-cramps”." in out
    assert out.strip().splitlines()[-1].startswith("5 posts parsed")


def call_output(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(SITE), *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_reimport_finds_its_articles_by_post_and_keeps_editors_work(uploads):
    run(SITE, "--uploads", uploads)
    article = article_of(103)
    # An editor renames the address and changes the text: the post still finds its article.
    article.slug = "iron-and-tiredness"
    article.intro = "An editor's own introduction."
    article.save()
    out, _err = run(SITE, "--uploads", uploads)
    assert "skipped: iron-and-tiredness (post 103)" in out
    assert "unchanged: glycinate-night-cramps (post 101)" in out
    assert Article.objects.count() == 5
    article.refresh_from_db()
    assert article.intro == "An editor's own introduction."

    out, _err = run(SITE, "--uploads", uploads, "--overwrite")
    article.refresh_from_db()
    assert "updated: iron-and-tiredness (post 103)" in out
    assert article.intro.startswith("Feeling worn out")
    assert article.slug == "iron-and-tiredness"


def test_a_reimport_empties_nothing_the_file_lacks(uploads):
    run(SITE, "--uploads", uploads)
    article = article_of(104)
    article.conclusion = "Added by an editor."
    article.save()
    Article.objects.filter(pk=article.pk).update(imported_edit_number=article.edit_number)
    run(SITE, "--uploads", uploads)
    article.refresh_from_db()
    assert article.conclusion == "Added by an editor."


HOSTILE = {
    "billion laughs": b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss><channel><item><title>&c;</title><wp:post_type>post</wp:post_type></item></channel></rss>""",
    "external entity": b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>""",
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_files_are_refused_and_nothing_is_stored(tmp_path, kind):
    path = tmp_path / "export.xml"
    path.write_bytes(HOSTILE[kind])
    with pytest.raises(CommandError, match=r"export\.xml: refused: .*document type"):
        run(path)
    assert Article.objects.count() == 0


def test_a_malformed_file_is_refused_with_line_and_column_before_anything_is_stored(tmp_path):
    text = SITE.read_text(encoding="utf-8")
    # The last item breaks: the posts before it must not be stored either.
    broken = text.replace("<wp:post_id>501</wp:post_id>", "<wp:post_id>501</wp:post_idd>")
    path = tmp_path / "broken.xml"
    path.write_text(broken, encoding="utf-8")
    line = broken[: broken.index("</wp:post_idd>")].count("\n") + 1
    with pytest.raises(CommandError) as raised:
        run(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not well-formed XML at line {line}, column ")
    assert "\n" not in message
    assert Article.objects.count() == 0


def test_what_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "page.xml"
    path.write_bytes(b"<html><body>hello</body></html>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        run(path)
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "missing.xml")


def test_a_post_longer_than_the_limit_fails_alone(tmp_path, settings):
    settings.SUPPLEMENTS_CMS = {**getattr(settings, "SUPPLEMENTS_CMS", {}), "IMPORT_MAX_BYTES": 900}
    with pytest.raises(CommandError, match="2 failed"):
        run(SITE)
    # The two long posts fail, each alone; the short ones are imported.
    assert set(WordPressPost.objects.values_list("post_id", flat=True)) == {102, 104, 105}


# The content stage on its own.


def test_entities_in_content_are_decoded_once_and_markup_never_kept():
    converted = to_export_text(
        "<p>AT&amp;amp;T &lt;script&gt;alert(1)&lt;/script&gt; &#8220;quoted&#8221;</p>"
    )
    # "&amp;amp;" in the HTML is the text "&amp;": it stays that, written so Markdown shows it.
    assert converted.text == "AT&amp;amp;T &lt;script>alert(1)&lt;/script> “quoted”"


def test_classic_paragraphs_and_bold_headings():
    text = to_export_text(
        "First paragraph,\nsecond line.\n\n<strong>How to Take It</strong>\n\nTake 5 g daily."
    ).text
    assert text == "First paragraph,\nsecond line.\n\n## How to Take It\n\nTake 5 g daily."


def test_shortcodes_become_markdown_or_a_note():
    converted = to_export_text(
        '[caption id="a" width="3"]<img src="/a.png" alt="A [b]"> The caption[/caption]\n\n'
        '[embed]https://video.example/v/1[/embed]\n\n[gallery ids="1,2"]\n\n'
        '[su_button url="/x"]Buy[/su_button]'
    )
    assert "![A (b)](/a.png) The caption" in converted.text
    assert "[https://video.example/v/1](https://video.example/v/1)" in converted.text
    assert "gallery" not in converted.text
    assert "su_button" not in converted.text
    assert "Buy" in converted.text
    assert any("[gallery]" in note for note in converted.notes)
    assert any("[su_button]" in note for note in converted.notes)


def test_unsafe_links_lose_their_address():
    text = to_export_text('<p><a href="javascript:alert(1)">click</a> <img src="data:x"></p>').text
    assert text == "click"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("%%title%% %%sep%% %%sitename%%", "Zinc - Quiet"),
        ("%%title%% %%page%% %%sep%% %%sitename%%", "Zinc - Quiet"),
        ("%%title%%", ""),  # the same as the title: nothing to store
        ("Best %%primary_category%% guide %%sep%%", "Best guide"),
        ("", ""),
    ],
)
def test_yoast_titles(template, expected):
    assert yoast_title(template, "Zinc", "Quiet") == expected


# The admin's import page takes the same export.


def test_the_admin_previews_an_export_post_by_post_and_imports_it(admin_client):
    from tests.test_import_admin import IMPORT_URL, confirm_data, messages_of, preview, upload

    response = preview(admin_client, upload("site.xml", SITE.read_bytes()))
    page = BeautifulSoup(response.content, "html.parser")
    names = [h.get_text(strip=True) for h in page.select(".scms-import__file h3")]
    assert names == [f"site.xml#{n}" for n in (101, 102, 103, 104, 105)]
    first = page.select(".scms-import__file")[0].get_text(" ", strip=True)
    assert "creates a new article “glycinate-night-cramps”" in first
    assert "Muscle Function" in first
    assert Article.objects.count() == 0

    done = admin_client.post(IMPORT_URL, confirm_data(response), follow=True)
    assert "Import done: 5 articles created." in messages_of(done)
    assert article_of(101).is_live
    assert article_of(102).is_scheduled
    assert article_of(105).status == Article.Status.DRAFT
    # No uploads folder on the admin page: the image is named in a warning.
    assert any(
        m.lower().startswith("site.xml#101: featured image “2023/04/capsules.png” not imported")
        for m in messages_of(done)
    )

    # Again, after an editor's change: the article is found by its post and left alone.
    article = article_of(103)
    article.intro = "An editor's own introduction."
    article.save()
    again = preview(admin_client, upload("site.xml", SITE.read_bytes()))
    data = confirm_data(again)
    section = BeautifulSoup(again.content, "html.parser").select(".scms-import__file")[2]
    assert "Editors changed it since its last import" in section.get_text(" ", strip=True)
    admin_client.post(IMPORT_URL, data, follow=True)
    article.refresh_from_db()
    assert article.intro == "An editor's own introduction."
    assert Article.objects.count() == 5


def test_the_admin_refuses_a_malformed_export_with_a_form_error(admin_client, tmp_path):
    from tests.test_import_admin import preview, upload

    broken = SITE.read_text(encoding="utf-8").replace("</wp:post_name>", "</wp:post_nam>", 1)
    response = preview(admin_client, upload("broken.xml", broken))
    errors = BeautifulSoup(response.content, "html.parser").select(".errorlist li")
    assert len(errors) == 1
    assert errors[0].get_text().startswith("broken.xml: not well-formed XML at line ")
    assert Article.objects.count() == 0
    assert not PendingImport.objects.exists()


def test_a_writers_upload_in_the_admin_never_publishes():
    from tests.test_import_admin import IMPORT_URL, confirm_data, preview, upload, writer_perms

    writer = make_user("writer", staff=True, perms=writer_perms())
    client = Client()
    client.force_login(writer)
    response = preview(client, upload("site.xml", SITE.read_bytes()))
    client.post(IMPORT_URL, confirm_data(response), follow=True)
    assert Article.objects.count() == 5
    assert not Article.objects.filter(status=Article.Status.PUBLISHED).exists()


def test_the_old_permalink_redirects_once_the_article_is_live(uploads, client, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "supplements_cms.content.importing.wordpress.redirects.OldAddressMiddleware",
    ]
    run(SITE, "--uploads", uploads)
    response = client.get("/2023/04/glycinate-night-cramps/")
    assert response.status_code == 301
    assert response["Location"] == article_of(101).get_absolute_url()
    # A scheduled post's old address stays a 404 until the article is live, as the article does.
    assert client.get("/2030/01/zinc-taste/").status_code == 404
    assert client.get("/2023/04/no-such-post/").status_code == 404
    assert client.post("/2023/04/glycinate-night-cramps/").status_code != 301


def test_a_password_protected_post_stays_a_draft(tmp_path):
    text = SITE.read_text(encoding="utf-8").replace(
        "<wp:post_password><![CDATA[]]></wp:post_password>",
        "<wp:post_password><![CDATA[members-only]]></wp:post_password>",
    )
    path = tmp_path / "protected.xml"
    path.write_text(text, encoding="utf-8")
    out, _err = run(path)
    assert article_of(101).status == Article.Status.DRAFT
    line = next(line for line in out.splitlines() if "(post 101)" in line)
    assert "kept as a draft: the post has a password on WordPress" in line


def test_authors_become_bylines_and_with_match_users_the_matching_user():
    hazel = make_user("hfinch", staff=True)
    run(SITE)
    assert article_of(101).author is None
    assert article_of(102).byline.name == "Omar Reyes"
    WordPressPost.objects.all().delete()
    Article.objects.all().delete()
    run(SITE, "--match-users")
    assert article_of(101).author == hazel
    assert article_of(101).byline.name == "Hazel Finch"  # one contributor, found again
    assert article_of(102).author is None  # no user "oreyes" on this site


def test_a_table_of_contents_plugin_is_chrome():
    text = to_export_text(
        '<div class="yoast-table-of-contents"><h2>Table of contents</h2><ul>'
        '<li><a href="#a">A</a></li></ul></div><p>Text.</p>'
    ).text
    assert text == "Text."


@pytest.mark.parametrize(
    "html",
    [
        # One sub-heading per benefit, under the benefits' heading.
        "<p>Intro.</p><h2>Benefits of Zinc</h2><h3>Taste</h3><p>Part of taste.</p>"
        "<h3>Immunity</h3><p>Immune function.</p><h3>How to Take Zinc</h3><p>10 mg per day.</p>",
        # A classic editor's bold lines, numbered.
        "<p>Intro.</p><h2>Benefits of Zinc</h2><p><strong>1. Taste</strong></p>"
        "<p>Part of taste.</p><p><strong>2. Immunity</strong></p><p>Immune function.</p>"
        "<p><strong>How to Take Zinc</strong></p><p>10 mg per day.</p>",
        # "1. Title:" lines in classic text.
        "Intro.\n<h2>Benefits of Zinc</h2>\n1. Taste: Part of taste.\n2. Immunity: Immune function."
        "\n<h2>How to Take Zinc</h2>\n10 mg per day.",
    ],
)
def test_benefits_written_in_each_way_are_found(html):
    from supplements_cms.content.importing.parser import parse_article

    parsed = parse_article(f"Title: Zinc\n\n{to_export_text(html).text}")
    assert [b.title for b in parsed.benefits] == ["Taste", "Immunity"]
    assert [b.description for b in parsed.benefits] == ["Part of taste.", "Immune function."]
    assert str(parsed.dosage) == "10 mg per day"
    assert parsed.dosage_heading == "How to Take Zinc"
