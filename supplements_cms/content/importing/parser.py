"""Plain-text article exports in, structured articles out: a pure function, no database.

The exports publishers bring look alike without being alike: a first-line title or "Title:"
lines, an "Introduction" heading or none, benefits as "1. Name: text" or as "1. Name" over a
paragraph. The parser reads the text as a sequence of *units* (a paragraph, a heading, a list
line, a "Title:" line, a line of page chrome), groups them into sections under their headings,
decides what each section is, and assigns every unit to exactly one field. What is not
recognised as a special part stays in the body, so nothing an editor wrote is dropped.

What is dropped, and only that:

* page chrome: a line that on its own is a sharing or navigation phrase ("Share this:", "Share
  on Facebook", "Facebook", "Scroll to top", "Skip to content", …; see ``_CHROME``), a line
  with no letter or digit (separators such as "* * *"), a later "Title:" line that repeats a
  title (or is empty), and the "Related Posts" line with everything after it except the lines
  that read as post titles, which are kept in ``related``;
* the structural labels that the page layout prints itself: the "Introduction", "Conclusion"
  (or "Final Thoughts", …) and "Call to Action" headings, and the list numbers and bullet marks
  in front of benefits.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from django.utils.translation import gettext as _

__all__ = [
    "Benefit",
    "Dosage",
    "ParseError",
    "ParsedArticle",
    "describe",
    "parse_article",
    "parse_dosage",
    "read_export",
]

# Sizes of the model fields the result is saved into, and of a heading an export can have.
TITLE_MAX = 200
HEADING_MAX = 100
BENEFIT_TITLE_MAX = 120
SUPPLEMENT_MAX = 120
CONDITION_MAX = 100
FREQUENCY_MAX = 60
# Article.dose_min/dose_max: DecimalField(max_digits=10, decimal_places=3).
DOSE_LIMIT = Decimal("9999999.999")
DOSE_PLACES = 3


class ParseError(ValueError):
    """A file that cannot become an article; the message is one line for a human."""


@dataclass(frozen=True)
class Benefit:
    """A main or additional benefit; ``description`` is Markdown."""

    title: str
    description: str


@dataclass(frozen=True)
class Dosage:
    """A dose as ``Article`` stores it: a single amount is ``minimum`` with no ``maximum``.

    That is how the model's ``clean()`` wants it (a maximum needs a minimum) and how its
    ``dosage`` sentence reads it; "400 to 400 mg" is a single amount too.
    """

    minimum: Decimal
    maximum: Decimal | None
    unit: str
    frequency: str

    def __str__(self) -> str:
        """The dose as the article page says it: "200 to 400 mg per day"."""
        amount = _amount(self.minimum)
        if self.maximum is not None and self.maximum != self.minimum:
            amount = f"{amount} to {_amount(self.maximum)}"
        return " ".join(part for part in (amount, self.unit, self.frequency) if part)


@dataclass(frozen=True)
class ParsedArticle:
    """One export, field by field as ``Article`` has them; text fields hold Markdown."""

    title: str
    seo_title: str = ""
    intro: str = ""
    body: str = ""
    benefits: tuple[Benefit, ...] = ()
    additional_benefits_heading: str = ""
    additional_benefits_intro: str = ""
    additional_benefits: tuple[Benefit, ...] = ()
    dosage_heading: str = ""
    dosage: Dosage | None = None
    dosage_note: str = ""
    conclusion: str = ""
    call_to_action: str = ""
    supplement: str = ""
    conditions: tuple[str, ...] = ()
    # Titles listed under "Related Posts"; the saving code links those that exist on the site.
    related: tuple[str, ...] = ()
    # What a richer export carries beside the text (a WordPress post): a summary for lists and
    # search results, and the address it had. Empty: the summary is kept, the slug comes from
    # the title.
    summary: str = ""
    slug: str = ""


# Reading the bytes.

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_export(data: bytes) -> str:
    """Decode an export: UTF-8 with or without a byte-order mark, any line endings.

    Raises :class:`ParseError` for what is not UTF-8 text (a NUL byte, or control characters
    making up more than 5% of it, mean a binary file) and for a file with nothing but white
    space. A stray control character (a DOS end-of-file mark) is dropped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ParseError(_("not UTF-8: the file is UTF-16; save it as UTF-8"))
    if b"\x00" in data:
        raise ParseError(_("not text: looks like a binary file"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            _("not text: not valid UTF-8 (byte %(byte)s at position %(position)s)")
            % {"byte": f"0x{data[exc.start]:02x}", "position": exc.start}
        ) from None
    controls = len(_CONTROL.findall(text))
    if controls > 8 and controls * 20 > len(text):
        raise ParseError(_("not text: looks like a binary file"))
    text = _normalise(text)
    if not text.strip():
        raise ParseError(_("empty file"))
    return text


def _normalise(text: str) -> str:
    """LF line endings; byte-order marks and stray control characters (a DOS end-of-file
    mark, say) removed. Quotes, dashes and every other character are kept as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = re.sub(r"[\x0b\x0c\x85\u2028]", "\n", text).replace("\u2029", "\n\n")
    return _CONTROL.sub("", text)


# Recognising lines.

_TITLE_LINE = re.compile(r"^title\s*:\s*(.*)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^([0-9]{1,2})[.)]\s+(\S.*)$", re.DOTALL)
_BULLET = re.compile(r"^[–—\-•*]\s+(\S.*)$", re.DOTALL)
_MARKDOWN_HEADING_START = re.compile(r"#{1,6}\s+")
_MARKDOWN_LINK = re.compile(r"^\[([^\]]+)\]\([^)\s]*\)$")
_MEDIA_LINE = re.compile(r"^!?\[[^\]]*\]\([^)\s]*\)$")
_NAME_AND_TEXT = re.compile(rf"^([^:\n]{{1,{BENEFIT_TITLE_MAX}}}?):\s+(\S.*)$", re.DOTALL)
_CHROME = re.compile(
    r"^(?:scroll to top|back to top|skip to (?:main )?content|share(?: this(?: article| post)?)?"
    r"(?: on [\w.]+)?:?|share via [\w.]+|click to (?:share|email|print)\b.*|tweet|pin it"
    r"|print(?: this)?|email this|like this:?|loading\W*|leave a (?:reply|comment)"
    r"|facebook|twitter|pinterest|linkedin|whatsapp|reddit|telegram)$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:related (?:posts|articles|reading)|you (?:may|might) also like):?$", re.IGNORECASE
)
# A heading ends without these (closing quotes and brackets after them do not count).
_FINAL_PUNCTUATION = (".", ",", ";", ":", "!", "…")
_CLOSERS = "\"'”’»)]"
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

_INTRO = re.compile(r"^introduction$", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"^(?:conclusion|in conclusion|final thoughts|the bottom line|bottom line|summary)$",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(r"^call to action$", re.IGNORECASE)
_LABEL_WITH_COLON = re.compile(r"^(introduction|conclusion|call to action)\s*:$", re.IGNORECASE)
_HOW_TO_TAKE = re.compile(
    r"^(?:how to (?:take|use|incorporate|add|start|supplement)|dosage|dosing|recommended dos"
    r"|how much)",
    re.IGNORECASE,
)
# Headings that announce the main benefits ("Benefits of …", "How Does … Help with …?").
_BENEFITS_HEADING = re.compile(r"\b(?:benefits?|help|helps|works?|advantages?)\b", re.I)
_BENEFIT_WORD = re.compile(r"\b(?:benefits?|advantages?)\b", re.IGNORECASE)


def _is_heading_text(text: str, limit: int = HEADING_MAX) -> bool:
    """A short line with a letter or digit and no final full stop (or comma, colon, …)."""
    return (
        0 < len(text) <= limit
        and "\n" not in text
        and _LETTER_OR_DIGIT.search(text) is not None
        and not text.rstrip(_CLOSERS).endswith(_FINAL_PUNCTUATION)
        and not _NUMBERED.match(text)
        and not _BULLET.match(text)
        and not _TITLE_LINE.match(text)
    )


@dataclass
class _Unit:
    """A paragraph ("text"), a "heading", a list line ("numbered"/"bullet", with the lines
    that continue it), a "title" line, a "related" line or a line of "chrome"."""

    kind: str
    text: str


def _units(text: str) -> list[_Unit]:
    """The text as units. A block of lines without blank lines between them is one paragraph,
    or, when it holds list lines, "Title:" lines or chrome, those lines standing on their own,
    plain lines joining the list line above them (a wrapped item) or each other."""
    units: list[_Unit] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if (
            len(lines) == 1
            and not _special(lines[0])[0]
            and _is_heading_text(lines[0])
            # A line that is only an image or a link is content, not a heading over it.
            and not _MEDIA_LINE.match(lines[0])
        ):
            units.append(_Unit("heading", lines[0]))
            continue
        # The lines of a unit are joined once at the end: adding each line to a growing string
        # would copy a long paragraph once per line.
        grouped: list[tuple[str, list[str]]] = []
        for line in lines:
            kind, content = _special(line)
            if kind:
                grouped.append((kind, [content]))
            elif grouped and grouped[-1][0] in ("text", "numbered", "bullet"):
                grouped[-1][1].append(line)
            else:
                grouped.append(("text", [line]))
        units += (_Unit(kind, "\n".join(parts)) for kind, parts in grouped)
    return units


def _special(line: str) -> tuple[str, str]:
    """The kind of a line that is a unit wherever it stands, and its text; ("", "") if none."""
    if _TITLE_LINE.match(line):
        return "title", line
    if _CHROME.match(line) or not _LETTER_OR_DIGIT.search(line):
        return "chrome", line
    if _RELATED.match(line):
        return "related", line
    label = _LABEL_WITH_COLON.match(line)
    heading = label.group(1) if label else _markdown_heading(line)
    if heading is not None and _LETTER_OR_DIGIT.search(heading):
        return "heading", _plain(heading)
    if _NUMBERED.match(line):
        return "numbered", line
    if _BULLET.match(line):
        return "bullet", line
    return "", ""


def _markdown_heading(line: str) -> str | None:
    """The text of a Markdown "## Heading ##" line, closing hashes dropped; None if not one.

    String operations rather than one regular expression: a lazy group before optional closing
    hashes backtracks over every space of a long line, which made a megabyte line take hours.
    """
    start = _MARKDOWN_HEADING_START.match(line)
    if start is None:
        return None
    text = line[start.end() :]
    unclosed = text.rstrip("#")
    if unclosed != text and unclosed[-1:].isspace():
        text = unclosed.rstrip()
    return text


def _plain(text: str) -> str:
    """Text without the bold marks around it: "**Pain Relief**" is "Pain Relief"."""
    text = text.strip()
    for mark in ("**", "__"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            text = text[len(mark) : -len(mark)].strip()
    return text


# The parser.


@dataclass
class _Section:
    heading: str
    units: list[_Unit]


def parse_article(
    text: str, *, supplement: str | None = None, conditions: Sequence[str] | None = None
) -> ParsedArticle:
    """The structure of one export.

    ``supplement`` and ``conditions`` replace what the title suggests. Raises
    :class:`ParseError` (and nothing else, whatever the text) when there is no title.
    """
    units = _units(_normalise(text))
    if not units:
        raise ParseError(_("empty file"))
    seo_title, title, units = _titles(units)
    units, related = _drop_chrome(units, {title, seo_title})
    preamble, sections = _sections(units)

    fields: dict[str, object] = {}
    intro = [_markdown(u) for u in preamble]
    body: list[str] = []
    benefits_heading: list[str] = []
    closing: list[str] = []
    for section, kind in zip(sections, _plan(sections), strict=True):
        blocks = _markdown_list(section.units)
        if kind == "intro":
            intro += blocks
        elif kind == "conclusion":
            fields["conclusion"] = _join(blocks)
        elif kind == "cta":
            fields["call_to_action"] = _join(blocks)
        elif kind == "dosage":
            fields["dosage_heading"] = section.heading
            fields["dosage_note"] = _join(blocks)
            fields["dosage"] = parse_dosage(" ".join(u.text for u in section.units))
        elif kind == "benefits":
            lead, fields["benefits"] = _main_benefits(section.units)
            benefits_heading = [f"## {section.heading}", *lead]
        elif kind == "additional":
            lead, bullets, rest = _split_bullets(section.units)
            fields["additional_benefits_heading"] = section.heading
            fields["additional_benefits_intro"] = _join([*lead, *rest])
            fields["additional_benefits"] = tuple(_named(u.text) for u in bullets)
        elif "conclusion" in fields:
            # After the conclusion ("References", say): it stays at the end of the page.
            closing.append(_join([f"## {section.heading}", *blocks]))
        else:
            body.append(_join([f"## {section.heading}", *blocks]))
    fields["conclusion"] = _join([str(fields.get("conclusion", "")), *closing])

    guessed_supplement, guessed_conditions = _topic(title)
    if not guessed_supplement and seo_title:
        guessed_supplement, guessed_conditions = _topic(seo_title)
    chosen_conditions = tuple(c for c in (" ".join(c.split()) for c in conditions or ()) if c)
    return ParsedArticle(
        title=title,
        seo_title=seo_title,
        intro=_join(intro),
        # The body ends with the heading over the benefits and its lead-in, which the list of
        # benefits follows on the page: a section that came after the list comes before it.
        body=_join([*body, _join(benefits_heading)]),
        supplement=" ".join((supplement or "").split()) or guessed_supplement,
        conditions=chosen_conditions or guessed_conditions,
        related=related,
        **fields,  # type: ignore[arg-type]
    )


def _titles(units: list[_Unit]) -> tuple[str, str, list[_Unit]]:
    """(SEO title, display title, the units after them).

    Two leading "Title:" lines are the SEO title and then the display title; one is the
    display title. Without them the first line is the title when it reads as one: no final
    full stop, at most 200 characters, not a list line or a label such as "Introduction".
    Chrome before the title (a "Skip to content") is passed over.
    """
    while units and units[0].kind == "chrome":
        units = units[1:]
    leading: list[str] = []
    while units and units[0].kind == "title" and len(leading) < 2:
        leading.append(_title_text(units[0].text))
        units = units[1:]
    # An empty "Title:" line does not count, nor the same title twice.
    leading = list(dict.fromkeys(t for t in leading if t))
    if len(leading) == 2:
        return leading[0], leading[1], units
    if len(leading) == 1:
        return "", leading[0], units
    if units and units[0].kind in ("heading", "text"):
        head, _newline, rest = units[0].text.partition("\n")
        is_title = (
            len(head) <= TITLE_MAX
            if units[0].kind == "heading"
            else _is_heading_text(head, TITLE_MAX)
        )
        if is_title and not _label_kind(head):
            return "", head, ([_Unit("text", rest)] if rest else []) + units[1:]
    raise ParseError(_("no title found: the file should start with a title line or “Title: …”"))


def _title_text(line: str) -> str:
    match = _TITLE_LINE.match(line)
    return " ".join(match.group(1).split()) if match else ""


def _drop_chrome(units: list[_Unit], titles: set[str]) -> tuple[list[_Unit], tuple[str, ...]]:
    """The units without page chrome, and the post titles listed under "Related Posts".

    Everything after "Related Posts" is the old site's list of other posts: lines that read
    as titles ("Magnesium for Sleep", "- [Zinc and Acne](/zinc-acne/)") are kept as related
    titles, the rest is dropped.
    """
    kept: list[_Unit] = []
    related: dict[str, None] = {}  # ordered, and a title seen before is found at once
    in_related = False
    for unit in units:
        if unit.kind == "related":
            in_related = True
        elif unit.kind == "chrome" or (
            unit.kind == "title" and _title_text(unit.text) in (titles | {""})
        ):
            continue
        elif in_related:
            for line in unit.text.split("\n"):
                title = _post_title(line)
                if title:
                    related.setdefault(title)
        else:
            kept.append(unit)
    return kept, tuple(related)


def _post_title(line: str) -> str:
    """The title a line under "Related Posts" names ("- [Title](/url/)"), or "" if none."""
    if _TITLE_LINE.match(line):
        return ""
    marked = _BULLET.match(line) or _NUMBERED.match(line)
    text = marked.groups()[-1] if marked else line
    link = _MARKDOWN_LINK.match(text)
    text = _plain(link.group(1) if link else text)
    return text if _is_heading_text(text, TITLE_MAX) else ""


def _sections(units: list[_Unit]) -> tuple[list[_Unit], list[_Section]]:
    """(the units before the first heading, the sections under each heading)."""
    preamble: list[_Unit] = []
    sections: list[_Section] = []
    for unit in units:
        if unit.kind == "heading":
            sections.append(_Section(unit.text, []))
        elif sections:
            sections[-1].units.append(unit)
        else:
            preamble.append(unit)
    return preamble, sections


def _label_kind(heading: str) -> str:
    if _INTRO.match(heading):
        return "intro"
    if _CONCLUSION.match(heading):
        return "conclusion"
    if _CALL_TO_ACTION.match(heading):
        return "cta"
    if _HOW_TO_TAKE.match(heading):
        return "dosage"
    return ""


def _plan(sections: list[_Section]) -> list[str]:
    """What each section is: "intro", "conclusion", "cta", "dosage", "benefits",
    "additional" or "body".

    Labelled sections go by their heading (only the first of each counts, except that every
    "Introduction" joins the intro). The main benefits are the numbered list of a section whose
    heading announces them ("Benefits of …", "How Does … Help …?"), else the first such list.
    The additional benefits are a list of "Name: text" bullets under a heading that says
    "benefits", else the first such list after the main benefits: a list of facts before them
    ("- Form: capsule") is body text.
    """
    kinds = [_label_kind(s.heading) for s in sections]
    seen: set[str] = set()
    for i, kind in enumerate(kinds):
        if kind in ("conclusion", "cta", "dosage"):
            if kind in seen:
                kinds[i] = ""
            seen.add(kind)
    listed = [i for i, s in enumerate(sections) if not kinds[i] and _main_benefits(s.units)[1]]
    main = next((i for i in listed if _BENEFITS_HEADING.search(sections[i].heading)), None)
    if main is None and listed:
        main = listed[0]
    if main is not None:
        kinds[main] = "benefits"
    bulleted = [i for i, s in enumerate(sections) if not kinds[i] and _split_bullets(s.units)[1]]
    extra = next((i for i in bulleted if _BENEFIT_WORD.search(sections[i].heading)), None)
    if extra is None and main is not None:
        extra = next((i for i in bulleted if i > main), None)
    if extra is not None:
        kinds[extra] = "additional"
    return [kind or "body" for kind in kinds]


def _main_benefits(units: list[_Unit]) -> tuple[list[str], tuple[Benefit, ...]]:
    """(lead-in, benefits) when the units hold a numbered list of benefits; else ([], ()).

    Each item is "1. Name: text", or "1. Name" followed by its paragraph(s); a paragraph after
    an item belongs to it. A list whose items are neither (steps written as sentences) is no
    list of benefits.
    """
    first = next((i for i, u in enumerate(units) if u.kind == "numbered"), None)
    if first is None:
        return [], ()
    items: list[tuple[str, str, list[str]]] = []
    for unit in units[first:]:
        if unit.kind == "numbered":
            head, _newline, more = _matched(_NUMBERED, unit.text).group(2).partition("\n")
            items.append((head.strip(), more.strip(), []))
        elif unit.kind in ("text", "bullet"):
            items[-1][2].append(_markdown(unit))
        else:
            return [], ()
    benefits = []
    for head, more, paragraphs in items:
        named = _NAME_AND_TEXT.match(head)
        name = _plain(named.group(1)) if named else ""
        if named and name and not paragraphs and not more:
            benefits.append(Benefit(name, named.group(2).strip()))
        elif named and name and more:
            text = f"{named.group(2).strip()}\n{more}"
            benefits.append(Benefit(name, _join([text, *paragraphs])))
        elif _is_heading_text(_plain(head)):
            benefits.append(Benefit(_plain(head), _join([more, *paragraphs])))
        elif named and name:
            benefits.append(Benefit(name, _join([named.group(2).strip(), *paragraphs])))
        else:
            return [], ()
    return [_markdown(u) for u in units[:first]], tuple(benefits)


def _split_bullets(units: list[_Unit]) -> tuple[list[str], list[_Unit], list[str]]:
    """(lead-in, bullet units, what follows) when the units hold one run of bullets that
    each read "Name: text"; else ([], [], [])."""
    bullets = [u for u in units if u.kind == "bullet"]
    if not bullets or not all(_named(u.text) for u in bullets):
        return [], [], []
    first, last = units.index(bullets[0]), units.index(bullets[-1])
    if last - first + 1 != len(bullets):
        return [], [], []
    lead = [_markdown(u) for u in units[:first]]
    return lead, bullets, _markdown_list(units[last + 1 :])


def _named(line: str) -> Benefit | None:
    """The benefit of a "- Name: text" line, or None when it is not of that form."""
    named = _NAME_AND_TEXT.match(_matched(_BULLET, line).group(1))
    if not named or not _plain(named.group(1)):
        return None
    return Benefit(_plain(named.group(1)), named.group(2).strip())


def _matched(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    """``pattern``'s match of a line already sorted by it (a bullet, a numbered item)."""
    found = pattern.match(text)
    if found is None:
        raise ValueError(f"not a line of this kind: {text!r}")
    return found


def _markdown(unit: _Unit) -> str:
    """A unit as Markdown: list lines get a list marker Markdown understands."""
    if unit.kind == "bullet":
        return f"- {_matched(_BULLET, unit.text).group(1)}"
    if unit.kind == "numbered":
        number, text = _matched(_NUMBERED, unit.text).groups()
        return f"{number}. {text}"
    return unit.text


def _markdown_list(units: list[_Unit]) -> list[str]:
    """Units as Markdown blocks, consecutive list lines kept together as one list."""
    groups: list[tuple[str, list[str]]] = []
    for unit in units:
        if unit.kind in ("bullet", "numbered") and groups and groups[-1][0] == unit.kind:
            groups[-1][1].append(_markdown(unit))
        else:
            groups.append((unit.kind, [_markdown(unit)]))
    return ["\n".join(lines) for _kind, lines in groups]


def _join(parts: Iterable[str]) -> str:
    return "\n\n".join(p for p in parts if p)


# The topic: which supplement, for which conditions.

_LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an|exploring|understanding|using|taking|why|how|what|is|are|can|does|do"
    r"|guide to|role of|power of|benefits of|benefit of)\s+)+",
    re.IGNORECASE,
)
_TOPIC_PATTERNS = (
    # "The Benefits of Magnesium Bisglycinate for Muscle Cramps"
    re.compile(r"\bbenefits? of (?P<s>[^:?]+?) (?:for|in|on) (?P<c>[^:?]+)", re.IGNORECASE),
    # "Magnesium Citrate for Migraine: …", then "Magnesium Glycinate and Fibromyalgia: …"
    re.compile(r"^(?P<s>[^:?]+?) (?:for|against) (?P<c>[^:?]+)", re.IGNORECASE),
    re.compile(r"^(?P<s>[^:?]+?) (?:and|in) (?P<c>[^:?]+)", re.IGNORECASE),
    # "How Magnesium Helps with Restless Legs"
    re.compile(
        r"^(?P<s>[^:?]+?) (?:can |may )?(?:helps?|eases?|relieves?|fights?|reduces?)"
        r" (?:with |in )?(?P<c>[^:?]+)",
        re.IGNORECASE,
    ),
    # "Exploring Iron Bisglycinate: A Gentle Way to Ease Tiredness"
    re.compile(
        r"^(?P<s>[^:?]+): .*?\b(?:relieve|ease|manage|managing|fight|beat|for|with|against)"
        r" (?P<c>[^:?]+)$",
        re.IGNORECASE,
    ),
)
_CONDITION_END = re.compile(r"\s+(?:[-–—|]|with|and why|explained)\s.*$|[,;.!]+$", re.I)
_TRAILING_WORDS = re.compile(
    r"\s+(?:relief|symptoms?|symptom relief|management|support|sufferers|patients|naturally)$",
    re.IGNORECASE,
)
# A "supplement" with a verb in it is a phrase the patterns caught by mistake.
_NOT_A_NAME = re.compile(
    r"\b(?:is|are|can|may|does|do|will|should|you|your|why|how|what|when|to|the)\b", re.I
)


