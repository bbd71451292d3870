"""A reviewer's decision called on its own: who may decide, on what (the text submitted, the
text the reviewer saw), each refusal word for word, and what the decision records."""

from __future__ import annotations

import pytest

from supplements_cms.editorial.actions import ActionRefused
from supplements_cms.editorial.review import ApproveReview, RequestChanges, SubmitForReview
from supplements_cms.models import Article, ReviewRequest
from tests.factories import make_article, make_reviewer, make_user

pytestmark = pytest.mark.django_db

CHANGED = (
    "The text changed since it was submitted or since you opened it: reload the page and read "
    "it again; the writer submits the new text."
)


@pytest.fixture
def article():
    return make_article(title="Vitamin D in winter", slug="vitamin-d", published=False)


@pytest.fixture
def reviewer():
    return make_reviewer()


@pytest.fixture
def submitted(article):
    return SubmitForReview(article, make_user("w", staff=True, perms=("change_article",))).execute()


def _refused(action) -> str:
    with pytest.raises(ActionRefused) as refusal:
        action.execute()
    return str(refusal.value)


def test_only_a_reviewer_decides(article, submitted):
    writer = make_user("writer", staff=True, perms=("change_article", "view_article"))
    for decision in (ApproveReview, RequestChanges):
        assert _refused(decision(article, writer, comment="Fine.")) == (
            "Only a medical reviewer can review articles."
        )
    assert ReviewRequest.objects.get(pk=submitted.pk).status == ReviewRequest.Status.WAITING


def test_a_decisions_comment_is_bounded(article, reviewer, submitted):
    assert _refused(RequestChanges(article, reviewer, comment="x" * 4001)) == (
        "A comment has at most 4000 characters."
    )
    decided = RequestChanges(article, reviewer, comment="  " + "x" * 4000 + "  ").execute()
    assert decided.comment == "x" * 4000


def test_nothing_to_decide_without_a_waiting_request(article, reviewer):
    assert _refused(ApproveReview(article, reviewer)) == "This article is not waiting for review."


def test_a_decision_is_on_the_text_submitted_and_the_text_seen(article, reviewer, submitted):
    # The reviewer's form showed other text than the one waiting.
    assert _refused(ApproveReview(article, reviewer, seen="another digest")) == CHANGED
    # The text the decision is about (as posted) differs from the text submitted.
    edited = Article.objects.get(pk=article.pk)
    edited.intro = "A different introduction."
    assert _refused(ApproveReview(article, reviewer, text=edited)) == CHANGED
    # The text saved since the submission changed.
    Article.objects.filter(pk=article.pk).update(intro="Saved after the submission.")
    assert _refused(ApproveReview(article, reviewer, seen=submitted.digest)) == CHANGED


def test_a_decision_on_the_text_seen_records_who_when_and_why(article, reviewer, submitted):
    same = Article.objects.get(pk=article.pk)

    decided = RequestChanges(
        article, reviewer, comment="  Name the dose.  ", seen=submitted.digest, text=same
    ).execute()

    stored = ReviewRequest.objects.get(pk=submitted.pk)
    assert stored.pk == decided.pk
    assert stored.status == ReviewRequest.Status.CHANGES
    assert (stored.decided_by_id, stored.comment) == (reviewer.pk, "Name the dose.")
    assert stored.decided_at is not None
