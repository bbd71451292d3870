"""The article form as the admin renders it: in the page's order, positions hidden, a Markdown
editor with its preview in every Markdown box, and the configuration of the form's scripts."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from supplements_cms.models import Benefit
from tests.admin_forms import (
    ADD_URL,
    change_url,
    errors_of,
    form_data,
    form_on_page,
    make_long_article,
)
from tests.factories import make_article, make_user, signed_in

pytestmark = pytest.mark.django_db

PAGE_ORDER = [
    "title",
    "Featured image",
    "Text",
    "Benefits",
    "Additional benefits",
    "How to take",
    "Conclusion and call to action",
    "Related posts",
    "References",
    "Topic",
    "Trust",
    "Publishing",
]


def page(client, address: str) -> BeautifulSoup:
    response = client.get(address)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def parts_in_order(soup: BeautifulSoup) -> list[str]:
    """The form's fieldsets and inlines top to bottom, named by their headings."""
    form = soup.select_one("form#article_form")
    names = []
    for part in form.select("fieldset.module"):
        if part.find_parent(class_="inline-related"):
            continue  # a row inside an inline
        heading = part.find(["h2"], recursive=True)
        names.append(heading.get_text(" ", strip=True).split(" (")[0] if heading else "title")
    return names


@pytest.mark.parametrize("address", ["add", "change"])
def test_the_form_follows_the_page(admin_client_, address):
    article = make_article(benefits=2)
    soup = page(admin_client_, ADD_URL if address == "add" else change_url(article))

    assert [p.capitalize() for p in parts_in_order(soup)] == [p.capitalize() for p in PAGE_ORDER]
    fields = [f["name"] for f in soup.select("form#article_form [name]")]
    order = ["title", "seo_title", "summary", "intro", "body", "benefits-0-title", "conclusion"]
    assert [fields.index(name) for name in order] == sorted(fields.index(name) for name in order)


def test_the_history_restore_form_follows_the_page_too(admin_client_):
    article = make_article(title="Magnesium", benefits=1)
    admin_client_.post(change_url(article), form_on_page(admin_client_, change_url(article)))
    version = Version.objects.get_for_object(article).get()

    soup = page(admin_client_, f"/admin/supplements_cms/article/{article.pk}/history/{version.pk}/")

    assert parts_in_order(soup)[:3] == PAGE_ORDER[:3]


def test_positions_are_hidden_and_main_benefits_come_first(admin_client_):
    article = make_article()
    for position, (kind, title) in enumerate(
        [("additional", "Bones"), ("main", "Calm"), ("additional", "Skin"), ("main", "Sleep")]
    ):
        Benefit.objects.create(article=article, kind=kind, title=title, position=position)

    soup = page(admin_client_, change_url(article))

    titles = [i["value"] for i in soup.select("#benefits-group input[name$=-title][value]")]
    assert titles == ["Calm", "Sleep", "Bones", "Skin"]
    for prefix in ("benefits", "references", "related_posts"):
        visible = soup.select(f"[name^={prefix}-][name$=-position]:not([type=hidden])")
        assert visible == [], prefix
    assert soup.select("input[type=hidden][name=benefits-0-position]")


