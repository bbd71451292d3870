"""A post's HTML as the plain-text export layout the text parser reads: a pure function.

WordPress keeps three kinds of content: classic-editor text (paragraphs are blank lines, a
single newline is a line break: "wpautop"), explicit HTML, and block markup (the same HTML
between ``<!-- wp:name {...} -->`` comments, in the forms of several WordPress versions). All
three go through one pass of Python's HTML parser, which decodes entities once, and come out as
blocks: "## Heading" lines, paragraphs with Markdown emphasis and links, "1. Item" and "- Item"
lines for lists, Markdown tables. ``importing.parser`` then finds the article's parts in that
text as it does in a plain-text export.

What is dropped: scripts, styles, frames' contents, forms and HTML comments; site chrome (related
posts, sharing buttons, "scroll to top", latest-posts and other site blocks); shortcodes that have
no Markdown form (a gallery, a player), each with a note saying so. Every step is one pass over the
text, and what is kept is text, never markup: the Markdown is sanitized again when it is rendered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

__all__ = ["Converted", "to_export_text"]

# Elements whose content is never text of the article.
_DROPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "form",
        "button",
        "select",
        "textarea",
        "nav",
        "aside",
        "footer",
        "header",
        "canvas",
        "video",
        "audio",
        "map",
    ]
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "address",
        "details",
        "summary",
        "center",
    ]
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Classes of the chrome themes and plugins print inside the content.
_CHROME_CLASS = re.compile(
    r"(?:^|\s)(?:related[-_]?posts?|jp-relatedposts|yarpp[\w-]*|crp_related|sharedaddy|sd-sharing"
    r"[\w-]*|addtoany[\w-]*|a2a_kit|share-?buttons?|social-?share[\w-]*|scroll-?to-?top|back-?to-?top"
    r"|wp-block-(?:latest-posts|latest-comments|navigation|social-links|search|archives|categories"
    r"|tag-cloud|rss|page-list|query|calendar|loginout)|yoast-table-of-contents|ez-toc[\w-]*"
    r"|toc_container|lwptoc[\w-]*)(?:\s|$)",
    re.IGNORECASE,
)
# Blocks that are the site's, not the post's: their content (if any) is dropped.
_CHROME_BLOCKS = frozenset(
    [
        "latest-posts",
        "latest-comments",
        "navigation",
        "social-links",
        "search",
        "archives",
        "categories",
        "tag-cloud",
        "rss",
        "page-list",
        "query",
        "calendar",
        "loginout",
        "post-navigation-link",
        "comments",
        "more",
        "nextpage",
    ]
)
_BLOCK_COMMENT = re.compile(r"\s*(/?)wp:(?:core/)?([a-z0-9_-]+(?:/[a-z0-9_-]+)?)", re.IGNORECASE)
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]{0,40})((?:\s[^\[\]]{0,2000})?)\]")
_KNOWN_DROPPED = {"gallery", "audio", "video", "playlist"}
_SAFE_URL = re.compile(r"^(?:https?://|/(?!/)|#)", re.IGNORECASE)
_BARE_URL = re.compile(r"^https?://\S+$")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TAG_LIKE = re.compile(r"<(?=[a-zA-Z/!?])")
_NUMBERED_HEADING = re.compile(r"^([0-9]{1,2})[.)]\s+(\S.*)$")
_BENEFITS_HEADING = re.compile(r"\b(?:benefits?|advantages?)\b", re.IGNORECASE)
_RELATED = re.compile(
    r"^(?:related (?:posts|articles|reading)|you (?:may|might) also like):?$", re.IGNORECASE
)
# A heading under the benefits' heading that is not one more benefit.
_ENDS_BENEFITS = re.compile(
    r"^(?:how to|how much|dosage|dosing|recommended|conclusion|in conclusion|final thoughts"
    r"|summary|the bottom line|bottom line|call to action|additional|other benefits|more benefits"
    r"|side effects|risks|precautions|safety|references|sources|faq|frequently asked)",
    re.IGNORECASE,
)
BOLD_HEADING_LEVEL = 4
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# Emphasis and links nested deeper than this are read as plain text.
_MAX_NESTING = 20
_FINAL_PUNCTUATION = (".", ",", ";", ":", "!", "?", "…")


@dataclass
class Converted:
    """The text for ``importing.parser``, and notes on what was left out."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Block:
    kind: str  # "p", "heading", "li", "table", "media", "pre"
    text: str
    level: int = 0
    marker: str = ""  # "1." or "-" for list items


