"""The rendered article page: its parts in the seeds' order, and what each shows."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from supplements_cms.models import Benefit, RelatedPost
from tests.factories import make_article, make_cta, make_supplement
from tests.layout import ARTICLE_PARTS, assert_parts_in_order

pytestmark = pytest.mark.django_db


def page(client, article) -> BeautifulSoup:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def full_article():
    supplement = make_supplement("Magnesium glycinate")
    article = make_article(
        title="Magnesium glycinate and fibromyalgia",
        seo_title="Magnesium glycinate for fibromyalgia: what the studies say",
        summary="What magnesium glycinate is, and how people with fibromyalgia use it.",
        intro="An opening paragraph.",
        body="## What is magnesium glycinate?\n\nA chelate.\n\n## Ways it may help\n\nSeveral:",
        additional_benefits_heading="Other reasons people take it",
        additional_benefits_intro="Beyond muscles:",
        dose_min=Decimal("200"),
        dose_max=Decimal("400"),
        dose_unit="mg",
        dose_frequency="per day",
        dosage_note="Split the amount between meals.",
        conclusion="A closing paragraph.",
        conditions=["Fibromyalgia"],
        supplement=supplement,
        benefits=3,
        additional=2,
    )
    make_cta(
        "Default",
        is_default=True,
        heading="Talk to a clinician",
        button_label="Find one",
        button_url="/clinicians/",
    )
    make_article(title="A neighbour", conditions=["Fibromyalgia"])
    return article


def test_parts_appear_in_the_seeds_order(client, full_article):
    assert_parts_in_order(page(client, full_article))


def test_titles_head_and_headings(client, full_article):
    soup = page(client, full_article)
    assert soup.title.string == "Magnesium glycinate for fibromyalgia: what the studies say"
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Magnesium glycinate and fibromyalgia"]
    description = soup.find("meta", attrs={"name": "description"})
    assert description["content"] == full_article.summary
    assert soup.find("meta", attrs={"name": "robots"}) is None
    headings = [h.get_text(strip=True) for h in soup.select("article h2")]
    assert headings == [
        "On this page",
        "What is magnesium glycinate?",
        "Ways it may help",
        "Other reasons people take it",
        "How to take Magnesium glycinate",
        "Conclusion",
    ]


def test_main_benefits_are_a_numbered_list_with_bold_titles(client, full_article):
    items = page(client, full_article).select("ol.scms-benefits > li")
    assert [li.strong.get_text() for li in items] == ["Benefit 1:", "Benefit 2:", "Benefit 3:"]
    assert items[0].get_text(" ", strip=True) == "Benefit 1: How benefit 1 works."


def test_benefits_follow_their_position_not_their_creation_order(client):
    article = make_article()
    Benefit.objects.create(article=article, title="Second", position=2)
    Benefit.objects.create(article=article, title="First", position=1)
    items = page(client, article).select("ol.scms-benefits > li strong")
    assert [s.get_text() for s in items] == ["First:", "Second:"]


def test_additional_benefits_are_a_bullet_list_under_their_heading(client, full_article):
    section = page(client, full_article).select_one(".scms-additional-benefits")
    assert section.h2.get_text() == "Other reasons people take it"
    assert section.p.get_text() == "Beyond muscles:"
    assert [li.strong.get_text() for li in section.select("ul > li")] == ["Extra 1:", "Extra 2:"]


def test_dosage_is_written_as_a_sentence_with_its_note(client, full_article):
    section = page(client, full_article).select_one(".scms-dosage")
    assert section.select_one(".scms-dosage__amount").get_text() == (
        "Typical amount: 200 to 400 mg per day."
    )
    assert "Split the amount between meals." in section.get_text()


def test_parts_without_content_are_left_out(client):
    soup = page(client, make_article(intro="", body="", conclusion="", title="Bare article"))
    # Everything between the title and "Scroll to top" except the (empty) body's wrapper.
    optional = [p for p in ARTICLE_PARTS[1:-1] if p != ".scms-article__body"]
    assert len(optional) == 7
    for selector in optional:
        assert soup.select_one(selector) is None, selector
    assert soup.select_one("a.scms-scroll-top__link")["href"] == "#top"


def test_scroll_to_top_points_at_a_real_element_and_needs_no_script(client, full_article):
    soup = page(client, full_article)
    link = soup.select_one("a.scms-scroll-top__link")
    assert link.get_text() == "Scroll to top"
    assert link["href"] == "#top"
    assert soup.find(id="top") is not None
    # The only script element is data for search engines, which browsers do not run.
    assert [s["type"] for s in soup.find_all("script")] == ["application/ld+json"]


def test_conditions_and_supplement_link_to_their_pages(client, full_article):
    meta = page(client, full_article).select_one(".scms-article__meta")
    links = {a.get_text(): a["href"] for a in meta.find_all("a")}
    assert links == {
        "Fibromyalgia": "/articles/conditions/fibromyalgia/",
        "Magnesium glycinate": "/articles/supplements/magnesium-glycinate/",
    }


# Call to action: own, else aimed at a condition, else default, else none.


def cta_heading(client, article) -> str | None:
    box = page(client, article).select_one("aside.scms-cta")
    return box.h2.get_text() if box else None


@pytest.mark.parametrize(
    ("own", "aimed", "default", "expected"),
    [
        (True, True, True, "Own"),
        (False, True, True, "Aimed"),
        (False, False, True, "Default"),
        (False, False, False, None),
    ],
)
def test_cta_choice(client, own, aimed, default, expected):
    article = make_article(conditions=["Muscle cramps"])
    if own:
        article.call_to_action = make_cta("Own", heading="Own")
        article.save()
    if aimed:
        make_cta("Aimed", heading="Aimed", conditions=["muscle cramps"])
        make_cta("Elsewhere", heading="Elsewhere", conditions=["Migraine"])
    if default:
        make_cta("Default", heading="Default", is_default=True)
    assert cta_heading(client, article) == expected


def test_inactive_ctas_are_skipped(client):
    article = make_article(conditions=["Muscle cramps"])
    article.call_to_action = make_cta("Own", heading="Own", is_active=False)
    article.save()
    make_cta("Aimed", heading="Aimed", conditions=["Muscle cramps"], is_active=False)
    make_cta("Default", heading="Default", is_default=True)
    assert cta_heading(client, article) == "Default"


def test_cta_box_has_its_button(client, full_article):
    box = page(client, full_article).select_one("aside.scms-cta")
    button = box.select_one("a.scms-cta__button")
    assert (button.get_text(), button["href"]) == ("Find one", "/clinicians/")


# Related posts


def related(client, article) -> list[tuple[str, str]]:
    nav = page(client, article).select_one("nav.scms-related")
    if nav is None:
        return []
    return [
        (li.a.get_text(), (li.select_one(".scms-related__conditions") or li).get_text())
        for li in nav.select("li")
    ]


def test_related_posts_editor_picks_first_then_ranked(client, settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 5}
    magnesium = make_supplement("Magnesium glycinate")
    article = make_article(conditions=["Fibromyalgia", "Insomnia"], supplement=magnesium)
    picked = make_article(title="Picked", conditions=["Migraine"], days_ago=50)
    both = make_article(title="Shares two", conditions=["Fibromyalgia", "Insomnia"], days_ago=30)
    one_old = make_article(title="Shares one, older", conditions=["Insomnia"], days_ago=20)
    one_new = make_article(
        title="Shares one, newer", conditions=["Fibromyalgia"], days_ago=10, supplement=magnesium
    )
    make_article(title="Same supplement only", supplement=magnesium, days_ago=5)
    make_article(title="Unrelated", conditions=["Migraine"], days_ago=1)
    RelatedPost.objects.create(article=article, target=picked, position=1)
    RelatedPost.objects.create(
        article=article, url="https://ods.od.nih.gov/", title="NIH fact sheet", position=2
    )
    titles = [title for title, _conditions in related(client, article)]
    assert titles == ["Picked", "NIH fact sheet", both.title, one_new.title, one_old.title]


def test_related_posts_show_each_articles_conditions(client):
    article = make_article(conditions=["Fibromyalgia"])
    make_article(title="Neighbour", conditions=["Fibromyalgia", "Anxiety"])
    assert related(client, article) == [("Neighbour", "(Anxiety, Fibromyalgia)")]


def test_picked_drafts_and_scheduled_articles_are_never_shown(client):
    from datetime import timedelta

    from django.utils import timezone

    article = make_article(conditions=["Fibromyalgia"])
    draft = make_article(title="Draft", published=False, conditions=["Fibromyalgia"])
    later = make_article(
        title="Later", conditions=["Fibromyalgia"], published_at=timezone.now() + timedelta(days=1)
    )
    RelatedPost.objects.create(article=article, target=draft)
    RelatedPost.objects.create(article=article, target=later)
    assert related(client, article) == []


def test_related_posts_limit_counts_the_editors_picks(client, settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 2}
    article = make_article(conditions=["Fibromyalgia"])
    for i in range(3):
        make_article(title=f"Neighbour {i}", conditions=["Fibromyalgia"], days_ago=i + 1)
    picked = make_article(title="Picked")
    RelatedPost.objects.create(article=article, target=picked)
    assert [t for t, _c in related(client, article)] == ["Picked", "Neighbour 0"]


def test_related_posts_can_be_switched_off(client, settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POSTS": 0}
    article = make_article(conditions=["Fibromyalgia"])
    make_article(conditions=["Fibromyalgia"])
    assert related(client, article) == []


def test_automatic_related_posts_come_from_each_topics_newest_articles(
    client, monkeypatch, settings
):
    # A ranking looks at the newest articles of each condition, so its cost does not grow with
    # the site; an old article outside that window is not chosen even if it shares more.
    from supplements_cms.delivery import related
    from supplements_cms.delivery.caching import content_changed

    article = make_article(title="Main", conditions=["Cramps", "Sleep"], days_ago=1)
    make_article(title="Old, shares both", conditions=["Cramps", "Sleep"], days_ago=90)
    make_article(title="Newer cramps", conditions=["Cramps"], days_ago=3)
    make_article(title="Newest cramps", conditions=["Cramps"], days_ago=2)
    make_article(title="Newer sleep", conditions=["Sleep"], days_ago=4)
    make_article(title="Newest sleep", conditions=["Sleep"], days_ago=3)
    monkeypatch.setattr(related, "CANDIDATES_PER_TOPIC", 2)
    content_changed()  # rank everything again, with the smaller window

    titles = [a.get_text() for a in page(client, article).select(".scms-related__item a")]

    assert set(titles) == {"Newer cramps", "Newest cramps", "Newer sleep", "Newest sleep"}

    monkeypatch.setattr(related, "CANDIDATES_PER_TOPIC", 100)
    article.conditions.set(["Sleep", "Cramps"])  # the same: nothing to re-rank, nothing changes
    assert {a.get_text() for a in page(client, article).select(".scms-related__item a")} == set(
        titles
    )
    article.conditions.remove("Sleep")
    article.conditions.add("Sleep")  # the article's own save-time ranking, with the wider window
    titles = [a.get_text() for a in page(client, article).select(".scms-related__item a")]
    assert titles[0] == "Old, shares both"


def test_a_drafts_header_starts_with_what_it_has_not_a_separator(admin_client):
    draft = make_article(title="Undated", published=False, conditions=["Cramps"])
    soup = BeautifulSoup(admin_client.get(draft.get_absolute_url()).content, "html.parser")
    meta = soup.select_one(".scms-article__meta")
    assert meta.find("time") is None
    # The separators are drawn between the facts that are there (CSS), never typed before them.
    assert not meta.get_text(" ", strip=True).startswith("·")
    assert "·" not in meta.get_text()
