"""With Django's replica router and a replica that lags (tests/routers.py), every read that
decides a write goes to the write database: derived data stays exact, checks see the truth."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from supplements_cms.delivery import upkeep
from supplements_cms.editorial import actions
from supplements_cms.models import (
    Article,
    ArticleCondition,
    Condition,
    DraftChange,
    ListSize,
    RelatedChoice,
    SlugRedirect,
)
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture
def lagging_replica(settings):
    """Call it once the test's data is in: from then on, reads go to the stale replica."""

    def start(*users):
        for user in users:
            user.get_all_permissions()  # as a signed-in user's, read before the request
        settings.SCMS_TEST_READ_REPLICA = True
        assert not Article.objects.exists()  # the router is on: the replica has nothing

    return start


def _user(name: str, *perms: str):
    return make_user(name, staff=True, perms=perms)


def test_publishing_keeps_derived_data_exact(lagging_replica):
    first = make_article(title="First", conditions=["Cramps"], published=False)
    second = make_article(title="Second", conditions=["Cramps"])
    boss = _user("boss", "change_article", "publish_article")
    lagging_replica(boss)
    actions.PublishArticle(first, boss).execute()
    db = Article.objects.using("default")
    assert db.get(pk=first.pk).status == "published"
    links = ArticleCondition.objects.using("default").filter(content_object_id=first.pk)
    assert list(links.values_list("is_published", flat=True)) == [True]
    sizes = dict(ListSize.objects.using("default").values_list("name", "published"))
    assert sizes["all"] == 2
    # Each is the other's related choice, ranked from the write database.
    choices = RelatedChoice.objects.using("default")
    assert list(choices.filter(article=second).values_list("related_id", flat=True)) == [first.pk]
    assert list(choices.filter(article=first).values_list("related_id", flat=True)) == [second.pk]


def test_unpublishing_and_deleting_keep_the_lists_exact(lagging_replica):
    one = make_article(title="One", conditions=["Sleep"])
    two = make_article(title="Two", conditions=["Sleep"])
    boss = _user("boss", "delete_article", "publish_article")
    lagging_replica(boss)
    actions.UnpublishArticle(one, boss).execute()
    actions.DeleteArticle(two, boss).execute()
    sizes = dict(ListSize.objects.using("default").values_list("name", "published"))
    assert sizes.get("all", 0) == 0
    assert not RelatedChoice.objects.using("default").exists()


def test_a_rename_redirects_from_the_address_in_the_write_database(lagging_replica):
    article = make_article(title="Old name", slug="old-name")
    lagging_replica()
    article.slug = "new-name"
    article.save()
    redirect = SlugRedirect.objects.using("default").get()
    assert (redirect.old_slug, redirect.article_id) == ("old-name", article.pk)
    assert Article.objects.using("default").get(pk=article.pk).edit_number == 2


def test_a_new_slug_is_unique_in_the_write_database(lagging_replica):
    make_article(title="Same title")
    lagging_replica()
    second = make_article(title="Same title", slug="")
    assert second.slug == "same-title-2"


def test_the_publish_check_reads_claim_acceptances_and_state_from_the_write_database(
    lagging_replica,
):
    draft = make_article(title="Incomplete", intro="", published=False)
    live = make_article(title="Live")
    boss = _user("boss", "change_article", "publish_article")
    lagging_replica(boss)
    with pytest.raises(actions.ActionRefused, match="introduction"):
        actions.PublishArticle(draft, boss).execute()
    with pytest.raises(actions.ActionRefused, match="published already"):
        actions.PublishArticle(live, boss).execute()


def test_a_draft_conflict_is_judged_on_the_write_database(lagging_replica):
    live = make_article(title="Live with a draft")
    DraftChange.objects.create(article=live, data={"intro": ["x"]}, edit_number=3)
    writer = _user("writer", "change_article")
    lagging_replica(writer)
    with pytest.raises(actions.ActionRefused, match="newer draft"):
        actions.DiscardDraftChanges(live, writer, seen=2).execute()
    assert actions.DiscardDraftChanges(live, writer, seen=3).execute() is True


