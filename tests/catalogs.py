"""The package's translation catalogs, read as tests need them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parents[1] / "supplements_cms"
LOCALE = PACKAGE / "locale"
SHIPPED = ("de", "es", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]")

Key = tuple[str | None, str]


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def describe(key: Key) -> str:
    context, msgid = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def msgids_in_source(tmp_path: Path) -> dict[Key, str | None]:
    """What makemessages finds in the package's code and templates today, with each plural.

    Run on a copy, so the committed catalogs are never touched; needs GNU gettext (xgettext).
    """
    copy = tmp_path / "supplements_cms"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    if shutil.which("xgettext") is None:
        raise AssertionError("GNU gettext is needed to check the catalogs: apt-get install gettext")
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "xx", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        # makemessages configures minimal settings itself when none are given.
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    fresh = polib.pofile(str(copy / "locale" / "xx" / "LC_MESSAGES" / "django.po"))
    return {(e.msgctxt, e.msgid): e.msgid_plural or None for e in fresh}
