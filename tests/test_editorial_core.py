"""The editorial core's rules on every admin path that reads or writes an article: each role
is refused what it may not do, drafts are whole and validated, conflicts never lose a draft, and
restores change what readers see only through a publisher."""

from __future__ import annotations

import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from supplements_cms.editorial import actions, policy
from supplements_cms.models import Article, DraftChange, Reference
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

ROLES = ("nobody", "viewer", "writer", "publisher")


_names = itertools.count()


def _user(role: str):
    user = make_user(f"{role}-{next(_names)}", staff=True)
    perms = Permission.objects.filter(content_type__app_label="supplements_cms")
    if role == "viewer":
        perms = perms.filter(codename__startswith="view_")
    elif role == "writer":
        perms = perms.exclude(codename="publish_article").exclude(codename__startswith="delete_")
    elif role == "nobody":
        perms = perms.none()
    user.user_permissions.add(*perms)
    return user


def _client(role: str) -> Client:
    client = Client()
    client.force_login(_user(role))
    return client


@pytest.fixture
def publisher() -> Client:
    return _client("publisher")


def _live_with_history(publisher: Client) -> Article:
    """A published article with two revisions and draft changes."""
    article = make_article(title="Roles", intro="First words.", published=False)
    data = form_on_page(publisher, change_url(article))
    assert publisher.post(change_url(article), {**data, "status": "published"}).status_code == 302
    data = form_on_page(publisher, change_url(article))
    response = publisher.post(change_url(article), {**data, "intro": "Second words."})
    assert response.status_code == 302, errors_of(response)
    data = form_on_page(publisher, change_url(article))
    response = publisher.post(
        change_url(article), {**data, "intro": "Draft words.", "_save_draft": "1"}
    )
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    return article


def _admin(name: str, *args) -> str:
    return reverse(f"admin:supplements_cms_article_{name}", args=args)


# What each role gets from each view: the status code.
READ_VIEWS = {
    "history": {"nobody": 403, "viewer": 200, "writer": 200, "publisher": 200},
    "compare": {"nobody": 403, "viewer": 200, "writer": 200, "publisher": 200},
    "revision_preview": {"nobody": 403, "viewer": 200, "writer": 200, "publisher": 200},
    "draft_preview": {"nobody": 403, "viewer": 200, "writer": 200, "publisher": 200},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", sorted(READ_VIEWS))
def test_views_that_read_an_article_refuse_who_may_not_see_it(publisher, view, role):
    article = _live_with_history(publisher)
    older, newer = sorted(Version.objects.get_for_object(article), key=lambda v: v.pk)[:2]
    url, params = {
        "history": (_admin("history", article.pk), {}),
        "compare": (_admin("compare", article.pk), {"from": older.pk, "to": newer.pk}),
        "revision_preview": (_admin("revision_preview", article.pk, older.pk), {}),
        "draft_preview": (_admin("draft_preview", article.pk), {}),
    }[view]
    assert _client(role).get(url, params).status_code == READ_VIEWS[view][role]


@pytest.mark.parametrize(
    ("role", "status"), [("nobody", 403), ("viewer", 403), ("writer", 302), ("publisher", 302)]
)
def test_restoring_needs_the_change_permission_and_writes_nothing_otherwise(
    publisher, role, status
):
    article = _live_with_history(publisher)
    draft_before = DraftChange.objects.get(article=article).data
    version = Version.objects.get_for_object(article).last()
    url = _admin("revision", article.pk, version.pk)
    # Forged: the fields a browser would send, with a hostile reference.
    data = {**form_on_page(publisher, url), "intro": "Forged words."}
    response = _client(role).post(url, data)
    assert response.status_code == status, errors_of(response)
    draft = DraftChange.objects.get(article=article)
    if status == 403:
        assert draft.data == draft_before
    else:
        assert draft.data["intro"] == ["Forged words."]
    article.refresh_from_db()
    assert article.intro == "Second words."  # readers' text changes only by publishing


def test_a_revision_that_does_not_exist_is_a_404_and_writes_nothing(publisher):
    article = _live_with_history(publisher)
    response = publisher.post(_admin("revision", article.pk, 999_999), {"intro": "Forged."})
    assert response.status_code == 404
    assert DraftChange.objects.get(article=article).data["intro"] == ["Draft words."]


def test_a_revision_of_another_article_is_a_404(publisher):
    article = _live_with_history(publisher)
    other = _live_with_history(publisher)
    version = Version.objects.get_for_object(other).first()
    assert publisher.get(_admin("revision", article.pk, version.pk)).status_code == 404
    assert publisher.get(_admin("revision_preview", article.pk, version.pk)).status_code == 404


@pytest.mark.parametrize(
    ("role", "status", "kept"),
    [("nobody", 403, True), ("viewer", 403, True), ("writer", 302, False)],
)
def test_discarding_draft_changes_needs_the_change_permission(publisher, role, status, kept):
    article = _live_with_history(publisher)
    seen = DraftChange.objects.get(article=article).edit_number
    response = _client(role).post(
        change_url(article), {"_discard_draft": "1", "draft_edit_number": str(seen)}
    )
    assert response.status_code == status
    assert DraftChange.objects.filter(article=article).exists() is kept


@pytest.mark.parametrize(("role", "status"), [("viewer", 403), ("writer", 403)])
def test_publishing_draft_changes_needs_the_publish_permission(publisher, role, status):
    article = _live_with_history(publisher)
    data = form_on_page(publisher, change_url(article))
    response = _client(role).post(change_url(article), {**data, "_publish_draft": "1"})
    assert response.status_code == status
    article.refresh_from_db()
    assert article.intro == "Second words."
    assert DraftChange.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("role", "status"), [("nobody", 403), ("viewer", 403), ("writer", 200), ("publisher", 200)]
)
def test_the_live_preview_refuses_who_may_not_change_the_article(publisher, role, status):
    article = _live_with_history(publisher)
    data = form_on_page(publisher, change_url(article))
    assert _client(role).post(_admin("live_preview", article.pk), data).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("nobody", 403), ("viewer", 403), ("writer", 200), ("publisher", 200)]
)
def test_the_import_page_refuses_who_may_not_add_articles(role, status):
    assert _client(role).get(reverse("admin:supplements_cms_article_import")).status_code == status


