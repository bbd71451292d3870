"""System checks catch the misconfigurations a developer is likely to make."""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core import checks
from django.db import connections
from django.test import override_settings
from django.urls import include, path

from supplements_cms import checks as scms_checks
from supplements_cms.routers import EditorsReadTheirWrites

urlpatterns = [  # this module is the URLconf of test_markdownx_urls_included_directly
    path("articles/", include("supplements_cms.urls")),
    path("markdownx/", include("markdownx.urls")),
]


ROOT = Path(__file__).resolve().parents[1]


def ids(messages) -> list[str]:
    return [m.id for m in messages]


# Django 6's JSONField check asks the database whether it supports JSON.
@pytest.mark.django_db
def test_a_correct_site_passes_every_check():
    messages = [m for m in checks.run_checks() if m.id.startswith("supplements_cms.")]
    assert messages == []


def test_missing_required_app():
    with override_settings(
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "supplements_cms"]
    ):
        messages = scms_checks.check_required_apps()
        assert ids(messages) == ["supplements_cms.E001"] * 3
        assert [m.msg.split("“")[1].split("”")[0] for m in messages] == [
            "taggit",
            "markdownx",
            "reversion",
        ]


def test_unsafe_markdownx_renderer():
    with override_settings(MARKDOWNX_MARKDOWNIFY_FUNCTION="markdownx.utils.markdownify"):
        assert ids(scms_checks.check_markdownx_renderer()) == ["supplements_cms.W001"]


@override_settings(ROOT_URLCONF=__name__)
def test_markdownx_urls_included_directly():
    assert ids(scms_checks.check_markdownx_urls()) == ["supplements_cms.W002"]


def test_package_urls_not_included():
    with override_settings(ROOT_URLCONF="tests.test_checks_urlconf_without_package"):
        assert ids(scms_checks.check_urls_included()) == ["supplements_cms.E002"]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("no/such/template.html", "supplements_cms.E003"),
        ("checks/base_without_content.html", "supplements_cms.E004"),
    ],
)
def test_bad_base_template(settings, template, expected):
    settings.SUPPLEMENTS_CMS = {"BASE_TEMPLATE": template}
    assert ids(scms_checks.check_base_template()) == [expected]


def test_e004_names_the_adapter_template_for_other_block_names(settings):
    settings.SUPPLEMENTS_CMS = {"BASE_TEMPLATE": "adapter/site_base.html"}
    (error,) = scms_checks.check_base_template()
    assert error.id == "supplements_cms.E004"
    assert "adapter" in error.hint
    assert "Base templates with other block names" in error.hint


@pytest.mark.django_db
def test_the_documented_adapter_puts_the_pages_into_the_hosts_blocks(settings, client):
    """docs/installation.md's adapter, in tests/templates/adapter/: no E004, and the page lands
    in the host's own blocks."""
    settings.SUPPLEMENTS_CMS = {"BASE_TEMPLATE": "adapter/supplements_base.html"}
    assert scms_checks.check_base_template() == []
    adapter = (ROOT / "tests/templates/adapter/supplements_base.html").read_text()
    assert adapter.split("\n", 1)[1] in (ROOT / "docs/installation.md").read_text()
    page = BeautifulSoup(client.get("/articles/").content, "html.parser")
    assert page.title.get_text() == "Articles | Example"
    assert page.select_one("div.site-main h1").get_text() == "Articles"
    assert page.head.find("link", rel="alternate") is not None


def test_base_template_blocks_are_found_through_extends(settings):
    settings.SUPPLEMENTS_CMS = {"BASE_TEMPLATE": "checks/base_extending.html"}
    assert scms_checks.check_base_template() == []


@pytest.mark.parametrize(
    "value", [{"RELATED_POSTS": -1}, {"PAGINATE_BY": "10"}, {"UPLOAD_MAX_BYTES": True}]
)
def test_bad_setting_values(settings, value):
    settings.SUPPLEMENTS_CMS = value
    assert ids(scms_checks.check_settings()) == ["supplements_cms.E006"]


def test_unknown_setting_key(settings):
    settings.SUPPLEMENTS_CMS = {"RELATED_POST": 3}
    assert ids(scms_checks.check_settings()) == ["supplements_cms.E005"]


def test_a_purge_backend_that_is_not_one(settings):
    settings.SUPPLEMENTS_CMS = {"PURGE_BACKEND": "supplements_cms.conf.get"}
    assert ids(scms_checks.check_caching()) == ["supplements_cms.E008"]
    settings.SUPPLEMENTS_CMS = {"PURGE_BACKEND": "no.such.Backend"}
    assert ids(scms_checks.check_caching()) == ["supplements_cms.E008"]


def test_a_purge_backend_without_the_sites_address(settings):
    settings.SUPPLEMENTS_CMS = {"PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge"}
    assert ids(scms_checks.check_caching()) == ["supplements_cms.W005"]
    settings.SUPPLEMENTS_CMS = {
        "PURGE_BACKEND": "supplements_cms.delivery.purging.HTTPPurge",
        "PURGE_BASE_URL": "https://www.example.com",
    }
    assert ids(scms_checks.check_caching()) == []


def test_shared_versions_in_a_per_process_cache(settings):
    settings.SUPPLEMENTS_CMS = {"SHARED_CACHE": True}
    assert ids(scms_checks.check_caching()) == ["supplements_cms.W006"]