def _topic(title: str) -> tuple[str, tuple[str, ...]]:
    """("Magnesium Bisglycinate", ("Muscle Cramps",)) from "The Benefits of Magnesium
    Bisglycinate for Muscle Cramps"; ("", ()) when the title does not clearly say.

    A wrong guess would file the article under a made-up supplement, so a guess that reads
    as a phrase rather than a name (more than six words, a verb) is no guess. A title longer
    than the model takes names no topic either (its save fails), which also keeps the patterns'
    backtracking to short text.
    """
    if len(title) > TITLE_MAX:
        return "", ()
    # "Benefits of" can stand anywhere; the other patterns start after "Exploring", "How", ….
    stripped = _LEADING_WORDS.sub("", title.strip())
    for n, pattern in enumerate(_TOPIC_PATTERNS):
        match = pattern.search(title if n == 0 else stripped)
        if not match:
            continue
        supplement = _LEADING_WORDS.sub("", match.group("s")).strip()
        condition = _CONDITION_END.sub("", match.group("c").strip()).strip()
        condition = _LEADING_WORDS.sub("", _TRAILING_WORDS.sub("", condition)).strip()
        if all(
            0 < len(name.split()) <= 6 and not _NOT_A_NAME.search(name)
            for name in (supplement, condition)
        ):
            return supplement[:SUPPLEMENT_MAX], (condition[:CONDITION_MAX],)
    return "", ()


