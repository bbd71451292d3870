"""The README's install steps, as ``.ci/install_check.py`` reads them (CI then runs them for real
in a new site on each supported Django; these are the quick checks of what they say)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import URLResolver, path

from supplements_cms.checks import REQUIRED_APPS

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
            "<!-- install-step: settings -->\n```python\nX = 1\n```\n"
            "<!-- install-step: manage -->\n```sh\npython manage.py migrate\n```\n"
        )


def test_the_settings_step_adds_every_app_the_package_needs(steps):
    """Applied to settings as startproject writes them, no app is missing (E001)."""
    settings = {
        "INSTALLED_APPS": ["django.contrib.admin", "django.contrib.staticfiles"],
        "BASE_DIR": ROOT,
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}},
    }
    exec(steps["settings"], settings)
    assert {*REQUIRED_APPS, "supplements_cms"} <= set(settings["INSTALLED_APPS"])
    assert settings["DATABASES"]["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_the_urls_step_includes_the_package(steps):
    urls = {"path": path, "urlpatterns": []}
    exec(steps["urls"], urls)
    (included,) = urls["urlpatterns"]
    assert isinstance(included, URLResolver)
    assert included.urlconf_module.__name__ == "supplements_cms.urls"


def test_the_wheel_step_installs_the_built_wheel(steps):
    assert steps["wheel"].split() == ["pip", "install", "dist/supplements_cms-*.whl"]


def test_the_sdist_holds_what_the_checkout_uses(install_check):
    """Every path the check requires of the sdist exists here, so the list cannot rot."""
    assert [p for p in install_check.SDIST_MUST_HOLD if not (ROOT / p).exists()] == []
