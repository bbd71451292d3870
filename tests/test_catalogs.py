"""The translation catalogs ship complete and current: every string of the package's code and
templates is in each of them, translated, not fuzzy, and compiled as written.

After adding or changing strings: ``cd supplements_cms && django-admin makemessages -a
--add-location=file --no-obsolete``, translate what is new, then ``django-admin compilemessages``.
"""

from __future__ import annotations

import polib
import pytest

from tests.catalogs import LOCALE, PLACEHOLDER, SHIPPED, catalog, describe, msgids_in_source


def test_the_shipped_languages_are_the_catalogs_there_are():
    assert sorted(p.name for p in LOCALE.iterdir() if p.is_dir()) == list(SHIPPED)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return msgids_in_source(tmp_path_factory.mktemp("makemessages"))


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_of_the_code_is_in_the_catalog_and_nothing_else(language, source):
    entries = {(e.msgctxt, e.msgid): e.msgid_plural or None for e in catalog(language)}
    missing = sorted(map(describe, source.keys() - entries.keys()))
    stale = sorted(map(describe, entries.keys() - source.keys()))
    assert missing == [], f"not in {language}'s catalog: run makemessages (module docstring)"
    assert stale == [], f"no longer in the code, still in {language}'s catalog"
    changed_plural = sorted(describe(k) for k in source if k in entries and source[k] != entries[k])
    assert changed_plural == []


@pytest.mark.parametrize("language", SHIPPED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalog(language)
    assert not po.metadata_is_fuzzy
    untranslated = [describe((e.msgctxt, e.msgid)) for e in po.untranslated_entries()]
    fuzzy = [describe((e.msgctxt, e.msgid)) for e in po.fuzzy_entries()]
    obsolete = [describe((e.msgctxt, e.msgid)) for e in po.obsolete_entries()]
    assert (untranslated, fuzzy, obsolete) == ([], [], [])
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in catalog(language).translated_entries():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        wanted = set(PLACEHOLDER.findall(sources[-1]))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for index, text in enumerate(translations):
            found = set(PLACEHOLDER.findall(text))
            # A singular form may leave the count out ("Condition:" has no number).
            if found != wanted and not (index == 0 and entry.msgid_plural and found <= wanted):
                wrong.append(f"{describe((entry.msgctxt, entry.msgid))}: {text!r}")
    assert wrong == []


@pytest.mark.parametrize("language", SHIPPED)
def test_the_compiled_catalog_is_the_source_compiled(language):
    """The .mo files are committed (a pip install from git has no gettext to compile them):
    each must say exactly what its .po says."""
    po, mo = catalog(language), polib.mofile(str(LOCALE / language / "LC_MESSAGES/django.mo"))

    def translations(entries) -> dict:
        return {
            (e.msgctxt, e.msgid): tuple(sorted(e.msgstr_plural.items())) or e.msgstr
            for e in entries
            if e.msgid
        }

    assert translations(mo) == translations(po.translated_entries())