HOSTILE = "javascript:alert(document.domain)"


def _one_reference(data: dict, **fields: str) -> dict:
    """The form's data with one new reference row of ``fields`` instead of its own rows."""
    row = {f"references-0-{name}": value for name, value in fields.items()}
    return {**data, "references-TOTAL_FORMS": "1", "references-INITIAL_FORMS": "0", **row}


def test_a_hostile_reference_link_never_reaches_the_live_preview(publisher):
    article = _live_with_history(publisher)
    data = _one_reference(
        form_on_page(publisher, change_url(article)), title="A study", url=HOSTILE
    )
    response = publisher.post(_admin("live_preview", article.pk), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A study" in page
    assert "javascript:" not in page


def test_a_hostile_reference_planted_in_a_draft_never_reaches_its_preview(publisher):
    article = _live_with_history(publisher)
    draft = DraftChange.objects.get(article=article)
    # As a draft stored before drafts were validated, or written past the form.
    draft.data.update(
        {
            "references-TOTAL_FORMS": ["1"],
            "references-INITIAL_FORMS": ["0"],
            "references-0-title": ["A study"],
            "references-0-url": [HOSTILE],
        }
    )
    draft.changed_rows = ["references"]
    draft.save()
    response = publisher.get(_admin("draft_preview", article.pk))
    assert response.status_code == 200
    assert "A study" in response.content.decode()
    assert "javascript:" not in response.content.decode()


def test_a_draft_keeps_only_the_forms_own_fields(publisher):
    article = _live_with_history(publisher)
    data = form_on_page(publisher, change_url(article))
    publisher.post(
        change_url(article),
        {**data, "intro": "Again.", "_save_draft": "1", "is_staff": "1", "references-9-x": "y"},
    )
    kept = DraftChange.objects.get(article=article).data
    assert kept["intro"] == ["Again."]
    assert "is_staff" not in kept
    assert "_save_draft" not in kept
    assert "csrfmiddlewaretoken" not in kept
    assert "draft_edit_number" not in kept


def test_a_draft_keeps_every_own_field_after_a_control_field_and_both_parts_of_a_split_one():
    from django import forms
    from django.http import QueryDict

    class Form(forms.Form):
        draft_edit_number = forms.IntegerField(required=False)  # steers the save: not kept
        intro = forms.CharField()
        when = forms.SplitDateTimeField()

    data = QueryDict(mutable=True)
    data.update(
        {"draft_edit_number": "3", "intro": "Words.", "when_0": "2026-01-02", "when_1": "10:00"}
    )
    data.update({"is_staff": "1", "benefits-0-title": "Row", "references-0-title": "Not asked"})
    assert actions.draft_data(Form(data), [type("Rows", (), {"prefix": "benefits"})()]) == {
        "intro": ["Words."],
        "when_0": ["2026-01-02"],
        "when_1": ["10:00"],
        "benefits-0-title": ["Row"],
    }


def test_publishing_a_writers_draft_keeps_the_address_and_the_time(publisher):
    # To the second, as the form shows a time.
    when = (timezone.now() - timezone.timedelta(days=30)).replace(microsecond=0)
    article = make_article(title="Kept where it is", slug="kept-here", published_at=when)
    before = (article.slug, article.published_at)
    writer = _client("writer")
    data = form_on_page(writer, change_url(article))
    assert "slug" not in data
    assert "published_at_0" not in data
    response = writer.post(change_url(article), {**data, "intro": "The writer's words."})
    assert response.status_code == 302, errors_of(response)
    assert DraftChange.objects.get(article=article).changed_fields == ["intro"]
    # The publisher's form opens on the draft: the live address and time, the new text.
    data = form_on_page(publisher, change_url(article))
    assert data["slug"] == "kept-here"
    assert data["intro"].strip() == "The writer's words."
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.slug, article.published_at) == before
    assert article.intro == "The writer's words."