def to_export_text(html: str) -> Converted:
    """The post's content as a plain-text export's body (without its title)."""
    notes: list[str] = []
    html = _shortcodes(html, notes)
    converter = _Converter(classic="<!-- wp:" not in html)
    converter.feed(html)
    converter.close()
    for name in sorted(converter.dropped):
        notes.append(_("left out: %(what)s") % {"what": name})
    return Converted(_render(converter.blocks), notes)


def _shortcodes(html: str, notes: list[str]) -> str:
    """[caption] becomes a figure, [embed] a link; galleries and players go, with a note."""
    closing = {m.lower() for m in re.findall(r"\[/([a-zA-Z][\w-]{0,40})\]", html)}
    left_out: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        close, name = match.group(1), match.group(2).lower()
        if name in ("caption", "wp_caption"):
            return "</figure>" if close else "<figure>"
        if name == "embed":
            return "</p>" if close else "<p>"
        if name in _KNOWN_DROPPED or name in closing or "_" in name or "-" in name:
            if not close:
                left_out.setdefault(name)
            return ""
        return match.group(0)

    html = _SHORTCODE.sub(replace, html)
    for name in left_out:
        if name in _KNOWN_DROPPED:
            notes.append(
                _("left out: a [%(name)s] shortcode; add its media in the editor") % {"name": name}
            )
        else:
            notes.append(
                _("left out: the [%(name)s] shortcode (its text is kept)") % {"name": name}
            )
    return html


