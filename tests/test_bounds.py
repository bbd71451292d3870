"""Editor text is bounded on every path that sets it, request bodies before they are read, and
bad input (nested JSON, NUL, lone surrogates, other encodings, content types) is a 4xx with a
message, never a server error, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from supplements_cms.models import Article, Autosave, Benefit, DraftChange
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

EDITOR_PERMS = ("add_article", "change_article", "view_article", "publish_article")
LIMIT = 2_000


@pytest.fixture
def small_limits(settings):
    settings.SUPPLEMENTS_CMS = {"MARKDOWN_MAX_CHARS": LIMIT, "PREVIEW_MAX_BYTES": 50_000}


def staff(**client_options) -> Client:
    client = Client(**client_options)
    client.force_login(make_user("writer", staff=True, perms=EDITOR_PERMS))
    return client


# The length of Markdown, on every path.


def test_the_admin_form_refuses_a_body_over_the_limit_and_names_it(small_limits):
    response = staff().post(ADD_URL, form_data(body="word " * LIMIT))

    assert response.status_code == 200
    assert "at most 2000 characters are allowed (MARKDOWN_MAX_CHARS)" in errors_of(response)
    assert not Article.objects.exists()


def test_a_body_at_the_limit_is_saved(small_limits):
    body = "w" * LIMIT

    response = staff().post(ADD_URL, form_data(body=body))

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get().body == body


def test_a_benefit_description_over_the_limit_is_an_error_of_its_row(small_limits):
    response = staff().post(ADD_URL, form_data(**{"benefits-1-description": "x " * LIMIT}))

    assert response.status_code == 200
    assert "MARKDOWN_MAX_CHARS" in errors_of(response)
    assert not Article.objects.exists()
    assert not Benefit.objects.exists()


def test_model_validation_refuses_long_markdown_on_any_path(small_limits):
    article = Article(title="Long", body="x" * (LIMIT + 1), conclusion="y" * (LIMIT + 1))

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert set(raised.value.message_dict) == {"body", "conclusion"}


EXPORT = """Magnesium for Sleep

Magnesium is a mineral that many people take in the evening.

Conclusion