def test_publishing_a_draft_changes_only_what_its_authors_changed(publisher):
    article = make_article(title="Two editors", summary="Old summary.", benefits=1)
    writer = _client("writer")
    data = form_on_page(writer, change_url(article))
    writer.post(change_url(article), {**data, "intro": "The writer's words."})
    # Meanwhile a publisher changes the live summary and the live benefit row.
    live = Article.objects.get(pk=article.pk)
    live.summary = "The publisher's summary."
    live.save()
    live.benefits.update(description="The publisher's row.")
    data = form_on_page(publisher, change_url(article))
    assert data["summary"].strip() == "The publisher's summary."
    assert data["benefits-0-description"].strip() == "The publisher's row."
    response = publisher.post(change_url(article), data)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert (article.intro, article.summary) == ("The writer's words.", "The publisher's summary.")
    assert article.benefits.get().description == "The publisher's row."


def test_a_second_writers_draft_never_replaces_the_first_unseen():
    article = make_article(title="Two writers")
    first, second = _client("writer"), Client()
    second.force_login(first_user_like("writer2"))
    form_first = form_on_page(first, change_url(article))
    form_second = form_on_page(second, change_url(article))
    response = first.post(change_url(article), {**form_first, "intro": "First writer."})
    assert response.status_code == 302, errors_of(response)
    response = second.post(change_url(article), {**form_second, "intro": "Second writer."})
    assert response.status_code == 200
    assert "newer draft changes" in errors_of(response)
    # The refused text is still on the page, and the first draft is intact.
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("textarea[name=intro]").get_text().strip() == "Second writer."
    assert DraftChange.objects.get(article=article).data["intro"] == ["First writer."]


def first_user_like(name: str):
    user = make_user(name, staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="supplements_cms")
        .exclude(codename="publish_article")
        .exclude(codename__startswith="delete_")
    )
    return user


def test_publishing_from_a_form_opened_before_a_newer_draft_never_deletes_it(publisher):
    article = make_article(title="Stale publisher")
    stale = form_on_page(publisher, change_url(article))
    writer = _client("writer")
    data = form_on_page(writer, change_url(article))
    writer.post(change_url(article), {**data, "intro": "Newer draft."})
    response = publisher.post(change_url(article), {**stale, "summary": "Publisher's."})
    assert response.status_code == 200
    assert "newer draft changes" in errors_of(response)
    assert DraftChange.objects.get(article=article).data["intro"] == ["Newer draft."]
    article.refresh_from_db()
    assert article.summary != "Publisher's."


def test_discarding_from_a_page_opened_before_a_newer_draft_keeps_it(publisher):
    article = _live_with_history(publisher)
    seen = DraftChange.objects.get(article=article).edit_number
    data = form_on_page(publisher, change_url(article))
    publisher.post(change_url(article), {**data, "intro": "Newest.", "_save_draft": "1"})
    response = publisher.post(
        change_url(article), {"_discard_draft": "1", "draft_edit_number": str(seen)}, follow=True
    )
    assert "newer draft changes" in response.content.decode()
    assert DraftChange.objects.get(article=article).data["intro"] == ["Newest."]


@pytest.mark.parametrize("role", ["writer", "publisher"])
def test_deleting_a_published_article_is_a_publishers_decision(role):
    user = _user(role)
    user.user_permissions.add(Permission.objects.get(codename="delete_article"))
    client = Client()
    client.force_login(user)
    article = make_article(title="Live and deleted")
    url = _admin("delete", article.pk)
    response = client.post(url, {"post": "yes"})
    gone = not Article.objects.filter(pk=article.pk).exists()
    assert gone is (role == "publisher")
    assert response.status_code == (302 if role == "publisher" else 403)


