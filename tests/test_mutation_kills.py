"""Rules that mutants of the editorial core, the visibility rule and the page cache's viewer rules
survived (`python3 dev.py mutate`, docs/development.md): each test fails on such a mutant."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from supplements_cms.models import Article
from tests.factories import make_article, make_cta, make_supplement, make_user

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
    assert (article.dose_min, article.version) == (published.dose_min, published.version)
