"""Rules that mutants of the editorial core, the visibility rule and the page cache's viewer rules
survived (`python3 dev.py mutate`, docs/development.md): each test fails on such a mutant."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from supplements_cms.delivery.caching import content_changed
from supplements_cms.editorial import policy
from supplements_cms.editorial.actions import (
    ActionRefused,
    DeleteArticle,
    DiscardDraftChanges,
    PublishArticle,
    ScheduleArticle,
    UnpublishArticle,
)
from supplements_cms.models import Article
from tests.factories import (
    make_article,
    make_article_editor,
    make_cta,
    make_supplement,
    make_user,
)

pytestmark = pytest.mark.django_db

SHARED = {"SHARED_CACHE": True}


@pytest.fixture
def article():
    make_cta("Default", is_default=True)
    return make_article(
        title="Credentials", conditions=["Cramps"], supplement=make_supplement(), days_ago=1
    )


# -- the page cache: who is served from it, and whose page goes into it -------------------------


def test_a_request_with_credentials_is_not_served_from_the_page_cache(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    client.get(url)
    # HTTP authentication may show this reader something of their own: the view runs (it reads
    # the article; its parts come from their cache), the stored page is not sent.
    with django_assert_num_queries(1):
        client.get(url, HTTP_AUTHORIZATION="Basic cmVhZGVyOnB3")


def test_a_page_asked_for_with_credentials_is_not_stored_for_others(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    client.get(url, HTTP_AUTHORIZATION="Basic cmVhZGVyOnB3")
    with django_assert_num_queries(1):
        client.get(url)


def test_a_page_that_read_the_session_is_not_stored(
    client, settings, article, monkeypatch, django_assert_num_queries
):
    from supplements_cms.delivery import views

    settings.SUPPLEMENTS_CMS = SHARED
    render = views.ArticleDetailView.render_to_response

    def reading_the_session(self, context, **kwargs):
        self.request.session.get("seen")
        return render(self, context, **kwargs)

    monkeypatch.setattr(views.ArticleDetailView, "render_to_response", reading_the_session)
    url = article.get_absolute_url()
    client.get(url)
    monkeypatch.setattr(views.ArticleDetailView, "render_to_response", render)
    # What a session shaped is for that reader: the next reader gets a page of their own.
    with django_assert_num_queries(1):
        client.get(url)


def _from_page_cache(client, url: str, django_assert_num_queries, **headers) -> None:
    """Asserts that ``url`` is answered from the whole-page cache: no query at all."""
    with django_assert_num_queries(0):
        client.get(url, **headers)


def _with_response(monkeypatch, change) -> None:
    """The article view's responses, changed by ``change(request, response)``."""
    from supplements_cms.delivery import views

    render = views.ArticleDetailView.render_to_response

    def changed(self, context, **kwargs):
        response = render(self, context, **kwargs)
        change(self.request, response)
        return response

    monkeypatch.setattr(views.ArticleDetailView, "render_to_response", changed)


def test_each_host_has_its_own_copy_of_a_page(client, settings, article):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    client.get(url, HTTP_HOST="one.example")
    other = client.get(url, HTTP_HOST="two.example")
    # Its links and canonical address name the host it was asked of.
    assert b"two.example" in other.content
    assert b"one.example" not in other.content


def test_a_page_cached_in_one_time_zone_is_not_served_in_another(client, settings, article):
    settings.SUPPLEMENTS_CMS = SHARED
    Article.objects.filter(pk=article.pk).update(
        published_at=datetime(2026, 1, 1, 23, 30, tzinfo=UTC)
    )
    content_changed()
    url = article.get_absolute_url()
    in_utc = client.get(url).content
    settings.TIME_ZONE = "Pacific/Auckland"  # already 2 January there
    assert client.get(url).content != in_utc


