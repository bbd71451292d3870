"""Review mail: who gets each mail (reviewers as the permission defines them, never an inactive
user, a user without an address or one who opted out) and what each says (its kind, who acted,
the comment, where to act), read from the write database after the commit."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail

from supplements_cms.editorial import notify
from supplements_cms.editorial.review import ApproveReview, RequestChanges, SubmitForReview
from supplements_cms.models import ReviewRequest
from tests.factories import make_article, make_reviewer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    user = make_user("writer", staff=True, perms=("add_article", "change_article", "view_article"))
    user.first_name, user.last_name, user.email = "Wren", "Writer", "writer@example.org"
    user.save()
    return user


@pytest.fixture
def article():
    return make_article(title="Zinc and sleep", slug="zinc-and-sleep", published=False)


def _staff(name: str, *, email: bool = True, **fields):
    user = make_user(name, staff=True)
    user.email = f"{name}@example.org" if email else ""
    for field, value in fields.items():
        setattr(user, field, value)
    user.save()
    return user


def _review_permission() -> Permission:
    return Permission.objects.get(
        codename="review_article", content_type__app_label="supplements_cms"
    )


def _submitted_to(article, writer, django_capture_on_commit_callbacks) -> list[str]:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_mails_every_reviewer_the_permission_names_and_nobody_else(
    writer, article, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer()
    boss = _staff("boss", is_superuser=True)
    by_group = _staff("grouped")
    group = by_group.groups.create(name="Reviewers")
    group.permissions.add(_review_permission())
    # Not reviewers: a staff user with another permission of the package; one with a
    # permission of the same name from another application; an inactive reviewer; a reviewer
    # who is not staff; a reviewer without an address.
    _staff("editor").user_permissions.add(Permission.objects.get(codename="publish_article"))
    other_app = Permission.objects.create(
        codename="review_article",
        name="Review another app's articles",
        content_type=ContentType.objects.get_for_model(Permission),
    )
    _staff("elsewhere").user_permissions.add(other_app)
    for name, fields in (
        ("retired", {"is_active": False}),
        ("outside", {"is_staff": False}),
        ("silent", {}),
    ):
        user = _staff(name, email=name != "silent", **fields)
        user.user_permissions.add(_review_permission())

    to = _submitted_to(article, writer, django_capture_on_commit_callbacks)

    assert to == sorted([reviewer.email, boss.email, by_group.email])


def test_a_reviewer_who_submits_is_not_mailed_about_their_own_submission(
    article, django_capture_on_commit_callbacks
):
    one, other = make_reviewer(username="one"), make_reviewer(username="two")
    assert _submitted_to(article, one, django_capture_on_commit_callbacks) == [other.email]


def test_each_mail_says_what_happened_who_did_it_and_where_to_act(
    writer, article, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer()  # for Grace Hopper, MD
    where = f"/admin/supplements_cms/article/{article.pk}/change/"

    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    (submitted,) = mail.outbox
    assert submitted.subject == "Waiting for your review: Zinc and sleep"
    assert "Wren Writer submitted “Zinc and sleep” for a medical review." in submitted.body
    assert f"Read it and approve it or ask for changes: {where}" in submitted.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        RequestChanges(article, reviewer, comment="Name the dose per day.").execute()
    (changes,) = mail.outbox
    assert changes.to == [writer.email]
    assert changes.subject == "Changes requested: Zinc and sleep"
    assert "The reviewer asks for changes to “Zinc and sleep”:" in changes.body
    assert "Name the dose per day." in changes.body
    assert f"Change the text and submit it again: {where}" in changes.body

    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ApproveReview(article, reviewer).execute()
    (approved,) = mail.outbox
    assert approved.to == [writer.email]
    assert approved.subject == "Review approved: Zinc and sleep"
    assert "Grace Hopper, MD approved the text of “Zinc and sleep”." in approved.body
    assert where in approved.body


def test_a_decision_is_not_mailed_to_a_writer_without_an_address_or_no_longer_active(
    writer, article, django_capture_on_commit_callbacks
):
    reviewer = make_reviewer()
    for change in ({"email": ""}, {"email": "writer@example.org", "is_active": False}):
        with django_capture_on_commit_callbacks(execute=True):
            SubmitForReview(article, writer).execute()
        for field, value in change.items():
            setattr(writer, field, value)
        writer.save()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            RequestChanges(article, reviewer, comment="Shorter, please.").execute()
        assert mail.outbox == []


def test_a_reminder_names_the_date_of_the_review_and_where_to_read(article):
    from django.template.defaultfilters import date

    from tests.factories import sign_off

    request = sign_off(article)
    mail.outbox.clear()

    assert notify.remind(request) is True

    (message,) = mail.outbox
    assert message.to == [request.decided_by.email]
    assert message.subject == "Review due: Zinc and sleep"
    day = date(request.decided_at, "DATE_FORMAT")
    assert f"You reviewed “Zinc and sleep” on {day}." in message.body
    assert f"/admin/supplements_cms/article/{article.pk}/change/" in message.body


def test_without_the_admin_the_mail_has_no_address_to_act_at(
    writer, article, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import NoReverseMatch

    def no_admin(*args, **kwargs):
        raise NoReverseMatch("no admin on this site")

    make_reviewer()
    monkeypatch.setattr(notify, "reverse", no_admin)
    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    (message,) = mail.outbox
    assert "Read it and approve it" not in message.body
    assert message.body.strip() == "Wren Writer submitted “Zinc and sleep” for a medical review."


def test_each_mail_reads_its_request_in_one_query_with_what_it_names(
    writer, article, django_assert_num_queries
):
    reviewer = make_reviewer()
    asked = SubmitForReview(article, writer, assignee=reviewer).execute()
    mail.outbox.clear()
    # The request with its article, writer and assignee; the assignee's opt-out.
    with django_assert_num_queries(2):
        notify.submitted(asked.pk)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]

    # An approval's mail names the reviewer.
    decided = ApproveReview(article, reviewer).execute()
    mail.outbox.clear()
    # The request with its article, writer and reviewer; the writer's opt-out.
    with django_assert_num_queries(2):
        notify.decided(decided.pk)
    assert [m.to for m in mail.outbox] == [[writer.email]]
    assert "Grace Hopper, MD approved" in mail.outbox[0].body


def test_a_mail_that_fails_is_logged_with_its_kind_and_request(
    writer, article, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    make_reviewer()
    monkeypatch.setattr(notify, "send_mass_mail", down)
    with (
        caplog.at_level(logging.ERROR, logger="supplements_cms.editorial.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request = SubmitForReview(article, writer).execute()
    assert ReviewRequest.objects.filter(pk=request.pk).exists()
    assert [r.getMessage() for r in caplog.records] == [
        f"Review mail submitted for {request.pk} could not be sent"
    ]
