"""Editors' Markdown to sanitized HTML.

Every piece of Markdown an editor writes reaches a page through :func:`render_markdown`: on save,
into the stored ``*_html`` fields, and in the admin's live preview, so the preview is the page.
python-markdown converts; nh3 then keeps only an allow-list of tags, attributes and URL schemes.

Two things need attributes editors may not write: footnotes (their ids and back links) and video
embeds (a placeholder naming the provider and the video). The converter marks the attributes it
made itself with a token drawn for that one conversion; the sanitizer keeps a marked attribute
(unmarked, and only in the expected form) and drops every other id, class and data attribute, so
raw HTML in the text cannot forge either.
"""

from __future__ import annotations

import html as htmllib
import re
import uuid
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import MethodType

import markdown
import nh3
from django.utils.text import slugify
from django.utils.translation import gettext as _
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .. import conf

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
    # Footnotes' and embeds' containers; without a marked class they are plain boxes.
    "div",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "sup": {"id"},
    "li": {"id"},
    "div": {"class", "data-scms-embed", "data-scms-embed-id", "data-scms-embed-title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
}
# Site-relative URLs pass as well: nh3 keeps relative URLs and checks only those with a scheme.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# What a marked attribute may hold once unmarked: nothing else survives the sanitizer.
# In the HTML of an article with a video: the page then loads the script that plays it.
EMBED_MARK = 'class="scms-embed"'
_MARKED_VALUES = {
    "id": re.compile(r"\Afn(?:ref)?-[\w-]{1,60}\Z"),
    "class": re.compile(r"\A(?:footnote|footnote-ref|footnote-backref|scms-embed)\Z"),
    "data-scms-embed": re.compile(r"\A(?:youtube|vimeo)\Z"),
    "data-scms-embed-id": re.compile(r"\A[A-Za-z0-9_-]{1,20}\Z"),
    "data-scms-embed-title": re.compile(r"\A[^<>]{1,200}\Z"),
}
# Video addresses on a line of their own become click-to-load players: (provider, pattern).
_VIDEOS = (
    (
        "youtube",
        re.compile(
            r"\Ahttps?://(?:www\.|m\.)?(?:youtube\.com/watch\?(?:\S*&)?v=|youtu\.be/"
            r"|youtube(?:-nocookie)?\.com/(?:embed|shorts)/)([A-Za-z0-9_-]{11})(?:[?&#]\S*)?\Z"
        ),
    ),
    (
        "vimeo",
        re.compile(
            r"\Ahttps?://(?:www\.)?(?:vimeo\.com/|player\.vimeo\.com/video/)(\d{1,12})"
            r"(?:[/?#]\S*)?\Z"
        ),
    ),
)
_WATCH_URLS = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}


def video_of(address: str) -> tuple[str, str] | None:
    """``(provider, video id)`` for an address of the embed allow-list, else ``None``."""
    for provider, pattern in _VIDEOS:
        match = pattern.match(address.strip())
        if match:
            return provider, match.group(1)
    return None


