#!/usr/bin/env python3
"""The README's install section, followed to the letter in a new site, on every supported Django.

Builds the sdist and, from it, the wheel; checks both with ``twine check --strict``; then, per
Django version, makes a fresh virtual environment and a ``django-admin startproject`` site and
applies the README's own steps, the fenced blocks marked ``<!-- install-step: NAME -->``:

    wheel       shell commands, run where ``dist/`` holds the freshly built wheel
    postgresql  shell commands that add PostgreSQL's driver (on a PostgreSQL site)
    mysql       shell commands that add MySQL's and MariaDB's driver (on a MariaDB site)
    settings    Python appended to the new site's settings.py
    urls        Python appended to its urls.py
    manage      shell commands, run in the site's folder

Each Django version gets a site on SQLite, as startproject writes it; the first also one on
PostgreSQL (``SCMS_TEST_DATABASE_URL``) and one on MariaDB (``SCMS_TEST_MYSQL_URL``), whose
``DATABASES`` names a new database on that server, as a site's own settings would, before the
README's block is appended. Then ``check --deploy`` must print none of the package's own
messages, and one article created through the ORM must render (its page, the list, the sitemap,
the list in German and the admin's form answer 200). The README and this check cannot drift:
change the steps there and this runs the new ones.

    python3 dev.py install-check
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
STEP = re.compile(r"^<!-- install-step: ([a-z]+) -->\n```[a-z]*\n(.*?)^```$", re.M | re.S)
STEPS = ("wheel", "postgresql", "mysql", "settings", "urls", "manage")
# The database of a site on a server: made anew by each run of the check.
SITE_DATABASE = "scms_install_check"
# What the README and dev.py use from a checkout; an unpacked sdist must hold it too.
SDIST_MUST_HOLD = (
    "README.md",
    "LICENSE",
    "dev.py",
    ".ci/run",
    ".ci/install_check.py",
    "benchmarks/run.py",
    "docs/index.md",
    "docs/images/article-page.png",
    "example_project/manage.py",
    "tests/settings.py",
    "supplements_cms/py.typed",
)
# Run with ``manage.py shell -c``: one article through the ORM, rendered by the test client.
RENDER = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment

from supplements_cms.models import Article

setup_test_environment()
article = Article.objects.create(
    title="Magnesium before bed", intro="A *short* introduction.", dose_min=200, dose_max=400,
    dose_unit="mg", dose_frequency="per day", status=Article.Status.PUBLISHED,
)
admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
client = Client()
client.force_login(admin)
for url, text in [
    (article.get_absolute_url(), "200 to 400 mg per day"),
    ("/articles/", article.title),
    (f"/admin/supplements_cms/article/{article.pk}/change/", article.title),
    ("/sitemap.xml", article.get_absolute_url()),
    ("/de/articles/", 'lang="de"'),
]:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    assert text in response.content.decode(), f"{url}: no {text!r}"
    print("rendered", url)
"""


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)
) -> str:
    """Run a command; when it exits with a status not in ``ok``, print its output and stop."""
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
    )
    if result.returncode not in ok:
        sys.exit(
            f"install-check: failed ({result.returncode}): {' '.join(map(str, args))}\n"
            f"{result.stdout}{result.stderr}"
        )
    return result.stdout + result.stderr


def readme_steps(readme: str) -> dict[str, str]:
    """The README's install steps by name; each must be there exactly once."""
    found: dict[str, str] = {}
    for name, body in STEP.findall(readme):
        if name in found or name not in STEPS:
            sys.exit(f"install-check: README has an unknown or repeated install step {name!r}.")
        found[name] = body
    missing = [name for name in STEPS if name not in found]
    if missing:
        sys.exit(f"install-check: README has no install step {', '.join(missing)}.")
    return found


def build(dist: Path) -> Path:
    """The sdist, and the wheel built from it; returns the sdist."""
    say("Building the sdist, then the wheel from it; twine check --strict")
    run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=ROOT)
    run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()), cwd=ROOT)
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [name for name in SDIST_MUST_HOLD if name not in names]
    if missing:
        sys.exit(f"install-check: the sdist lacks {', '.join(missing)}.")
    return sdist