class _Converter(HTMLParser):
    def __init__(self, *, classic: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.classic = classic
        self.blocks: list[_Block] = []
        self.parts: list[str] = []
        self.kind = "p"
        self.level = 0
        self.lists: list[list] = []  # [tag, next number]
        self.in_item = 0
        self.links: list[tuple[int, str]] = []
        self.emphasis: list[tuple[int, str]] = []
        self.skip: tuple[str, int] | None = None  # (tag, nesting) of a dropped element
        self.skip_block = ""  # a chrome block comment's name, until its closing comment
        self.pre = 0
        self.row: list[str] | None = None
        self.rows: list[list[str]] = []
        self.dropped: set[str] = set()
        self.has_text = False  # whether the block being read has any text yet

    # Blocks.

    def flush(self) -> None:
        text = "".join(self.parts)
        self.parts = []
        if self.pre:
            text = text.strip("\n")
        else:
            lines = (" ".join(line.split()) for line in text.split("\n"))
            text = "\n".join(line for line in lines if line)
        if text and (_LETTER_OR_DIGIT.search(text) or self.kind == "media"):
            marker = ""
            if self.kind == "li" and self.lists:
                tag = self.lists[-1]
                marker = f"{tag[1]}." if tag[0] == "ol" else "-"
                if tag[0] == "ol":
                    tag[1] += 1
            self.blocks.append(_Block(self.kind, text, self.level, marker))
        self.kind, self.level = ("li" if self.in_item else "p"), 0
        self.emphasis, self.links = [], []
        self.has_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_block:
            return
        if self.skip is not None:
            if tag == self.skip[0]:
                self.skip = (tag, self.skip[1] + 1)
            return
        values = {k: v or "" for k, v in attrs}
        if tag in _DROPPED or _CHROME_CLASS.search(values.get("class", "")):
            if tag == "iframe" and _SAFE_URL.match(values.get("src", "")):
                self.flush()
                src = values["src"]
                self.blocks.append(_Block("media", f"[{src}]({src})"))
            elif tag in ("script", "iframe", "object", "embed", "form", "video", "audio"):
                self.dropped.add(f"<{tag}>")
            if tag not in _VOID:
                self.skip = (tag, 1)
            return
        if tag in _HEADINGS:
            self.flush()
            self.kind, self.level = "heading", _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self.flush()
            start = values.get("start", "1")
            self.lists.append([tag, int(start) if start.isdigit() and len(start) < 3 else 1])
        elif tag == "li":
            self.flush()
            self.in_item += 1
            self.kind = "li"
        elif tag in _BLOCKS and not self.in_item:
            self.flush()
            if tag == "pre":
                self.pre += 1
                self.kind = "pre"
            elif tag == "figcaption":
                self.kind = "caption"
        elif tag in _BLOCKS or tag == "br":
            self.parts.append("\n")
        elif tag == "table":
            self.flush()
            self.rows = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.flush()
        elif tag in ("strong", "b"):
            self._open_emphasis("**")
        elif tag in ("em", "i"):
            self._open_emphasis("*")
        elif tag == "a" and len(self.links) < _MAX_NESTING:
            self.links.append((len(self.parts), values.get("href", "")))
        elif tag == "img":
            src = values.get("src", "")
            if _SAFE_URL.match(src):
                alt = " ".join(values.get("alt", "").replace("[", "(").replace("]", ")").split())
                if self.kind == "p" and not self.has_text:
                    self.kind = "media"
                self.parts.append(f"![{alt}]({src})")
        elif tag == "hr":
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_block:
            return
        if self.skip is not None:
            if tag == self.skip[0]:
                nesting = self.skip[1] - 1
                self.skip = (tag, nesting) if nesting else None
            return
        if tag in _HEADINGS or (tag in _BLOCKS and not self.in_item):
            self.flush()
            if tag == "pre" and self.pre:
                self.pre -= 1
        elif tag == "li":
            self.flush()
            self.in_item = max(0, self.in_item - 1)
            self.kind = "li" if self.in_item else "p"
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th"):
            text = " ".join("".join(self.parts).split()).replace("|", "\\|")
            self.parts = []
            if self.row is not None:
                self.row.append(text)
        elif tag == "tr":
            if self.row:
                self.rows.append(self.row)
            self.row = None
        elif tag == "table":
            self._table()
        elif tag in ("strong", "b"):
            self._close_emphasis("**")
        elif tag in ("em", "i"):
            self._close_emphasis("*")
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            del self.parts[start:]
            if text and _SAFE_URL.match(href) and "\n" not in text:
                self.parts.append(f"[{text.replace('[', '(').replace(']', ')')}]({href})")
            else:
                self.parts.append(text)

    def _open_emphasis(self, mark: str) -> None:
        if len(self.emphasis) >= _MAX_NESTING:
            return  # each close joins what its open holds: deep nesting would be quadratic
        self.emphasis.append((len(self.parts), mark))
        self.parts.append(mark)

    def _close_emphasis(self, mark: str) -> None:
        if not self.emphasis:
            return
        start, _mark = self.emphasis.pop()
        inner = "".join(self.parts[start + 1 :])
        del self.parts[start:]
        stripped = inner.strip()
        if not stripped:
            self.parts.append(inner)
            return
        # "**Pain Relief:** text" reads as "**Pain Relief**: text", a benefit's name and text.
        colon = ":" if stripped.endswith(":") else ""
        stripped = stripped.removesuffix(":").strip()
        lead = " " if inner[:1].isspace() else ""
        tail = " " if inner[-1:].isspace() else ""
        self.parts.append(f"{lead}{mark}{stripped}{mark}{colon}{tail}")

    def _table(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        width = max(len(r) for r in rows)
        lines = [f"| {' | '.join(r + [''] * (width - len(r)))} |" for r in rows]
        lines.insert(1, "|" + " --- |" * width)
        self.blocks.append(_Block("table", "\n".join(lines)))

    def handle_data(self, data: str) -> None:
        if self.skip_block or self.skip is not None:
            return
        data = _TAG_LIKE.sub("&lt;", _ENTITY_LIKE.sub("&amp;", data))
        if not data.isspace():
            self.has_text = True
        if self.pre:
            self.parts.append(data)
        elif self.classic and self.kind != "heading":
            # wpautop: a blank line ends a paragraph, a single newline breaks the line.
            pieces = re.split(r"\n[ \t\r\f\v]*\n\s*", data)
            for n, piece in enumerate(pieces):
                if n:
                    self.flush()
                self.parts.append(piece)
        else:
            self.parts.append(" ".join(data.split("\n")))

    def handle_comment(self, data: str) -> None:
        """Block comments: a chrome block's content is skipped; every comment is dropped."""
        match = _BLOCK_COMMENT.match(data)
        if match is None:
            return
        closing, name = match.group(1), match.group(2).lower().removeprefix("core/")
        if self.skip_block:
            if closing and name == self.skip_block:
                self.skip_block = ""
            return
        if name in _CHROME_BLOCKS and not closing and not data.rstrip().endswith("/"):
            self.flush()
            self.skip_block = name

    def close(self) -> None:
        super().close()
        self.flush()


def _render(blocks: list[_Block]) -> str:
    """The blocks as export text: headings as "## ", list items as lines of one block."""
    out: list[list[str]] = []
    previous = ""
    benefits_level = 0
    number = 0
    for block in blocks:
        if block.kind == "p" and _is_bold_line(block.text):
            # A bold line on its own is a classic editor's heading, below the real ones.
            block = _Block("heading", block.text, level=BOLD_HEADING_LEVEL)
        if block.kind == "heading":
            text = _plain(block.text).replace("\n", " ")
            numbered = _NUMBERED_HEADING.match(text)
            if benefits_level and (block.level <= benefits_level or _ENDS_BENEFITS.match(text)):
                benefits_level = 0
            if numbered or (benefits_level and block.level > benefits_level):
                # One heading per benefit: "1. Name", its paragraphs following.
                number += 1
                name = (numbered.group(2) if numbered else text).rstrip(":").strip()
                out.append([f"{numbered.group(1) if numbered else number}. {name}"])
                previous = "benefit"
                continue
            if _BENEFITS_HEADING.search(text):
                benefits_level, number = block.level, 0
            # The parser knows "Related Posts" (and drops what follows) as a line of its own.
            out.append([text if _RELATED.match(text) else f"## {text}"])
            previous = "heading"
        elif block.kind == "li":
            line = f"{block.marker} {block.text}"
            if previous == "li":
                out[-1].append(line)
            else:
                out.append([line])
            previous = "li"
        elif block.kind in ("media", "caption") or _BARE_URL.match(block.text):
            text = block.text
            if _BARE_URL.match(text):
                text = f"[{text}]({text})"
            if block.kind == "caption":
                text = f"*{text}*"
            # Alone on a line it would read as a heading: it joins the paragraph before it.
            if previous in ("p", "media") and out:
                out[-1].append(text)
            else:
                out.append([text])
            previous = "media"
        else:
            if previous == "media" and out and len(out[-1]) == 1:
                out[-1].append(block.text)
            else:
                out.append([block.text])
            previous = "p"
    return "\n\n".join("\n".join(lines) for lines in out)


def _plain(text: str) -> str:
    text = text.strip()
    while len(text) > 4 and text.startswith("**") and text.endswith("**"):
        text = text[2:-2].strip()
    return text


def _is_bold_line(text: str) -> bool:
    """A short paragraph that is bold and nothing else: a classic editor's heading."""
    plain = _plain(text)
    return (
        plain != text.strip()
        and "\n" not in text
        and "**" not in plain
        and len(plain) <= 100
        and not plain.endswith(_FINAL_PUNCTUATION[:5])
    )