class _MarkOwnAttributes(Treeprocessor):
    """Marks the footnotes' ids and classes with the conversion's token, and turns a paragraph
    that is only a video address (or a link to one) into an embed placeholder.

    Runs on the element tree, after the footnotes extension: raw HTML an editor wrote is still
    stashed away as text here, so nothing of theirs is marked.
    """

    def __init__(self, md: markdown.Markdown, token: str) -> None:
        super().__init__(md)
        self.token = token

    def mark(self, value: str) -> str:
        return f"{self.token}:{value}"

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "p":
                    embed = self._embed(child)
                    if embed is not None:
                        embed.tail = child.tail
                        parent[index] = embed
        for el in root.iter():
            element_id, element_class = el.get("id", ""), el.get("class")
            if el.tag in ("sup", "li") and element_id.startswith(("fnref:", "fn:")):
                el.set("id", self.mark(element_id.replace(":", "-")))
            if el.tag == "a" and element_class in ("footnote-ref", "footnote-backref"):
                el.set("class", self.mark(element_class))
                el.set("href", el.get("href", "").replace(":", "-"))
                el.attrib.pop("title", None)
            if el.tag == "div" and el.get("class") == "footnote":
                el.set("class", self.mark("footnote"))

    def _embed(self, paragraph: etree.Element) -> etree.Element | None:
        children = list(paragraph)
        text = (paragraph.text or "").strip()
        if not children:
            address, title = text, ""
        elif len(children) == 1 and children[0].tag == "a" and not text:
            link = children[0]
            if (link.tail or "").strip() or list(link):
                return None
            address, title = link.get("href", ""), (link.text or "").strip()
            if title == address:
                title = ""
        else:
            return None
        video = video_of(address)
        if video is None:
            return None
        provider, video_id = video
        names = {"youtube": "YouTube", "vimeo": "Vimeo"}
        title = " ".join(title.replace("<", "").replace(">", "").split())[:200]
        site = names[provider]
        label = (
            _("Play the video: %(title)s (%(site)s)") % {"title": title, "site": site}
            if title
            else _("Play the video (%(site)s)") % {"site": site}
        )
        title = title or _("Video on %(site)s") % {"site": site}
        box = etree.Element("div")
        box.set("class", self.mark("scms-embed"))
        box.set("data-scms-embed", self.mark(provider))
        box.set("data-scms-embed-id", self.mark(video_id))
        box.set("data-scms-embed-title", self.mark(title))
        link = etree.SubElement(box, "a", href=_WATCH_URLS[provider].format(video_id))
        link.text = label
        return box


class _MarkOwnAttributesExtension(Extension):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_MarkOwnAttributes(md, self.token), "supplements_cms_mark", 4)


def _unmark(token: str):
    """nh3's attribute filter: a marked id, class or data attribute loses its mark and is kept
    if it holds what the converter makes; an unmarked one is dropped."""
    prefix = f"{token}:"

    def keep(_tag: str, name: str, value: str) -> str | None:
        pattern = _MARKED_VALUES.get(name)
        if pattern is None:
            return value
        if not value.startswith(prefix):
            return None
        value = value[len(prefix) :]
        return value if pattern.match(value) else None

    return keep


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


class _Blocks(deque[str]):
    """python-markdown's queue of blocks, taken from the front one at a time.

    Its block processors take ``blocks.pop(0)`` and put a rest back with ``blocks.insert(0, …)``:
    on a list each moves every block behind it, so a text of many blocks took time in the square
    of their number (a fifth of the rendering of 400 KB of short sections, half of 800 KB). A
    deque does both in constant time; the processors use nothing else of the list.
    """

    def pop(self, index: int = -1) -> str:
        if index == 0:
            return self.popleft()
        value = self[index]
        del self[index]
        return value


def _parse_chunk(parser: BlockParser, parent: etree.Element, text: str) -> None:
    parser.parseBlocks(parent, _Blocks(text.split("\n\n")))  # type: ignore[arg-type]


def _converter(token: str) -> markdown.Markdown:
    converter = markdown.Markdown(
        extensions=[
            "markdown.extensions.footnotes",
            "markdown.extensions.tables",
            "markdown.extensions.fenced_code",
            "markdown.extensions.sane_lists",
            "markdown.extensions.def_list",
            "markdown.extensions.abbr",
            _ShiftHeadingsExtension(),
            _MarkOwnAttributesExtension(token),
        ],
        extension_configs={
            "markdown.extensions.tables": {"use_align_attribute": True},
        },
        output_format="html",
    )
    converter.parser.parseChunk = MethodType(_parse_chunk, converter.parser)  # type: ignore[method-assign]
    return converter


def sanitize_html(html: str, token: str = "") -> str:
    """Keep only the allow-listed markup; scripts, handlers, styles and unsafe URLs are removed.

    Ids, classes and data attributes survive only when marked with ``token`` (the converter's
    own, see :class:`_MarkOwnAttributes`); without one, none do.
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_unmark(token or uuid.uuid4().hex),
        url_schemes=ALLOWED_URL_SCHEMES,
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown in, safe HTML out. Also markdownx's preview function."""
    if not text or not text.strip():
        return ""
    ahead = _rendered_ahead.get()
    if ahead is not None and text in ahead:
        return ahead[text]
    return convert(text)


