"""Every public page of the example site, and its stylesheets, through the Nu Html Checker (the
W3C's validator, ``vnu.jar`` from the npm package ``vnu-jar``, on the machine's Java)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from tests.tools import missing, node_tools
from tests.validators.conftest import Site

pytestmark = pytest.mark.validators

VNU_TIMEOUT_S = 300


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing("java not found: install Debian's default-jre-headless (.ci/run does).")
    jar = node_tools() / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        missing(f"{jar} not found: python3 dev.py validate installs it.")
    return [java, "-jar", str(jar)]


def test_every_public_page_is_valid_html(vnu_command, production_site: Site, tmp_path, capsys):
    pages = production_site.public_pages()
    # Six demo articles, two imported, four conditions, three supplements, three indexes, home,
    # three searches: a shorter list means pages went missing from the sitemap.
    assert len(pages) >= 22, pages
    files: dict[str, str] = {}  # file name: the page or stylesheet it holds
    stylesheets: set[str] = set()
    for n, path in enumerate(pages):
        html = production_site.fetch(path)
        name = f"{n:02d}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-') or 'home'}.html"
        (tmp_path / name).write_bytes(html)
        files[name] = path
        soup = BeautifulSoup(html, "html.parser")
        stylesheets |= {link["href"] for link in soup.find_all("link", rel="stylesheet")}
    for n, href in enumerate(sorted(stylesheets)):
        (tmp_path / f"style-{n}.css").write_bytes(production_site.fetch(href))
        files[f"style-{n}.css"] = href

    options = ["--format", "json", "--also-check-css", "--exit-zero-always"]
    done = subprocess.run(
        [*vnu_command, *options, *(str(tmp_path / name) for name in files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_S,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [m for m in messages if m["type"] != "info"]
    warnings = [m for m in messages if m.get("subType") == "warning"]
    with capsys.disabled():
        print(
            f"\nvnu: {len(pages)} pages and {len(stylesheets)} stylesheets checked, "
            f"{len(errors)} errors, {len(warnings)} warnings"
        )
    report = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine', '?')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in errors
    ]
    assert report == []