def test_a_second_draft_save_continues_the_draft_in_the_write_database(lagging_replica):
    from django import forms
    from django.http import QueryDict

    class IntroForm(forms.Form):
        intro = forms.CharField()
        draft_edit_number = forms.IntegerField(required=False)

    live = make_article(title="Live", intro="Published.")
    writer = _user("writer", "change_article")
    lagging_replica(writer)
    for seen, text in (("", "First draft."), ("1", "Second draft.")):
        data = QueryDict(mutable=True)
        data.update({"intro": text, "draft_edit_number": seen})
        form = IntroForm(data, initial={"intro": "Published."})
        assert form.is_valid()
        actions.SaveDraftChanges(live, writer, form, []).execute()
    (draft,) = DraftChange.objects.using("default").filter(article=live)
    assert (draft.edit_number, draft.data["intro"]) == (2, ["Second draft."])
    assert draft.changed_fields == ["intro"]


def test_a_failed_save_leaves_nothing_behind_for_the_next(lagging_replica, monkeypatch):
    make_article(title="Taken", slug="taken")
    article = make_article(title="A", slug="mine")
    lagging_replica()
    seen = []
    real = upkeep.changed

    def spy(pk, before, *args, **kwargs):
        seen.append(before.title if before else None)
        return real(pk, before, *args, **kwargs)

    monkeypatch.setattr(upkeep, "changed", spy)
    article.slug = "taken"
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()  # refused by the database: no post_save
    # Another process renames it meanwhile.
    Article.objects.using("default").filter(pk=article.pk).update(title="C")
    fresh = Article.objects.using("default").get(pk=article.pk)
    fresh.title = "A"
    fresh.save()
    # This save is judged against what was stored (C), not the failed save's leftovers (A).
    assert seen == ["C"]


def test_claim_acceptances_are_read_from_the_write_database(lagging_replica):
    from supplements_cms.content.claims import check_article
    from supplements_cms.editorial.rules import accept_claims

    draft = make_article(title="Accepted", intro="Magnesium cures arthritis.", published=False)
    boss = _user("boss", "change_article", "publish_article")
    accept_claims(boss, draft, check_article(draft))
    lagging_replica(boss)
    # The replica has no acceptance yet; the write database has, and decides.
    actions.PublishArticle(draft, boss).execute()
    assert Article.objects.using("default").get(pk=draft.pk).status == "published"


def test_a_rename_finds_the_pages_linking_to_it_and_renders_its_own_on_the_write_database(
    lagging_replica, django_capture_on_commit_callbacks
):
    from supplements_cms.content.article_links import reference_url
    from supplements_cms.delivery import fragments, versions
    from supplements_cms.models import CacheVersion, RenderedFragment

    target = make_article(title="Target")
    linking = make_article(title="Linking", body=f"[It]({reference_url(target.pk)})")
    RenderedFragment.objects.create(
        slot="s", article=target, page=versions.article(target.slug), host="testserver",
        language="en", time_zone="UTC", digest="old",
    )  # fmt: skip
    page = versions.article(linking.slug)
    counters = CacheVersion.objects.using("default")
    before = counters.filter(name=page).values_list("version", flat=True).first() or 0
    lagging_replica()
    with django_capture_on_commit_callbacks(execute=True):
        target.slug = "target-renamed"
        target.save()
    # The page linking to it went stale: its links were read where the save wrote them.
    assert counters.get(name=page).version > before
    # Rendering on write saw the live article (not the replica's nothing) and kept its page.
    assert fragments.render_article(target.pk) == 1
    (row,) = RenderedFragment.objects.using("default").filter(article=target)
    assert row.page == versions.article("target-renamed")


def test_a_copy_and_a_bulk_edit_read_the_article_from_the_write_database(lagging_replica):
    source = make_article(title="Source", conditions=["Cramps"], benefits=1)
    boss = _user("boss", "add_article", "change_article", "view_article", "publish_article")
    writer = _user("writer", "change_article")
    lagging_replica(boss, writer)
    copy = actions.DuplicateArticle(source, boss).execute()
    assert copy.title == "Source (copy)"
    db = Article.objects.using("default")
    links = ArticleCondition.objects.using("default").filter(content_object_id=copy.pk)
    assert [link.tag.name for link in links.select_related("tag")] == ["Cramps"]
    assert db.get(pk=copy.pk).benefits.using("default").count() == 1
    sleep = Condition.objects.using("default").create(name="Sleep")
    changes = actions.TopicChanges(conditions=("add", [sleep]), author=(boss,))
    assert actions.EditArticleTopics(source, boss, changes, source.edit_number).execute() == "live"
    assert db.get(pk=source.pk).author_id == boss.pk
    links = ArticleCondition.objects.using("default").filter(content_object_id=source.pk)
    assert sorted(link.tag.name for link in links.select_related("tag")) == ["Cramps", "Sleep"]
    # A writer's change to the live article goes into its draft, from the stored conditions.
    removing = actions.TopicChanges(conditions=("remove", [sleep]))
    assert actions.EditArticleTopics(source, writer, removing, None).execute() == "draft"
    draft = DraftChange.objects.using("default").get(article_id=source.pk)
    cramps = links.get(tag__name="Cramps").tag_id
    assert draft.data["conditions"] == [str(cramps)]


