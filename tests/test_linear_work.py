"""Work on editor text grows with its length, not with its square.

The timed tests compare sizes (a ratio, with room for noise) rather than a time limit, so that
they hold on a slow machine; ``benchmarks/linear.py`` and ``benchmarks/editor_text.py`` print
the figures behind them. The other tests pin down the results that the linear versions must
keep.
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.urls import reverse
from markdown.blockparser import BlockParser

from benchmarks.editor_text import article_text, best
from supplements_cms.content.importing.parser import parse_article
from supplements_cms.content.markdown import add_heading_ids, render_markdown
from supplements_cms.models import Article
from tests.admin_forms import ADD_URL, form_data


def _best_of_three(call) -> float:
    """CPU seconds of this process: the other programs on a busy machine do not count."""
    return best(call, 3)


def _seconds_to_save(headings: int) -> float:
    """The best of three saves of a body with ``headings`` identical headings."""
    body = "\n\n".join("## Same heading\n\nA line under it." for _ in range(headings))

    def save() -> None:
        article = Article(title=f"{headings} headings", body=body)
        article.save()
        article.delete()

    return _best_of_three(save)


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
    return _best_of_three(lambda: render_markdown(text))


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


def test_an_article_body_renders_in_linear_time():
    article = Article(title="Long")
    small, large = (article_text(n) for n in (50_000, 200_000))

    seconds = [_best_of_three(lambda t=t: article.to_html(t, "body")) for t in (small, large)]

    # Four times the text: about four times the work, sixteen times if it were quadratic.
    assert seconds[1] / seconds[0] < 8, f"50 KB: {seconds[0]:.3f} s, 200 KB: {seconds[1]:.3f} s"


@pytest.mark.django_db
def test_the_live_preview_and_the_save_of_a_long_body_grow_linearly(admin_client, settings):
    settings.SUPPLEMENTS_CMS = {"MARKDOWN_MAX_CHARS": 1_000_000}
    texts = [article_text(n) for n in (15_000, 60_000)]
    preview_url = reverse("admin:supplements_cms_article_add_live_preview")
    saved = []

    def preview(text: str) -> None:
        assert admin_client.post(preview_url, form_data(body=text)).status_code == 200

    def save(text: str) -> None:
        title = f"Long {len(saved)}"
        saved.append(title)
        assert admin_client.post(ADD_URL, form_data(body=text, title=title)).status_code == 302
        Article.objects.filter(title=title).delete()

    preview(texts[0])  # the first request loads the templates and the claim lexicon
    for step in (preview, save):
        small, large = (_best_of_three(lambda s=step, t=t: s(t)) for t in texts)
        assert large / small < 8, f"{step.__name__}: 15 KB {small:.3f} s, 60 KB {large:.3f} s"


def test_the_block_parser_takes_blocks_off_the_front_in_constant_time(monkeypatch):
    # python-markdown's block processors pop(0) and insert(0, ...) on the queue of blocks; on a
    # list each moves every block behind it, which made 50,000 short blocks take 6.3 times as
    # long as 12,500 (now 3.9). A ratio test would need minutes to see it, so this pins the cause.
    queues = []
    parse_blocks = BlockParser.parseBlocks

    def spy(parser, parent, blocks):
        queues.append((len(blocks), isinstance(blocks, deque)))
        return parse_blocks(parser, parent, blocks)

    monkeypatch.setattr(BlockParser, "parseBlocks", spy)
    html = render_markdown("## A\n\nText.\n\n- one\n- two\n\n> quoted\n\nTerm\n:   its meaning")

    assert html.count("<") > 10
    # The document's queue, and every other of more than one block (the processors hand single
    # list items over in lists of one).
    assert queues[0] == (6, True)
    assert all(is_deque for length, is_deque in queues if length > 1)