# Dosage.

_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_UNITS = {
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "mcg": "mcg",
    "µg": "mcg",
    "μg": "mcg",
    "ug": "mcg",
    "microgram": "mcg",
    "micrograms": "mcg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "iu": "IU",
    "ius": "IU",
    "international units": "IU",
}
# How often, as the article's sentence says it: every way of saying "each day" is "per day".
_FREQUENCIES = {
    "per day": "per day",
    "a day": "per day",
    "daily": "per day",
    "once daily": "per day",
    "once a day": "per day",
    "once per day": "per day",
    "each day": "per day",
    "every day": "per day",
    "/day": "per day",
    "/d": "per day",
    "twice a day": "twice a day",
    "twice daily": "twice a day",
    "twice per day": "twice a day",
    "two times a day": "twice a day",
    "three times a day": "three times a day",
    "three times daily": "three times a day",
    "every other day": "every other day",
    "at night": "at night",
    "per night": "at night",
    "at bedtime": "at bedtime",
    "before bed": "at bedtime",
    "before bedtime": "at bedtime",
    "per week": "per week",
    "a week": "per week",
    "weekly": "per week",
    "once a week": "per week",
}


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "twice a day" wins over "a day"; a space in a
    word matches any white space (and "/day" also "/ day")."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+").replace("/", r"/\s*") for w in words)
    return "|".join(sorted(escaped, key=len, reverse=True))


