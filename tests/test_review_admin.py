"""The medical review in the admin: the index's "Waiting for review" panel, the form's review
panel and comments beside the fields, the list's column and filters."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from supplements_cms.models import Article, Contributor, ReviewComment, ReviewRequest
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_reviewer, make_user, sign_off, signed_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/"
CHANGELIST = "/admin/supplements_cms/article/"


def review_url(article) -> str:
    return f"/admin/supplements_cms/article/{article.pk}/review/"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def messages_of(response) -> str:
    return " | ".join(
        li.get_text(" ", strip=True) for li in soup(response).select(".messagelist li")
    )


@pytest.fixture
def writer():
    return make_user("writer", staff=True, perms=("add_article", "change_article", "view_article"))


@pytest.fixture
def grace():
    return Contributor.objects.create(name="Grace Hopper", credentials="MD")


@pytest.fixture
def reviewer(grace):
    return make_reviewer(grace, username="grace")


@pytest.fixture
def publisher():
    user = make_user("publisher", staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="supplements_cms"))
    return user


def seen_digest(client, article) -> str:
    page = soup(client.get(change_url(article)))
    return page.select_one('input[name="seen"]')["value"]


def test_the_whole_flow_through_the_admin(writer, reviewer, publisher, grace, client):
    article = make_article(published=False, title="Zinc and busy weeks", benefits=1)
    writer_client, reviewer_client = signed_in(writer), signed_in(reviewer)

    # The writer submits; the reviewer's index lists the article; the writer's has no panel.
    response = writer_client.post(review_url(article), {"step": "submit"}, follow=True)
    assert "Submitted for review" in messages_of(response)
    panel = soup(reviewer_client.get(INDEX)).select_one("#scms-waiting")
    assert "Zinc and busy weeks" in panel.get_text()
    assert soup(writer_client.get(INDEX)).select_one("#scms-waiting") is None

    # The reviewer comments on the introduction, quoting it, and asks for changes.
    reviewer_client.post(
        review_url(article),
        {"step": "comment", "field": "intro", "quote": "Introduction", "comment": "Cite a trial."},
    )
    response = reviewer_client.post(
        review_url(article),
        {"step": "changes", "decision": "", "seen": seen_digest(reviewer_client, article)},
        follow=True,
    )
    assert "comment is needed" in messages_of(response)
    response = reviewer_client.post(
        review_url(article),
        {
            "step": "changes",
            "decision": "See my comment.",
            "seen": seen_digest(reviewer_client, article),
        },
        follow=True,
    )
    assert "Changes requested" in messages_of(response)

    # The writer sees the comment beside the text fields, answers it and changes the text.
    form = soup(writer_client.get(change_url(article)))
    comment = form.select_one(".scms-form-part--commented .scms-comment")
    assert "Cite a trial." in comment.get_text()
    assert comment.find_previous("fieldset").select_one('[name="intro"]') is not None
    assert "Changes requested by grace" in form.select_one("#scms-review").get_text()
    pk = ReviewComment.objects.get().pk
    writer_client.post(review_url(article), {"step": f"answer:{pk}", f"answer-{pk}": "Done."})
    data = {
        **form_on_page(writer_client, change_url(article)),
        "intro": "A trial found steadier afternoons.",
    }
    response = writer_client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    writer_client.post(review_url(article), {"step": "submit"})

    # The reviewer resolves the comment and approves what they read.
    reviewer_client.post(review_url(article), {"step": f"resolve:{pk}"})
    response = reviewer_client.post(
        review_url(article),
        {"step": "approve", "seen": seen_digest(reviewer_client, article)},
        follow=True,
    )
    assert "Approved" in messages_of(response)
    assert ReviewComment.objects.get(pk=pk).resolved_at is not None
    assert ReviewComment.objects.get(parent_id=pk).text == "Done."

    # The publisher publishes; the page names the reviewer.
    publisher_client = signed_in(publisher)
    data = {**form_on_page(publisher_client, change_url(article)), "status": "published"}
    response = publisher_client.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    page = soup(client.get(Article.objects.get(pk=article.pk).get_absolute_url()))
    assert "Medically reviewed by Grace Hopper, MD" in page.select_one(".scms-review").get_text()


def test_a_writer_cannot_approve_through_a_forged_post(writer, grace):
    article = make_article()
    make_reviewer(grace)
    client = signed_in(writer)
    client.post(review_url(article), {"step": "submit"})
    response = client.post(review_url(article), {"step": "approve"}, follow=True)
    assert "Only a medical reviewer" in messages_of(response)
    assert Article.objects.get(pk=article.pk).sign_off_id is None


def test_only_reviewers_get_the_decision_buttons(writer, reviewer):
    article = make_article()
    signed_in(writer).post(review_url(article), {"step": "submit"})
    writer_form = soup(signed_in(writer).get(change_url(article)))
    assert writer_form.select_one('button[value="approve"]') is None
    reviewer_form = soup(signed_in(reviewer).get(change_url(article)))
    assert reviewer_form.select_one('button[value="approve"]') is not None
    assert reviewer_form.select_one('textarea[name="decision"]')["form"] == "scms-review-form"


def test_an_unknown_step_is_a_bad_request(reviewer):
    article = make_article()
    assert signed_in(reviewer).post(review_url(article), {"step": "publish"}).status_code == 400


def test_a_review_of_draft_changes_covers_the_draft(
    writer, reviewer, publisher, client, grace, settings
):
    # Publishing the changes needs their review: the form judges the draft's text as approved.
    settings.SUPPLEMENTS_CMS = {"REQUIRE_REVIEW_TO_PUBLISH": True}
    article = make_article(benefits=1)
    sign_off(article, Contributor.objects.create(name="Ada Lovelace"))
    writer_client = signed_in(writer)
    data = {**form_on_page(writer_client, change_url(article)), "conclusion": "A new ending."}
    assert writer_client.post(change_url(article), data).status_code == 302  # draft changes
    writer_client.post(review_url(article), {"step": "submit"})
    request = ReviewRequest.objects.get(status=ReviewRequest.Status.WAITING)
    assert request.draft_edit_number == 1

    reviewer_client = signed_in(reviewer)
    response = reviewer_client.post(
        review_url(article),
        {"step": "approve", "seen": seen_digest(reviewer_client, article)},
        follow=True,
    )
    assert "Approved" in messages_of(response)
    publisher_client = signed_in(publisher)
    response = publisher_client.post(
        change_url(article), form_on_page(publisher_client, change_url(article))
    )
    assert response.status_code == 302, errors_of(response)
    page = soup(client.get(article.get_absolute_url()))
    assert "A new ending." in page.get_text()
    assert "Medically reviewed by Grace Hopper" in page.select_one(".scms-review").get_text()


def test_the_list_marks_and_filters_changed_and_waiting_articles(reviewer, writer, grace):
    changed = make_article(title="Changed one")
    sign_off(changed, Contributor.objects.create(name="Ada"))
    changed.intro = "Edited after the review."
    changed.save()
    current = make_article(title="Current one")
    sign_off(current, Contributor.objects.create(name="Bo"))
    waiting = make_article(title="Waiting one")
    signed_in(writer).post(review_url(waiting), {"step": "submit"})

    client = signed_in(reviewer)
    rows = {
        row.select_one("th").get_text(strip=True): row.select_one(".field-review_label").get_text()
        for row in soup(client.get(CHANGELIST)).select("#result_list tbody tr")
    }
    assert rows["Changed one"] == "Changed since review"
    assert rows["Current one"].startswith("Reviewed on ")
    assert rows["Waiting one"] == "Not reviewed · waiting for review"

    def titles(query: str) -> set[str]:
        page = soup(client.get(CHANGELIST + query))
        return {th.get_text(strip=True) for th in page.select("#result_list tbody th")}

    assert titles("?review=changed") == {"Changed one"}
    assert titles("?review=waiting") == {"Waiting one"}


def test_a_user_turns_review_mail_off_and_on(writer, reviewer, django_capture_on_commit_callbacks):
    from django.core import mail

    article = make_article()
    client = signed_in(reviewer)
    client.post(review_url(article), {"step": "mail:off"})
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(writer).post(review_url(article), {"step": "submit"})
    assert mail.outbox == []
    form = soup(client.get(change_url(article)))
    assert form.select_one('button[value="mail:on"]') is not None
    client.post(review_url(article), {"step": "mail:on"})
    ReviewRequest.objects.update(status=ReviewRequest.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(writer).post(review_url(article), {"step": "submit"})
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_only_administrators_link_a_contributor_to_an_account(grace, admin_user):
    editor = make_user("cms-editor", staff=True, perms=("change_contributor", "view_contributor"))
    url = f"/admin/supplements_cms/contributor/{grace.pk}/change/"
    assert soup(signed_in(editor).get(url)).select_one('[name="user"]') is None
    signed_in(editor).post(url, {"name": grace.name, "credentials": "MD", "user": editor.pk})
    assert Contributor.objects.get(pk=grace.pk).user_id is None
    assert soup(signed_in(admin_user).get(url)).select_one('[name="user"]') is not None


def test_a_writer_asks_one_reviewer_and_only_they_see_and_get_it(
    writer, reviewer, django_capture_on_commit_callbacks
):
    from django.core import mail

    other = make_reviewer(Contributor.objects.create(name="Ada Lovelace"), username="ada")
    article = make_article(title="Asked of Grace")
    form = soup(signed_in(writer).get(change_url(article)))
    choices = [o.get_text() for o in form.select("select[name=assignee] option")]
    assert choices == ["Any reviewer", "Ada Lovelace", "Grace Hopper, MD"]
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(writer).post(review_url(article), {"step": "submit", "assignee": reviewer.pk})
    assert [m.to for m in mail.outbox] == [[reviewer.email]]

    def waiting(user) -> set[str]:
        page = soup(signed_in(user).get(CHANGELIST + "?review=waiting"))
        return {th.get_text(strip=True) for th in page.select("#result_list tbody th")}

    assert waiting(reviewer) == {"Asked of Grace"}
    assert waiting(other) == set()
    assert soup(signed_in(other).get(INDEX)).select_one("#scms-waiting tr") is None


def test_only_a_reviewer_can_be_asked(writer):
    article = make_article()
    response = signed_in(writer).post(
        review_url(article), {"step": "submit", "assignee": writer.pk}, follow=True
    )
    assert "cannot review articles" in messages_of(response)
    assert not ReviewRequest.objects.exists()
