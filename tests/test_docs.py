"""The manual keeps up with the code: every setting, check, partial and command is documented."""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import pytest

from supplements_cms import checks, conf
from supplements_cms.templatetags import supplements_cms as tags

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


@pytest.mark.parametrize(("key", "minimum"), sorted(checks.WHOLE_NUMBER_SETTINGS.items()))
def test_whole_number_settings_give_the_minimum_the_check_enforces(key, minimum):
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    entry = re.search(rf"^`{key}`\n: (.*?)(?=^\S|\Z)", text, re.MULTILINE | re.DOTALL)
    assert entry, f"{key} is not documented in docs/settings.md"
    assert f"at least {minimum}" in entry.group(1)


def test_every_system_check_is_documented():
    ids = set(re.findall(r"supplements_cms\.[EW]\d{3}", (PACKAGE / "checks.py").read_text()))
    assert ids, "no check ids found: has checks.py moved?"
    documented = set(re.findall(r"supplements_cms\.[EW]\d{3}", (DOCS / "checks.md").read_text()))
    assert ids == documented


def test_every_partial_is_documented():
    partials = {p.name for p in (PACKAGE / "templates/supplements_cms/partials").glob("*.html")}
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    assert {name for name in partials if f"`{name}`" not in text} == set()


def test_every_template_tag_is_documented_with_its_signature():
    """``related_posts article [limit]``: the tag's name, then its arguments, optional ones in
    brackets, exactly as the tag function takes them."""
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    undocumented = []
    for name in tags.register.tags:
        parameters = inspect.signature(getattr(tags, name)).parameters.values()
        arguments = [
            p.name if p.default is inspect.Parameter.empty else f"[{p.name}]" for p in parameters
        ]
        signature = " ".join([name, *arguments])
        if f"`{signature}`" not in text or f"{{% {name} " not in text:
            undocumented.append(signature)
    assert undocumented == []


def css_classes() -> set[str]:
    """The ``scms-`` classes the package's public templates and its Markdown renderer emit; a class
    built from a variable (``scms-toc__item--level-{{ entry.level }}``) must be listed with each of
    its values, which the stylesheet names."""
    sources = [
        *(PACKAGE / "templates/supplements_cms").rglob("*.html"),
        PACKAGE / "content" / "markdown.py",
    ]
    stylesheet = (PACKAGE / "static/supplements_cms/supplements_cms.css").read_text()
    found = set()
    for source in sources:
        for attribute in re.findall(r'class="([^"]*)"', source.read_text(encoding="utf-8")):
            for name in re.sub(r"\{\{.*?\}\}", "{}", attribute).split():
                if not name.startswith("scms-"):
                    continue
                if "{}" in name:  # completed by a template variable: the stylesheet's variants
                    prefix = re.escape(name.partition("{}")[0])
                    variants = set(re.findall(rf"\.({prefix}[\w-]+)", stylesheet))
                    assert variants, f"the stylesheet styles no {name}"
                    found |= variants
                else:
                    found.add(name)
    return found


def test_every_css_class_is_documented():
    classes = css_classes()
    assert len(classes) > 40, "no classes found: have the templates moved?"
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    assert sorted(c for c in classes if f"`{c}`" not in text) == []


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


def test_every_image_the_docs_show_exists():
    shown = {page: images_shown(page.read_text(encoding="utf-8")) for page in DOCS.glob("*.md")}
    assert len(shown[DOCS / "editors-guide.md"]) >= 2
    missing = [
        f"{page.name}: {target}"
        for page, targets in shown.items()
        for target in targets
        if not (page.parent / target).is_file()
    ]
    assert missing == []


def in_repository(url: str) -> Path | None:
    """The file of this checkout that a link into the repository (``project.urls["Source"]``)
    shows on the package index, or ``None`` for a link elsewhere."""
    source = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Source"]
    owner_and_name = source.removeprefix("https://github.com/")
    for prefix in (
        f"{source}/blob/main/",
        f"{source}/tree/main/",
        f"https://raw.githubusercontent.com/{owner_and_name}/main/",
    ):
        if url.startswith(prefix):
            return ROOT / url.removeprefix(prefix)
    return None


def test_the_readme_links_and_images_are_absolute_and_point_at_files_that_exist():
    """The package index shows the README away from the repository: a relative link breaks
    there, so every link is absolute, and those into the repository name a file it has."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s#]+)\)", readme)
    assert [t for t in targets if "://" not in t] == []
    into_repository = {t: in_repository(t) for t in targets}
    assert any(str(p).endswith("docs/images/article-page.png") for p in into_repository.values())
    assert [t for t, path in into_repository.items() if path and not path.exists()] == []


def test_the_project_urls_point_at_files_that_exist():
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert in_repository(urls["Changelog"]) == DOCS / "changelog.md"
    assert [url for url in urls.values() if (p := in_repository(url)) and not p.exists()] == []


def test_the_readme_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dev = (ROOT / "dev.py").read_text(encoding="utf-8")
    for command in ("demo", "test"):
        assert f"python3 dev.py {command}" in readme
        assert f'"{command}": {command}' in dev