_UNIT = _alternatives(_UNITS)
_DOSAGE = re.compile(
    # "between" allows "and" between the ends; the number does not continue a word ("D3").
    rf"(?<![\w.,])(?P<between>between\s+)?(?P<low>{_NUMBER})\s*(?P<low_unit>{_UNIT})?"
    rf"(?:\s*(?:to|-|–|—|(?(between)and|(?!)))\s*(?P<high>{_NUMBER}))?"
    rf"\s*(?P<unit>{_UNIT})(?!\w)"
    # The frequency may follow what is dosed: "50 µg of vitamin B12 daily".
    rf"(?:(?:\s+of\s+[^.,;:()]{{1,40}}?)?\s*"
    rf"(?P<frequency>{_alternatives(_FREQUENCIES)})(?!\w))?",
    re.IGNORECASE,
)


def parse_dosage(text: str) -> Dosage | None:
    """The dose ``text`` recommends, or ``None`` when it names no sound one.

    Reads "200 to 400 mg per day", "200-400 mg per day" (hyphen or dash), "200-400 mg/day",
    "between 15 and 30 mg daily", "1,000 to 2,000 IU per day", "400 mg a day", "50 µg of
    vitamin B12 daily".
    Units become mg, mcg (from mcg, µg, μg, ug), g or IU; every way of saying each day
    becomes "per day", "twice daily" becomes "twice a day" (see ``_FREQUENCIES``); a dose
    without one has an empty frequency. A single amount has no maximum.

    A note often names more than one amount ("start with 100 mg …, no more than 350 mg"):
    the one with a frequency wins, a range before a single amount, then the first. Ranges
    that run backwards, mix units or do not fit the model's fields are not doses.
    """
    best: tuple[tuple[bool, bool], Dosage] | None = None
    for match in _DOSAGE.finditer(text):
        dosage = _dosage(match)
        if dosage is None:
            continue
        rank = (bool(dosage.frequency), dosage.maximum is not None)
        if best is None or rank > best[0]:
            best = (rank, dosage)
    return best[1] if best else None