def test_benefit_descriptions_have_the_markdown_editor_with_its_preview(admin_client_):
    article = make_article()
    Benefit.objects.create(article=article, title="Calm", description="Helps you **relax**.")

    soup = page(admin_client_, change_url(article))

    editor = soup.select_one("[data-scms-editor]:has(textarea[name=benefits-0-description])")
    assert editor.select_one("textarea.markdownx-editor")
    # A row's tools, preview and dialog come from the page's one copy, when the row is used.
    assert editor.select_one("[data-scms-preview]") is None
    assert editor.select_one("button, dialog") is None
    parts = soup.select("template[data-scms-editor-parts]")
    assert len(parts) == 1
    assert parts[0]["data-markdownx-urls-path"] == "/articles/editor/preview/"
    assert "Insert image" in str(parts[0].select_one("button[data-scms-image-button]"))
    assert parts[0].select_one("dialog[data-scms-alt-dialog]")
    # The article's own texts start with their preview rendered.
    intro = soup.select_one("[data-scms-editor]:has(textarea[name=intro])")
    assert intro.select_one("[data-scms-preview] p").get_text() == article.intro
    # The "Add another" template carries an editor too, set up by the script when it is copied.
    template = soup.select_one("#benefits-empty [data-scms-editor] textarea")
    assert template["name"] == "benefits-__prefix__-description"
    # markdownx's own script is not on the page: it would set up the boxes a second time.
    scripts = [s.get("src", "") for s in soup.select("script")]
    assert not [s for s in scripts if "markdownx/js" in s]
    assert any(s.endswith("supplements_cms/markdown_editor.js") for s in scripts)


def test_the_preview_escapes_what_the_page_would_escape(admin_client_):
    article = make_article(intro="Hello <script>alert(1)</script> **there**")
    soup = page(admin_client_, change_url(article))

    preview = soup.select_one("[data-scms-editor]:has(textarea[name=intro]) [data-scms-preview]")
    assert preview.select_one("strong").get_text() == "there"
    assert preview.select("script") == []


def test_the_scripts_get_their_configuration(admin_client_, settings):
    settings.SUPPLEMENTS_CMS = {"SUMMARY_MAX_LENGTH": 150, "SEO_TITLE_MAX_LENGTH": 55}
    soup = page(admin_client_, ADD_URL)

    config = json.loads(soup.find(id="scms-editor-config").string)

    assert config["sortable"] == {
        "benefits": "position",
        "references": "position",
        "related_posts": "position",
    }
    assert config["limits"] == {"seoTitle": 55, "summary": 150, "wordsPerMinute": 220}
    assert config["articleAddress"] == "http://testserver/articles/__slug__/"
    autosave = config["autosave"]
    # This opened form's own autosave: a new article's form, and a token of this page.
    assert re.fullmatch(r"/articles/editor/autosave/form/new-[0-9a-f]{16}/", autosave.pop("url"))
    assert autosave == {"seconds": 30, "offer": None, "offerUrl": "/articles/editor/autosave/"}
    assert all(isinstance(text, str) and text for text in config["strings"].values())


def test_a_form_sent_back_with_errors_counts_as_unsaved(admin_client_):
    fresh = page(admin_client_, ADD_URL)
    refused = BeautifulSoup(
        admin_client_.post(ADD_URL, form_data(dose_unit="")).content, "html.parser"
    )

    assert json.loads(fresh.find(id="scms-editor-config").string)["unsaved"] is False
    assert refused.select_one(".errornote")
    assert json.loads(refused.find(id="scms-editor-config").string)["unsaved"] is True


def test_positions_posted_by_the_form_order_the_page(admin_client_):
    response = admin_client_.post(
        ADD_URL,
        form_data(
            **{
                "benefits-0-position": "2",
                "benefits-1-position": "1",
                "benefits-2-position": "3",
            }
        ),
    )
    assert response.status_code == 302, errors_of(response)

    article = Benefit.objects.first().article
    assert [b.title for b in article.main_benefits] == ["Electrolyte balance", "Muscle relaxation"]


def test_parts_the_order_does_not_name_come_last():
    from types import SimpleNamespace

    from supplements_cms.admin import ArticleAdmin

    layout = ArticleAdmin.__new__(ArticleAdmin)
    declared = [ArticleAdmin.form_sections["publishing"], ("Extra", {"fields": ("x",)})]
    declared.insert(1, ArticleAdmin.form_sections["headline"])
    rendered = ["publishing fieldset", "headline fieldset", "extra fieldset"]
    inlines = [SimpleNamespace(formset=SimpleNamespace(prefix=p)) for p in ("gallery", "benefits")]

    parts = layout.form_parts(zip(declared, rendered, strict=True), inlines)

    assert [(p.name, p.fieldset or p.inline.formset.prefix) for p in parts] == [
        ("headline", "headline fieldset"),
        ("benefits", "benefits"),
        ("publishing", "publishing fieldset"),
        ("", "extra fieldset"),
        ("gallery", "gallery"),
    ]
    assert [p.index for p in parts] == [0, 1, 2, 3, 4]


