"""Work on editor text grows with its length, not with its square.

One timed test, a ratio between sizes rather than a time limit, so that it holds on a slow
machine; ``benchmarks/linear.py`` prints the figures behind it. The other tests pin down the
results that the linear versions must keep.
"""

from __future__ import annotations

import gc
import re
import time

import pytest

from supplements_cms.content.importing.parser import parse_article
from supplements_cms.content.markdown import add_heading_ids, render_markdown
from supplements_cms.models import Article


def _seconds_to_save(headings: int) -> float:
    """The best of three saves of a body with ``headings`` identical headings."""
    body = "\n\n".join("## Same heading\n\nA line under it." for _ in range(headings))
    best = float("inf")
    for _ in range(3):
        article = Article(title=f"{headings} headings", body=body)
        gc.collect()
        start = time.perf_counter()
        article.save()
        best = min(best, time.perf_counter() - start)
        article.delete()
    return best


@pytest.mark.django_db
def test_saving_repeated_headings_grows_linearly():
    small, middle, large = (_seconds_to_save(n) for n in (2000, 4000, 8000))

    # Four times the headings: about four times the work. Quadratic work would take sixteen
    # times as long (the numbering of repeated anchors did: 0.26 s for 1,000, 26 s for 8,000).
    assert large / small < 8, f"2,000: {small:.3f} s, 4,000: {middle:.3f} s, 8,000: {large:.3f} s"


def test_repeated_and_numbered_headings_keep_their_anchors():
    html = add_heading_ids(render_markdown("## A-2\n\n## A\n\n## A\n\n## A\n\n## A-3\n\n## A-2"))

    assert re.findall(r'id="([^"]+)"', html) == ["a-2", "a", "a-3", "a-4", "a-3-2", "a-2-2"]


def test_markdown_headings_in_exports_lose_only_their_closing_hashes():
    parsed = parse_article(
        "Title\n\n## What it is ##\n\nText.\n\n### Part #2\n\nMore.\n\n# C# ###\n\nEnd."
    )

    assert re.findall(r"^## (.+)$", parsed.body, re.MULTILINE) == ["What it is", "Part #2", "C#"]


def test_long_runs_of_lines_and_spaces_parse_in_one_piece():
    lines = "\n".join(f"line {n} of one long paragraph" for n in range(20_000))
    parsed = parse_article(f"Title\n\n# A heading{' ' * 50_000}with a gap\n\n{lines}")

    assert parsed.body.startswith("## A heading")
    assert parsed.body.endswith("line 19999 of one long paragraph")


def _seconds_to_render(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "unit",
    ["[", "\\[", "<a ", "*[A]: abbreviation\n", "_", "`"],
    ids=["brackets", "escaped", "open-tags", "abbreviations", "underscores", "backticks"],
)
def test_markdown_crowded_with_markup_renders_in_linear_time(unit):
    small = _seconds_to_render(unit * 4_000)
    large = _seconds_to_render(unit * 16_000)
    # Four times the text, at most about four times the work (python-markdown alone was
    # quadratic here: 4,000 "[" took 2.4 s).
    assert large / max(small, 1e-4) < 8, f"4,000: {small:.4f} s, 16,000: {large:.4f} s"


def test_a_crowded_paragraph_is_shown_as_the_text_it_is():
    html = render_markdown("Normal *words* here.\n\n" + "[x " * 400 + "\n\nAfter.")
    assert "<em>words</em>" in html
    assert "[x [x [x" in html
    assert html.endswith("<p>After.</p>")
    assert "scmsliteral" not in html