def _dosage(match: re.Match[str]) -> Dosage | None:
    unit = _UNITS.get(_words(match.group("unit")))
    low_unit = match.group("low_unit")
    # IGNORECASE lets the dotless i (U+0131) match "i": a unit can match and not be one of ours.
    if unit is None or (low_unit and _UNITS.get(_words(low_unit)) != unit):
        return None
    low = _decimal(match.group("low"))
    high = _decimal(match.group("high")) if match.group("high") else None
    if low is None or (match.group("high") and (high is None or high < low)):
        return None
    frequency = _FREQUENCIES.get(_words(match.group("frequency") or ""), "")
    return Dosage(low, None if high == low else high, unit, frequency[:FREQUENCY_MAX])


def _words(text: str) -> str:
    return re.sub(r"/\s+", "/", " ".join(text.lower().split()))


def _decimal(number: str) -> Decimal | None:
    """The amount, if the model can store it: positive, at most 3 decimals, below 10 million."""
    value = Decimal(number.replace(",", ""))
    # Past the range check the value is finite, so its exponent is a number.
    if not 0 < value <= DOSE_LIMIT or cast(int, value.as_tuple().exponent) < -DOSE_PLACES:
        return None
    return value


def _amount(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value.normalize():,f}"


# The dry run's report.