def test_a_long_articles_form_stays_under_250_kb(admin_client_):
    short = make_long_article("A short article", benefits=3, references=3)
    long = make_long_article("A long article", benefits=50, references=30)

    short_page = admin_client_.get(change_url(short))
    long_page = admin_client_.get(change_url(long))

    assert len(long_page.content) <= 250 * 1024
    soup = BeautifulSoup(long_page.content, "html.parser")
    # Every row is there, with its text, and the form still sends what the page shows.
    assert len(soup.select("textarea[name$=-description]:not([name*=__prefix__])")) == 50
    assert len(soup.select("input[name$=-doi]:not([name*=__prefix__])")) == 30
    # One dialog of each kind (alt text, link picker, library) for the page, not one per row.
    assert long_page.content.count(b"<dialog") == 3
    # What each added row costs: well under the short form's whole page.
    per_row = (len(long_page.content) - len(short_page.content)) / (47 + 27)
    assert per_row < 2600
    # No row repeats the article's id: the form's address says it.
    assert not soup.select("input[name$=-article]")


def test_opening_and_saving_a_long_articles_form_costs_no_query_per_row(admin_client_):
    short = make_long_article("A short article", benefits=3, references=3)
    long = make_long_article("A long article", benefits=50, references=30)
    counts = {}
    # The first round also fills Django's caches (content types), once for the process.
    for name, article in (("first", short), ("short", short), ("long", long)):
        url = change_url(article)
        data = form_on_page(admin_client_, url)
        with CaptureQueriesContext(connection) as opened:
            admin_client_.get(url)
        with CaptureQueriesContext(connection) as saved:
            response = admin_client_.post(url, {**data, "_continue": "1"})
        assert response.status_code == 302, errors_of(response)
        counts[name] = {"open": len(opened), "save": len(saved)}

    assert counts["long"] == counts["short"]


def test_a_row_posted_with_another_articles_row_id_leaves_that_row_alone(admin_client_):
    article = make_long_article("Rows", benefits=2, references=1)
    other = make_long_article("Another", benefits=1, references=1)
    theirs = other.benefits.get()
    data = form_on_page(admin_client_, change_url(article))
    data["benefits-0-id"] = str(theirs.pk)
    data["benefits-0-title"] = "Forged"

    response = admin_client_.post(change_url(article), data)

    assert response.status_code == 200
    theirs.refresh_from_db()
    assert (theirs.title, theirs.article_id) == ("Benefit 1", other.pk)
    assert "Forged" not in Benefit.objects.values_list("title", flat=True)


def _inline_groups(page: bytes) -> list:
    """The inline groups' elements: tag, attributes and text, whitespace aside."""
    soup = BeautifulSoup(page, "html.parser")
    groups = soup.select("div.js-inline-admin-formset")
    assert len(groups) == 3
    return [
        (
            e.name,
            sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in e.attrs.items()),
            " ".join(e.get_text(" ").split()) if not e.find() else "",
        )
        for group in groups
        for e in [group, *group.find_all(True)]
    ]


