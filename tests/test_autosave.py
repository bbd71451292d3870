"""The article form's autosave: editors only, CSRF-protected, bounded, private to its owner, and
gone once the form is saved."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from supplements_cms.editorial.autosave import KEPT_PER_ARTICLE
from supplements_cms.models import Autosave, DraftChange
from tests.admin_forms import ADD_URL, change_url, errors_of, form_data, form_on_page
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

EDITOR_PERMS = ("add_article", "change_article", "view_article")
FORM = {"fields": {"title": ["Typed but not saved"], "body": ["## Half a section"]}, "labels": {}}


def url(article=None) -> str:
    args = [] if article is None else [article.pk]
    return reverse("supplements_cms:editor_autosave", args=args)


def post_json(client: Client, address: str, payload, **extra):
    return client.post(address, json.dumps(payload), content_type="application/json", **extra)


def logged_in(username: str, perms=EDITOR_PERMS, **client_options) -> Client:
    client = Client(**client_options)
    client.force_login(make_user(username, staff=True, perms=perms))
    return client


def offer_on(client: Client, address: str):
    """The autosave the form offers back, as its script gets it."""
    soup = BeautifulSoup(client.get(address).content, "html.parser")
    config = json.loads(soup.find(id="scms-editor-config").string)
    banner = soup.select_one("[data-scms-autosave-offer]")
    return config.get("autosave"), banner


def test_an_editor_keeps_and_discards_their_autosave():
    article = make_article(title="Magnesium")
    ada = logged_in("ada")

    kept = post_json(ada, url(article), FORM)

    assert kept.status_code == 200
    assert "saved_at" in kept.json()
    saved = Autosave.objects.get()
    assert (saved.user.username, saved.article, saved.data) == ("ada", article, FORM)
    again = post_json(ada, url(article), {"fields": {"title": ["Typed more"]}})
    assert again.status_code == 200
    assert Autosave.objects.get().data["fields"] == {"title": ["Typed more"]}

    assert ada.delete(url(article)).status_code == 204
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    ("staff", "perms"),
    [(False, EDITOR_PERMS), (True, ()), (True, ("view_article",)), (True, ("add_article",))],
    ids=["not staff", "no permissions", "may only view", "may only add"],
)
def test_only_who_may_change_an_article_autosaves_its_form(client, staff, perms):
    article = make_article()
    client.force_login(make_user("someone", staff=staff, perms=perms))

    assert post_json(client, url(article), FORM).status_code == 403
    assert client.delete(url(article)).status_code == 403
    assert not Autosave.objects.exists()


def test_the_form_of_a_new_article_needs_the_add_permission(client):
    client.force_login(make_user("adder", staff=True, perms=("add_article",)))
    assert post_json(client, url(), FORM).status_code == 200
    assert Autosave.objects.get().article is None

    client.force_login(make_user("changer", staff=True, perms=("change_article",)))
    assert post_json(client, url(), FORM).status_code == 403


def test_visitors_are_refused_and_nothing_is_read_back(client):
    article = make_article()
    assert post_json(client, url(article), FORM).status_code == 403
    # The endpoint only writes: there is no way to read an autosave through it.
    assert logged_in("ada").get(url(article)).status_code == 405


def test_an_unknown_article_is_a_404():
    assert post_json(logged_in("ada"), "/articles/editor/autosave/999999/", FORM).status_code == 404


def test_autosaving_needs_the_csrf_token():
    article = make_article()
    client = logged_in("ada", enforce_csrf_checks=True)

    assert post_json(client, url(article), FORM).status_code == 403
    assert client.delete(url(article)).status_code == 403
    assert not Autosave.objects.exists()

    client.get(change_url(article))  # sets the CSRF cookie, as the form's page does
    token = client.cookies["csrftoken"].value
    assert post_json(client, url(article), FORM, HTTP_X_CSRFTOKEN=token).status_code == 200


def test_a_body_over_the_limit_is_refused(settings):
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_MAX_BYTES": 300}
    article = make_article()
    ada = logged_in("ada")
    fits = {"fields": {"body": ["x" * 200]}}
    too_big = {"fields": {"body": ["x" * 300]}}

    assert post_json(ada, url(article), fits).status_code == 200
    refused = post_json(ada, url(article), too_big)

    assert refused.status_code == 413
    assert "too large" in refused.json()["error"]
    assert Autosave.objects.get().data["fields"] == fits["fields"]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"fields": {"title": "not a list"}}',
        '{"fields": {"title": [1]}}',
        '{"fields": {}, "labels": {"supplement": {"1": 2}}}',
        '{"fields": {}, "secret": 1}',
        '{"labels": {}}',
    ],
)
def test_anything_but_form_data_is_a_400(body):
    article = make_article()
    response = logged_in("ada").post(url(article), body, content_type="application/json")

    assert response.status_code == 400
    assert not Autosave.objects.exists()


def test_each_editor_has_their_own_autosave_and_sees_only_it():
    article = make_article(title="Magnesium")
    ada, grace = logged_in("ada"), logged_in("grace")
    post_json(ada, url(article), {"fields": {"body": ["Ada's draft"]}})
    post_json(grace, url(article), {"fields": {"body": ["Grace's draft"]}})

    assert Autosave.objects.count() == 2
    for client, own, other in ((ada, "Ada's draft", "Grace's"), (grace, "Grace's draft", "Ada's")):
        config, banner = offer_on(client, change_url(article))
        assert config["offer"]["fields"]["body"] == [own]
        assert banner is not None
        assert other not in client.get(change_url(article)).content.decode()

    grace.delete(url(article))
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["ada"]


def test_an_editor_without_an_autosave_is_offered_nothing():
    article = make_article()
    post_json(logged_in("ada"), url(article), FORM)

    config, banner = offer_on(logged_in("grace"), change_url(article))

    assert config["offer"] is None
    assert banner is None


def test_saving_the_form_deletes_the_autosave_and_a_refused_save_keeps_it():
    article = make_article(title="Magnesium")
    ada = logged_in("ada", perms=(*EDITOR_PERMS, "publish_article"))
    post_json(ada, url(article), FORM)
    other = make_article(title="Another")
    post_json(ada, url(other), FORM)

    data = form_on_page(ada, change_url(article))
    refused = ada.post(change_url(article), {**data, "dose_unit": "", "dose_min": "5"})
    assert refused.status_code == 200
    assert Autosave.objects.filter(article=article).exists()

    saved = ada.post(change_url(article), {**data, "body": "Saved at last."})
    assert saved.status_code == 302, errors_of(saved)
    assert list(Autosave.objects.values_list("article__title", flat=True)) == ["Another"]


def test_adding_an_article_deletes_the_autosave_of_the_new_article_form():
    ada = logged_in("ada")
    post_json(ada, url(), FORM)
    config, banner = offer_on(ada, ADD_URL)
    assert config["offer"] == FORM
    assert banner is not None

    response = ada.post(ADD_URL, form_data())

    assert response.status_code == 302, errors_of(response)
    assert not Autosave.objects.exists()


def test_the_history_restore_form_neither_autosaves_nor_offers(admin_client):
    article = make_article(title="Magnesium")
    admin_client.post(change_url(article), form_on_page(admin_client, change_url(article)))
    version = Version.objects.get_for_object(article).get()
    address = f"/admin/supplements_cms/article/{article.pk}/history/{version.pk}/"
    post_json(admin_client, url(article), FORM)

    config, banner = offer_on(admin_client, address)

    assert config is None
    assert banner is None


def test_autosave_can_be_switched_off(settings):
    article = make_article()
    ada = logged_in("ada")
    post_json(ada, url(article), FORM)
    settings.SUPPLEMENTS_CMS = {"AUTOSAVE_SECONDS": 0}

    config, banner = offer_on(ada, change_url(article))

    assert config is None
    assert banner is None


def form_url(article, form: str) -> str:
    if article is None:
        return reverse("supplements_cms:editor_autosave_form", args=[form])
    return reverse("supplements_cms:editor_autosave_form", args=[article.pk, form])


def test_each_opened_form_writes_its_own_autosave_and_is_offered_another():
    article = make_article(title="Magnesium")
    ada = logged_in("ada")
    first, _banner = offer_on(ada, change_url(article))
    post_json(ada, first["url"], {"fields": {"body": ["First tab"]}})

    second, banner = offer_on(ada, change_url(article))
    assert second["url"] != first["url"]
    assert second["offer"]["fields"]["body"] == ["First tab"]
    assert banner is not None
    # The second form autosaves while its offer waits, without writing over what it offers.
    post_json(ada, second["url"], {"fields": {"body": ["Second tab"]}})
    assert sorted(a.data["fields"]["body"][0] for a in Autosave.objects.all()) == [
        "First tab",
        "Second tab",
    ]
    ada.delete(second["offerUrl"])
    assert [a.data["fields"]["body"][0] for a in Autosave.objects.all()] == ["Second tab"]


def test_an_autosave_is_offered_only_to_the_same_kind_of_form_of_the_same_article():

    article, other = make_article(title="Magnesium"), make_article(title="Zinc")
    ada = logged_in("ada")
    live, _banner = offer_on(ada, change_url(article))
    post_json(ada, live["url"], {"fields": {"body": ["On the published form"]}})
    new, _banner = offer_on(ada, ADD_URL)
    post_json(ada, new["url"], {"fields": {"body": ["On a new article's form"]}})

    assert offer_on(ada, change_url(other))[0]["offer"] is None
    assert offer_on(ada, ADD_URL)[0]["offer"]["fields"]["body"] == ["On a new article's form"]
    assert offer_on(ada, change_url(article))[0]["offer"]["fields"]["body"] == [
        "On the published form"
    ]
    DraftChange.objects.create(article=article, data={})
    # The draft's form starts from other text: the published form's autosave is not for it.
    assert offer_on(ada, change_url(article))[0]["offer"] is None


@pytest.mark.parametrize("form", ["new-0123456789abcdef", "live-xyz", "draft-1-" + "a" * 40, "x"])
def test_a_form_key_that_does_not_fit_the_article_is_a_404(form):
    article = make_article()
    response = post_json(logged_in("ada"), form_url(article, form), FORM)
    assert response.status_code == 404
    assert not Autosave.objects.exists()


def test_an_editor_keeps_a_bounded_number_of_autosaves_of_an_article():

    article = make_article()
    ada = logged_in("ada")
    for n in range(KEPT_PER_ARTICLE + 4):
        post_json(ada, form_url(article, f"live-{n:016x}"), {"fields": {"body": [str(n)]}})
    kept = sorted(int(a.data["fields"]["body"][0]) for a in Autosave.objects.all())
    assert kept == list(range(4, KEPT_PER_ARTICLE + 4))
