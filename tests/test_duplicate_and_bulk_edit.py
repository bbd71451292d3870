"""Duplicate ("save as new") and the list's bulk edit of conditions, supplement and author:
each goes through an editorial action per article, so every role, revision and cache rule of a
single save holds, and bad input changes nothing."""

from __future__ import annotations

from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from supplements_cms.editorial.actions import (
    ActionRefused,
    DuplicateArticle,
    EditArticleTopics,
    TopicChanges,
)
from supplements_cms.models import (
    Article,
    ClaimAcceptance,
    Condition,
    DraftChange,
    Reference,
    WordPressPost,
)
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import (
    make_article,
    make_article_editor,
    make_cta,
    make_supplement,
    make_user,
    sign_off,
    signed_in,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:supplements_cms_article_changelist")


@pytest.fixture
def publisher():
    return make_article_editor("publisher", publish=True)


@pytest.fixture
def writer():
    return make_article_editor("writer", publish=False)


def _duplicate_url(article: Article) -> str:
    return reverse("admin:supplements_cms_article_duplicate", args=[article.pk])


def _stored_jpeg(name: str) -> str:
    out = BytesIO()
    Image.new("RGB", (640, 480), "teal").save(out, "JPEG")
    return default_storage.save(name, ContentFile(out.getvalue()))


def _full_article() -> Article:
    image = _stored_jpeg("uploads/featured/abc.jpg")
    article = make_article(
        title="Magnesium for cramps",
        conditions=["Muscle cramps", "Fibromyalgia"],
        benefits=2,
        additional=1,
        supplement=make_supplement(),
        call_to_action=make_cta("Shop"),
        dose_min=200,
        dose_max=400,
        dose_unit="mg",
        dose_frequency="per day",
        image=image,
        image_width=640,
        image_height=480,
        image_alt="A glass of water",
        imported_edit_number=1,
    )
    # As made once the image was resized (a save of a new image clears them until then).
    renditions = [{"width": 480, "height": 320, "jpeg": "a.jpg", "webp": "a.webp"}]
    Reference.objects.create(article=article, position=1, title="Magnesium trial", year=2021)
    ClaimAcceptance.objects.create(article=article, key="k" * 32, phrase="cures", reason="r")
    WordPressPost.objects.create(article=article, site="blog.example", post_id=7)
    sign_off(article)
    Article.objects.filter(pk=article.pk).update(image_renditions=renditions)
    article.refresh_from_db()
    assert article.sign_off_id is not None
    assert article.image_renditions == renditions
    return article


def test_duplicate_makes_a_draft_with_the_text_and_parts_but_no_sign_off_or_history(publisher):
    source = _full_article()
    source_edits = source.edit_number
    client = signed_in(publisher)

    response = client.post(_duplicate_url(source))

    copy = Article.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert copy.title == "Magnesium for cramps (copy)"
    assert copy.slug not in ("", source.slug)
    assert copy.status == Article.Status.DRAFT
    assert copy.published_at is None
    assert not copy.is_live
    assert (copy.intro, copy.body, copy.conclusion) == (
        source.intro,
        source.body,
        source.conclusion,
    )
    assert (copy.dose_min, copy.dose_max, copy.dose_unit) == (200, 400, "mg")
    assert [
        (b.kind, b.title, b.description) for b in copy.benefits.order_by("kind", "position")
    ] == [(b.kind, b.title, b.description) for b in source.benefits.order_by("kind", "position")]
    assert list(copy.references.values_list("title", flat=True)) == ["Magnesium trial"]
    assert sorted(c.name for c in copy.conditions.all()) == ["Fibromyalgia", "Muscle cramps"]
    assert copy.supplement_id == source.supplement_id
    assert copy.call_to_action_id == source.call_to_action_id
    # The same stored files, the image's renditions and size too: nothing to resize again.
    assert copy.image.name == source.image.name
    assert copy.image_renditions == source.image_renditions
    assert (copy.image_width, copy.image_height) == (640, 480)
    assert copy.image_alt == "A glass of water"
    # What belongs to the source alone.
    assert copy.sign_off_id is None
    assert copy.imported_edit_number is None
    assert not ClaimAcceptance.objects.filter(article=copy).exists()
    assert not WordPressPost.objects.filter(article=copy).exists()
    assert copy.author == publisher
    # One revision of its own, and a log line naming who.
    assert Version.objects.get_for_object(copy).count() == 1
    entry = LogEntry.objects.get(object_id=str(copy.pk))
    assert entry.user == publisher
    assert entry.action_flag == ADDITION
    message = f"Duplicated from “Magnesium for cramps” (#{source.pk})"
    assert entry.get_change_message() == message
    assert Version.objects.get_for_object(copy).get().revision.comment == message
    # The source is as it was.
    source.refresh_from_db()
    assert source.edit_number == source_edits
    assert source.sign_off_id is not None
    # Readers never see the copy.
    assert Client().get(copy.get_absolute_url()).status_code == 404


def test_a_copy_of_an_article_whose_image_is_not_resized_yet_has_the_same_image(publisher):
    source = make_article(title="Fresh image", image=_stored_jpeg("uploads/featured/new.jpg"))
    assert source.image_renditions == []
    copy = DuplicateArticle(source, publisher).execute()
    copy.refresh_from_db()
    assert copy.image.name == source.image.name


def test_two_copies_get_two_free_addresses(publisher):
    source = make_article(title="Zinc")
    client = signed_in(publisher)
    client.post(_duplicate_url(source))
    client.post(_duplicate_url(source))
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 3


def test_duplicate_is_refused_to_a_get(publisher):
    source = make_article()
    response = signed_in(publisher).get(_duplicate_url(source))
    assert response.status_code == 405
    assert Article.objects.count() == 1


def test_duplicate_needs_the_csrf_token(publisher):
    source = make_article()
    client = Client(enforce_csrf_checks=True)
    client.force_login(publisher)
    assert client.post(_duplicate_url(source)).status_code == 403
    assert Article.objects.count() == 1


def test_duplicate_is_refused_to_a_user_who_may_not_add_articles():
    viewer = make_user("viewer", staff=True, perms=("view_article", "change_article"))
    source = make_article()
    response = signed_in(viewer).post(_duplicate_url(source))
    assert response.status_code == 403
    assert Article.objects.count() == 1
    with pytest.raises(ActionRefused) as refused:
        DuplicateArticle(source, viewer).execute()
    assert str(refused.value) == "You may not add articles."


def test_duplicate_is_refused_to_a_user_who_may_not_see_the_source():
    adder = make_user("adder", staff=True, perms=("add_article",))
    source = make_article()
    with pytest.raises(ActionRefused) as refused:
        DuplicateArticle(source, adder).execute()
    assert str(refused.value) == "You may not see this article."
    assert signed_in(adder).post(_duplicate_url(source)).status_code == 403
    assert Article.objects.count() == 1


def test_only_a_saved_article_is_duplicated(publisher):
    with pytest.raises(ActionRefused) as refused:
        DuplicateArticle(Article(title="Unsaved"), publisher).execute()
    assert str(refused.value) == "Only a saved article can be duplicated."
    assert not Article.objects.exists()


def test_an_operators_copy_has_no_author_and_a_long_title_is_cut_to_fit():
    title = "M" * Article._meta.get_field("title").max_length
    source = make_article(title=title)

    copy = DuplicateArticle(source, None).execute()

    copy.refresh_from_db()
    assert copy.author is None
    assert copy.title == f"{title} (copy)"[: len(title)]
    assert copy.status == Article.Status.DRAFT
    assert not LogEntry.objects.exists()


def test_the_change_form_offers_duplicate_as_a_post_with_its_token(publisher):
    source = make_article()
    page = signed_in(publisher).get(change_url(source))
    form = BeautifulSoup(page.content, "html.parser").select_one("form.scms-duplicate")
    assert form is not None
    assert form["method"] == "post"
    assert form["action"] == _duplicate_url(source)
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None

    viewer = make_user("viewer", staff=True, perms=("view_article",))
    page = signed_in(viewer).get(change_url(source))
    assert b"scms-duplicate" not in page.content


def test_the_list_action_duplicates_each_selected_article(publisher):
    first, second = make_article(title="One"), make_article(title="Two")
    response = signed_in(publisher).post(
        CHANGELIST, {"action": "duplicate", "_selected_action": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "One",
        "One (copy)",
        "Two",
        "Two (copy)",
    ]


def test_the_list_action_is_not_offered_to_a_user_who_may_not_add():
    viewer = make_user("viewer", staff=True, perms=("view_article", "change_article"))
    article = make_article()
    client = signed_in(viewer)
    page = client.get(CHANGELIST)
    assert b'value="duplicate"' not in page.content
    client.post(CHANGELIST, {"action": "duplicate", "_selected_action": [article.pk]})
    assert Article.objects.count() == 1


# Bulk edit.


def _bulk(client: Client, articles, **fields) -> object:
    data = {
        "action": "edit_topics",
        "_selected_action": [a.pk for a in articles],
        "apply": "yes",
        **{f"seen-{a.pk}": a.edit_number for a in articles},
        **fields,
    }
    return client.post(CHANGELIST, data, follow=True)


def test_the_bulk_edit_asks_on_a_page_of_its_own_first(publisher):
    article = make_article(title="Iron", conditions=["Anaemia"])
    page = signed_in(publisher).post(
        CHANGELIST, {"action": "edit_topics", "_selected_action": [article.pk]}
    )
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    assert "Iron" in soup.select_one(".scms-bulk-edit__articles").get_text()
    assert soup.select_one(f"input[name=seen-{article.pk}]")["value"] == str(article.edit_number)
    assert [c.name for c in article.conditions.all()] == ["Anaemia"]


def test_a_publisher_sets_conditions_and_supplement_live_with_a_revision_each(
    publisher, client, django_capture_on_commit_callbacks
):
    draft = make_article(title="Draft one", published=False, conditions=["Old"])
    live = make_article(title="Live one", conditions=["Old"])
    supplement = make_supplement("Zinc picolinate")
    assert "Zinc picolinate" not in client.get(live.get_absolute_url()).content.decode()
    revisions = Version.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(
            signed_in(publisher),
            [draft, live],
            conditions_how="set",
            new_conditions="Night cramps",
            change_supplement="on",
            supplement=supplement.pk,
        )

    assert "2 articles changed." in response.content.decode()
    for article in (draft, live):
        article.refresh_from_db()
        assert [c.name for c in article.conditions.all()] == ["Night cramps"]
        assert article.supplement == supplement
        assert LogEntry.objects.filter(object_id=str(article.pk), user=publisher).exists()
    assert Version.objects.count() >= revisions + 2
    latest = Version.objects.get_for_object(live).first()
    assert "bulk edit" in latest.revision.comment
    assert latest.revision.user == publisher
    assert live.status == Article.Status.PUBLISHED
    # Readers see it at once: the page's cache versions went up.
    assert "Zinc picolinate" in client.get(live.get_absolute_url()).content.decode()


def test_conditions_are_added_and_removed_keeping_the_others(publisher):
    article = make_article(conditions=["Cramps", "Stress"])
    stress = Condition.objects.get(name="Stress")
    client = signed_in(publisher)
    _bulk(client, [article], conditions_how="add", new_conditions="Sleep")
    article.refresh_from_db()
    assert sorted(c.name for c in article.conditions.all()) == ["Cramps", "Sleep", "Stress"]
    _bulk(client, [article], conditions_how="remove", conditions=[stress.pk])
    assert sorted(c.name for c in article.conditions.all()) == ["Cramps", "Sleep"]


def test_a_writers_change_to_a_live_article_becomes_draft_changes(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    draft_article = make_article(title="Not yet", published=False)
    edits = live.edit_number
    supplement = make_supplement("Zinc")

    response = _bulk(
        signed_in(writer),
        [live, draft_article],
        change_supplement="on",
        supplement=supplement.pk,
        conditions_how="add",
        new_conditions="Sleep",
    )

    text = response.content.decode()
    assert "1 article changed." in text
    assert "1 published article got the change as draft changes" in text
    live.refresh_from_db()
    assert live.supplement is None
    assert live.edit_number == edits
    assert [c.name for c in live.conditions.all()] == ["Cramps"]
    draft = DraftChange.objects.get(article=live)
    assert set(draft.changed_fields) == {"supplement", "conditions"}
    # The change form opens on the draft: the new supplement and both conditions.
    form = form_on_page(signed_in(writer), change_url(live))
    assert form["supplement"] == str(supplement.pk)
    assert sorted(form["conditions"]) == sorted(
        str(pk)
        for pk in Condition.objects.filter(name__in=["Cramps", "Sleep"]).values_list(
            "pk", flat=True
        )
    )
    draft_article.refresh_from_db()
    assert draft_article.supplement == supplement


def test_a_user_who_may_only_view_cannot_bulk_edit():
    viewer = make_user("viewer", staff=True, perms=("view_article",))
    article = make_article(conditions=["Cramps"])
    client = signed_in(viewer)
    assert b'value="edit_topics"' not in client.get(CHANGELIST).content
    _bulk(client, [article], conditions_how="set", new_conditions="Other")
    assert [c.name for c in article.conditions.all()] == ["Cramps"]
    assert not Condition.objects.filter(name="Other").exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({}, "Choose at least one thing to change."),
        ({"conditions_how": "add"}, "Choose the conditions to add or remove."),
        ({"conditions_how": "everything"}, "Select a valid choice."),
        ({"change_supplement": "on", "supplement": "999999"}, "Select a valid choice."),
        ({"conditions_how": "set", "new_conditions": "!!!"}, "needs letters or digits"),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(publisher, fields, error):
    article = make_article(conditions=["Cramps"])
    edits = article.edit_number
    response = _bulk(signed_in(publisher), [article], **fields)
    assert response.status_code == 200
    assert error in response.content.decode(), errors_of(response)
    article.refresh_from_db()
    assert article.edit_number == edits
    assert [c.name for c in article.conditions.all()] == ["Cramps"]


def test_an_article_saved_since_it_was_chosen_is_left_alone(publisher):
    article = make_article(conditions=["Cramps"])
    chosen = Article.objects.get(pk=article.pk)
    article.title = "Saved meanwhile"
    article.save()

    response = _bulk(signed_in(publisher), [chosen], conditions_how="set", new_conditions="Other")

    assert "saved by someone else after you chose it" in response.content.decode()
    assert [c.name for c in article.conditions.all()] == ["Cramps"]
    # The typed name was for articles that did not take it: no condition of that name is left.
    assert not Condition.objects.filter(name="Other").exists()


def test_the_author_is_set_to_a_staff_user(publisher, writer):
    article = make_article()
    _bulk(signed_in(publisher), [article], change_author="on", author=writer.pk)
    article.refresh_from_db()
    assert article.author == writer


def test_a_change_that_puts_a_new_claim_warning_on_a_live_page_is_refused(publisher):
    claiming = make_supplement("Chromium")
    claiming.description = "It reverses diabetes."
    claiming.save()
    live = make_article(title="Live")
    draft = make_article(title="Draft", published=False)
    edits = live.edit_number

    response = _bulk(
        signed_in(publisher), [live, draft], change_supplement="on", supplement=claiming.pk
    )

    assert "would read as a disease claim" in response.content.decode()
    live.refresh_from_db()
    assert live.supplement is None
    assert live.edit_number == edits
    assert not LogEntry.objects.filter(object_id=str(live.pk)).exists()
    # A draft is not on a page: it takes the change, and its warnings wait for publication.
    draft.refresh_from_db()
    assert draft.supplement == claiming


# The bulk edit's action on its own, whatever path calls it.


def _topics_refusal(article, user, changes, seen=None) -> str:
    with pytest.raises(ActionRefused) as refused:
        EditArticleTopics(article, user, changes, seen).execute()
    return str(refused.value)


def test_the_bulk_edit_is_refused_for_each_reason_with_its_own_message(publisher):
    viewer = make_user("viewer", staff=True, perms=("view_article",))
    article = make_article(conditions=["Cramps"])
    author = TopicChanges(author=(None,))
    assert _topics_refusal(article, viewer, author) == "You may not change this article."
    assert _topics_refusal(article, publisher, TopicChanges()) == "Nothing to change was chosen."
    assert _topics_refusal(article, publisher, TopicChanges(conditions=("replace", []))) == (
        "Choose whether to set, add or remove the conditions."
    )
    assert _topics_refusal(article, publisher, author, seen=article.edit_number - 1) == (
        "It was saved by someone else after you chose it; nothing was changed."
    )
    gone = make_article()
    Article.objects.filter(pk=gone.pk).delete()
    assert _topics_refusal(gone, publisher, author) == "The article was deleted."
    # The edit number seen, or none: allowed, and the one change logged with its fields.
    assert EditArticleTopics(article, publisher, author, article.edit_number).execute() == "live"
    assert EditArticleTopics(article, publisher, author, None).execute() == "live"
    entry = LogEntry.objects.filter(object_id=str(article.pk)).first()
    assert entry.get_change_message() == "Changed author (bulk edit)"


def test_conditions_are_set_added_or_removed_in_order():
    a, b, c = "a", "b", "c"
    assert TopicChanges(conditions=("set", [c, a])).conditions_from([a, b]) == [c, a]
    assert TopicChanges(conditions=("add", [c, a])).conditions_from([a, b]) == [a, b, c]
    assert TopicChanges(conditions=("remove", [a])).conditions_from([a, b]) == [b]
    assert TopicChanges(supplement=(None,), author=(None,)).fields() == ["supplement", "author"]


def test_a_writers_bulk_edit_of_a_live_article_is_its_draft_change_and_says_so(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    cramps = Condition.objects.get(name="Cramps")
    sleep = Condition.objects.create(name="Sleep")
    zinc = make_supplement("Zinc")
    changes = TopicChanges(conditions=("add", [sleep]), supplement=(zinc,), author=(writer,))

    assert EditArticleTopics(live, writer, changes, live.edit_number).execute() == "draft"

    draft = DraftChange.objects.get(article=live)
    assert draft.data == {
        "conditions": [str(cramps.pk), str(sleep.pk)],
        "new_conditions": [""],
        "supplement": [str(zinc.pk)],
        "author": [str(writer.pk)],
    }
    assert (draft.edit_number, draft.saved_by) == (1, writer)
    entry = LogEntry.objects.get(object_id=str(live.pk))
    assert entry.get_change_message() == (
        "Saved draft changes of conditions, supplement, author (bulk edit)"
    )
    # Again, on the draft: it starts from the draft's conditions, and keeps its other fields.
    removing = TopicChanges(conditions=("remove", [cramps]), supplement=(None,))
    assert EditArticleTopics(live, writer, removing, None).execute() == "draft"
    draft.refresh_from_db()
    assert draft.data["conditions"] == [str(sleep.pk)]
    assert draft.data["supplement"] == [""]
    assert draft.data["author"] == [str(writer.pk)]
    assert draft.edit_number == 2
    # No author: an empty choice in the draft, as the form posts it.
    EditArticleTopics(live, writer, TopicChanges(author=(None,)), None).execute()
    draft.refresh_from_db()
    assert draft.data["author"] == [""]
    live.refresh_from_db()
    assert [c.name for c in live.conditions.all()] == ["Cramps"]
    assert live.supplement is None


def test_a_publishers_live_change_is_followed_by_a_draft_of_the_same_field(publisher, writer):
    live = make_article(title="Live", conditions=["Cramps"])
    zinc, iron = make_supplement("Zinc"), make_supplement("Iron")
    EditArticleTopics(live, writer, TopicChanges(supplement=(zinc,)), None).execute()

    changes = TopicChanges(supplement=(iron,), author=(publisher,))
    assert EditArticleTopics(live, publisher, changes, None).execute() == "live"

    live.refresh_from_db()
    assert (live.supplement, live.author) == (iron, publisher)
    draft = DraftChange.objects.get(article=live)
    # The draft changed the supplement: it follows; the author it never changed stays out.
    assert draft.data["supplement"] == [str(iron.pk)]
    assert "author" not in draft.data
    assert draft.changed_fields == ["supplement"]
    assert draft.saved_by == publisher
    messages = [e.get_change_message() for e in LogEntry.objects.filter(user=publisher)]
    assert messages == ["Changed supplement, author (bulk edit)"]
    comment = Version.objects.get_for_object(live).first().revision.comment
    assert comment == "Changed supplement, author (bulk edit)"


def test_a_bulk_edit_that_would_put_claims_on_a_live_page_says_how_many_word_for_word(publisher):
    one, two = make_supplement("Chromium"), make_supplement("Berberine")
    one.description = "It reverses diabetes."
    one.save()
    two.description = "It reverses diabetes. It also cures arthritis."
    two.save()
    live = make_article(title="Live")
    with pytest.raises(ActionRefused) as refused:
        EditArticleTopics(live, publisher, TopicChanges(supplement=(one,)), None).execute()
    assert str(refused.value) == (
        "with this change 1 sentence would read as a disease claim on the live page; make the "
        "change on its form, where a publisher accepts it."
    )
    with pytest.raises(ActionRefused) as refused:
        EditArticleTopics(live, publisher, TopicChanges(supplement=(two,)), None).execute()
    assert str(refused.value) == (
        "with this change 2 sentences would read as disease claims on the live page; make the "
        "change on its form, where a publisher accepts them."
    )
    live.refresh_from_db()
    assert live.supplement is None


# A writer's bulk edit of a live article whose draft already changes its conditions.


def _draft(article: Article, data: dict, changed: list[str] | None) -> DraftChange:
    return DraftChange.objects.create(article=article, data=data, changed_fields=changed)


def _draft_conditions(article: Article) -> list[str]:
    draft = DraftChange.objects.get(article=article)
    assert draft.data["new_conditions"] == [""]
    names = dict(Condition.objects.values_list("pk", "name"))
    return [names[int(pk)] for pk in draft.data["conditions"]]


def test_a_bulk_edit_starts_from_the_conditions_chosen_in_the_draft(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    fatigue, stress = (Condition.objects.create(name=n) for n in ("Fatigue", "Stress"))
    sleep = Condition.objects.create(name="Sleep")
    _draft(live, {"conditions": [str(fatigue.pk), str(stress.pk)]}, ["conditions"])

    changes = TopicChanges(conditions=("add", [sleep]))
    assert EditArticleTopics(live, writer, changes, None).execute() == "draft"

    assert _draft_conditions(live) == ["Fatigue", "Stress", "Sleep"]
    assert [c.name for c in live.conditions.all()] == ["Cramps"]


def test_a_bulk_edit_starts_from_the_conditions_typed_in_the_draft(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    sleep = Condition.objects.create(name="Sleep")
    typed = ["Night sweats; Hot flushes", "Stress"]
    _draft(live, {"new_conditions": typed}, ["new_conditions"])

    changes = TopicChanges(conditions=("add", [sleep]))
    assert EditArticleTopics(live, writer, changes, None).execute() == "draft"

    assert _draft_conditions(live) == ["Night sweats", "Hot flushes", "Stress", "Sleep"]


def test_a_bulk_edit_keeps_the_drafts_chosen_and_typed_conditions_together(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    fatigue = Condition.objects.create(name="Fatigue")
    sleep = Condition.objects.create(name="Sleep")
    data = {"conditions": [str(fatigue.pk), str(sleep.pk)], "new_conditions": ["Stress"]}
    _draft(live, data, ["conditions", "new_conditions"])

    changes = TopicChanges(conditions=("remove", [sleep]))
    assert EditArticleTopics(live, writer, changes, None).execute() == "draft"

    assert _draft_conditions(live) == ["Fatigue", "Stress"]


def test_a_draft_that_left_the_conditions_alone_takes_them_from_the_live_article(writer):
    live = make_article(title="Live", conditions=["Cramps"])
    old = Condition.objects.create(name="Old choice")
    sleep = Condition.objects.create(name="Sleep")
    # The form keeps every field; this draft changed only the supplement.
    data = {"conditions": [str(old.pk)], "new_conditions": ["Stale"], "supplement": [""]}
    _draft(live, data, ["supplement"])

    changes = TopicChanges(conditions=("add", [sleep]))
    assert EditArticleTopics(live, writer, changes, None).execute() == "draft"

    assert _draft_conditions(live) == ["Cramps", "Sleep"]
    draft = DraftChange.objects.get(article=live)
    assert draft.changed_fields == ["supplement", "conditions"]
    assert draft.data["supplement"] == [""]


def test_an_old_draft_without_changed_fields_counts_its_conditions_when_it_has_them(writer):
    sleep = Condition.objects.create(name="Sleep")
    # Saved before drafts named their changed fields: every field of it counts.
    without = make_article(title="Without", conditions=["Cramps"])
    _draft(without, {"supplement": [""]}, None)
    with_them = make_article(title="With", conditions=["Cramps"])
    fatigue = Condition.objects.create(name="Fatigue")
    _draft(with_them, {"conditions": [str(fatigue.pk)]}, None)

    changes = TopicChanges(conditions=("add", [sleep]))
    for article in (without, with_them):
        assert EditArticleTopics(article, writer, changes, None).execute() == "draft"

    assert _draft_conditions(without) == ["Cramps", "Sleep"]
    assert _draft_conditions(with_them) == ["Fatigue", "Sleep"]
    assert DraftChange.objects.get(article=with_them).changed_fields is None


def test_an_operators_live_change_is_followed_by_the_draft_with_no_one_as_its_saver(writer):
    live = make_article(title="Live")
    zinc, iron = make_supplement("Zinc"), make_supplement("Iron")
    EditArticleTopics(live, writer, TopicChanges(supplement=(zinc,)), None).execute()

    # A command's change: no user, and it goes live.
    assert EditArticleTopics(live, None, TopicChanges(supplement=(iron,)), None).execute() == (
        "live"
    )

    live.refresh_from_db()
    assert live.supplement == iron
    draft = DraftChange.objects.get(article=live)
    assert draft.data["supplement"] == [str(iron.pk)]
    assert (draft.edit_number, draft.saved_by) == (2, None)


def test_a_warning_already_on_the_live_page_does_not_refuse_a_bulk_edit(publisher, writer):
    claiming = make_supplement("Chromium")
    claiming.description = "It reverses diabetes."
    claiming.save()
    # Put live before the rule, say: its page already reads as a claim.
    live = make_article(title="Live", supplement=claiming)

    changes = TopicChanges(author=(writer,))
    assert EditArticleTopics(live, publisher, changes, None).execute() == "live"

    live.refresh_from_db()
    assert live.author == writer


def test_the_bulk_edit_leaves_the_stored_article_on_the_action(publisher):
    live = make_article(title="Live")
    chosen = Article.objects.get(pk=live.pk)
    zinc = make_supplement("Zinc")
    action = EditArticleTopics(chosen, publisher, TopicChanges(supplement=(zinc,)), None)

    assert action.execute() == "live"

    # The caller reads what was saved: the new supplement and edit number.
    assert action.article is not chosen
    assert (action.article.pk, action.article.supplement) == (live.pk, zinc)
    assert action.article.edit_number == live.edit_number + 1


def test_a_copy_of_a_resized_image_is_not_resized_again(
    publisher, monkeypatch, django_capture_on_commit_callbacks
):
    from supplements_cms.content import images

    source = _full_article()
    resized: list[str] = []

    def make_renditions(name: str) -> list:
        resized.append(name)
        return []

    monkeypatch.setattr(images, "make_renditions", make_renditions)

    with images.made_inline(), django_capture_on_commit_callbacks(execute=True):
        copy = DuplicateArticle(source, publisher).execute()

    assert resized == []
    copy.refresh_from_db()
    assert copy.image.name == source.image.name
    assert copy.image_renditions == source.image_renditions