@pytest.mark.parametrize("with_errors", [False, True])
def test_the_rows_carry_the_markup_of_djangos_stacked_inline(
    admin_client_, monkeypatch, with_errors
):
    from supplements_cms.admin.inlines import ArticlePartInline

    article = make_long_article("Rows", benefits=3, references=2)
    url = change_url(article)
    data = form_on_page(admin_client_, url)
    data["benefits-1-title"] = ""
    data["references-0-year"] = "not a year"
    data["related_posts-0-url"] = "https://example.com/a"

    def page() -> bytes:
        response = admin_client_.post(url, data) if with_errors else admin_client_.get(url)
        assert response.status_code == 200
        return response.content

    ours = page()
    monkeypatch.setattr(ArticlePartInline, "template", "admin/edit_inline/stacked.html")
    djangos = page()

    assert _inline_groups(ours) == _inline_groups(djangos)
    if with_errors:
        assert b'id="id_references-0-year_error"' in ours


def test_read_only_rows_carry_the_markup_of_djangos_stacked_inline(monkeypatch):
    from supplements_cms.admin.inlines import ArticlePartInline

    reader = signed_in(make_user("reader", staff=True, perms=("view_article",)))
    url = change_url(make_long_article("Rows", benefits=2, references=1))

    ours = reader.get(url)
    monkeypatch.setattr(ArticlePartInline, "template", "admin/edit_inline/stacked.html")
    djangos = reader.get(url)

    assert ours.status_code == djangos.status_code == 200
    assert b'class="readonly"' in ours.content
    assert _inline_groups(ours.content) == _inline_groups(djangos.content)


def test_rows_with_links_are_djangos_stacked_inline(admin_client_, monkeypatch):
    from supplements_cms.admin.inlines import ArticlePartInline, BenefitInline

    url = change_url(make_long_article("Rows", benefits=2, references=1))
    monkeypatch.setattr(BenefitInline, "view_on_site", lambda self, benefit: f"/b/{benefit.pk}/")

    ours = admin_client_.get(url).content
    monkeypatch.setattr(ArticlePartInline, "template", "admin/edit_inline/stacked.html")
    djangos = admin_client_.get(url).content

    assert ours.count(b'href="/b/') == 2
    assert _inline_groups(ours) == _inline_groups(djangos)


def test_the_inline_formsets_of_a_save_share_one_copy_of_the_posted_data(admin_user, rf):
    from django.contrib import admin as django_admin

    from supplements_cms.admin.articles import ArticleAdmin

    article = make_long_article("Rows", benefits=2, references=1)
    model_admin = django_admin.site._registry[type(article)]
    assert isinstance(model_admin, ArticleAdmin)
    request = rf.post(change_url(article), {"title": "Posted", "benefits-TOTAL_FORMS": "2"})
    request.user = admin_user
    inlines = model_admin.get_inline_instances(request, article)

    ours = [model_admin.get_formset_kwargs(request, article, i, "p") for i in inlines]
    djangos = django_admin.ModelAdmin.get_formset_kwargs(
        model_admin, request, article, inlines[0], "p"
    )

    # Django's arguments, but one copy of the data for all the formsets.
    assert ours[0].keys() == djangos.keys()
    assert {k: v for k, v in ours[0].items() if k not in ("data", "queryset")} == {
        k: v for k, v in djangos.items() if k not in ("data", "queryset")
    }
    assert list(ours[0]["queryset"]) == list(djangos["queryset"])
    assert ours[0]["data"] == djangos["data"]
    assert all(kwargs["data"] is ours[0]["data"] for kwargs in ours)
    assert ours[0]["data"] is not request.POST
    assert ours[0]["data"]._mutable


def test_rows_saved_without_the_articles_id_stay_with_the_article(admin_client_):
    article = make_long_article("Rows", benefits=2, references=1)
    other = make_article(title="Another")
    data = form_on_page(admin_client_, change_url(article))
    assert not [key for key in data if key.endswith("-article")]
    data["benefits-0-title"] = "Renamed"
    # A forged id of another article is refused, as Django refuses it.
    response = admin_client_.post(change_url(article), {**data, "benefits-0-article": other.pk})
    assert response.status_code == 200
    response = admin_client_.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    assert "Renamed" in article.benefits.values_list("title", flat=True)
    assert not other.benefits.exists()
