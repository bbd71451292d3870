"""Editorial safety: revisions, no lost updates, publish permission, redirects, previews,
deletion, and nothing unfinished leaking to any public URL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from supplements_cms.models import (
    Article,
    Benefit,
    DraftChange,
    Reference,
    RelatedPost,
    SlugRedirect,
)
from tests.admin_forms import change_url, errors_of, form_on_page
from tests.factories import make_article, make_supplement, make_user, signed_in

pytestmark = pytest.mark.django_db

EDITOR_PERMS = ("add_article", "change_article", "view_article", "delete_article")


@pytest.fixture
def publisher(client):
    user = make_user("publisher", staff=True, perms=(*EDITOR_PERMS, "publish_article"))
    client.force_login(user)
    return client


def save(client, article, **changes):
    data = {**form_on_page(client, change_url(article)), **changes}
    return client.post(change_url(article), data)


def test_every_admin_save_keeps_a_revision_with_the_inlines(publisher):
    article = make_article(title="Magnesium", intro="First words.", conditions=["Cramps"])
    Benefit.objects.create(article=article, title="Calm", description="Old text.", position=1)
    Reference.objects.create(article=article, title="A study", position=1)

    response = save(publisher, article, intro="Second words.", **{"benefits-0-description": "New."})
    assert response.status_code == 302, errors_of(response)

    (version,) = Version.objects.get_for_object(article)
    kept = {v.content_type.model: v.field_dict for v in version.revision.version_set.all()}
    assert kept["article"]["intro"] == "Second words."
    assert kept["benefit"]["description"] == "New."
    assert kept["reference"]["title"] == "A study"
    assert kept["articlecondition"]["content_object_id"] == article.pk
    assert version.revision.user.username == "publisher"


def test_history_compare_and_restore(publisher):
    article = make_article(title="Magnesium", body="Magnesium helps some people sleep.")
    save(publisher, article, body="Magnesium helps many people sleep.")
    article.refresh_from_db()
    save(publisher, article, body="Magnesium helps many people sleep deeply.")
    older, newer = sorted(Version.objects.get_for_object(article), key=lambda v: v.pk)

    history = publisher.get(reverse("admin:supplements_cms_article_history", args=[article.pk]))
    rows = BeautifulSoup(history.content, "html.parser").select("#change-history tbody tr")
    assert len(rows) == 2
    assert "publisher" in rows[0].get_text()

    compare = publisher.get(
        reverse("admin:supplements_cms_article_compare", args=[article.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    diff = BeautifulSoup(compare.content, "html.parser").select_one(".scms-compare__diff")
    assert diff.find("del").get_text() == "sleep."
    assert diff.find("ins").get_text() == "sleep deeply."
    assert diff.get_text() == "Magnesium helps many people sleep.sleep deeply."

    # Restoring the older revision of a live article makes it the article's draft changes;
    # publishing them saves a new revision: nothing in between is lost.
    restore_url = reverse("admin:supplements_cms_article_revision", args=[article.pk, older.pk])
    form = form_on_page(publisher, restore_url)
    response = publisher.post(restore_url, form)
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.body == "Magnesium helps many people sleep deeply."
    assert DraftChange.objects.get(article=article).changed_fields == ["body"]
    response = publisher.post(change_url(article), form_on_page(publisher, change_url(article)))
    assert response.status_code == 302, errors_of(response)
    article.refresh_from_db()
    assert article.body == "Magnesium helps many people sleep."
    assert Version.objects.get_for_object(article).count() == 3
    assert not DraftChange.objects.filter(article=article).exists()


def test_a_revision_previews_with_the_public_templates_and_stays_private(publisher):
    article = make_article(title="Magnesium", intro="The old introduction.")
    save(publisher, article, intro="The new introduction.")
    version = Version.objects.get_for_object(article).first()
    article.refresh_from_db()
    save(publisher, article, intro="A third introduction.")
    url = reverse("admin:supplements_cms_article_revision_preview", args=[article.pk, version.pk])

    response = publisher.get(url)

    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".scms-article__intro").get_text(strip=True) == "The new introduction."
    assert "Preview of the revision" in soup.select_one(".scms-preview-banner").get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert Client().get(url).status_code == 302  # anonymous: to the admin login


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(publisher):
    article = make_article(title="Magnesium", body="The original paragraph.", status="draft")
    other = signed_in(make_user("grace", staff=True, perms=EDITOR_PERMS))
    mine = form_on_page(publisher, change_url(article))
    theirs = form_on_page(other, change_url(article))

    first = other.post(change_url(article), {**theirs, "body": "Grace rewrote this paragraph."})
    assert first.status_code == 302
    second = publisher.post(change_url(article), {**mine, "body": "My careful new paragraph."})

    assert second.status_code == 200
    soup = BeautifulSoup(second.content, "html.parser")
    assert "Someone else saved this article while you were editing it (grace)" in errors_of(second)
    assert soup.select_one("textarea[name=body]").get_text().strip() == "My careful new paragraph."
    conflict = soup.select_one(".scms-conflict")
    assert "Body" in conflict.get_text()
    assert conflict.find("ins").get_text().strip() == "Grace rewrote this"
    article.refresh_from_db()
    assert article.body == "Grace rewrote this paragraph."

    # Ticking "Save anyway" keeps the second editor's text; Grace's stays in the history.
    resend = {**mine, "body": "My careful new paragraph.", "overwrite": "on"}
    assert publisher.post(change_url(article), resend).status_code == 302
    article.refresh_from_db()
    assert article.body == "My careful new paragraph."
    kept = [v.field_dict["body"] for v in Version.objects.get_for_object(article)]
    assert "Grace rewrote this paragraph." in kept


def test_a_conflict_through_the_inlines_only_is_refused_too(publisher):
    article = make_article(title="Magnesium", published=False)
    Benefit.objects.create(article=article, title="Calm", description="Original.", position=1)
    other = signed_in(make_user("grace", staff=True, perms=EDITOR_PERMS))
    mine = form_on_page(publisher, change_url(article))
    theirs = form_on_page(other, change_url(article))

    assert (
        other.post(
            change_url(article), {**theirs, "benefits-0-description": "Grace's."}
        ).status_code
        == 302
    )
    second = publisher.post(change_url(article), {**mine, "benefits-0-description": "Mine."})

    assert second.status_code == 200
    assert Benefit.objects.get().description == "Grace's."


def test_editors_without_publish_permission_write_drafts_and_submit_them(client):
    editor = make_user("writer", staff=True, perms=EDITOR_PERMS)
    client.force_login(editor)
    article = make_article(title="Draft one", published=False)

    form = BeautifulSoup(client.get(change_url(article)).content, "html.parser")
    statuses = [o["value"] for o in form.select("select[name=status] option")]
    assert statuses == ["draft", "review"]

    assert save(client, article, status="review").status_code == 302
    assert Article.objects.get(pk=article.pk).status == "review"
    refused = save(client, article, status="published")
    assert refused.status_code == 200
    assert Article.objects.get(pk=article.pk).status == "review"

    changelist = "/admin/supplements_cms/article/"
    actions = BeautifulSoup(client.get(changelist).content, "html.parser")
    assert {o["value"] for o in actions.select("select[name=action] option")} >= {""}
    assert "publish" not in {o["value"] for o in actions.select("select[name=action] option")}
    client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    assert Article.objects.get(pk=article.pk).status == "review"


def test_only_publishers_change_a_published_articles_status_or_slug(client, publisher):
    article = make_article(title="Live one", slug="live-one")
    writer = signed_in(make_user("writer", staff=True, perms=EDITOR_PERMS))

    form = BeautifulSoup(writer.get(change_url(article)).content, "html.parser")
    assert form.select_one("input[name=slug]") is None
    assert form.select_one("select[name=status]") is None
    save(writer, article, intro="Edited text waits for a publisher.")
    article.refresh_from_db()
    # Only publishers change what readers see: a writer's edit is kept as draft changes.
    assert (article.slug, article.status) == ("live-one", "published")
    assert article.intro != "Edited text waits for a publisher."
    assert article.draft_change.data["intro"] == ["Edited text waits for a publisher."]

    publisher.post(
        "/admin/supplements_cms/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "draft"
    assert Version.objects.get_for_object(article).first().revision.get_comment() == "Unpublished"


def test_a_changed_slug_redirects_permanently(client, publisher):
    article = make_article(title="Old title", slug="old-title")
    assert save(publisher, article, slug="new-title").status_code == 302

    response = client.get(reverse("supplements_cms:article_detail", args=["old-title"]))

    assert response.status_code == 301
    assert response["Location"] == reverse("supplements_cms:article_detail", args=["new-title"])
    # Moving back removes the loop: the new slug no longer redirects anywhere.
    article.refresh_from_db()
    save(publisher, article, slug="old-title")
    assert (
        client.get(reverse("supplements_cms:article_detail", args=["old-title"])).status_code == 200
    )
    assert SlugRedirect.objects.get().old_slug == "new-title"


def test_an_old_slug_of_a_draft_is_a_404_for_visitors(client):
    article = make_article(title="Moved draft", slug="before", published=False)
    article.slug = "after"
    article.save()
    assert client.get(reverse("supplements_cms:article_detail", args=["before"])).status_code == 404


def test_deleting_an_article_others_link_to_is_refused(publisher):
    target = make_article(title="Linked to")
    source = make_article(title="Links")
    RelatedPost.objects.create(article=source, target=target, position=1)

    response = publisher.post(
        f"/admin/supplements_cms/article/{target.pk}/delete/", {"post": "yes"}
    )

    assert Article.objects.filter(pk=target.pk).exists()
    page = BeautifulSoup(response.content, "html.parser")
    assert page.title.get_text().startswith("Cannot delete article")
    # The page names what still links to it, so the editor knows what to change first.
    assert "Related post" in page.select_one("#content").get_text()


def test_a_deleted_article_can_be_recovered(publisher):
    article = make_article(title="Short-lived")
    save(publisher, article, intro="Kept in a revision.")
    publisher.post(f"/admin/supplements_cms/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(title="Short-lived").exists()

    recover = publisher.get("/admin/supplements_cms/article/recover/")
    row = BeautifulSoup(recover.content, "html.parser").find("td", string="Short-lived").parent
    link = row.find("a")["href"]
    response = publisher.post(link, form_on_page(publisher, link))
    assert response.status_code == 302, errors_of(response)

    assert Article.objects.get(title="Short-lived").intro == "Kept in a revision."


def test_scheduled_articles_are_listed_as_such(publisher):
    make_article(title="Later", published_at=timezone.now() + timedelta(days=3), status="published")
    page = BeautifulSoup(publisher.get("/admin/supplements_cms/article/").content, "html.parser")
    assert "Scheduled for" in page.select_one("#result_list tbody").get_text()


def test_nothing_unfinished_reaches_any_public_url(client):
    supplement = make_supplement("Magnesium Glycinate")
    live = make_article(title="Live article", conditions=["Cramps"], supplement=supplement)
    hidden = [
        make_article(
            title="Draft secret", conditions=["Cramps"], supplement=supplement, published=False
        ),
        make_article(
            title="Review secret",
            conditions=["Cramps"],
            supplement=supplement,
            status="review",
            published_at=None,
        ),
        make_article(
            title="Scheduled secret",
            conditions=["Cramps"],
            supplement=supplement,
            status="published",
            published_at=timezone.now() + timedelta(days=1),
        ),
    ]
    for article in hidden:
        RelatedPost.objects.create(article=live, target=article, position=1)
    condition = live.conditions.get()
    urls = [
        reverse("supplements_cms:article_list"),
        live.get_absolute_url(),
        reverse("supplements_cms:condition_list"),
        condition.get_absolute_url(),
        reverse("supplements_cms:supplement_list"),
        supplement.get_absolute_url(),
        reverse("supplements_cms:search") + "?q=secret",
        reverse("supplements_cms:feed_rss"),
        reverse("supplements_cms:feed_atom"),
        reverse("supplements_cms:condition_feed_rss", args=[condition.slug]),
        reverse("supplements_cms:condition_feed_atom", args=[condition.slug]),
        reverse("supplements_cms:supplement_feed_rss", args=[supplement.slug]),
        reverse("supplements_cms:supplement_feed_atom", args=[supplement.slug]),
        "/sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for article in hidden:
            assert article.title not in text, (url, article.title)
            assert article.get_absolute_url() not in text, (url, article.title)
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_a_conflict_after_another_editor_deleted_a_row_keeps_every_row_as_typed(publisher):
    article = make_article(title="Magnesium", status="draft")
    for position, title in enumerate(("Calm", "Sleep", "Bones"), start=1):
        Benefit.objects.create(
            article=article, title=title, description=f"About {title}.", position=position
        )
    other = signed_in(make_user("grace", staff=True, perms=EDITOR_PERMS))
    mine = form_on_page(publisher, change_url(article))
    theirs = form_on_page(other, change_url(article))
    assert [mine[f"benefits-{i}-title"] for i in range(3)] == ["Calm", "Sleep", "Bones"]

    # Grace deletes "Sleep"; meanwhile I rewrite its description and the next row's.
    first = other.post(change_url(article), {**theirs, "benefits-1-DELETE": "on"})
    assert first.status_code == 302, errors_of(first)
    mine.update({"benefits-1-description": "My sleep text.", "benefits-2-description": "My bones."})
    second = publisher.post(change_url(article), mine)

    assert second.status_code == 200
    errors = errors_of(second)
    assert "deleted the row “Sleep”" in errors
    soup = BeautifulSoup(second.content, "html.parser")
    rows = soup.select("#benefits-group div.inline-related.has_original")
    shown = [
        (
            row.select_one(".inline_label").get_text(strip=True),
            row.select_one("input[name$=-title]")["value"],
            row.select_one("textarea[name$=-description]").get_text().strip(),
        )
        for row in rows
    ]
    # Every row I typed, each labelled by its own title.
    assert shown == [
        ("Calm", "Calm", "About Calm."),
        ("Sleep", "Sleep", "My sleep text."),
        ("Bones", "Bones", "My bones."),
    ]

    # "Save anyway" adds the deleted row back as typed, and keeps my other edit.
    resend = {**form_on_page_data(second), "overwrite": "on"}
    third = publisher.post(change_url(article), resend)
    assert third.status_code == 302, errors_of(third)
    assert [(b.title, b.description) for b in article.benefits.order_by("position")] == [
        ("Calm", "About Calm."),
        ("Sleep", "My sleep text."),
        ("Bones", "My bones."),
    ]


def form_on_page_data(response) -> dict:
    """The form of a returned page as a browser would send it again."""
    form = BeautifulSoup(response.content, "html.parser").select_one("form#article_form")
    data: dict = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = [o.get("value", o.get_text()) for o in field.select("option[selected]")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    data.pop("csrfmiddlewaretoken", None)
    return data


def test_a_save_that_meets_a_locked_database_comes_back_as_typed(publisher, monkeypatch):
    from django.db import OperationalError

    article = make_article(title="Magnesium", intro="Before.", status="draft")
    data = form_on_page(publisher, change_url(article))

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(Article, "save", locked)
    response = publisher.post(change_url(article), {**data, "intro": "My new words."})
    assert response.status_code == 200
    assert "The database was busy" in errors_of(response)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("textarea[name=intro]").get_text().strip() == "My new words."
    monkeypatch.undo()
    article.refresh_from_db()
    assert article.intro == "Before."

    # Another database error is not mistaken for a busy database.
    monkeypatch.setattr(
        Article, "save", lambda *a, **k: (_ for _ in ()).throw(OperationalError("disk I/O error"))
    )
    with pytest.raises(OperationalError):
        publisher.post(change_url(article), {**data, "intro": "Again."})