def test_a_site_without_sessions_keeps_its_pages(
    client, settings, article, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m.rsplit(".", 1)[-1]
        not in {"SessionMiddleware", "AuthenticationMiddleware", "MessageMiddleware"}
    ]
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    _from_page_cache(client, url, django_assert_num_queries)
    # Credentials, and no user to ask about them: the page as anyone sees it.
    assert client.get(url, HTTP_AUTHORIZATION="Basic cmVhZGVyOnB3").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda request, response: response.set_cookie("seen", "1"), id="cookie"),
        pytest.param(
            lambda request, response: response.headers.__setitem__("Vary", "Cookie"), id="vary"
        ),
    ],
)
def test_a_page_that_set_a_cookie_or_varies_on_cookies_is_not_stored(
    client, settings, article, monkeypatch, change, django_assert_num_queries
):
    settings.SUPPLEMENTS_CMS = SHARED
    url = article.get_absolute_url()
    with monkeypatch.context() as patched:
        _with_response(patched, change)
        client.get(url)
    client.cookies.clear()
    # The next reader's page is made for them (the article is read), not taken from the cache.
    with django_assert_num_queries(1):
        client.get(url)


@pytest.mark.parametrize("page", ["2", "last"])
def test_a_list_page_by_its_number_is_kept_in_the_page_cache(client, settings, page, monkeypatch):
    from supplements_cms.delivery import views

    settings.SUPPLEMENTS_CMS = {**SHARED, "PAGINATE_BY": 1}
    for n in range(2):
        make_article(title=f"Listed {n}", days_ago=n + 1)
    assert client.get("/articles/", {"page": page}).status_code == 200
    ran = []
    render = views.ArticleListView.get_context_data

    def counted(self, **kwargs):
        ran.append(1)
        return render(self, **kwargs)

    monkeypatch.setattr(views.ArticleListView, "get_context_data", counted)
    # Answered from the page cache: the view does not run.
    assert client.get("/articles/", {"page": page}).status_code == 200
    assert ran == []


def test_a_reader_signed_in_by_a_middleware_gets_a_private_page(client, settings, article):
    """Signed in without a session cookie (here by the web server's REMOTE_USER): the user was
    looked up before the view, and the page is theirs, never the cached public one."""
    settings.SUPPLEMENTS_CMS = SHARED
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.RemoteUserMiddleware",
    ]
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.RemoteUserBackend"]
    url = article.get_absolute_url()
    assert client.get(url)["Cache-Control"].startswith("public")
    client.cookies.clear()
    response = client.get(url, REMOTE_USER="reader")
    assert response["Cache-Control"] == "private, no-store"


# -- imports: a writer never changes what readers see -------------------------------------------

EXPORT = (Path(__file__).parent / "import_fixtures" / "command-citrate-migraine.txt").read_text(
    encoding="utf-8"
)