# Inside :func:`rendered_ahead`: the HTML of the texts it rendered, by text.
_rendered_ahead: ContextVar[dict[str, str] | None] = ContextVar(
    "supplements_cms_rendered_ahead", default=None
)


def rendering_ahead() -> bool:
    """Whether this runs inside :func:`rendered_ahead`."""
    return _rendered_ahead.get() is not None


@contextmanager
def rendered_ahead(texts: Iterable[str]) -> Iterator[None]:
    """Render ``texts`` now, before a save opens its transaction; within the block rendering
    one of them again (the save's, the form's claim check) takes the HTML made here, so the
    database's write lock is held for the writing alone. Texts over ``MARKDOWN_MAX_CHARS`` are
    left to the validation that refuses them. Nothing stays after the block."""
    known = _rendered_ahead.get() or {}
    ahead = dict(known)
    limit = conf.get("MARKDOWN_MAX_CHARS")
    for text in texts:
        if text and text.strip() and text not in ahead and len(text) <= limit:
            ahead[text] = convert(text)
    token = _rendered_ahead.set(ahead)
    try:
        yield
    finally:
        _rendered_ahead.reset(token)


def convert(text: str) -> str:
    """The conversion itself, for :func:`render_markdown` and :func:`rendered_ahead`."""
    source, literals = _set_aside(text)
    token = uuid.uuid4().hex
    try:
        # A fresh converter per call: python-markdown instances keep state between conversions.
        html = _converter(token).convert(source)
    except RecursionError:
        # python-markdown's definition lists recurse once per line; a very long run of them
        # is shown as plain text rather than failing the save.
        html = "".join(f"<p>{htmllib.escape(p)}</p>" for p in _PARAGRAPH.split(text) if p.strip())
        literals = {}
    if literals:
        # One pass for every marker: a replace() per marker copied the whole HTML each time.
        html = _MARKER.sub(lambda m: _literal_html(literals.get(m.group(), m.group())), html)
    return link_citations(sanitize_html(html, token))


def _literal_html(paragraph: str) -> str:
    return htmllib.escape(paragraph).replace("\n", "<br>")


_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# python-markdown's inline patterns turn quadratic on a paragraph crowded with markup
# characters (4,000 "[" took 2.4 s, 40,000 escaped ones 8 s). No one writes such a paragraph by
# hand: past this count it is shown as the literal text it is, and never given to the converter.
_MAX_MARKUP_PER_PARAGRAPH = 300
_MARKUP = re.compile(r"[\[\]<>*_`\\!&|]")
_MAX_ABBREVIATIONS = 100
_MARKER = re.compile(r"scmsliteral[0-9a-f]{32}")
_ABBREVIATION = re.compile(r"^\*\[", re.MULTILINE)


def _set_aside(text: str) -> tuple[str, dict[str, str]]:
    """``text`` with crowded paragraphs replaced by markers (and the text each stands for), and
    abbreviation definitions past a hundred made literal; one pass, linear in the text."""
    parts = _PARAGRAPH.split(text)
    literals: dict[str, str] = {}
    many_abbreviations = len(_ABBREVIATION.findall(text)) > _MAX_ABBREVIATIONS
    for i, part in enumerate(parts):
        if len(_MARKUP.findall(part)) > _MAX_MARKUP_PER_PARAGRAPH:
            marker = f"scmsliteral{uuid.uuid4().hex}"
            literals[marker] = part
            parts[i] = marker
        elif many_abbreviations:
            parts[i] = _ABBREVIATION.sub(r"\\*[", part)
    return "\n\n".join(parts), literals


CITATION = re.compile(r"\[ref:\s*(\d{1,3})\]", re.IGNORECASE)
# A tag of sanitized HTML (its attribute values are always quoted), or the text between tags.
_TAG_OR_TEXT = re.compile(r"""<(/?)([a-zA-Z0-9]+)(?:[^"'>]|"[^"]*"|'[^']*')*>|[^<]+|<""")
# Inside these a citation stays as typed: code shows the syntax, and a link cannot hold a link.
_NO_CITATIONS_INSIDE = frozenset({"a", "code", "pre"})


