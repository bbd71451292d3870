"""Editors' Markdown to sanitized HTML.

Every piece of Markdown an editor writes reaches a page through :func:`render_markdown`: on save,
into the stored ``*_html`` fields, and in the admin's live preview, so the preview is the page.
python-markdown converts; nh3 then keeps only an allow-list of tags, attributes and URL schemes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "pre",
    "code",
    "strong",
    "em",
    "b",
    "i",
    "del",
    "sup",
    "sub",
    "abbr",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
# Site-relative URLs pass as well: nh3 keeps relative URLs and checks only those with a scheme.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _ShiftHeadings(Treeprocessor):
    """The page's own ``<h1>`` is the article title, so an editor's ``#`` becomes ``<h2>``.

    Every heading moves down one level when the text uses ``#`` at all, which keeps the outline's
    relative order (``#`` then ``##`` becomes ``h2`` then ``h3``) instead of flattening it.
    """

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        if not any(el.tag == "h1" for el in headings):
            return
        for el in headings:
            el.tag = f"h{min(int(el.tag[1]) + 1, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "supplements_cms_shift_headings", 5)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "markdown.extensions.tables",
            "markdown.extensions.fenced_code",
            "markdown.extensions.sane_lists",
            "markdown.extensions.def_list",
            "markdown.extensions.abbr",
            _ShiftHeadingsExtension(),
        ],
        extension_configs={"markdown.extensions.tables": {"use_align_attribute": True}},
        output_format="html",
    )


def sanitize_html(html: str) -> str:
    """Keep only the allow-listed markup; scripts, handlers, styles and unsafe URLs are removed."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown in, safe HTML out. Also markdownx's preview function."""
    if not text or not text.strip():
        return ""
    # A fresh converter per call: python-markdown instances keep state between conversions.
    return sanitize_html(_converter().convert(text))


_SINGLE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\Z", re.DOTALL)
_STARTS_WITH_BLOCK = re.compile(r"\A\s*<(?:p|ul|ol|dl|blockquote|pre|table|h[2-6]|hr)\b")


def render_markdown_inline(text: str) -> str:
    """Like :func:`render_markdown`, without the ``<p>`` around a single paragraph, so the text can
    follow a bold title on the same line ("**Muscle relaxation:** …")."""
    html = render_markdown(text).strip()
    match = _SINGLE_PARAGRAPH.match(html)
    return match.group(1) if match else html


def is_block_html(html: str) -> bool:
    return bool(_STARTS_WITH_BLOCK.match(html))
