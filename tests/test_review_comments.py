"""Review comments as actions on their own: who may comment, answer and resolve; what a comment
records (the field, the passage, the revision it was made on, its author); each refusal word
for word; the bounds."""

from __future__ import annotations

import pytest
import reversion
from django.contrib.admin.models import LogEntry

from supplements_cms.editorial import review
from supplements_cms.editorial.actions import ActionRefused
from supplements_cms.editorial.review import CommentOnText, ResolveComment
from supplements_cms.models import ReviewComment
from tests.factories import make_article, make_reviewer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article(title="Iodine and the thyroid", slug="iodine")
    with reversion.create_revision():
        article.save()
    return article


@pytest.fixture
def reviewer():
    return make_reviewer()


@pytest.fixture
def writer():
    return make_user("writer", staff=True, perms=("change_article", "view_article"))


def _refused(action) -> str:
    with pytest.raises(ActionRefused) as refusal:
        action.execute()
    return str(refusal.value)


def _logged(article) -> list[str]:
    return list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )


def test_a_reviewers_comment_records_the_field_the_passage_the_revision_and_who(article, reviewer):
    revision = review.latest_revision(article)

    comment = CommentOnText(
        article, reviewer, "  Cite a trial here.  ", field="body", quote="  may help  "
    ).execute()

    stored = ReviewComment.objects.get(pk=comment.pk)
    assert (stored.field, stored.quote, stored.text) == ("body", "may help", "Cite a trial here.")
    assert (stored.revision_id, stored.author_id, stored.parent_id) == (
        revision.pk,
        reviewer.pk,
        None,
    )
    assert _logged(article) == ["Commented on the text"]


def test_an_answer_takes_its_field_and_revision_from_the_comment_and_quotes_nothing(
    article, reviewer, writer
):
    comment = CommentOnText(article, reviewer, "Which dose?", field="intro", quote="some").execute()
    with reversion.create_revision():
        article.save()  # a newer revision since the comment

    answer = CommentOnText(
        article, writer, "150 micrograms.", field="body", quote="other", parent=comment
    ).execute()

    stored = ReviewComment.objects.get(pk=answer.pk)
    assert (stored.field, stored.quote, stored.parent_id) == ("intro", "", comment.pk)
    assert (stored.revision_id, stored.author_id) == (comment.revision_id, writer.pk)
    assert _logged(article)[-1] == "Answered a review comment"


def test_an_operators_comment_and_resolution_name_no_one(article):
    # A command acts as the operator (no user): allowed, and recorded under no one.
    comment = CommentOnText(article, None, "Checked by the import.", field="body").execute()
    ResolveComment(article, None, comment).execute()

    stored = ReviewComment.objects.get(pk=comment.pk)
    assert (stored.author_id, stored.resolved_by_id) == (None, None)
    assert stored.resolved_at is not None


def test_who_may_comment_and_answer(article, reviewer, writer):
    outsider = make_user("outsider", staff=True, perms=("view_article",))
    comment = CommentOnText(article, reviewer, "Source?", field="body").execute()

    assert _refused(CommentOnText(article, writer, "Fine.", field="body")) == (
        "Only a medical reviewer can comment on the text."
    )
    assert _refused(CommentOnText(article, outsider, "Me too.", parent=comment)) == (
        "You may not answer comments on this article."
    )
    # A reviewer answers too.
    assert CommentOnText(article, reviewer, "Still missing.", parent=comment).execute().pk


def test_a_comment_is_refused_for_what_it_lacks_or_exceeds(article, reviewer, monkeypatch):
    other = make_article(title="Other", slug="other")
    theirs = CommentOnText(other, reviewer, "Elsewhere.", field="body").execute()

    assert _refused(CommentOnText(article, reviewer, "Here.", parent=theirs)) == (
        "This comment belongs to another article."
    )
    assert _refused(CommentOnText(article, reviewer, "Slug?", field="slug")) == (
        "Choose the part of the text the comment is about."
    )
    assert _refused(CommentOnText(article, reviewer, "   ", field="body")) == (
        "Write the comment first."
    )
    too_long = "A comment has at most 4000 characters, a quoted passage 500."
    assert _refused(CommentOnText(article, reviewer, "x" * 4001, field="body")) == too_long
    assert _refused(CommentOnText(article, reviewer, "ok", field="body", quote="q" * 501)) == (
        too_long
    )
    # At the limits exactly: accepted.
    assert CommentOnText(article, reviewer, "x" * 4000, field="body", quote="q" * 500).execute()
    # Rows and references are parts a comment may be about.
    for field in ("benefits", "references", "dose_min"):
        assert CommentOnText(article, reviewer, "Check.", field=field).execute().field == field

    monkeypatch.setattr(review, "MAX_COMMENTS_PER_ARTICLE", 5)
    assert ReviewComment.objects.filter(article=article).count() == 4
    CommentOnText(article, reviewer, "The fifth.", field="body").execute()
    assert _refused(CommentOnText(article, reviewer, "The sixth.", field="body")) == (
        "This article has 5 review comments, the most it may have."
    )
    # Another article's comments do not count.
    assert CommentOnText(other, reviewer, "Fine there.", field="body").execute().pk


def test_a_comment_is_resolved_by_its_reviewer_or_a_writer_and_says_who(article, reviewer, writer):
    comment = CommentOnText(article, reviewer, "Source?", field="body").execute()

    resolved = ResolveComment(article, writer, comment).execute()

    stored = ReviewComment.objects.get(pk=comment.pk)
    assert stored.resolved_at is not None
    assert stored.resolved_by_id == writer.pk == resolved.resolved_by_id
    assert _logged(article)[-1] == "Resolved a review comment"


def test_resolving_is_refused_to_others_and_for_answers_or_other_articles(
    article, reviewer, writer
):
    outsider = make_user("outsider", staff=True, perms=("view_article",))
    other = make_article(title="Other", slug="other")
    comment = CommentOnText(article, reviewer, "Source?", field="body").execute()
    answer = CommentOnText(article, writer, "Added.", parent=comment).execute()
    theirs = CommentOnText(other, reviewer, "There.", field="body").execute()

    assert _refused(ResolveComment(article, outsider, comment)) == (
        "You may not resolve comments on this article."
    )
    assert _refused(ResolveComment(article, reviewer, answer)) == (
        "This comment cannot be resolved here."
    )
    assert _refused(ResolveComment(article, reviewer, theirs)) == (
        "This comment cannot be resolved here."
    )
    assert not ReviewComment.objects.filter(resolved_at__isnull=False).exists()
