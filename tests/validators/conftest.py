"""The example site as it runs in production, for the tools nobody on the project wrote: the Nu
Html Checker, feedparser, Lighthouse and a phone-sized Chromium.

One site for the whole session: the demo content plus two plain-text exports imported and
published (the importer's own fixtures, written in the seeds' layout), on a scratch SQLite
database, behind ``example_project.production`` (WhiteNoise, GZipMiddleware, DEBUG off), served
by gunicorn on a free loopback port.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.tools import ROOT, missing

IMPORTED = [
    ROOT / "tests" / "import_fixtures" / "command-citrate-migraine.txt",
    ROOT / "tests" / "import_fixtures" / "two-titles-inline-benefits.txt",
]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Bounds, so a hung tool fails the run rather than holding CI.
SETUP_TIMEOUT_S, START_TIMEOUT_S, FETCH_TIMEOUT_S = 300, 60, 30


PUBLISH_IMPORTED = """
from django.utils import timezone
from supplements_cms.models import Article
for article in Article.objects.filter(imported_edit_number__isnull=False, status="draft"):
    article.status, article.published_at = "published", timezone.now()
    article.save()
"""


@dataclass(frozen=True)
class Site:
    base: str
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def fetch(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url(path), timeout=FETCH_TIMEOUT_S) as response:
            assert response.status == 200, path
            return response.read()

    def public_pages(self) -> list[str]:
        """Every page a reader can reach: the home page, what the sitemap lists (every article,
        condition, supplement and index), and search with results, without, and empty."""
        sitemap = ET.fromstring(self.fetch("/sitemap.xml"))
        listed = [urlsplit(loc.text).path for loc in sitemap.iter(f"{SITEMAP_NS}loc")]
        search = "/articles/search/"
        return ["/", *listed, f"{search}?q=magnesium", f"{search}?q=zzzz", search]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, str(ROOT / "example_project" / "manage.py"), *args]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SETUP_TIMEOUT_S
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


def _wait_until_up(site: Site, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            site.fetch("/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer at {site.base}:\n{site.log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Iterator[Site]:
    for module in ("gunicorn", "whitenoise"):
        if importlib.util.find_spec(module) is None:
            missing(
                f"{module} is not installed: pip install -e '.[dev]' (the example site's set-up)."
            )
    folder = tmp_path_factory.mktemp("production-site")
    # Nothing of the caller's example-site set-up (a PostgreSQL URL, Redis) leaks in.
    env = {key: value for key, value in os.environ.items() if not key.startswith("EXAMPLE_")}
    env.update(
        DJANGO_SETTINGS_MODULE="example_project.production",
        EXAMPLE_SECRET_KEY=secrets.token_urlsafe(50),
        EXAMPLE_HTTPS="0",
        EXAMPLE_DATABASE=str(folder / "db.sqlite3"),
        EXAMPLE_STATIC_ROOT=str(folder / "static"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    )
    _manage(env, "migrate", "--no-input", "-v0")
    _manage(env, "load_demo_content")
    _manage(env, "import_articles", "--user", "editor", *map(str, IMPORTED))
    # The fixtures read as disease claims on purpose, and a publisher accepts claims on the
    # article's form; here the pages only need to be live, so they are published directly.
    _manage(env, "shell", "-c", PUBLISH_IMPORTED)
    _manage(env, "collectstatic", "--no-input", "-v0")
    port = _free_port()
    site = Site(f"http://127.0.0.1:{port}", folder / "gunicorn.log")
    # The docs' command: sync workers, as many as the machine runs well (two cores here).
    gunicorn = [
        *(sys.executable, "-m", "gunicorn", "example_project.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", "3"),
        *("--error-logfile", str(site.log), "--log-level", "warning"),
    ]
    server = subprocess.Popen(
        gunicorn, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, start_new_session=True
    )
    try:
        _wait_until_up(site, server)
        yield site
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
