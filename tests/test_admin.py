"""Editing in the admin: the form, its inlines, conditions, actions and lists."""

import pytest
from bs4 import BeautifulSoup

from supplements_cms.models import Article, CallToAction, Condition, Supplement
from tests.admin_forms import ADD_URL, errors_of, form_data
from tests.factories import make_article, make_cta, make_supplement

pytestmark = pytest.mark.django_db


def test_change_form_renders_markdown_editors_and_fieldsets(admin_client_):
    soup = BeautifulSoup(admin_client_.get(ADD_URL).content, "html.parser")
    editors = {t["name"] for t in soup.select("textarea.markdownx-editor")}
    assert {"intro", "body", "conclusion", "dosage_note", "additional_benefits_intro"} <= editors
    assert soup.select_one(".markdownx-preview") is not None
    assert soup.select_one("select[name=conditions]") is not None
    assert soup.select_one("textarea[name=new_conditions]") is not None
    assert soup.find(id="benefits-group")
    assert soup.find(id="related_posts-group")
    legends = [h.get_text(strip=True) for h in soup.select("fieldset h2, fieldset legend")]
    assert "How to take" in " ".join(legends)


def test_saving_an_article_with_its_inlines(admin_client_):
    existing = Condition.objects.create(name="Muscle cramps")
    supplement = make_supplement("Magnesium bisglycinate")
    data = form_data(
        conditions=[str(existing.pk)],
        new_conditions="muscle CRAMPS, Long COVID\nRestless legs",
        supplement=str(supplement.pk),
    )
    response = admin_client_.post(ADD_URL, data)
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert article.slug == "magnesium-bisglycinate-and-cramps"
    assert article.intro_html == "<p>Cramps are <em>common</em>.</p>"
    assert article.dosage == "200 to 400 mg per day"
    assert article.supplement == supplement
    assert sorted(c.name for c in article.conditions.all()) == [
        "Long COVID",
        "Muscle cramps",
        "Restless legs",
    ]
    assert Condition.objects.count() == 3
    assert [b.title for b in article.main_benefits] == ["Muscle relaxation", "Electrolyte balance"]
    assert [b.title for b in article.additional_benefits] == ["Bone health"]
    assert article.benefits.first().description_html == "Helps muscles <em>let go</em>."
    assert [(r.title, r.url) for r in article.related_posts.all()] == [
        ("NIH: magnesium", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/")
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"dose_min": "400", "dose_max": "200"}, "must not be below the lower end"),
        ({"dose_min": "-1"}, "greater than or equal to 0.001"),
        ({"dose_unit": ""}, "Choose the unit of the dose"),
        ({"related_posts-0-url": "javascript:alert(1)"}, "Enter a full http"),
        ({"related_posts-0-title": ""}, "An external link needs a title"),
        ({"new_conditions": "!!!"}, "needs letters or digits"),
        ({"slug": "conditions"}, "used by the site’s own pages"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(admin_client_, overrides, message):
    response = admin_client_.post(ADD_URL, form_data(**overrides))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert Article.objects.count() == 0
    assert Condition.objects.count() == 0
    # What the editor typed is still in the form.
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("textarea[name=intro]").get_text().strip() == "Cramps are *common*."


def test_editing_keeps_conditions_and_shows_them_selected(admin_client_):
    article = make_article(conditions=["Fibromyalgia", "Migraine"])
    url = f"/admin/supplements_cms/article/{article.pk}/change/"
    soup = BeautifulSoup(admin_client_.get(url).content, "html.parser")
    selected = [o.get_text() for o in soup.select("select[name=conditions] option[selected]")]
    assert sorted(selected) == ["Fibromyalgia", "Migraine"]


def test_long_summary_saves_with_a_warning(admin_client_):
    response = admin_client_.post(ADD_URL, form_data(summary="x" * 161), follow=True)
    assert Article.objects.count() == 1
    assert "longer than 160 characters" in response.content.decode()


def test_publish_and_unpublish_actions(admin_client_):
    drafts = [make_article(published=False) for _ in range(2)]
    url = "/admin/supplements_cms/article/"
    ids = [str(a.pk) for a in drafts]
    response = admin_client_.post(url, {"action": "publish", "_selected_action": ids}, follow=True)
    assert "2 articles published." in response.content.decode()
    assert Article.objects.published().count() == 2
    admin_client_.post(url, {"action": "unpublish", "_selected_action": ids[:1]})
    assert Article.objects.published().count() == 1


def test_changelist_filters_and_search(admin_client_):
    make_article(title="About cramps", conditions=["Muscle cramps"])
    make_article(title="About sleep", conditions=["Insomnia"], published=False)
    url = "/admin/supplements_cms/article/"
    page = admin_client_.get(url, {"condition": "muscle-cramps"}).content.decode()
    assert "About cramps" in page
    assert "About sleep" not in page
    page = admin_client_.get(url, {"status__exact": "draft"}).content.decode()
    assert "About sleep" in page
    assert "About cramps" not in page
    page = admin_client_.get(url, {"q": "sleep"}).content.decode()
    assert "About sleep" in page
    assert "About cramps" not in page


def test_view_on_site_link(admin_client_):
    article = make_article()
    page = admin_client_.get(f"/admin/supplements_cms/article/{article.pk}/change/")
    assert "View on site" in page.content.decode()


def test_second_default_cta_is_a_form_error(admin_client_):
    make_cta("First", is_default=True)
    response = admin_client_.post(
        "/admin/supplements_cms/calltoaction/add/",
        {
            "label": "Second",
            "heading": "h",
            "text": "",
            "button_label": "",
            "button_url": "",
            "is_default": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "already the site default" in errors_of(response)
    assert CallToAction.objects.count() == 1


def test_a_call_to_action_is_aimed_at_conditions_in_its_form(admin_client_):
    cramps, sleep = Condition.objects.resolve(["Muscle cramps", "Insomnia"])
    data = {"label": "Aimed", "heading": "h", "text": "", "button_label": "", "button_url": ""}
    response = admin_client_.post(
        "/admin/supplements_cms/calltoaction/add/", {**data, "conditions": [cramps.pk, sleep.pk]}
    )
    assert response.status_code == 302, errors_of(response)
    cta = CallToAction.objects.get()
    assert set(cta.conditions.all()) == {cramps, sleep}
    change = f"/admin/supplements_cms/calltoaction/{cta.pk}/change/"
    form = BeautifulSoup(admin_client_.get(change).content, "html.parser")
    chosen = form.select("select[name=conditions] option[selected]")
    assert {int(o["value"]) for o in chosen} == {cramps.pk, sleep.pk}
    admin_client_.post(change, {**data, "conditions": [sleep.pk]})
    assert list(cta.conditions.all()) == [sleep]


def test_duplicate_condition_spelling_is_a_form_error(admin_client_):
    Condition.objects.create(name="Fibromyalgia")
    response = admin_client_.post(
        "/admin/supplements_cms/condition/add/", {"name": " FIBROMYALGIA ", "description": ""}
    )
    assert "existing condition “Fibromyalgia”" in errors_of(response)
    assert Condition.objects.count() == 1


@pytest.mark.parametrize("model", ["article", "calltoaction", "condition", "supplement"])
def test_every_admin_page_renders(admin_client_, model):
    make_article(conditions=["Fibromyalgia"], supplement=make_supplement())
    make_cta("Default", is_default=True, conditions=["Fibromyalgia"])
    assert admin_client_.get(f"/admin/supplements_cms/{model}/").status_code == 200
    assert admin_client_.get(f"/admin/supplements_cms/{model}/add/").status_code == 200


def test_citing_a_missing_reference_is_a_form_error(admin_client_):
    response = admin_client_.post(ADD_URL, form_data(body="A third study [ref:3] and [ref:1]."))

    assert response.status_code == 200
    assert "The text cites [ref:3], but there is no such reference below." in errors_of(response)
    assert Article.objects.count() == 0
    in_a_benefit = form_data(**{"benefits-0-description": "See [ref:2]."})
    assert "[ref:2]" in errors_of(admin_client_.post(ADD_URL, in_a_benefit))


def test_a_deleted_benefit_is_not_checked_for_citations(admin_client_):
    data = form_data(**{"benefits-0-description": "See [ref:2].", "benefits-0-DELETE": "on"})
    response = admin_client_.post(ADD_URL, data)
    assert response.status_code == 302, errors_of(response)


def test_claim_warnings_after_saving(admin_client_):
    response = admin_client_.post(ADD_URL, form_data(intro="It cures cramps."), follow=True)

    assert "1 sentence reads as a health claim" in response.content.decode()
    article = Article.objects.get()
    change = admin_client_.get(f"/admin/supplements_cms/article/{article.pk}/change/")
    warning = BeautifulSoup(change.content, "html.parser").select_one(".scms-claim-warning")
    assert " ".join(warning.get_text().split()) == (
        "Introduction “cures” (g)(2)(i) claims to cure, which only a drug may claim: "
        "It cures cramps."
    )


def test_amounts_show_without_padding_zeros_in_the_readers_format(admin_client_):
    from decimal import Decimal

    supplement = Supplement.objects.create(
        name="Magnesium", upper_limit=Decimal("350"), upper_limit_unit="mg"
    )
    article = make_article(dose_min=Decimal("200"), dose_max=Decimal("1500.25"), dose_unit="mg")

    listing = BeautifulSoup(
        admin_client_.get("/admin/supplements_cms/supplement/").content, "html.parser"
    )
    assert listing.select_one("td.field-upper_limit_shown").get_text() == "350 mg"
    form = BeautifulSoup(
        admin_client_.get(f"/admin/supplements_cms/supplement/{supplement.pk}/change/").content,
        "html.parser",
    )
    assert form.select_one("input[name=upper_limit]")["value"] == "350"
    article_form = BeautifulSoup(
        admin_client_.get(f"/admin/supplements_cms/article/{article.pk}/change/").content,
        "html.parser",
    )
    assert article_form.select_one("input[name=dose_min]")["value"] == "200"
    assert article_form.select_one("input[name=dose_max]")["value"] == "1500.25"
    supplement.upper_limit = Decimal("2.5")
    supplement.save()
    german = admin_client_.get("/admin/supplements_cms/supplement/", HTTP_ACCEPT_LANGUAGE="de")
    cell = BeautifulSoup(german.content, "html.parser").select_one("td.field-upper_limit_shown")
    assert cell.get_text() == "2,5 mg"


def test_taggit_tags_are_not_in_the_admin(admin_client_):
    index = admin_client_.get("/admin/").content.decode()

    assert "/admin/taggit/" not in index
    assert admin_client_.get("/admin/taggit/tag/").status_code == 404
    assert "/admin/supplements_cms/condition/" in index
