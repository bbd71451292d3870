"""What a sentence is read against: the article's conditions, title and headings.

A benefit titled "Pain relief" says nothing about disease on its own; under an article about
fibromyalgia it promises to relieve fibromyalgia's pain. The checker is told the article's subject
through a :class:`ClaimContext`, which the admin's live check can build from the form as well.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .matching import Compiled, tokenize

# Kinds of text: a heading or title is read as a headline, a sentence as a sentence.
TEXT = "text"
HEADLINE = "headline"


@dataclass(frozen=True)
class ClaimContext:
    """The article around the text being checked.

    ``conditions`` are the article's condition tags, ``title`` its title, ``headings`` the
    headings the text sits under (a section's heading, a benefit's title), ``product_names`` the
    names of the supplements it is about (checked for names that echo a disease).
    """

    conditions: tuple[str, ...] = ()
    title: str = ""
    headings: tuple[str, ...] = ()
    product_names: tuple[str, ...] = ()
    kind: str = TEXT

    def under(self, heading: str) -> ClaimContext:
        return replace(self, headings=(*self.headings, heading))

    def as_headline(self) -> ClaimContext:
        return replace(self, kind=HEADLINE)


@dataclass(frozen=True)
class Subject:
    """The diseases the context names, found with the lexicon."""

    diseases: tuple[str, ...] = ()
    symptoms: frozenset[str] = field(default_factory=frozenset)
    system: str = ""  # the first disease's body system, for the suggestion


def subject(context: ClaimContext, compiled: Compiled) -> Subject:
    """The diseases an article is about, and the symptoms that promising relief from would claim
    to mitigate them."""
    diseases: list[str] = []
    system = ""
    for text in (*context.conditions, context.title, *context.headings):
        for match in compiled.trie.scan(tokenize(text)):
            named = match.kind in {"disease", "natural"} and match.system != "general"
            if named and match.name not in diseases:
                diseases.append(match.name)
                system = system or match.system
    if not diseases:
        return Subject()
    symptoms = set(compiled.any_disease_symptoms)
    for name in diseases:
        symptoms |= compiled.disease_symptoms.get(name.lower(), frozenset())
    return Subject(tuple(diseases), frozenset(symptoms), system)


_BLOCK_TAG = re.compile(
    r"<(/?)(h[1-6]|p|li|dt|dd|blockquote|td|th|caption|figcaption|figure|pre|ul|ol|dl|div|br|hr"
    r"|table|tr|img)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]+>")
_ALT = re.compile(r"""\balt=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def html_blocks(html: str) -> Iterator[tuple[bool, str]]:
    """(is_heading, text) for each block of sanitized HTML, in order.

    Headings are kept apart so that each is read as a headline and as the context of the
    paragraphs under it; an image's alt text is a block of its own, as readers of it hear it.
    """
    in_heading = False
    position = 0
    for tag in [*_BLOCK_TAG.finditer(html), None]:
        chunk = html[position : tag.start() if tag else len(html)]
        text = " ".join(htmllib.unescape(_TAG.sub("", chunk)).split())
        if text:
            yield in_heading, text
        if tag is None:
            break
        position = tag.end()
        if tag.group(2).lower() == "img":
            alt = _ALT.search(tag.group(0))
            text = " ".join(htmllib.unescape((alt.group(1) or alt.group(2)) if alt else "").split())
            if text:
                yield False, text
            continue
        if tag.group(2).lower().startswith("h") and tag.group(2).lower() != "hr":
            in_heading = not tag.group(1)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`+|^\s*(?:[-*+]|\d+[.)])\s+|^\s*>\s?")


def markdown_blocks(text: str) -> Iterator[tuple[bool, str]]:
    """(is_heading, text) for raw Markdown as an editor types it, marks removed; for the live
    check, which sees the field before it is rendered."""
    paragraph: list[str] = []
    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading or not line.strip():
            if paragraph:
                yield False, " ".join(paragraph)
                paragraph = []
            if heading:
                yield True, _MD_MARKS.sub("", _MD_LINK.sub(r"\1", heading.group(1)))
            continue
        cleaned = _MD_MARKS.sub("", _MD_LINK.sub(r"\1", line)).strip()
        if re.match(r"^\s*(?:[-*+]|\d+[.)])\s+", line) and paragraph:
            yield False, " ".join(paragraph)
            paragraph = []
        paragraph.append(cleaned)
    if paragraph:
        yield False, " ".join(paragraph)
