"""Claim warnings where editors meet them: the live check while typing, the warnings at the top
of the form, and a publisher's recorded acceptance before an article with claims goes live."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from supplements_cms.editorial.actions import AcceptClaimWarnings, ActionRefused
from supplements_cms.editorial.rules import unaccepted_claims
from supplements_cms.models import Article, ClaimAcceptance
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_article_editor, make_user, signed_in

pytestmark = pytest.mark.django_db

CHECK_URL = "/admin/supplements_cms/article/claims/check/"
CLAIMS_URL = "/admin/supplements_cms/article/claims/"
CLAIM = "Magnesium cures arthritis in a week."


def _user(name: str, *, publish: bool):
    user = make_article_editor(name, publish=publish)
    return user


@pytest.fixture
def publisher():
    return signed_in(_user("publisher", publish=True))


@pytest.fixture
def writer():
    return signed_in(_user("writer", publish=False))


def test_the_live_check_answers_staff_who_edit_articles(writer):
    response = writer.post(CHECK_URL, {"text": CLAIM, "field": "intro"})
    assert response.status_code == 200
    (warning,) = response.json()["warnings"]
    assert warning["phrase"]
    assert warning["criterion"].startswith("(g)(2)")
    assert warning["field"] == "intro"
    quiet = writer.post(CHECK_URL, {"text": "Magnesium supports normal muscle function."})
    assert quiet.json()["warnings"] == []


def test_the_live_check_uses_the_articles_conditions_and_the_benefits_title(writer):
    plain = writer.post(CHECK_URL, {"text": "It can help alleviate these symptoms.", "field": "x"})
    in_context = writer.post(
        CHECK_URL,
        {
            "text": "It can help alleviate these symptoms.",
            "field": "benefits-0-description",
            "conditions": "Fibromyalgia",
            "heading": "Pain Relief",
        },
    )
    assert len(in_context.json()["warnings"]) > len(plain.json()["warnings"])


def test_the_live_check_is_closed_to_others_and_bounded(client):
    assert client.post(CHECK_URL, {"text": CLAIM}).status_code == 302  # to the login page
    reader = signed_in(make_user("reader", staff=True))
    assert reader.post(CHECK_URL, {"text": CLAIM}).status_code == 403
    editor = signed_in(_user("editor", publish=False))
    assert editor.get(CHECK_URL).status_code == 405
    too_long = editor.post(CHECK_URL, {"text": "a " * 250_001})  # past CLAIM_CHECK_MAX_CHARS
    (stopped,) = too_long.json()["warnings"]
    assert "not checked past 500,000 characters" in stopped["reason"]
    strict = signed_in(_user("strict", publish=False), enforce_csrf_checks=True)
    assert strict.post(CHECK_URL, {"text": CLAIM}).status_code == 403


def test_saved_warnings_are_at_the_top_of_the_form_linked_to_their_field(publisher):
    article = make_article(title="Magnesium", intro=CLAIM, published=False)
    soup = BeautifulSoup(publisher.get(change_url(article)).content, "html.parser")
    top = soup.select_one(".scms-claims-top")
    link = top.select_one("a[href='#id_intro']")
    assert link is not None
    assert soup.select_one("#id_intro") is not None
    assert "arthritis" in top.get_text()


def test_a_writer_cannot_publish_claims_nor_accept_them(writer):
    article = make_article(title="Magnesium", intro=CLAIM, published=False)
    data = form_on_page(writer, change_url(article))
    response = writer.post(change_url(article), {**data, "status": "review", "accept_claims": "on"})
    assert response.status_code == 302, errors_of(response)
    assert not ClaimAcceptance.objects.exists()


def test_a_publisher_publishes_claims_only_by_accepting_them_and_it_is_recorded(publisher):
    article = make_article(title="Magnesium", intro=CLAIM, published=False)
    data = form_on_page(publisher, change_url(article))
    refused = publisher.post(change_url(article), {**data, "status": "published"})
    assert refused.status_code == 200
    assert "disease claim" in errors_of(refused)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    data = form_on_page(publisher, change_url(article))
    accepted = publisher.post(
        change_url(article), {**data, "status": "published", "accept_claims": "on"}
    )
    assert accepted.status_code == 302, errors_of(accepted)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    (acceptance,) = ClaimAcceptance.objects.filter(article=article)
    assert acceptance.accepted_by.username == "publisher"
    assert acceptance.accepted_at is not None

    # Saving again with the same sentence needs nothing new.
    data = form_on_page(publisher, change_url(article))
    again = publisher.post(change_url(article), {**data, "conclusion": "Still here."})
    assert again.status_code == 302, errors_of(again)

    # A new claim written later needs a new acceptance.
    data = form_on_page(publisher, change_url(article))
    new_claim = publisher.post(
        change_url(article), {**data, "conclusion": "It also prevents migraine attacks."}
    )
    assert new_claim.status_code == 200
    assert "disease claim" in errors_of(new_claim)


def test_a_claim_a_writer_adds_to_a_live_article_waits_for_a_publisher(writer, publisher):
    article = make_article(title="Magnesium", intro="Magnesium is a mineral.")
    data = form_on_page(writer, change_url(article))
    response = writer.post(change_url(article), {**data, "intro": CLAIM})
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro == "Magnesium is a mineral."

    # The publisher opens the form on the draft; publishing it needs the acceptance.
    data = form_on_page(publisher, change_url(article))
    assert data["intro"].strip() == CLAIM
    refused = publisher.post(change_url(article), {**data, "_publish_draft": "1"})
    assert refused.status_code == 200
    assert "disease claim" in errors_of(refused)
    accepted = publisher.post(
        change_url(article), {**data, "_publish_draft": "1", "accept_claims": "on"}
    )
    assert accepted.status_code == 302, errors_of(accepted)
    article.refresh_from_db()
    assert article.intro == CLAIM


def test_the_check_page_lists_the_acceptances(publisher):
    article = make_article(title="Magnesium", intro=CLAIM, published=False)
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "status": "published", "accept_claims": "on"})
    soup = BeautifulSoup(publisher.get(change_url(article)).content, "html.parser")
    assert soup.select(".scms-claims-top__item--accepted")
    assert reverse("admin:supplements_cms_article_claim_check") == CHECK_URL


def test_the_publish_action_leaves_articles_with_unaccepted_claims_as_drafts(publisher):
    claims = make_article(title="Claims", intro=CLAIM, published=False)
    response = publisher.post(
        "/admin/supplements_cms/article/",
        {"action": "publish", "_selected_action": [claims.pk]},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("Claims" in t and "disease claim" in t for t in texts), texts
    claims.refresh_from_db()
    assert claims.status == Article.Status.DRAFT


def test_an_acceptance_on_one_article_does_not_publish_the_same_sentence_on_another(publisher):
    first = make_article(title="Magnesium", intro=CLAIM, published=False)
    data = form_on_page(publisher, change_url(first))
    accepted = publisher.post(
        change_url(first), {**data, "status": "published", "accept_claims": "on"}
    )
    assert accepted.status_code == 302, errors_of(accepted)

    second = make_article(title="Magnesium again", intro=CLAIM, published=False)
    data = form_on_page(publisher, change_url(second))
    refused = publisher.post(change_url(second), {**data, "status": "published"})
    assert refused.status_code == 200
    assert "disease claim" in errors_of(refused)
    second.refresh_from_db()
    assert second.status == Article.Status.DRAFT


def test_a_publisher_accepts_a_warning_on_the_claim_page_and_it_is_recorded(publisher):
    article = make_article(title="Magnesium", intro=CLAIM, published=False)
    [warning] = unaccepted_claims(article)
    response = publisher.post(CLAIMS_URL, {"article": article.pk, "key": warning.key}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Accepted for “Magnesium”: “{warning.phrase}”."
    ]
    assert unaccepted_claims(article) == []
    (acceptance,) = ClaimAcceptance.objects.filter(article=article)
    assert (acceptance.key, acceptance.phrase) == (warning.key, warning.phrase)
    assert acceptance.accepted_by.username == "publisher"
    (entry,) = LogEntry.objects.filter(object_id=str(article.pk))
    assert (entry.user.username, entry.action_flag) == ("publisher", CHANGE)
    assert entry.change_message == f"Accepted claim warnings: “{warning.phrase}”"


def test_accepting_claim_warnings_is_a_publishers_decision_and_names_each_sentence():
    article = make_article(
        title="Magnesium",
        intro=CLAIM,
        conclusion="It also prevents migraine attacks.",
        published=False,
    )
    warnings = unaccepted_claims(article)
    assert len(warnings) == 2
    writer = _user("writer", publish=False)
    with pytest.raises(ActionRefused) as refused:
        AcceptClaimWarnings(article, writer, warnings).execute()
    assert str(refused.value) == "Only a publisher can accept claim warnings."
    assert not ClaimAcceptance.objects.exists()
    assert not LogEntry.objects.exists()

    AcceptClaimWarnings(article, _user("publisher", publish=True), warnings).execute()
    assert unaccepted_claims(article) == []
    (entry,) = LogEntry.objects.filter(object_id=str(article.pk))
    assert entry.change_message == (
        "Accepted claim warnings: “cures arthritis”, “prevents migraine attacks”"
    )
