"""The medical review: only a reviewer's sign-off on the text makes the page say "Medically
reviewed", the page and its JSON-LD follow the text after every kind of edit, nothing else sets
or forges a review, and review mail goes out only after the commit."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from reversion.models import Version

from supplements_cms.editorial.actions import ActionRefused, PublishArticle
from supplements_cms.editorial.review import (
    ApproveReview,
    RequestChanges,
    SubmitForReview,
    is_current,
)
from supplements_cms.models import Article, Benefit, Contributor, Reference, ReviewRequest
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_reviewer, make_user, sign_off, signed_in

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/supplements_cms/article/"


@pytest.fixture
def publisher():
    user = make_user("publisher", staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="supplements_cms").exclude(
            codename="review_article"
        )
    )
    user.email = "publisher@example.org"
    user.save()
    return user


@pytest.fixture
def writer():
    user = make_user("writer", staff=True, perms=("add_article", "change_article", "view_article"))
    user.email = "writer@example.org"
    user.save()
    return user


@pytest.fixture
def grace():
    return Contributor.objects.create(name="Grace Hopper", credentials="MD")


@pytest.fixture
def article():
    article = make_article(title="Magnesium and cramps", benefits=2)
    Reference.objects.create(article=article, title="A trial", doi="10.1000/a", position=1)
    return article


def _page(client, article) -> BeautifulSoup:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def review_line(client, article) -> str:
    line = _page(client, article).select_one(".scms-review")
    return " ".join(line.get_text().split()) if line else ""


def medical_page(client, article) -> dict:
    script = _page(client, article).find("script", type="application/ld+json")
    graph = json.loads(script.string)["@graph"]
    return next(node for node in graph if node["@type"] == "MedicalWebPage")


def _save(client, article, **changes):
    data = {**form_on_page(client, change_url(article)), **changes}
    return client.post(change_url(article), data)


# -- the page follows the sign-off ---------------------------------------------------------------


def test_the_page_names_the_reviewer_only_after_a_sign_off(client, article, grace):
    assert review_line(client, article) == ""
    assert "reviewedBy" not in medical_page(client, article)

    sign_off(article, grace)

    assert "Medically reviewed by Grace Hopper, MD" in review_line(client, article)
    page = medical_page(client, article)
    assert page["reviewedBy"]["name"] == "Grace Hopper"
    assert page["lastReviewed"]


def test_an_edit_after_the_review_says_so_and_drops_the_claim(client, publisher, article, grace):
    sign_off(article, grace)
    before = review_line(client, article)
    assert "Medically reviewed by Grace Hopper" in before

    response = _save(signed_in(publisher), article, intro="A new first paragraph.")
    assert response.status_code == 302, errors_of(response)

    after = review_line(client, article)
    assert "Medically reviewed by" not in after
    assert "Updated on" in after
    assert "before this update" in after
    page = medical_page(client, article)
    assert "reviewedBy" not in page
    assert "lastReviewed" not in page


@pytest.mark.parametrize(
    "edit",
    [
        lambda a: Benefit.objects.filter(article=a).update(title="Lowers blood pressure"),
        lambda a: Benefit.objects.create(article=a, title="Cures cramps", position=9),
        lambda a: Reference.objects.filter(article=a).update(doi="10.1000/other"),
        lambda a: Article.objects.filter(pk=a.pk).update(dose_min=5, dose_unit="g"),
        lambda a: Article.objects.filter(pk=a.pk).update(conclusion="Take more."),
    ],
    ids=["benefit text", "new benefit", "reference", "dose", "conclusion"],
)
def test_each_reviewed_part_counts(client, article, grace, edit):
    sign_off(article, grace)
    edit(article)
    article = Article.objects.get(pk=article.pk)
    assert not is_current(article)
    assert article.medical_reviewer is None
    assert article.last_reviewed is None


def test_a_change_outside_the_reviewed_text_keeps_the_review(client, publisher, article, grace):
    sign_off(article, grace)
    response = _save(signed_in(publisher), article, disclaimer="Not for children.")
    assert response.status_code == 302, errors_of(response)
    assert "Medically reviewed by Grace Hopper" in review_line(client, article)


def test_the_cached_page_changes_when_the_sign_off_happens(client, article, grace):
    assert review_line(client, article) == ""  # now in the page cache
    sign_off(article, grace)
    assert "Medically reviewed by Grace Hopper" in review_line(client, article)


def test_putting_the_reviewed_text_back_makes_the_review_current_again(
    client, publisher, article, grace
):
    sign_off(article, grace)
    intro = article.intro
    _save(signed_in(publisher), article, intro="Something else.")
    assert "before this update" in review_line(client, article)
    _save(signed_in(publisher), article, intro=intro)
    assert "Medically reviewed by Grace Hopper" in review_line(client, article)


# -- nothing sets or forges a review -------------------------------------------------------------


def test_the_form_has_no_reviewer_or_date_and_a_forged_post_sets_nothing(publisher, article, grace):
    client = signed_in(publisher)
    data = form_on_page(client, change_url(article))
    assert not {"medical_reviewer", "last_reviewed", "sign_off"} & set(data)
    other = sign_off(make_article(), grace)
    response = client.post(
        change_url(article),
        {
            **data,
            "medical_reviewer": grace.pk,
            "last_reviewed": "2026-03-14",
            "sign_off": other.pk,
            "sign_off_id": other.pk,
        },
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.sign_off_id is None
    assert article.review is None


def test_a_restore_brings_back_text_never_a_sign_off(publisher, article, grace):
    client = signed_in(publisher)
    _save(client, article, intro="First version, never reviewed.")
    version = Version.objects.get_for_object(article).first()
    sign_off(make_article(), grace)  # a sign-off elsewhere, for the forger to reach for
    restore = reverse("admin:supplements_cms_article_revision", args=[article.pk, version.pk])
    response = client.post(restore, form_on_page(client, restore))
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.sign_off_id is None


def test_a_restore_of_older_text_does_not_carry_the_review(client, publisher, article, grace):
    publisher_client = signed_in(publisher)
    _save(publisher_client, article, intro="The first text.")
    older = Version.objects.get_for_object(article).first()
    _save(publisher_client, article, intro="The reviewed text.")
    sign_off(article, grace)
    restore = reverse("admin:supplements_cms_article_revision", args=[article.pk, older.pk])
    publisher_client.post(restore, form_on_page(publisher_client, restore))
    # A published article's restore is its draft changes: the live page keeps its review...
    assert "Medically reviewed by Grace Hopper" in review_line(client, article)
    # ...and publishing the older text ends it.
    response = _save(publisher_client, article)
    assert response.status_code == 302, errors_of(response)
    assert "before this update" in review_line(client, article)


def test_draft_changes_keep_the_live_review_until_they_are_published(
    client, writer, publisher, article, grace
):
    sign_off(article, grace)
    response = _save(signed_in(writer), article, conclusion="Take twice as much.")
    assert response.status_code == 302, errors_of(response)
    assert "Medically reviewed by Grace Hopper" in review_line(client, article)

    response = _save(signed_in(publisher), article)  # "Publish changes"
    assert response.status_code == 302, errors_of(response)
    assert "before this update" in review_line(client, article)


def test_an_import_naming_a_reviewer_is_not_a_review(tmp_path, client):
    operator = make_user(
        "operator", staff=True, perms=("add_article", "change_article", "view_article")
    )
    path = tmp_path / "reviewed.txt"
    path.write_text(
        "Title: Zinc and colds\n\nZinc and colds\n\nMedically reviewed by Dr. Grace Hopper, MD "
        "on March 14, 2026.\n\nZinc is a mineral.\n\nConclusion\n\nThat is all.\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(path), "--user", operator.username, stdout=StringIO())
    imported = Article.objects.get()
    assert imported.sign_off_id is None
    assert not ReviewRequest.objects.exists()
    assert imported.medical_reviewer is None


def test_a_reimport_over_a_reviewed_article_ends_its_review(tmp_path, client, grace):
    operator = make_user(
        "operator",
        staff=True,
        perms=("add_article", "change_article", "view_article", "publish_article"),
    )
    path = tmp_path / "zinc.txt"
    text = "Zinc and colds\n\nZinc is a mineral.\n\nConclusion\n\nThat is all.\n"
    path.write_text(text, encoding="utf-8")
    call_command("import_articles", str(path), "--user", "operator", stdout=StringIO())
    imported = Article.objects.get()
    sign_off(imported, grace)
    path.write_text(text.replace("a mineral", "a cure for colds"), encoding="utf-8")
    call_command("import_articles", str(path), "--user", operator.username, stdout=StringIO())
    imported = Article.objects.get()
    assert imported.sign_off_id is not None
    assert not is_current(imported)


# -- the actions' refusals -----------------------------------------------------------------------


def test_only_a_reviewer_linked_to_a_contributor_approves(writer, article, grace):
    SubmitForReview(article, writer).execute()
    with pytest.raises(ActionRefused, match="Only a medical reviewer"):
        ApproveReview(article, writer).execute()
    unlinked = make_user("unlinked", staff=True, perms=("review_article", "change_article"))
    with pytest.raises(ActionRefused, match="not linked to a contributor"):
        ApproveReview(article, unlinked).execute()
    assert Article.objects.get(pk=article.pk).sign_off_id is None


def test_a_writer_cannot_submit_without_the_change_permission(article):
    viewer = make_user("viewer", staff=True, perms=("view_article",))
    with pytest.raises(ActionRefused):
        SubmitForReview(article, viewer).execute()


def test_nothing_to_approve_without_a_submission(article, grace):
    with pytest.raises(ActionRefused, match="not waiting for review"):
        ApproveReview(article, make_reviewer(grace)).execute()


def test_requesting_changes_needs_a_comment(writer, article, grace):
    SubmitForReview(article, writer).execute()
    reviewer = make_reviewer(grace)
    with pytest.raises(ActionRefused, match="comment is needed"):
        RequestChanges(article, reviewer, comment="  ").execute()
    request = RequestChanges(article, reviewer, comment="Cite the trial.").execute()
    assert request.status == ReviewRequest.Status.CHANGES
    assert Article.objects.get(pk=article.pk).sign_off_id is None


def test_text_changed_after_the_submission_cannot_be_approved(writer, article, grace):
    SubmitForReview(article, writer).execute()
    Article.objects.filter(pk=article.pk).update(intro="Something else now.")
    with pytest.raises(ActionRefused, match="changed since it was submitted"):
        ApproveReview(article, make_reviewer(grace)).execute()


def test_a_reviewer_approves_only_the_text_they_saw(writer, article, grace):
    SubmitForReview(article, writer).execute()
    with pytest.raises(ActionRefused, match="since you opened it"):
        ApproveReview(article, make_reviewer(grace), seen="0" * 64).execute()


def test_each_step_is_in_the_history_with_who(writer, article, grace):
    reviewer = make_reviewer(grace)
    SubmitForReview(article, writer).execute()
    RequestChanges(article, reviewer, comment="Cite the trial.").execute()
    Article.objects.filter(pk=article.pk).update(intro="Now with the trial [ref:1].")
    SubmitForReview(article, writer).execute()
    ApproveReview(article, reviewer).execute()
    entries = LogEntry.objects.filter(object_id=str(article.pk)).order_by("pk")
    assert [(e.user.username, e.change_message) for e in entries] == [
        ("writer", "Submitted for medical review"),
        (reviewer.username, "Requested changes: Cite the trial."),
        ("writer", "Submitted for medical review"),
        (reviewer.username, "Approved the medical review"),
    ]


# -- publishing needs a current review, on every path --------------------------------------------


@pytest.fixture
def required(settings):
    settings.SUPPLEMENTS_CMS = {"REQUIRE_REVIEW_TO_PUBLISH": True}


def test_the_list_action_publishes_only_reviewed_text(required, publisher, grace):
    bare = make_article(published=False, title="Not reviewed")
    ready = make_article(published=False, title="Reviewed")
    sign_off(ready, grace)
    signed_in(publisher).post(
        CHANGELIST, {"action": "publish", "_selected_action": [bare.pk, ready.pk]}
    )
    assert Article.objects.get(pk=bare.pk).status == Article.Status.DRAFT
    assert Article.objects.get(pk=ready.pk).status == Article.Status.PUBLISHED


def test_the_form_publishes_only_reviewed_text(required, publisher, grace):
    article = make_article(published=False)
    client = signed_in(publisher)
    response = _save(client, article, status="published")
    assert response.status_code == 200
    assert "nobody approved this text" in errors_of(response)
    sign_off(article, grace)
    response = _save(client, article, status="published")
    assert response.status_code == 302, errors_of(response)
    # The reviewed text, edited on the way live, is not what was reviewed.
    article.refresh_from_db()
    response = _save(client, article, intro="Changed while publishing.")
    assert response.status_code == 200
    assert "nobody approved this text" in errors_of(response)


def test_the_action_refuses_unreviewed_text_and_the_setting_off_allows_it(settings):
    article = make_article(published=False)
    publisher = make_user("p", staff=True, perms=("publish_article", "change_article"))
    settings.SUPPLEMENTS_CMS = {"REQUIRE_REVIEW_TO_PUBLISH": True}
    with pytest.raises(ActionRefused, match="nobody approved"):
        PublishArticle(article, publisher).execute()
    settings.SUPPLEMENTS_CMS = {"REQUIRE_REVIEW_TO_PUBLISH": False}
    PublishArticle(article, publisher).execute()
    assert Article.objects.get(pk=article.pk).is_published


def test_an_import_with_publish_needs_a_review(required, tmp_path):
    make_user(
        "operator",
        staff=True,
        perms=("add_article", "change_article", "view_article", "publish_article"),
    )
    path = tmp_path / "zinc.txt"
    path.write_text("Zinc\n\nZinc is a mineral.\n\nConclusion\n\nThat is all.\n", encoding="utf-8")
    call_command("import_articles", str(path), "--publish", "--user", "operator", stdout=StringIO())
    assert Article.objects.get().status == Article.Status.DRAFT


# -- mail after the commit -----------------------------------------------------------------------


def test_submitting_mails_reviewers_after_the_commit(
    writer, article, grace, django_capture_on_commit_callbacks
):
    make_reviewer(grace)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        SubmitForReview(article, writer).execute()
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert message.to == [grace.user.email]
    assert message.subject == "Waiting for your review: Magnesium and cramps"


def test_decisions_mail_the_writer(writer, article, grace, django_capture_on_commit_callbacks):
    reviewer = make_reviewer(grace)
    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        RequestChanges(article, reviewer, comment="Cite the trial.").execute()
    (message,) = mail.outbox
    assert message.to == ["writer@example.org"]
    assert "Cite the trial." in message.body


def test_a_user_who_opted_out_gets_no_mail(
    writer, article, grace, django_capture_on_commit_callbacks
):
    from supplements_cms.models import ReviewMailOptOut

    ReviewMailOptOut.objects.create(user=make_reviewer(grace))
    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_no_mail_for_a_rolled_back_review(writer, grace):
    article = make_article()
    make_reviewer(grace)

    def fail_after_the_action():
        with transaction.atomic():
            SubmitForReview(article, writer).execute()
            raise RuntimeError("the request failed after the action")

    with pytest.raises(RuntimeError):
        fail_after_the_action()
    assert mail.outbox == []
    assert not ReviewRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_publishing_mails_the_author_and_the_reviewer(writer, grace):
    article = make_article(published=False, author=writer)
    reviewer = make_reviewer(grace)
    SubmitForReview(article, writer).execute()
    ApproveReview(article, reviewer).execute()
    mail.outbox.clear()
    PublishArticle(article, None).execute()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([writer.email, reviewer.email])


# -- stale reviews --------------------------------------------------------------------------------


def test_stale_reviews_lists_changed_text_and_reminds_once(article, grace):
    import datetime
    from io import StringIO

    old = make_article(title="Old one", slug="old-one")
    sign_off(old, grace, on=datetime.date.today() - datetime.timedelta(days=800))
    sign_off(article, Contributor.objects.create(name="Ada"))
    Article.objects.filter(pk=article.pk).update(intro="Changed.")
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.sign_off.decided_at + datetime.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("stale_reviews", "--remind", stdout=out)
    text = out.getvalue()
    assert "old-one: last reviewed" in text
    assert f"{article.slug}: changed since its review of" in text
    assert "1 reminder sent." in text
    (message,) = mail.outbox
    assert message.subject == "Review due: Old one"
    out = StringIO()
    call_command("stale_reviews", "--remind", stdout=out)
    assert "0 reminders sent." in out.getvalue()


def test_comments_are_bounded(article, grace, monkeypatch):
    from supplements_cms.editorial import review
    from supplements_cms.editorial.review import CommentOnText

    reviewer = make_reviewer(grace)
    with pytest.raises(ActionRefused, match="at most"):
        CommentOnText(article, reviewer, "x" * 4001, field="intro").execute()
    with pytest.raises(ActionRefused, match="part of the text"):
        CommentOnText(article, reviewer, "Fine.", field="slug").execute()
    monkeypatch.setattr(review, "MAX_COMMENTS_PER_ARTICLE", 2)
    CommentOnText(article, reviewer, "One.", field="intro").execute()
    CommentOnText(article, reviewer, "Two.", field="body").execute()
    with pytest.raises(ActionRefused, match="the most it may have"):
        CommentOnText(article, reviewer, "Three.", field="body").execute()


def test_a_mail_server_down_does_not_undo_the_review(
    writer, article, grace, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from supplements_cms.editorial import notify

    def down(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    make_reviewer(grace)
    monkeypatch.setattr(notify, "send_mass_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        request = SubmitForReview(article, writer).execute()
    assert ReviewRequest.objects.filter(pk=request.pk).exists()
    assert "could not be sent" in caplog.text