{conclusion}
"""


def test_an_import_with_too_long_a_part_fails_naming_the_file_and_part(small_limits, tmp_path):
    make_user("operator", staff=True, perms=("add_article", "change_article"))
    path = tmp_path / "long.txt"
    path.write_text(EXPORT.format(conclusion="Sleep well. " * LIMIT), encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_articles", str(path), "--user", "operator", stdout=StringIO(), stderr=StringIO()
        )

    assert "1 failed" in str(raised.value)
    assert not Article.objects.exists()


def test_the_import_failure_says_which_part_is_too_long(small_limits, tmp_path):
    make_user("operator", staff=True, perms=("add_article", "change_article"))
    path = tmp_path / "long.txt"
    path.write_text(EXPORT.format(conclusion="Sleep well. " * LIMIT), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "import_articles", str(path), "--user", "operator", stdout=StringIO(), stderr=err
        )

    assert "long.txt" in err.getvalue()
    assert "conclusion: This text has" in err.getvalue()


# Request bodies: refused before they are read.


def test_a_live_preview_larger_than_its_limit_is_a_413_read_no_further(small_limits):
    client = staff()
    url = reverse("admin:supplements_cms_article_add_live_preview")

    with mock.patch("django.http.request.HttpRequest._load_post_and_files") as parsed:
        response = client.post(url, form_data(body="x" * 60_000))

    assert response.status_code == 413
    assert "too large to preview" in response.content.decode()
    parsed.assert_not_called()


def test_the_bounded_preview_still_needs_the_csrf_token(small_limits):
    client = staff(enforce_csrf_checks=True)
    url = reverse("admin:supplements_cms_article_add_live_preview")

    refused = client.post(url, form_data())
    client.get(ADD_URL)
    token = client.cookies["csrftoken"].value
    shown = client.post(url, {**form_data(), "csrfmiddlewaretoken": token})

    assert refused.status_code == 403
    assert shown.status_code == 200


def test_the_markdown_editors_preview_refuses_too_long_a_text(small_limits):
    client = staff()
    url = reverse("supplements_cms:editor_preview")

    too_long = client.post(url, {"content": "x" * (LIMIT + 1)})
    too_large = client.post(url, {"content": "x" * 60_000})

    assert too_long.status_code == 413
    assert "MARKDOWN_MAX_CHARS" in too_long.json()["error"]
    assert too_large.status_code == 413


def test_a_request_with_no_valid_length_is_a_400():
    client = staff()
    url = reverse("supplements_cms:editor_preview")

    response = client.post(url, {"content": "x"}, headers={"content-length": "many"})

    assert response.status_code == 400


# Autosave: anything but the form's data is a 4xx with a message.


def autosave(client: Client, body: bytes | str, content_type: str = "application/json"):
    return client.post(reverse("supplements_cms:editor_autosave"), body, content_type=content_type)


@pytest.mark.parametrize(
    "body",
    [
        '{"fields": {"title": ' + "[" * 100_000 + "]" * 100_000 + "}}",
        "[" * 100_000,
        '{"fields": {"title": ["a"]}, "labels": {}, "extra": 1}',
        '{"fields": {"title": "not a list"}, "labels": {}}',
        b'{"fields": {"title": ["caf\xe9"]}, "labels": {}}',
    ],
    ids=["deeply-nested", "unclosed-nesting", "unknown-key", "wrong-shape", "latin-1"],
)
def test_autosave_answers_bad_json_with_a_400(body):
    response = autosave(staff(), body)

    assert response.status_code == 400
    assert response.json()["error"] == "The autosave is not form data."
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        '{"fields": {"title": ["a\\u0000b"]}, "labels": {}}',
        '{"fields": {"title": ["a\\ud800b"]}, "labels": {}}',
        '{"fields": {"kind": ["x"]}, "labels": {"kind": {"\\udfff": "x"}}}',
        '{"fields": {"kind": ["x"]}, "labels": {"kind": {"x": "\\u0000"}}}',
    ],
    ids=["nul", "lone-surrogate", "surrogate-in-an-option", "nul-in-a-label"],
)
def test_autosave_refuses_text_no_database_stores(payload):
    response = autosave(staff(), payload)

    assert response.status_code == 400
    assert "cannot be stored" in response.json()["error"]
    assert not Autosave.objects.exists()


def test_autosave_keeps_paired_surrogates_as_the_character_they_make():
    response = autosave(staff(), '{"fields": {"title": ["Sleep \\ud83d\\ude34"]}, "labels": {}}')

    assert response.status_code == 200
    assert Autosave.objects.get().data["fields"]["title"] == ["Sleep \N{SLEEPING FACE}"]


def test_autosave_in_another_content_type_is_a_415():
    response = autosave(staff(), "fields=title", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert response.json()["error"] == "The autosave is sent as JSON."


# The admin forms: a form error, never a server error.


def test_a_nul_in_a_text_field_of_the_article_form_is_a_form_error():
    response = staff().post(ADD_URL, form_data(title="Sleep\x00", body="A\x00B"))

    assert response.status_code == 200
    assert "Null characters are not allowed." in errors_of(response)
    assert not Article.objects.exists()


def test_a_nul_in_a_benefit_row_is_a_form_error():
    response = staff().post(ADD_URL, form_data(**{"benefits-0-description": "a\x00b"}))

    assert response.status_code == 200
    assert "Null characters are not allowed." in errors_of(response)
    assert not Article.objects.exists()


def test_bytes_that_are_not_utf8_in_the_article_form_save_no_unstorable_text():
    # A lone surrogate encoded as UTF-8 would be, and a Latin-1 byte: browsers never send them.
    body = "&".join(f"{k}={v}" for k, v in form_data(title="T").items() if k != "title")
    response = staff().post(
        ADD_URL,
        (body + "&title=Sleep%ED%A0%80%E9").encode(),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (200, 302)
    for title in Article.objects.values_list("title", flat=True):
        assert not any("\ud800" <= c <= "\udfff" or c == "\x00" for c in title)


def test_a_nul_in_a_field_the_form_does_not_have_never_reaches_a_draft():
    article = make_article(title="Published")
    data = {**form_data(title="Published, edited"), "unknown\x00": "a\x00b", "_save_draft": "1"}

    response = staff().post(change_url(article), data)

    assert response.status_code in (200, 302)
    for draft in DraftChange.objects.all():
        stored = json.dumps(draft.data)
        assert "\\u0000" not in stored


def test_model_validation_refuses_a_nul_or_a_lone_surrogate_in_any_text_field():
    article = Article(title="Sleep\ud800", summary="a\x00b", body="Fine.")

    with pytest.raises(ValidationError) as raised:
        article.full_clean()

    assert {"title", "summary"} <= set(raised.value.message_dict)
    assert "cannot be stored" in raised.value.message_dict["summary"][0]


# Rendering before the write transaction.


def test_markdown_rendered_before_the_transaction_is_not_rendered_again_on_save():
    article = Article(title="Prepared", body="## A heading\n\nText *here*.", intro="Hello.")
    article.prepare_markdown()

    with mock.patch("supplements_cms.models.rendering.render_markdown") as render:
        article.save()

    render.assert_not_called()
    assert Article.objects.get().body_html.startswith('<h2 id="a-heading">A heading</h2>')


def test_a_field_changed_after_preparing_is_rendered_on_save():
    article = Article(title="Prepared", body="Old *text*.", intro="Hello.")
    article.prepare_markdown()
    article.body = "New **text**."
    article.save()

    stored = Article.objects.get()
    assert stored.body_html == "<p>New <strong>text</strong>.</p>"
    assert stored.intro_html == "<p>Hello.</p>"


def test_a_loaded_article_renders_on_save_as_before():
    article = make_article(body="Plain.")
    Article.objects.filter(pk=article.pk).update(body_html="stale")

    loaded = Article.objects.get(pk=article.pk)
    loaded.save()

    assert Article.objects.get(pk=article.pk).body_html == "<p>Plain.</p>"


# The previews: whatever is posted, a page or a message.


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"title=Caf\xe9&body=Caf\xe9+%ED%A0%80", "application/x-www-form-urlencoded"),
        (b'{"title": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "application/json"),
        (b"\x00\x01\x02", "application/octet-stream"),
        (b"title=Sleep%00&body=A%00B&unknown%00=x", "application/x-www-form-urlencoded"),
    ],
    ids=["latin-1-and-surrogate-bytes", "nested-json", "binary", "nul"],
)
def test_the_live_preview_answers_any_body_without_a_server_error(body, content_type):
    url = reverse("admin:supplements_cms_article_add_live_preview")

    response = staff().post(url, body, content_type=content_type)

    assert response.status_code == 200
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "content", ["A\x00B *b*", "Caf\ufffd \ufffd", "[" * 5_000], ids=["nul", "replaced", "brackets"]
)
def test_the_markdown_editors_preview_renders_any_text(content):
    response = staff().post(reverse("supplements_cms:editor_preview"), {"content": content})

    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_every_field_of_the_article_form_can_be_autosaved():
    client = staff()
    fields = {name: [""] for name in form_on_page(client, ADD_URL)}

    response = autosave(client, json.dumps({"fields": fields, "labels": {}}))

    assert response.status_code == 200, response.content
    assert set(Autosave.objects.get().data["fields"]) == set(fields)


@pytest.mark.parametrize("name", ["a b", "x" * 101, "", "title\n"], ids=repr)
def test_autosave_refuses_a_name_no_form_field_has(name):
    response = autosave(staff(), json.dumps({"fields": {name: ["a"]}, "labels": {}}))

    assert response.status_code == 400
    assert not Autosave.objects.exists()