def describe(parsed: ParsedArticle) -> str:
    """What was found, in a few lines, for ``import_articles --dry-run`` and the admin preview."""
    lines = [f"Title: {parsed.title}"]
    if parsed.seo_title:
        lines.append(f"SEO title: {parsed.seo_title}")
    lines.append(f"Supplement: {parsed.supplement or '(none)'}")
    lines.append(f"Conditions: {', '.join(parsed.conditions) or '(none)'}")
    lines.append(f"Introduction: {_count(parsed.intro)}")
    headings = _headings(parsed.body)
    lines.append("Sections:" if headings else "Sections: (none)")
    lines += [f"  - {h}" for h in headings]
    lines.append(f"Benefits: {len(parsed.benefits)}")
    lines += [f"  {n}. {b.title}" for n, b in enumerate(parsed.benefits, 1)]
    heading = parsed.additional_benefits_heading or "Additional benefits"
    lines.append(f"{heading}: {len(parsed.additional_benefits)}")
    lines += [f"  • {b.title}" for b in parsed.additional_benefits]
    lines.append(f"Dosage: {parsed.dosage or '(none found)'}")
    if parsed.dosage_heading:
        lines.append(f"  under “{parsed.dosage_heading}”, note: {_count(parsed.dosage_note)}")
    conclusion = _count(parsed.conclusion)
    if _headings(parsed.conclusion):
        conclusion += f", then {', '.join(_headings(parsed.conclusion))}"
    lines.append(f"Conclusion: {conclusion}")
    lines.append(f"Call to action: {_excerpt(parsed.call_to_action) or '(none)'}")
    if parsed.related:
        lines.append("Related posts:")
        lines += [f"  - {r}" for r in parsed.related]
    return "\n".join(lines)


def _headings(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, re.MULTILINE)


def _count(text: str) -> str:
    """How many paragraphs come before the first section heading, if any."""
    lead = re.split(r"^## ", text, flags=re.MULTILINE)[0]
    paragraphs = len([p for p in lead.split("\n\n") if p.strip()])
    if not paragraphs:
        return "(none)"
    return f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}"


def _excerpt(text: str, length: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