class SignedStorage:
    """What django-storages' S3 storage is by default: URLs signed for an hour."""

    querystring_auth = True

    def url(self, name: str) -> str:
        return f"https://bucket.s3.amazonaws.com/{name}?X-Amz-Signature=abc&X-Amz-Expires=3600"


class PresignedByURL(SignedStorage):
    """A storage of django-storages' that says so only in its URLs."""

    __module__ = "storages.backends.custom"
    querystring_auth = False


class PublicStorage(SignedStorage):
    __module__ = "storages.backends.custom"
    querystring_auth = False

    def url(self, name: str) -> str:
        return f"https://media.example.com/{name}"


@pytest.mark.parametrize(
    ("backend", "expected"),
    [
        ("tests.test_checks.SignedStorage", ["supplements_cms.E009"]),
        ("tests.test_checks.PresignedByURL", ["supplements_cms.E009"]),
        ("tests.test_checks.PublicStorage", []),
        ("django.core.files.storage.FileSystemStorage", []),
    ],
)
def test_signed_media_urls_are_refused(settings, backend, expected):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    assert ids(scms_checks.check_media_urls()) == expected


def fake_database(monkeypatch, **attributes):
    """The default database as a backend the suite cannot run on, seen by the check only."""
    monkeypatch.setattr(scms_checks, "connections", {"default": SimpleNamespace(**attributes)})


def test_an_unsupported_engine_is_named_with_what_fails(monkeypatch):
    fake_database(monkeypatch, vendor="oracle", display_name="Oracle")
    (message,) = scms_checks.check_database_support()
    assert message.id == "supplements_cms.E010"
    assert "“default” is Oracle" in message.msg
    assert "every article page fails" in message.msg
    assert "MariaDB 10.6+" in message.hint


@pytest.mark.parametrize(
    ("is_mariadb", "version", "named", "fails"),
    [
        (True, (10, 5, 27), "MariaDB 10.5.27", "JSON_ARRAYAGG"),
        (False, (8, 0, 13), "MySQL 8.0.13", "every article page fails"),
        (False, (5, 7, 44), "MySQL 5.7.44", "every article page fails"),
    ],
)
def test_a_too_old_mysql_or_mariadb_is_named_at_migrate(
    monkeypatch, is_mariadb, version, named, fails
):
    fake_database(monkeypatch, vendor="mysql", mysql_is_mariadb=is_mariadb, mysql_version=version)
    # A plain `check` opens no connection; `migrate` and `check --database` ask for the version.
    assert scms_checks.check_database_support() == []
    (message,) = scms_checks.check_database_support(databases=["default"])
    assert message.id == "supplements_cms.E010"
    assert named in message.msg
    assert fails in message.msg


@pytest.mark.parametrize(
    ("is_mariadb", "version"), [(True, (10, 6, 0)), (True, (11, 4, 5)), (False, (8, 0, 14))]
)
def test_supported_mysql_and_mariadb_releases_pass(monkeypatch, is_mariadb, version):
    fake_database(monkeypatch, vendor="mysql", mysql_is_mariadb=is_mariadb, mysql_version=version)
    assert scms_checks.check_database_support(databases=["default"]) == []


@pytest.mark.django_db
def test_the_database_the_suite_runs_on_is_supported():
    assert scms_checks.check_database_support(databases=["default"]) == []


def test_the_package_registers_its_checks_in_a_site_that_never_imports_them():
    """`manage.py check` (and the server's start) run the package's checks: a fresh process
    with the test settings, where nothing but the app's own ready() imports them."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.core.checks import registry; "
        "print(sorted({c.__name__ for c in registry.registry.get_checks(True)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        cwd=Path(__file__).resolve().parents[1],
    )
    assert result.returncode == 0, result.stderr
    for name in ("check_failed_purges", "check_media_urls", "check_settings"):
        assert name in result.stdout, name


PACKAGE_ROUTER = "supplements_cms.routers.EditorsReadTheirWrites"
SITE_ROUTER = "tests.routers.LaggingReplicaRouter"


def one_database(monkeypatch):
    monkeypatch.setattr(connections, "settings", {"default": connections.settings["default"]})


@pytest.mark.parametrize(
    "routers",
    [[SITE_ROUTER], [SITE_ROUTER, PACKAGE_ROUTER], []],
    ids=["missing", "second", "no routers"],
)
def test_a_replica_without_the_package_router_first_is_named(settings, routers):
    settings.DATABASE_ROUTERS = routers  # the suite's settings have a "replica" alias
    (message,) = scms_checks.check_router_first()
    assert message.id == "supplements_cms.W009"
    assert "may see the article as it was before their save" in message.msg
    assert f"Put “{PACKAGE_ROUTER}” first in DATABASE_ROUTERS" in message.hint


def test_a_site_router_on_one_database_needs_the_package_router_first(settings, monkeypatch):
    one_database(monkeypatch)
    settings.DATABASE_ROUTERS = [SITE_ROUTER]
    assert ids(scms_checks.check_router_first()) == ["supplements_cms.W009"]


@pytest.mark.parametrize(
    "routers",
    [[PACKAGE_ROUTER, SITE_ROUTER], [EditorsReadTheirWrites(), SITE_ROUTER]],
    ids=["path", "instance"],
)
def test_the_package_router_first_passes(settings, routers):
    settings.DATABASE_ROUTERS = routers
    assert scms_checks.check_router_first() == []


def test_one_database_without_routers_needs_no_router(settings, monkeypatch):
    one_database(monkeypatch)
    settings.DATABASE_ROUTERS = []
    assert scms_checks.check_router_first() == []