def test_a_bulk_edit_reads_the_draft_and_its_conditions_from_the_write_database(lagging_replica):
    live = make_article(title="Live", conditions=["Cramps"])
    fatigue = Condition.objects.create(name="Fatigue")
    sleep = Condition.objects.create(name="Sleep")
    data = {"conditions": [str(fatigue.pk)], "author": [""]}
    DraftChange.objects.create(article=live, data=data, changed_fields=["conditions", "author"])
    boss = _user("boss", "change_article", "publish_article")
    writer = _user("writer", "change_article")
    lagging_replica(boss, writer)
    adding = actions.TopicChanges(conditions=("add", [sleep]))
    assert actions.EditArticleTopics(live, writer, adding, None).execute() == "draft"
    draft = DraftChange.objects.using("default").get(article_id=live.pk)
    assert draft.data["conditions"] == [str(fatigue.pk), str(sleep.pk)]
    # A publisher's change of the author goes live, and the draft that changes it follows.
    author = actions.TopicChanges(author=(boss,))
    assert actions.EditArticleTopics(live, boss, author, None).execute() == "live"
    draft.refresh_from_db(using="default")
    assert draft.data["author"] == [str(boss.pk)]
    assert draft.edit_number == 3


def test_a_copy_of_a_resized_image_reads_the_copy_from_the_write_database(lagging_replica):
    source = make_article(title="Resized")
    renditions = [{"width": 480, "height": 320, "jpeg": "a.jpg", "webp": "a.webp"}]
    Article.objects.filter(pk=source.pk).update(
        image="uploads/featured/a.jpg",
        image_width=640,
        image_height=480,
        image_renditions=renditions,
    )
    boss = _user("boss", "add_article", "view_article")
    lagging_replica(boss)
    copy = actions.DuplicateArticle(source, boss).execute()
    assert (copy.image.name, copy.image_renditions) == ("uploads/featured/a.jpg", renditions)
    stored = Article.objects.using("default").get(pk=copy.pk)
    assert (stored.image.name, stored.image_renditions) == ("uploads/featured/a.jpg", renditions)


def test_review_mail_reads_the_request_and_its_readers_from_the_write_database(
    lagging_replica, django_capture_on_commit_callbacks
):
    from django.core import mail

    from supplements_cms.editorial.review import ApproveReview, RequestChanges, SubmitForReview
    from supplements_cms.models import ReviewMailOptOut
    from tests.factories import make_reviewer

    writer = _user("writer", "change_article", "view_article")
    article = make_article(title="Iron and fatigue", published=False, author=writer)
    boss = _user("boss", "change_article", "publish_article")
    writer.email = "writer@example.org"
    writer.save()
    reviewer, quiet = make_reviewer(username="asked"), make_reviewer(username="quiet")
    ReviewMailOptOut.objects.create(user=quiet)
    lagging_replica(writer, reviewer, boss)

    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
    assert [m.to for m in mail.outbox] == [[reviewer.email]]  # not the one who opted out
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        RequestChanges(article, reviewer, comment="Which dose?").execute()
    assert [m.to for m in mail.outbox] == [[writer.email]]
    with django_capture_on_commit_callbacks(execute=True):
        SubmitForReview(article, writer).execute()
        ApproveReview(article, reviewer).execute()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.PublishArticle(article, boss).execute()
    # The author and the reviewer who signed off, read with the article.
    assert sorted(m.to[0] for m in mail.outbox) == [reviewer.email, writer.email]


def test_the_state_before_a_save_is_read_from_the_write_database(lagging_replica):
    from supplements_cms.editorial.rules import PublicState

    article = make_article(title="Live", slug="live-one")
    lagging_replica()
    # What the admin asks before a save (no database named): the write database's row.
    state = PublicState.stored(article.pk)
    assert state is not None
    assert (state.status, state.slug, state.published_at) == (
        "published",
        "live-one",
        article.published_at,
    )
