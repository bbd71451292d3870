"""The claim check reads stored HTML it read before unchanged only once (every save and every
opening of an article's form checks the article; a long article has fifty benefits), and reads
it again when anything that shapes its findings changed."""

from __future__ import annotations

import pytest
from django.utils import translation

from supplements_cms.content import claims
from supplements_cms.content.claims import check_article
from supplements_cms.models import Benefit
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CLAIM = "It cures arthritis in a week."


def _spy(monkeypatch, reader: str) -> list[str]:
    """The field of each text the check's ``reader`` reads."""
    seen: list[str] = []
    real = getattr(claims, reader)

    def spy(text, field_name, context, language):
        seen.append(field_name)
        return real(text, field_name, context, language)

    monkeypatch.setattr(claims, reader, spy)
    return seen


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """The field of each block of HTML the check reads."""
    return _spy(monkeypatch, "_check_blocks")


def _benefits_read(seen: list[str]) -> list[str]:
    return [name for name in seen if name.startswith("benefit")]


def _article_with_a_claim():
    article = make_article(benefits=3, published=False)
    benefit = Benefit.objects.get(title="Benefit 2")
    benefit.description = CLAIM
    benefit.save()
    return article


def test_unchanged_rows_are_read_once_with_the_same_findings(read):
    article = _article_with_a_claim()
    first = check_article(article)
    assert len(_benefits_read(read)) == 3
    read.clear()
    again = check_article(article)
    assert _benefits_read(read) == []
    assert again == first
    assert [w.phrase for w in again if w.field == "benefit “Benefit 2”"] == ["cures arthritis"]


def test_a_changed_text_title_or_context_is_read_again(read):
    article = _article_with_a_claim()
    check_article(article)
    benefit = Benefit.objects.get(title="Benefit 2")
    benefit.description = "It supports normal joint function."
    benefit.save()
    read.clear()
    assert not [w for w in check_article(article) if w.field.startswith("benefit")]
    assert _benefits_read(read) == ["benefit “Benefit 2”"]

    benefit.title = "Joints"
    benefit.description = CLAIM
    benefit.save()
    read.clear()
    (found,) = [w for w in check_article(article) if w.field.startswith("benefit")]
    assert found.field == "benefit “Joints”"
    assert _benefits_read(read) == ["benefit “Joints”"]

    article.title = "Another title"
    read.clear()
    check_article(article)
    assert len(_benefits_read(read)) == 3  # the context each benefit is read in


def test_the_settings_and_the_language_of_the_reasons_are_part_of_what_was_read(read, settings):
    article = _article_with_a_claim()
    Benefit.objects.filter(title="Benefit 1").update(description_html="A wonder mineral.")
    assert not [w for w in check_article(article) if w.phrase == "wonder"]
    settings.SUPPLEMENTS_CMS = {
        "CLAIM_RULES": [{"pattern": r"\bwonder\b", "reason": "promises wonders"}]
    }
    assert [w.reason for w in check_article(article) if w.phrase == "wonder"] == [
        "promises wonders"
    ]
    english = [w.reason for w in check_article(article) if w.phrase == "cures arthritis"]
    with translation.override("de"):
        german = [w.reason for w in check_article(article) if w.phrase == "cures arthritis"]
    assert german != english
    assert german[0].startswith("(g)(2)(i) behauptet")


def test_titles_and_references_read_before_are_not_read_again(monkeypatch):
    article = make_article(benefits=2, published=False)
    article.references.create(title="Magnesium and sleep", authors="Doe J", position=1)
    seen = _spy(monkeypatch, "_check_sentence")
    first = check_article(article)
    assert "references" in seen
    assert "benefit “Benefit 1”" in seen
    seen.clear()
    assert check_article(article) == first
    assert seen == []