def test_the_delete_action_refuses_a_writer_on_published_articles_and_names_them():
    user = first_user_like("deleter")
    user.user_permissions.add(Permission.objects.get(codename="delete_article"))
    live = make_article(title="Live one")
    draft = make_article(title="Draft one", published=False)
    with pytest.raises(actions.ActionRefused, match="Live one"):
        actions.DeleteArticle(live, user).execute()
    actions.DeleteArticle(draft, user).execute()
    assert list(Article.objects.values_list("title", flat=True)) == ["Live one"]
    (entry,) = LogEntry.objects.filter(object_repr="Draft one")
    assert (entry.user, entry.action_flag, entry.change_message) == (user, DELETION, "Deleted")


def test_actions_check_before_they_write():
    writer = first_user_like("no-publisher")
    draft = make_article(title="Not yet", published=False)
    with pytest.raises(actions.ActionRefused):
        actions.PublishArticle(draft, writer).execute()
    live = make_article(title="Live")
    with pytest.raises(actions.ActionRefused):
        actions.UnpublishArticle(live, writer).execute()
    incomplete = make_article(title="Empty", intro="", published=False)
    with pytest.raises(actions.ActionRefused, match="introduction"):
        actions.PublishArticle(incomplete, None).execute()
    with pytest.raises(actions.ActionRefused, match="future"):
        actions.ScheduleArticle(draft, None, at=timezone.now()).execute()
    assert Article.objects.get(pk=draft.pk).status == "draft"
    assert Article.objects.get(pk=live.pk).status == "published"
    assert not Version.objects.exists()


def test_saving_a_live_article_again_logs_no_second_publication(publisher):
    article = make_article(title="Live already")
    response = publisher.post(
        change_url(article), {**form_on_page(publisher, change_url(article)), "intro": "New."}
    )
    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get(pk=article.pk).intro == "New."
    logged = LogEntry.objects.filter(object_id=str(article.pk)).values_list("change_message")
    assert "Published" not in [m for (m,) in logged]


def test_an_operators_command_acts_and_leaves_no_admin_log_line():
    # No user: the admin's log names users only (a command's output says what it did).
    draft = make_article(title="By command", published=False)
    actions.PublishArticle(draft, None).execute()
    actions.DeleteArticle(Article.objects.get(pk=draft.pk), None).execute()
    assert not Article.objects.exists()
    assert not LogEntry.objects.exists()


def test_publish_and_unpublish_keep_a_revision_and_a_log_naming_who(publisher):
    user = _user("boss")
    draft = make_article(title="Goes live", published=False)
    actions.PublishArticle(draft, user).execute()
    actions.UnpublishArticle(Article.objects.get(pk=draft.pk), user).execute()
    comments = [v.revision.comment for v in Version.objects.get_for_object(draft)]
    assert comments == ["Unpublished", "Published"]
    assert {v.revision.user for v in Version.objects.get_for_object(draft)} == {user}
    logged = LogEntry.objects.filter(object_id=str(draft.pk)).values_list("change_message")
    assert sorted(m for (m,) in logged) == ["Published", "Unpublished"]


def test_the_policy_roles():
    viewer, writer, boss = _user("viewer"), first_user_like("w"), _user("publisher")
    assert [policy.can_view(u) for u in (viewer, writer, boss)] == [True, True, True]
    assert [policy.can_change(u) for u in (viewer, writer, boss)] == [False, True, True]
    assert [policy.can_publish(u) for u in (viewer, writer, boss)] == [False, False, True]
    boss.is_active = False
    assert not policy.can_publish(boss)
    assert policy.can_publish(None)  # an operator's command


def test_an_article_is_live_from_the_exact_instant_of_its_publication(monkeypatch):
    article = make_article(title="On the dot", published=False)
    instant = timezone.now()
    Article.objects.filter(pk=article.pk).update(status="published", published_at=instant)
    article.refresh_from_db()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    assert article.is_live
    assert Article.objects.published().filter(pk=article.pk).exists()
    monkeypatch.setattr(timezone, "now", lambda: instant - timezone.timedelta(microseconds=1))
    assert not article.is_live
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_reference_row_in_a_preview_keeps_the_models_rules(publisher):
    """Fields longer than the model allows are left out, as a save would refuse them."""
    article = _live_with_history(publisher)
    too_long = "x" * (Reference._meta.get_field("authors").max_length + 1)
    data = _one_reference(
        form_on_page(publisher, change_url(article)), title="Kept title", authors=too_long
    )
    page = publisher.post(_admin("live_preview", article.pk), data).content.decode()
    assert "Kept title" in page
    assert "x" * 301 not in page
