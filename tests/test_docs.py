"""The manual keeps up with the code: every setting, check, partial and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from supplements_cms import conf

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PACKAGE = ROOT / "supplements_cms"


def manual() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in sorted(DOCS.glob("*.md")))


@pytest.mark.parametrize("key", sorted(conf.DEFAULTS))
def test_every_setting_is_documented_with_its_default(key):
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    entry = re.search(rf"^`{key}`\n: Default `([^`]+)`", text, re.MULTILINE)
    assert entry, f"{key} is not documented in docs/settings.md"
    assert entry.group(1) == repr(conf.DEFAULTS[key]).replace("'", '"')


def test_every_system_check_is_documented():
    ids = set(re.findall(r"supplements_cms\.[EW]\d{3}", (PACKAGE / "checks.py").read_text()))
    assert ids, "no check ids found: has checks.py moved?"
    documented = set(re.findall(r"supplements_cms\.[EW]\d{3}", (DOCS / "checks.md").read_text()))
    assert ids == documented


def test_every_partial_is_documented():
    partials = {p.name for p in (PACKAGE / "templates/supplements_cms/partials").glob("*.html")}
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    assert {name for name in partials if f"`{name}`" not in text} == set()


def test_every_management_command_is_documented():
    commands = {
        p.stem for p in (PACKAGE / "management/commands").glob("*.py") if p.stem != "__init__"
    }
    text = manual()
    assert {c for c in commands if f"manage.py {c}" not in text} == set()


def images_shown(markdown: str) -> list[str]:
    """Image targets outside code: an example in backticks is not an image the page shows."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", "", markdown, flags=re.DOTALL)
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", prose)


def test_every_image_the_docs_and_readme_show_exists():
    pages = [*DOCS.glob("*.md"), ROOT / "README.md"]
    shown = {page: images_shown(page.read_text(encoding="utf-8")) for page in pages}
    assert len(shown[DOCS / "editors-guide.md"]) >= 2
    missing = [
        f"{page.name}: {target}"
        for page, targets in shown.items()
        for target in targets
        if not (page.parent / target).is_file()
    ]
    assert missing == []


def test_the_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dev = (ROOT / "dev.py").read_text(encoding="utf-8")
    for command in ("demo", "test"):
        assert f"python3 dev.py {command}" in readme
        assert f'"{command}": {command}' in dev