def _import(path: Path, user: str, *args: str) -> str:
    out = StringIO()
    call_command("import_articles", str(path), "--user", user, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_writers_reimport_leaves_a_published_article_as_readers_see_it(tmp_path):
    make_user("operator", staff=True, perms=("add_article", "change_article", "view_article"))
    make_user("writer", staff=True, perms=("add_article", "change_article", "view_article"))
    path = tmp_path / "citrate-migraine.txt"
    path.write_text(EXPORT, encoding="utf-8")
    _import(path, "operator")
    # Put live by a publisher (the file's claims accepted): readers see this version now.
    Article.objects.update(status=Article.Status.PUBLISHED, published_at=timezone.now())
    published = Article.objects.get()
    path.write_text(EXPORT.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    out = _import(path, "writer")

    assert "only a publisher can change it" in out
    article = Article.objects.get()
    assert (article.dose_min, article.edit_number) == (published.dose_min, published.edit_number)


# -- the policy and each action's check, per role ------------------------------------------------

PERMS = {
    "nobody": (),
    "viewer": ("view_article",),
    "changer": ("change_article",),
    "writer": ("view_article", "add_article", "change_article"),
    "deleter": ("view_article", "add_article", "change_article", "delete_article"),
    "publisher": (
        "view_article",
        "add_article",
        "change_article",
        "delete_article",
        "publish_article",
    ),
}
# What each role may do: view, add, change, delete, publish, preview drafts on the site.
MAY = {
    "nobody": (False, False, False, False, False, False),
    "viewer": (True, False, False, False, False, False),
    "changer": (True, False, True, False, False, True),
    "writer": (True, True, True, False, False, True),
    "deleter": (True, True, True, True, False, True),
    "publisher": (True, True, True, True, True, True),
}


def _role(role: str, *, staff: bool = True, active: bool = True):
    user = make_user(f"{role}-{staff}-{active}", staff=staff, perms=PERMS[role])
    user.is_active = active
    return user


def _may(user) -> tuple[bool, ...]:
    return (
        policy.can_view(user),
        policy.can_add(user),
        policy.can_change(user),
        policy.can_delete(user),
        policy.can_publish(user),
        policy.can_preview(user),
    )


@pytest.mark.parametrize("role", sorted(MAY))
def test_each_role_may_do_what_the_policy_says(role):
    assert _may(_role(role)) == MAY[role]
    # Signed-in staff only (publishing aside, which is its own permission), and only while active.
    assert _may(_role(role, staff=False))[:4] == (False, False, False, False)
    assert _may(_role(role, active=False)) == (False,) * 6


def test_an_operators_command_may_do_everything():
    assert _may(None) == (True,) * 6


def _refusal(action) -> str:
    with pytest.raises(ActionRefused) as refused:
        action.check()
    return str(refused.value)


def test_publishing_and_scheduling_say_why_they_are_refused():
    draft = make_article(title="Draft", published=False)
    live = make_article(title="Live")
    writer, publisher = _role("writer"), _role("publisher")
    soon = timezone.now() + timezone.timedelta(days=1)
    assert _refusal(PublishArticle(draft, writer)) == "Only a publisher can publish articles."
    assert _refusal(PublishArticle(live, publisher)) == "The article is published already."
    for at in (None, timezone.now() - timezone.timedelta(minutes=1)):
        assert _refusal(ScheduleArticle(draft, publisher, at=at)) == (
            "A scheduled publication needs a time in the future."
        )
    assert _refusal(ScheduleArticle(draft, writer, at=soon)) == (
        "Only a publisher can publish articles."
    )
    instant = timezone.now()
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(timezone, "now", lambda: instant)
        assert _refusal(ScheduleArticle(draft, publisher, at=instant)) == (
            "A scheduled publication needs a time in the future."
        )
    # A published article takes a new time: rescheduling is publishing at that time.
    PublishArticle(live, publisher, at=soon).check()
    ScheduleArticle(live, publisher, at=soon).check()


def test_unpublishing_says_why_it_is_refused():
    draft = make_article(title="Draft", published=False)
    live = make_article(title="Live")
    publisher = _role("publisher")
    assert _refusal(UnpublishArticle(live, _role("writer"))) == (
        "Only a publisher can unpublish articles."
    )
    assert _refusal(UnpublishArticle(draft, publisher)) == "The article is not published."
    UnpublishArticle(live, publisher).check()


def test_deleting_needs_the_delete_permission_and_for_a_live_article_a_publisher():
    draft = make_article(title="Draft", published=False)
    live = make_article(title="Live")
    deleter = _role("deleter")
    assert _refusal(DeleteArticle(draft, _role("writer"))) == "You may not delete articles."
    assert _refusal(DeleteArticle(live, deleter)) == (
        "“Live” is published: only a publisher can take it offline."
    )
    DeleteArticle(draft, deleter).check()
    DeleteArticle(live, _role("publisher")).check()


def test_discarding_draft_changes_needs_the_change_permission():
    live = make_article(title="Live")
    assert _refusal(DiscardDraftChanges(live, _role("viewer"), None)) == (
        "You may not change this article."
    )
    DiscardDraftChanges(live, _role("writer"), None).check()


def _import_action(article, user, *, publish: bool = False, write=None):
    from supplements_cms.editorial.actions import ImportArticle

    # Without ``publish``, an import leaves a draft: the default is part of the contract.
    asked = {"publish": True} if publish else {}
    return ImportArticle(
        article, user, write or (lambda article: None), message="Imported.", **asked
    )


def test_importing_says_why_it_is_refused_whatever_path_calls_it():
    # The importers refuse a published article to a writer before the action does: the action
    # must refuse on its own (a new importer may not check first).
    new, draft, live = Article(title="New"), make_article(published=False), make_article()
    writer, publisher = _role("writer"), _role("publisher")
    for role in ("viewer", "changer"):  # may change but not add, may neither
        user = _role(role)
        assert _refusal(_import_action(new, user)) == (
            f"{user.username} may not add and change articles, so may not import them."
        )
    adder = make_user("adder", staff=True, perms=("view_article", "add_article"))
    assert _refusal(_import_action(draft, adder)) == (
        "adder may not add and change articles, so may not import them."
    )
    assert (
        _refusal(_import_action(new, writer, publish=True))
        == "Only a publisher can publish articles."
    )
    assert _refusal(_import_action(live, writer)) == (
        "the article is published; only a publisher can change it"
    )
    # What is stored decides, not the copy in hand: a draft in hand that is live in the database.
    stale = Article.objects.get(pk=live.pk)
    stale.status = Article.Status.DRAFT
    assert _refusal(_import_action(stale, writer)) == (
        "the article is published; only a publisher can change it"
    )
    for article in (new, draft):
        _import_action(article, writer).check()
    _import_action(live, publisher, publish=True).check()
    _import_action(new, None, publish=True).check()  # an operator's command


def test_an_import_says_why_it_kept_a_draft_and_nothing_when_it_did_not():
    def save(article: Article) -> None:
        article.save()

    operator = _role("publisher")
    complete = Article(title="Complete", intro="In.", body="Body.", conclusion="End.")
    assert _import_action(complete, operator, write=save).execute() == ""
    assert Article.objects.get(pk=complete.pk).status == Article.Status.DRAFT
    assert _import_action(complete, operator, publish=True, write=save).execute() == ""
    assert Article.objects.get(pk=complete.pk).status == Article.Status.PUBLISHED
    # Asked to publish an article that is live already: nothing to say, nothing refused.
    assert _import_action(complete, operator, publish=True, write=save).execute() == ""

    incomplete = Article(title="No conclusion", intro="In.", body="Body.")
    held_back = _import_action(incomplete, operator, publish=True, write=save).execute()
    assert held_back == "Not ready to publish: it needs a conclusion."
    assert Article.objects.get(pk=incomplete.pk).status == Article.Status.DRAFT


# -- publishing at a time, and what the admin log records (survivors of PublishArticle) ---------


def test_publishing_at_a_time_sets_that_time_and_logs_only_the_change_of_status():
    from django.contrib.admin.models import LogEntry

    publisher = make_user("chief", staff=True, perms=("change_article", "publish_article"))
    draft = make_article(title="Timed", published=False)
    at = datetime(2026, 3, 4, 5, 6, tzinfo=UTC)
    PublishArticle(draft, publisher, at=at).execute()
    draft.refresh_from_db()
    assert draft.published_at == at
    logged = LogEntry.objects.filter(object_id=str(draft.pk), change_message="Published")
    assert logged.count() == 1
    # A new time for an article that is live already: no second "Published" in the log.
    later = datetime(2026, 3, 5, 5, 6, tzinfo=UTC)
    PublishArticle(draft, publisher, at=later).execute()
    draft.refresh_from_db()
    assert draft.published_at == later
    assert logged.count() == 1


def test_the_stale_draft_message_names_who_saved_the_newer_draft_and_only_then():
    from supplements_cms.editorial.actions import stale_draft_message
    from supplements_cms.models import DraftChange

    article = make_article(title="Shared")
    ada = make_user("ada", staff=True)
    named = DraftChange(article=article, saved_by=ada, edit_number=2)
    assert stale_draft_message(named) == (
        "Someone (ada) saved newer draft changes of this article after you opened it. Nothing was "
        "changed, and your text is still on this page: reload the page to see their draft, then "
        "make your changes again."
    )
    nameless = DraftChange(article=article, edit_number=2)
    assert stale_draft_message(nameless).startswith("Someone saved newer draft changes of ")


# -- SaveDraftChanges refuses on its own, whatever path calls it ----------------------------------


class _Formset:
    prefix = "benefits"

    def __init__(self, valid: bool = True) -> None:
        self.valid = valid

    def is_valid(self) -> bool:
        return self.valid


def _form(errors: dict | None = None, seen: int | None = None):
    """What the action reads of a change form before it runs: its errors and the draft's edit
    number the form was opened on."""
    from types import SimpleNamespace

    return SimpleNamespace(errors=errors or {}, cleaned_data={"draft_edit_number": seen})


def _draft_refusal(article, user, form, formsets=()) -> str:
    from supplements_cms.editorial.actions import SaveDraftChanges

    with pytest.raises(ActionRefused) as refused:
        SaveDraftChanges(article, user, form, list(formsets)).check()
    return str(refused.value)


def test_draft_changes_are_refused_for_each_reason_with_its_own_message():
    from supplements_cms.editorial.actions import SaveDraftChanges
    from supplements_cms.models import DraftChange

    writer = make_user("writer", staff=True, perms=("change_article",))
    viewer = make_user("viewer", staff=True, perms=("view_article",))
    live = make_article(title="Live")
    unpublished = make_article(title="Not yet", published=False)

    assert _draft_refusal(live, viewer, _form()) == "You may not change this article."
    assert _draft_refusal(unpublished, writer, _form()) == (
        "Only a published article has draft changes; save it instead."
    )
    errors = "The form has errors; nothing was saved."
    assert _draft_refusal(live, writer, _form(errors={"title": ["x"]})) == errors
    assert _draft_refusal(live, writer, _form(), [_Formset(), _Formset(valid=False)]) == errors

    DraftChange.objects.create(article=live, edit_number=2, saved_by=viewer, data={})
    stale = _draft_refusal(live, writer, _form(seen=1))
    assert stale.startswith("Someone (viewer) saved newer draft changes")
    # The form opened on the newest draft, or on the live article with no draft seen: allowed.
    SaveDraftChanges(live, writer, _form(seen=2), [_Formset()]).check()
    SaveDraftChanges(live, writer, _form(seen=None), []).check()
    # Another article's draft is not this one's: no conflict.
    other = make_article(title="Other")
    SaveDraftChanges(other, writer, _form(seen=5), []).check()


def _save_refusal(article, user, form, formsets=(), before=None, **options) -> str:
    from supplements_cms.editorial.actions import SaveArticle

    with pytest.raises(ActionRefused) as refused:
        SaveArticle(article, user, form, list(formsets), before, **options).check()
    return str(refused.value)


def test_saving_an_article_is_refused_for_each_reason_with_its_own_message():
    from supplements_cms.editorial.actions import SaveArticle
    from supplements_cms.editorial.rules import PublicState

    adder = make_user("adder", staff=True, perms=("add_article",))
    changer = make_user("changer", staff=True, perms=("change_article",))
    draft = make_article(title="Draft", published=False)
    before = PublicState.of(draft)
    new = Article(title="New")
    refused = "You may not change this article."
    # A new article needs the add permission, a change or a restore the change permission.
    assert _save_refusal(new, changer, _form()) == refused
    SaveArticle(new, adder, _form(), [], None).check()
    assert _save_refusal(draft, adder, _form(), before=before) == refused
    SaveArticle(draft, changer, _form(), [_Formset()], before).check()
    assert _save_refusal(new, adder, _form(), restoring=True) == refused  # recovering
    SaveArticle(new, changer, _form(), [], None, restoring=True).check()
    errors = "The form has errors; nothing was saved."
    assert _save_refusal(draft, changer, _form(errors={"title": ["x"]}), before=before) == errors
    formsets = [_Formset(), _Formset(valid=False)]
    assert _save_refusal(draft, changer, _form(), formsets, before=before) == errors


# -- SaveArticle, called on its own: what it keeps, what it tells its caller ---------------------


class _SavingFormset(_Formset):
    def save(self) -> None:
        self.saved = True


def _saving_form():
    """A valid change form as the action uses it once checked: its rows saved by ``save_m2m``,
    and no ``accepted_claims`` (a form of a user who accepted none)."""
    from types import SimpleNamespace

    return SimpleNamespace(errors={}, save_m2m=lambda: None)


def test_a_restore_saved_on_its_own_keeps_the_live_status_time_and_address():
    from supplements_cms.editorial.actions import SaveArticle
    from supplements_cms.editorial.rules import PublicState

    publisher = make_article_editor("publisher", publish=True)
    live = make_article(title="Live", slug="live-address")
    before = PublicState.of(live)
    # The revision restored: written before publication, under an older address.
    live.title, live.status = "As it was", Article.Status.DRAFT
    live.published_at, live.slug = None, "older-address"
    formset = _SavingFormset()

    saved = SaveArticle(
        live, publisher, _saving_form(), [formset], before, restoring=True
    ).execute()

    assert (saved.article, saved.kept, saved.unaccepted_claims) == (live, [], 0)
    assert formset.saved
    stored = Article.objects.get(pk=live.pk)
    assert stored.title == "As it was"
    assert PublicState.of(stored) == before
    assert Article.objects.published().filter(pk=live.pk).exists()


def test_a_writers_save_on_its_own_keeps_what_only_a_publisher_changes_and_says_what():
    from supplements_cms.editorial.actions import SaveArticle
    from supplements_cms.editorial.rules import PublicState

    writer = make_article_editor("writer", publish=False)
    live = make_article(title="Live", slug="live-address")
    before = PublicState.of(live)
    live.intro = "Magnesium cures arthritis in a week."
    live.slug, live.published_at = "moved", timezone.now() + timezone.timedelta(days=3)

    saved = SaveArticle(live, writer, _saving_form(), [], before).execute()

    # The caller (the admin's messages) learns what was kept and how many claims wait.
    assert saved.article == live
    assert saved.kept == ["publication time", "address"]
    assert saved.unaccepted_claims == 1
    stored = Article.objects.get(pk=live.pk)
    assert stored.intro == "Magnesium cures arthritis in a week."
    assert PublicState.of(stored) == before

    draft = make_article(title="Draft", published=False)
    before = PublicState.of(draft)
    draft.status = Article.Status.PUBLISHED
    saved = SaveArticle(draft, writer, _saving_form(), [], before).execute()
    assert saved.kept == ["status"]
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    # Nor may a writer take a live article offline.
    live.status = Article.Status.DRAFT
    assert SaveArticle(live, writer, _saving_form(), [], PublicState.of(stored)).execute().kept == [
        "status"
    ]
    assert Article.objects.get(pk=live.pk).is_published
    # Submitted for review, it stays so (not a draft again).
    waiting = make_article(title="Waiting", published=False, status=Article.Status.REVIEW)
    before = PublicState.of(waiting)
    waiting.status = Article.Status.PUBLISHED
    assert SaveArticle(waiting, writer, _saving_form(), [], before).execute().kept == ["status"]
    assert Article.objects.get(pk=waiting.pk).status == Article.Status.REVIEW


# -- the rules' messages, word for word, and a claim accepted twice ------------------------------


def test_what_keeps_an_article_from_going_live_is_said_word_for_word(settings):
    from supplements_cms.editorial.rules import (
        incomplete_message,
        missing_for_live,
        publish_problems,
    )

    empty = Article(title="", intro="", body="", conclusion="")
    assert missing_for_live(empty, 0) == [
        "a title",
        "an introduction",
        "a body or at least one benefit",
        "a conclusion",
    ]
    assert missing_for_live(empty, 1) == ["a title", "an introduction", "a conclusion"]
    assert incomplete_message(["a title", "a conclusion"]) == (
        "Not ready to publish: it needs a title, a conclusion."
    )
    one = make_article(title="One claim", intro="Magnesium cures arthritis.", published=False)
    assert publish_problems(one) == (
        "1 sentence reads as a disease claim; a publisher accepts it on the article's form "
        "before publishing."
    )
    two = make_article(
        title="Two claims",
        intro="Magnesium cures arthritis.",
        conclusion="It also prevents migraine attacks.",
        published=False,
    )
    assert publish_problems(two) == (
        "2 sentences read as disease claims; a publisher accepts them on the article's form "
        "before publishing."
    )
    settings.SUPPLEMENTS_CMS = {"REQUIRE_REVIEW_TO_PUBLISH": True}
    assert publish_problems(make_article(title="Unreviewed", published=False)) == (
        "Not published: this site publishes only text a medical reviewer approved, and nobody "
        "approved this text yet. Submit it for review."
    )


def test_a_claim_accepted_twice_is_recorded_once_with_its_words_cut_to_fit():
    from types import SimpleNamespace

    from supplements_cms.editorial.rules import accept_claims
    from supplements_cms.models import ClaimAcceptance

    publisher = make_article_editor("publisher", publish=True)
    article = make_article(title="Long claim", published=False)
    warning = SimpleNamespace(key="k" * 32, phrase="p" * 400, reason="r" * 400)
    accept_claims(publisher, article, [warning])
    accept_claims(publisher, article, [warning])
    (acceptance,) = ClaimAcceptance.objects.filter(article=article)
    assert (acceptance.phrase, acceptance.reason) == ("p" * 300, "r" * 300)
    assert acceptance.accepted_by == publisher
