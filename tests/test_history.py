"""History that a reader trusts: every article has one, diffs name only what changed, values
show as entered."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from supplements_cms.models import Benefit
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_cta, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(client):
    user = make_user(
        "publisher",
        staff=True,
        perms=("add_article", "change_article", "view_article", "publish_article"),
    )
    client.force_login(user)
    return client


def _history(client, article):
    return client.get(reverse("admin:supplements_cms_article_history", args=[article.pk]))


def _save(client, article, **changes):
    data = {**form_on_page(client, change_url(article)), **changes}
    response = client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()


def _compare(client, article):
    newer, older = list(Version.objects.get_for_object(article))[:2]
    response = client.get(
        reverse("admin:supplements_cms_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        row.th.get_text(strip=True): row.select_one(".scms-compare__diff")
        for row in soup.select(".scms-compare__row")
    }


def test_history_of_an_article_without_revisions_is_a_page_not_an_error(publisher):
    article = make_article(title="Made by a script")
    response = _history(publisher, article)
    assert response.status_code == 200
    assert "No revisions yet" in response.content.decode()


def test_history_of_a_non_number_is_a_404(publisher):
    url = "/admin/supplements_cms/article/abc/history/"
    assert publisher.get(url).status_code == 404


def test_the_first_revision_shows_as_created_and_the_breadcrumb_names_the_list(publisher):
    article = make_article(title="First save", published=False)
    _save(publisher, article, intro="Now with a revision.")
    soup = BeautifulSoup(_history(publisher, article).content, "html.parser")
    (row,) = soup.select("#change-history tbody tr")
    assert "Created" in row.get_text()
    # Django 5.2 separates the crumbs with an angle quote, Django 6 lists them: read the links.
    crumbs = [a.get_text(strip=True) for a in soup.select(".breadcrumbs a")]
    assert crumbs[-2:] == ["Articles", "First save"]
    assert all(crumbs)


def test_a_diff_shows_only_the_paragraph_that_changed(publisher):
    body = "\n\n".join(f"Paragraph {n} says something of its own." for n in range(1, 6))
    article = make_article(title="Long body", body=body, published=False)
    _save(publisher, article, intro="Unchanged after this.")
    _save(publisher, article, body=body.replace("Paragraph 3 says", "Paragraph 3 now says"))
    diffs = _compare(publisher, article)
    assert list(diffs) == ["Body"]
    changed = diffs["Body"]
    assert [p.get_text() for p in changed.select("p:not(.scms-diff__same)")] == [
        "Paragraph 3 now says something of its own."
    ]
    assert changed.find("ins").get_text() == "now "
    assert "Paragraph 1" not in changed.get_text()


def test_the_change_summary_names_only_what_changed(publisher):
    article = make_article(title="Summary", intro="One.", body="Two.\n\nThree.", published=False)
    data = form_on_page(publisher, change_url(article))
    # As a browser sends a textarea: lines end in CRLF.
    data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
    response = publisher.post(change_url(article), {**data, "intro": "One, changed."})
    assert response.status_code == 302, errors_of(response)
    entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert entry.get_change_message() == "Changed Introduction."


def test_numbers_times_and_pointers_show_as_entered(publisher):
    article = make_article(title="Dose", dose_min=Decimal("200"), dose_unit="mg", published=False)
    _save(publisher, article, intro="First revision.")
    cta = make_cta("Shop box")
    _save(
        publisher,
        article,
        dose_min="250",
        call_to_action=str(cta.pk),
        status="published",
        published_at_0="2026-03-04",
        published_at_1="09:30:15",
        new_conditions="Cramps",
        **{
            "benefits-TOTAL_FORMS": "1",
            "benefits-0-title": "Calm",
            "benefits-0-kind": "main",
            "benefits-0-description": "A new row.",
        },
    )
    diffs = _compare(publisher, article)
    assert diffs["Dose (from)"].get_text() == "200250"
    assert diffs["Dose (from)"].find("del").get_text() == "200"
    assert diffs["Call to action"].find("ins").get_text() == "Shop box"
    published = diffs["Publication time"].get_text()
    assert "9:30" in published
    assert ":15" not in published
    assert "Cramps" in diffs["Conditions"].get_text()
    assert "Calm: A new row." in diffs["Benefits"].get_text()
    assert Benefit.objects.filter(article=article).count() == 1


def test_a_diff_too_large_to_match_word_by_word_shows_the_paragraphs_whole():
    from supplements_cms.editorial.revisions import MAX_DIFF_PAIRS, word_diff

    words = int(MAX_DIFF_PAIRS**0.5) + 10
    before = "word " * words
    after = "word " * (words - 1) + "other"
    html = str(word_diff(before, after))
    # Whole paragraphs instead of a quadratic word match: one removal and one addition.
    assert html.count("<del>") == 1
    assert html.count("<ins>") == 1
    assert "other</ins>" in html
    # Below the bound the same change is shown word by word.
    small = str(word_diff("word " * 20, "word " * 19 + "other"))
    assert small.count("<ins>") == 1
    assert "<ins>other</ins>" in small
