"""The history's word diff and its reading of a kept revision: what changed, paragraph by
paragraph and word by word, escaped, bounded; the article as the revision kept it."""

from __future__ import annotations

import pytest
import reversion
from reversion.models import Version

from supplements_cms.editorial import revisions
from supplements_cms.editorial.revisions import (
    changes,
    revision_article,
    revision_numbered,
    word_diff,
)
from supplements_cms.models import Article, Benefit, Reference
from tests.factories import make_article

SAME = '<p class="scms-diff__same">…</p>'


def test_only_changed_paragraphs_are_shown_with_their_changed_words():
    before = "Magnesium relaxes.\n\nTake it at night.\n\nAsk a doctor."
    after = "Magnesium relaxes.\n\nTake it with dinner.\n\nAsk a doctor."
    assert word_diff(before, after) == (
        f"{SAME}<p>Take it <del>at night.</del><ins>with dinner.</ins></p>{SAME}"
    )


def test_added_and_removed_paragraphs_are_shown_whole():
    assert word_diff("Kept.", "Kept.\n\nNew one.") == f"{SAME}<p><ins>New one.</ins></p>"
    assert word_diff("Gone.\n\nKept.", "Kept.") == f"<p><del>Gone.</del></p>{SAME}"
    # Two paragraphs for one: no pairing of words, each shown whole.
    assert word_diff("First.\n\nSecond.", "Merged.") == (
        "<p><del>First.</del></p><p><del>Second.</del></p><p><ins>Merged.</ins></p>"
    )


def test_paragraphs_are_compared_as_typed_whatever_the_line_endings_and_blank_lines():
    assert word_diff("One.\r\n\r\nTwo.", "One.\n\n  \n\nTwo.  ") == SAME
    assert word_diff("  One.\n\nTwo.  ", "One.\r\n\r\nTwo.") == SAME
    assert word_diff("", "") == ""


def test_a_word_added_in_a_paragraph_is_the_only_insertion():
    assert word_diff("Take 200 mg.", "Take 200 mg daily.") == (
        "<p>Take 200 <del>mg.</del><ins>mg daily.</ins></p>"
    )
    assert word_diff("Take it daily.", "Take it.") == (
        "<p>Take <del>it daily.</del><ins>it.</ins></p>"
    )
    # Words only added, or only taken out: nothing shown on the other side.
    assert word_diff("daily dose.", "A daily dose.") == "<p><ins>A </ins>daily dose.</p>"
    assert word_diff("A daily dose.", "daily dose.") == "<p><del>A </del>daily dose.</p>"


def test_everything_shown_is_escaped():
    shown = word_diff("<b>Bold</b> & plain", "<i>Bold</i> & plain")
    assert shown == (
        "<p><del>&lt;b&gt;Bold&lt;/b&gt; </del><ins>&lt;i&gt;Bold&lt;/i&gt; </ins>&amp; plain</p>"
    )
    assert word_diff("", "<script>x</script>") == "<p><ins>&lt;script&gt;x&lt;/script&gt;</ins></p>"


def test_past_the_bound_paragraphs_and_words_are_shown_whole(monkeypatch):
    monkeypatch.setattr(revisions, "MAX_DIFF_PAIRS", 3)
    # 2 by 3 paragraphs, past 3 pairs: not matched, every one shown whole.
    assert word_diff("A.\n\nB.", "A.\n\nC.\n\nD.") == (
        "<p><del>A.</del></p><p><del>B.</del></p>"
        "<p><ins>A.</ins></p><p><ins>C.</ins></p><p><ins>D.</ins></p>"
    )
    # As many on each side: paired in order, their words compared.
    assert word_diff("A.\n\nB.", "A.\n\nC.") == "<p>A.</p><p><del>B.</del><ins>C.</ins></p>"
    # One paragraph each (1 pair), but 2 by 2 words: the paragraph whole, old then new.
    assert word_diff("Two words", "Three words") == (
        "<p><del>Two words</del> <ins>Three words</ins></p>"
    )
    # At the bound exactly, paragraphs and words are still compared.
    monkeypatch.setattr(revisions, "MAX_DIFF_PAIRS", 4)
    assert word_diff("A.\n\nB.", "A.\n\nC.") == f"{SAME}<p><del>B.</del><ins>C.</ins></p>"
    assert word_diff("Two words", "Three words") == "<p><del>Two </del><ins>Three </ins>words</p>"


def test_changes_lists_each_part_that_differs_with_both_texts():
    older = {"Title": "Zinc", "Body": "Same.", "Summary": ""}
    newer = {
        "Title": "Zinc and sleep",
        "Body": "Same.",
        "Summary": "",
        "Conditions": "Sleep",
        "Written by": "",  # a part the older revision did not have, still empty
    }

    found = [(c.label, c.before, c.after) for c in changes(older, newer)]

    assert found == [("Title", "Zinc", "Zinc and sleep"), ("Conditions", "", "Sleep")]


@pytest.mark.django_db
def test_a_revision_is_read_back_as_the_article_it_kept():
    article = make_article(title="Kept title", slug="kept", conditions=["Sleep", "Cramps"])
    for title, position in (("Second", 2), ("First", 1), ("Also second", 2)):
        Benefit.objects.create(article=article, title=title, description="x", position=position)
    Reference.objects.create(article=article, title="Later", position=2)
    Reference.objects.create(article=article, title="Earlier", position=1)
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).first()
    # The live article moves on.
    Article.objects.filter(pk=article.pk).update(title="Live title")
    article.benefits.filter(title="First").delete()
    article.references.all().delete()
    article.conditions.set(["Fatigue"])

    kept = revision_article(version)

    assert (kept.pk, kept.title) == (article.pk, "Kept title")
    assert [b.title for b in kept.benefits.all()] == ["First", "Second", "Also second"]
    assert [r.title for r in kept.references.all()] == ["Earlier", "Later"]
    assert sorted(c.name for c in kept.conditions.all()) == ["Cramps", "Sleep"]


@pytest.mark.django_db
def test_a_revision_is_found_by_the_edit_number_it_kept():
    article = make_article(title="Numbered")
    numbers = []
    for text in ("One.", "Two."):
        article.intro = text
        with reversion.create_revision():
            article.save()
        article.refresh_from_db()
        numbers.append(article.edit_number)

    found = revision_numbered(article, numbers[0])

    assert found is not None
    assert found.field_dict["intro"] == "One."
    assert revision_numbered(article, numbers[1]).field_dict["intro"] == "Two."
    assert revision_numbered(article, max(numbers) + 1) is None
