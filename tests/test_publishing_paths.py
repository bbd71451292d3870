"""One rule for publishing, on every path: the change form, the list's actions, restoring a
revision, recovering a deleted article. A writer (every package permission except publishing
and deleting) never changes what readers see; a publisher can, and each publish and unpublish
is in the admin log with who did it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from supplements_cms.models import Article, DraftChange
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_article, make_user, signed_in

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/supplements_cms/article/"


@pytest.fixture
def writer():
    """Every permission of the package except publishing and deleting."""
    user = make_user("writer", staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="supplements_cms")
        .exclude(codename="publish_article")
        .exclude(codename__startswith="delete_")
    )
    return signed_in(user)


@pytest.fixture
def publisher():
    user = make_user("publisher", staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="supplements_cms"))
    return signed_in(user)


def _save(client, article, **changes):
    data = {**form_on_page(client, change_url(article)), **changes}
    return client.post(change_url(article), data)


def _restore(client, article, version):
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, version.pk])
    response = client.post(url, form_on_page(client, url))
    assert response.status_code == 302, errors_of(response)
    return response


def _public(article) -> tuple:
    article.refresh_from_db()
    return article.status, article.published_at, article.slug


def _revision_where(article, **fields):
    for version in Version.objects.get_for_object(article):
        if all(version.field_dict[k] == v for k, v in fields.items()):
            return version
    raise AssertionError(f"no revision with {fields}")


def _published_then_draft(publisher):
    """An article with a published revision that is now a draft."""
    article = make_article(title="Once live", published=False)
    assert _save(publisher, article, status="published").status_code == 302
    article.refresh_from_db()
    assert _save(publisher, article, status="draft").status_code == 302
    return article


def _draft_then_published(publisher):
    article = make_article(title="Now live", published=False)
    assert _save(publisher, article, intro="Draft words.").status_code == 302
    article.refresh_from_db()
    assert _save(publisher, article, status="published").status_code == 302
    return article


def test_a_writer_restoring_a_published_revision_keeps_the_draft_offline(writer, publisher):
    article = _published_then_draft(publisher)
    before = _public(article)
    _restore(writer, article, _revision_where(article, status="published"))
    assert _public(article) == before
    assert not Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("who", ["writer", "publisher"])
def test_restoring_a_revision_of_a_live_article_makes_it_draft_changes(request, who, publisher):
    article = _draft_then_published(publisher)
    _save(publisher, article, slug="moved-here", intro="Live words.")
    before = _public(article)
    version = _revision_where(article, status="draft")
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, version.pk])
    client = request.getfixturevalue(who)
    assert "makes this revision its draft changes" in client.get(url).content.decode()
    _restore(client, article, version)
    # Readers keep the live page, its address and time; the text waits in the draft.
    assert _public(article) == before
    assert Article.objects.published().filter(pk=article.pk).exists()
    article.refresh_from_db()
    assert article.intro != "Draft words."
    draft = DraftChange.objects.get(article=article)
    assert "intro" in draft.changed_fields
    assert not {"status", "slug", "published_at"} & set(draft.changed_fields)
    # Publishing the draft changes the text, and only the text.
    response = _save(publisher, article)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.intro == "Draft words."
    assert _public(article) == before


def test_a_restore_never_changes_the_status_and_says_what_it_sets(publisher):
    article = _published_then_draft(publisher)
    version = _revision_where(article, status="published")
    url = reverse("admin:supplements_cms_article_revision", args=[article.pk, version.pk])
    page = publisher.get(url).content.decode()
    assert "keeps the status “Draft”" in page
    assert f"the address to “{version.field_dict['slug']}”" in page
    _restore(publisher, article, version)
    article.refresh_from_db()
    assert article.status == "draft"
    assert not Article.objects.published().filter(pk=article.pk).exists()


def _deleted_live_article(publisher):
    article = make_article(title="Deleted while live", published=False)
    assert _save(publisher, article, status="published").status_code == 302
    version = Version.objects.get_for_object(article).first()
    article.delete()
    return version


@pytest.mark.parametrize(("who", "live"), [("writer", False), ("publisher", True)])
def test_recovering_a_deleted_live_article(request, who, live):
    version = _deleted_live_article(request.getfixturevalue("publisher"))
    client = request.getfixturevalue(who)
    url = reverse("admin:supplements_cms_article_recover", args=[version.pk])
    response = client.post(url, form_on_page(client, url))
    assert response.status_code == 302, errors_of(response)
    recovered = Article.objects.get(title="Deleted while live")
    assert recovered.is_published is live
    assert Article.objects.published().filter(pk=recovered.pk).exists() is live


def test_a_writer_cannot_publish_through_a_forged_status_field(writer):
    article = make_article(title="Draft", published=False)
    response = _save(writer, article, status="published")
    assert response.status_code == 200
    assert "valid choice" in errors_of(response)
    assert _public(article)[0] == "draft"

    response = writer.post(ADD_URL, form_data(title="New one", status="published"))
    assert not Article.objects.filter(title="New one", status="published").exists()


def test_a_writer_cannot_unpublish_or_move_a_live_article_through_forged_fields(writer):
    article = make_article(title="Live", slug="live")
    before = _public(article)
    later = timezone.localtime(timezone.now() + timedelta(days=3))
    response = _save(
        writer,
        article,
        status="draft",
        slug="elsewhere",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
        intro="A writer's fix.",
    )
    assert response.status_code == 302, errors_of(response)
    assert _public(article) == before
    # The text too waits for a publisher: it is kept as the article's draft changes.
    assert article.intro != "A writer's fix."
    assert article.draft_change.data["intro"] == ["A writer's fix."]


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_writer_cannot_run_the_publishing_actions_by_name(writer, action):
    draft = make_article(title="Draft", published=False)
    live = make_article(title="Live")
    states = (_public(draft), _public(live))
    response = writer.post(
        CHANGELIST, {"action": action, "_selected_action": [draft.pk, live.pk], "index": 0}
    )
    assert response.status_code in (200, 302)
    assert (_public(draft), _public(live)) == states
    assert not LogEntry.objects.filter(change_message__in=["Published", "Unpublished"]).exists()


def test_publisher_actions_publish_and_unpublish_and_are_logged(publisher):
    draft = make_article(title="Draft", published=False)
    publisher.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    assert Article.objects.published().filter(pk=draft.pk).exists()
    publisher.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    log = LogEntry.objects.filter(object_id=str(draft.pk)).order_by("pk")
    assert [(e.user.username, e.change_message) for e in log] == [
        ("publisher", "Published"),
        ("publisher", "Unpublished"),
    ]


def test_publishing_through_the_form_is_logged_with_who(publisher):
    article = make_article(title="Draft", published=False)
    _save(publisher, article, status="published")
    entry = LogEntry.objects.filter(object_id=str(article.pk), change_message="Published").get()
    assert entry.user.username == "publisher"


def test_a_restore_is_a_new_version_so_an_open_form_meets_the_conflict_page(publisher):
    article = make_article(title="Versions", intro="One.", published=False)
    _save(publisher, article, intro="Two.")
    article.refresh_from_db()
    stale_form = form_on_page(publisher, change_url(article))
    _save(publisher, article, intro="Three.")
    article.refresh_from_db()
    seen = article.edit_number
    _restore(publisher, article, _revision_where(article, intro="Two."))
    article.refresh_from_db()
    assert article.edit_number > seen
    # The form opened before the restore is refused, not saved over it.
    response = publisher.post(change_url(article), {**stale_form, "intro": "Stale."})
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.intro == "Two."


def test_publishing_needs_a_complete_article_and_names_what_is_missing(publisher):
    bare = make_article(title="Only a title", intro="", body="", conclusion="", published=False)
    response = _save(publisher, bare, status="published")
    assert response.status_code == 200
    errors = errors_of(response)
    for part in ("an introduction", "a body or at least one benefit", "a conclusion"):
        assert part in errors
    assert _public(bare)[0] == "draft"

    # Benefits stand in for a body.
    response = _save(
        publisher,
        bare,
        status="published",
        intro="Why it matters.",
        conclusion="In short.",
        **{
            "benefits-TOTAL_FORMS": "1",
            "benefits-0-title": "Calm",
            "benefits-0-kind": "main",
            "benefits-0-description": "Helps muscles rest.",
        },
    )
    assert response.status_code == 302, errors_of(response)
    assert _public(bare)[0] == "published"


def test_the_publish_action_skips_incomplete_articles_and_says_which(publisher):
    bare = make_article(title="Half done", body="", conclusion="", published=False)
    ready = make_article(title="Ready", published=False)
    response = publisher.post(
        CHANGELIST, {"action": "publish", "_selected_action": [bare.pk, ready.pk]}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("Half done" in t and "a conclusion" in t for t in texts), texts
    assert _public(bare)[0] == "draft"
    assert _public(ready)[0] == "published"