def new_environment(name: str, python: str, django: str, steps: dict[str, str], work: Path):
    """A fresh virtual environment with this run's Django and the wheel, as the README says."""
    say(f"{name}: a fresh environment, set up as the README says")
    venv = work / f"venv-{name}"
    run(python, "-m", "venv", venv, cwd=work)
    env = {"PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # The Django of this run first; the README's step then installs the package next to it.
    run(venv / "bin" / "pip", "install", "--quiet", django, cwd=work, env=env)
    run("bash", "-euc", steps["wheel"], cwd=work, env=env)
    return env


def site_database(vendor: str, url: str, env: dict[str, str], work: Path) -> str:
    """``DATABASES`` for a new, empty database on the server of ``url``, made here with the
    driver the README's step installed; Python for the top of the site's settings."""
    parts = urlsplit(url)
    server = {
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
    if vendor == "postgresql":
        engine = "django.db.backends.postgresql"
        make = (
            "import psycopg, sys\n"
            "u, p, h, port, name = sys.argv[1:]\n"
            "with psycopg.connect(user=u, password=p, host=h, port=port, dbname='postgres',"
            " autocommit=True) as c:\n"
            "    c.execute(f'DROP DATABASE IF EXISTS {name}')\n"
            "    c.execute(f'CREATE DATABASE {name}')\n"
        )
    else:
        engine = "django.db.backends.mysql"
        make = (
            "import MySQLdb, sys\n"
            "u, p, h, port, name = sys.argv[1:]\n"
            "c = MySQLdb.connect(user=u, password=p, host=h, port=int(port))\n"
            "c.cursor().execute(f'DROP DATABASE IF EXISTS {name}')\n"
            "c.cursor().execute(f'CREATE DATABASE {name} CHARACTER SET utf8mb4')\n"
        )
    run("python", "-c", make, *server.values(), SITE_DATABASE, cwd=work, env=env)
    database = {"ENGINE": engine, "NAME": SITE_DATABASE, **server}
    return f"DATABASES = {{'default': {database!r}}}  # the site's own database server\n"


def install_in_new_site(
    name: str, env: dict[str, str], steps: dict[str, str], work: Path, database: str = ""
):
    say(f"{name}: a startproject site, set up as the README says")
    site = work / name
    site.mkdir()
    run("django-admin", "startproject", "mysite", site, cwd=work, env=env)
    for step, module in (("settings", "settings.py"), ("urls", "urls.py")):
        path = site / "mysite" / module
        own = database if step == "settings" else ""
        path.write_text(f"{path.read_text()}\n{own}\n# From the README\n{steps[step]}")
    run("bash", "-euc", steps["manage"], cwd=site, env=env)
    # A startproject site fails Django's own deployment checks (DEBUG, the secret key, and on
    # Django 6 the console mail backend): only the package's messages count here.
    report = run("python", "manage.py", "check", "--deploy", cwd=site, env=env, ok=(0, 1))
    if "System check identified" not in report:
        sys.exit(f"install-check: check --deploy did not run its checks:\n{report}")
    ours = sorted(set(re.findall(r"supplements_cms\.[EW]\d{3}", report)))
    if ours:
        sys.exit(f"install-check: check --deploy reports {', '.join(ours)}:\n{report}")
    print(run("python", "manage.py", "shell", "-v", "0", "-c", RENDER, cwd=site, env=env), end="")


def servers(in_ci: bool) -> list[tuple[str, str]]:
    """The database servers to install on besides SQLite: (vendor, URL) from the test settings'
    variables; missing ones are skipped with a line, or an error in CI."""
    found = []
    for vendor, variable in (
        ("postgresql", "SCMS_TEST_DATABASE_URL"),
        ("mysql", "SCMS_TEST_MYSQL_URL"),
    ):
        url = os.environ.get(variable, "")
        if url:
            found.append((vendor, url))
        elif in_ci:
            sys.exit(f"install-check: CI=true but {variable} is not set (see .ci/run).")
        else:
            say(f"No {variable}: the install on {vendor} is left out.")
    return found


def main() -> None:
    sys.path.insert(0, str(ROOT))
    import dev  # the Django matrix and the way to find its Pythons, from one place

    started = time.monotonic()
    steps = readme_steps((ROOT / "README.md").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="scms-install-") as scratch:
        work = Path(scratch)
        (work / "dist").mkdir()
        build(work / "dist")
        for first, (name, minimum, django) in enumerate(dev.MATRIX):
            python = dev.find_python(minimum)
            if python is None:
                message = f"no Python {minimum[0]}.{minimum[1]}+ for the {name} install check"
                if dev.IN_CI:
                    sys.exit(f"install-check: {message}.")
                say(f"Skipping: {message}.")
                continue
            env = new_environment(name, python, django, steps, work)
            install_in_new_site(name, env, steps, work)
            # One Django version on each server is enough: the SQL differs by database only.
            for vendor, url in servers(dev.IN_CI) if first == 0 else ():
                run("bash", "-euc", steps[vendor], cwd=work, env=env)
                database = site_database(vendor, url, env, work)
                install_in_new_site(f"{name}-{vendor}", env, steps, work, database)
    say(f"Install check passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
