"""The project as a whole: migrations, the wheel's contents, the example site."""

import os
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db(databases=["default", "replica"])
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "supplements_cms", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_wheel_carries_templates_static_files_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), ROOT],
        check=True,
    )
    (wheel,) = tmp_path.glob("supplements_cms-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "supplements_cms"
    wanted = {
        p.relative_to(ROOT).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert wanted - names == set()
    assert "supplements_cms/templates/supplements_cms/partials/benefits.html" in names
    assert "supplements_cms/static/supplements_cms/supplements_cms.css" in names
    assert "supplements_cms/migrations/0001_initial.py" in names
    assert not any(n.startswith(("tests/", "example_project/", "docs/")) for n in names)
    assert "supplements_cms/py.typed" in names
    assert {
        f"supplements_cms/locale/{lang}/LC_MESSAGES/django.mo" for lang in ("de", "es", "fr")
    } <= names
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    urls = dict(
        line.removeprefix("Project-URL: ").split(", ", 1)
        for line in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
        if line.startswith("Project-URL: ")
    )
    assert urls["Changelog"].endswith("/docs/changelog.md")


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_it_was_asked_for():
    from django.db import connection

    url = os.environ.get("SCMS_TEST_DATABASE_URL", "")
    expected = {"postgresql": "postgresql", "postgres": "postgresql", "mysql": "mysql"}
    assert connection.vendor == (expected[url.split("://")[0]] if url else "sqlite")
    if connection.vendor == "mysql":
        # The settings docs/installation.md asks for are in force.
        isolation = "tx_isolation" if connection.mysql_is_mariadb else "transaction_isolation"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT @@character_set_connection, @@sql_mode, @@{isolation}")
            charset, sql_mode, isolation = cursor.fetchone()
        assert charset == "utf8mb4"
        assert "STRICT_TRANS_TABLES" in sql_mode.split(",")
        assert isolation == "READ-COMMITTED"
