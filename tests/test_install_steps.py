"""The README's install steps, as ``.ci/install_check.py`` reads them (CI then runs them for real
in a new site on each supported Django; these are the quick checks of what they say)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import LocalePrefixPattern, path

from supplements_cms.checks import REQUIRED_APPS
from supplements_cms.delivery.sitemaps import SITEMAPS
from tests import settings as test_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def install_check():
    spec = importlib.util.spec_from_file_location(
        "install_check", ROOT / ".ci" / "install_check.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def steps(install_check):
    return install_check.readme_steps((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_each_step_once(install_check, steps):
    assert set(steps) == set(install_check.STEPS)


def test_a_step_missing_from_the_readme_stops_the_check(install_check):
    with pytest.raises(SystemExit, match="no install step urls"):
        install_check.readme_steps(
            "<!-- install-step: wheel -->\n```sh\npip install x\n```\n"
            "<!-- install-step: postgresql -->\n```sh\npip install y\n```\n"
            "<!-- install-step: mysql -->\n```sh\npip install z\n```\n"
            "<!-- install-step: settings -->\n```python\nX = 1\n```\n"
            "<!-- install-step: manage -->\n```sh\npython manage.py migrate\n```\n"
        )


def startproject_settings(engine: str) -> dict:
    """What the README's settings step is appended to: settings as startproject writes them,
    with the site's database."""
    return {
        "INSTALLED_APPS": ["django.contrib.admin", "django.contrib.staticfiles"],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ],
        "BASE_DIR": ROOT,
        "DATABASES": {"default": {"ENGINE": f"django.db.backends.{engine}", "NAME": "db"}},
    }


def test_the_settings_step_adds_every_app_the_package_needs(steps):
    """Applied to settings as startproject writes them, no app is missing (E001)."""
    settings = startproject_settings("sqlite3")
    exec(steps["settings"], settings)
    assert {*REQUIRED_APPS, "supplements_cms"} <= set(settings["INSTALLED_APPS"])
    assert "django.contrib.sitemaps" in settings["INSTALLED_APPS"]


def test_the_settings_step_serves_readers_in_their_language(steps):
    settings = startproject_settings("sqlite3")
    exec(steps["settings"], settings)
    middleware = settings["MIDDLEWARE"]
    locale = middleware.index("django.middleware.locale.LocaleMiddleware")
    # After the session (a chosen language), before CommonMiddleware (its redirects).
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < middleware.index("django.middleware.common.CommonMiddleware")
    assert {code for code, _name in settings["LANGUAGES"]} == {"en", "de", "fr", "es"}


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        ("sqlite3", {"transaction_mode": "IMMEDIATE", "timeout": 20}),
        ("postgresql", None),
        # Exactly what the suite runs MySQL and MariaDB with.
        ("mysql", test_settings.MYSQL_OPTIONS),
    ],
)
def test_the_settings_step_gives_each_database_its_own_options(steps, engine, expected):
    """Pasted as it is, the block gives no database another's options (SQLite's
    transaction_mode breaks PostgreSQL's and MySQL's connections)."""
    settings = startproject_settings(engine)
    exec(steps["settings"], settings)
    assert settings["DATABASES"]["default"].get("OPTIONS") == expected


def test_the_drivers_are_installed_by_their_own_steps(steps):
    assert steps["postgresql"].split() == ["pip", "install", '"psycopg[binary]"']
    assert steps["mysql"].split() == ["pip", "install", '"mysqlclient>=2.2"']


def test_the_urls_step_includes_the_package_per_language_and_the_sitemap(steps):
    urls = {"path": path, "urlpatterns": []}
    with override_settings(ROOT_URLCONF="tests.urls"):
        exec(steps["urls"], urls)
    sitemap, articles = urls["urlpatterns"]
    assert str(sitemap.pattern) == "sitemap.xml"
    assert sitemap.default_args["sitemaps"] is SITEMAPS
    # i18n_patterns: /articles/ in the default language, /de/articles/ in German.
    assert isinstance(articles.pattern, LocalePrefixPattern)
    assert not articles.pattern.prefix_default_language
    (included,) = articles.url_patterns
    assert included.urlconf_module.__name__ == "supplements_cms.urls"


def test_the_wheel_step_installs_the_built_wheel(steps):
    assert steps["wheel"].split() == ["pip", "install", "dist/supplements_cms-*.whl"]


def test_the_sdist_holds_what_the_checkout_uses(install_check):
    """Every path the check requires of the sdist exists here, so the list cannot rot."""
    assert [p for p in install_check.SDIST_MUST_HOLD if not (ROOT / p).exists()] == []