def citation_numbers(text: str) -> set[int]:
    """The reference numbers ``[ref:N]`` markers in Markdown ask for."""
    return {int(n) for n in CITATION.findall(text)}


def _citation_link(match: re.Match[str]) -> str:
    n = int(match.group(1))
    return f'<sup class="scms-cite"><a href="#reference-{n}">[{n}]</a></sup>'


def link_citations(html: str) -> str:
    """``[ref:3]`` becomes a superscript link to the third entry of the article's references.

    Runs on sanitized HTML, in one pass, and only on text between tags: a marker inside an
    attribute (a link's title or address, an image's alt text) stays text there, and so does one
    inside code or a link.
    """
    out, skipping = [], 0
    for token in _TAG_OR_TEXT.finditer(html):
        closing, name = token.group(1), token.group(2)
        if name is not None:
            if name.lower() in _NO_CITATIONS_INSIDE:
                skipping = max(0, skipping - 1) if closing else skipping + 1
            out.append(token.group())
        elif skipping:
            out.append(token.group())
        else:
            out.append(CITATION.sub(_citation_link, token.group()))
    return "".join(out)


_SINGLE_PARAGRAPH = re.compile(r"\A<p>((?:(?!</?p>).)*)</p>\Z", re.DOTALL)
_STARTS_WITH_BLOCK = re.compile(r"\A\s*<(?:p|ul|ol|dl|blockquote|pre|table|h[2-6]|hr|div)\b")


def render_markdown_inline(text: str) -> str:
    """Like :func:`render_markdown`, without the ``<p>`` around a single paragraph, so the text can
    follow a bold title on the same line ("**Muscle relaxation:** …")."""
    html = render_markdown(text).strip()
    match = _SINGLE_PARAGRAPH.match(html)
    return match.group(1) if match else html


def is_block_html(html: str) -> bool:
    return bool(_STARTS_WITH_BLOCK.match(html))


_SECTION_HEADING = re.compile(r"<h([23])>(.*?)</h\1>", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|th|td"
    r"|caption|br|hr)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w[\w'’-]*")
# Ids the package's templates use themselves; a heading never takes one of them.
_RESERVED_IDS = frozenset({"top", "main", "content"})


def plain_text(html: str) -> str:
    """The text of sanitized HTML, for word counts, excerpts and feeds."""
    # Blocks are separated by a space; inline tags vanish, so "<em>word</em>." stays "word.".
    return htmllib.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", html)))


def count_words(html: str) -> int:
    return len(_WORD.findall(plain_text(html)))


def add_heading_ids(html: str) -> str:
    """Give the ``h2``/``h3`` headings of sanitized HTML ids made from their text.

    Runs after sanitizing, which removes every ``id`` an editor typed, so these are the only ids:
    stable (the same heading text keeps its anchor), unique within the text, and never one of
    the page's own ids.
    """
    taken: set[str] = set()
    # The next number to try for each base, so a thousand "Summary" headings cost a thousand
    # steps, not half a million: numbers below it are known to be taken, and stay taken.
    next_number: dict[str, int] = {}

    def with_id(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        base = slugify(" ".join(plain_text(inner).split()), allow_unicode=True) or "section"
        if base in _RESERVED_IDS or base.startswith(("scms-", "fn-", "fnref-")):
            base = f"section-{base}"
        anchor = base
        if anchor in taken:
            n = next_number.get(base, 2)
            while f"{base}-{n}" in taken:
                n += 1
            anchor, next_number[base] = f"{base}-{n}", n + 1
        taken.add(anchor)
        return f'<h{level} id="{anchor}">{inner}</h{level}>'

    return _SECTION_HEADING.sub(with_id, html)


_ANCHORED_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)


def table_of_contents(html: str) -> list[dict[str, str | int]]:
    """The headings :func:`add_heading_ids` anchored, in order: level, id and text."""
    return [
        {"level": int(level), "id": anchor, "title": " ".join(plain_text(inner).split())}
        for level, anchor, inner in _ANCHORED_HEADING.findall(html)
    ]
