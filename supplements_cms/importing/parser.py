"""Plain-text article exports in, structured articles out: a pure function, no database.

The exports publishers bring look alike without being alike: a first-line title or "Title:"
lines, an "Introduction" heading or none, benefits as "1. Name: text" or as "1. Name" over a
paragraph. The parser reads the text as a sequence of *units* (a paragraph, a heading, a list
line, a line of page chrome) and assigns each unit to exactly one field, so nothing an editor
wrote is dropped: what is not recognised as a special part stays in the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

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

# Field sizes of the models the result is saved into.
TITLE_MAX = 200
BENEFIT_TITLE_MAX = 120
FREQUENCY_MAX = 60
HEADING_MAX = 100


class ParseError(ValueError):
    """A file that cannot become an article; the message is one line for a human."""


@dataclass(frozen=True)
class Benefit:
    title: str
    description: str


@dataclass(frozen=True)
class Dosage:
    """A dose as the article model stores it: a single amount has no ``maximum``."""

    minimum: Decimal
    maximum: Decimal | None
    unit: str
    frequency: str

    def __str__(self) -> str:
        amount = _amount(self.minimum)
        if self.maximum is not None and self.maximum != self.minimum:
            amount = f"{amount} to {_amount(self.maximum)}"
        return " ".join(part for part in (amount, self.unit, self.frequency) if part)


@dataclass(frozen=True)
class ParsedArticle:
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
    related: tuple[str, ...] = ()
    supplement: str = ""
    conditions: tuple[str, ...] = field(default_factory=tuple)


# Reading the bytes.


def read_export(data: bytes) -> str:
    """Decode an export: UTF-8 with or without a byte-order mark, any line endings."""
    if b"\x00" in data:
        raise ParseError("not a text file: it contains binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ParseError("empty file")
    return text


# Recognising lines.

_TITLE_LINE = re.compile(r"^title\s*:\s*(.*)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
_BULLET = re.compile(r"^[–—\-•*]\s+(.+)$")
_NAME_AND_TEXT = re.compile(rf"^([^:]{{1,{BENEFIT_TITLE_MAX}}}?):\s+(.+)$", re.DOTALL)
_CHROME = re.compile(
    r"^(?:scroll to top|back to top|share(?: this(?: article| post)?)?(?: on \w+)?:?"
    r"|share via \w+|tweet|pin it|print(?: this)?|email this|like this:?|loading\W*"
    r"|facebook|twitter|pinterest|linkedin|whatsapp|reddit)$",
    re.IGNORECASE,
)
_RELATED = re.compile(r"^related (?:posts|articles|reading)$", re.IGNORECASE)
_FINAL_PUNCTUATION = (".", ",", ";", ":", "!", "…")

_INTRO = re.compile(r"^introduction$", re.IGNORECASE)
_CONCLUSION = re.compile(
    r"^(?:conclusion|in conclusion|final thoughts|the bottom line|bottom line|summary)$",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(r"^call to action$", re.IGNORECASE)
_HOW_TO_TAKE = re.compile(
    r"^(?:how to (?:take|use|incorporate|add|start)|dosage|recommended dos(?:e|age)|how much)\b",
    re.IGNORECASE,
)


def _is_heading_text(text: str) -> bool:
    return (
        0 < len(text) <= HEADING_MAX
        and "\n" not in text
        and not text.endswith(_FINAL_PUNCTUATION)
        and not _NUMBERED.match(text)
        and not _BULLET.match(text)
        and not _TITLE_LINE.match(text)
    )


@dataclass(frozen=True)
class _Unit:
    """A paragraph ("text"), a heading, a list line ("numbered"/"bullet"), a "Title:" line or
    a line of page chrome."""

    kind: str
    text: str


def _units(text: str) -> list[_Unit]:
    """The text as units. A block of lines without blank lines between them is one paragraph,
    unless it holds list lines, "Title:" lines or chrome, which stand on their own."""
    units: list[_Unit] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        special = [_special(line) for line in lines]
        if len(lines) > 1 and not any(special):
            units.append(_Unit("text", "\n".join(lines)))
            continue
        for line, kind in zip(lines, special, strict=True):
            if kind:
                units.append(_Unit(kind, line))
            elif len(lines) == 1 and _is_heading_text(line):
                units.append(_Unit("heading", line))
            else:
                units.append(_Unit("text", line))
    return units


def _special(line: str) -> str:
    if _TITLE_LINE.match(line):
        return "title"
    if _CHROME.match(line):
        return "chrome"
    if _RELATED.match(line):
        return "related"
    if _NUMBERED.match(line):
        return "numbered"
    if _BULLET.match(line):
        return "bullet"
    return ""


# The parser.


@dataclass
class _Section:
    heading: str
    units: list[_Unit]


def parse_article(
    text: str, *, supplement: str | None = None, conditions: Sequence[str] | None = None
) -> ParsedArticle:
    """The structure of one export. ``supplement`` and ``conditions`` replace what the title
    suggests. Raises :class:`ParseError` when the text has no title."""
    units = _units(text)
    if not units:
        raise ParseError("empty file")
    seo_title, title, units = _titles(units)
    units, related = _drop_chrome(units, {title, seo_title})
    preamble, sections = _sections(units)

    fields: dict[str, object] = {}
    intro: list[str] = [_markdown(u) for u in preamble]
    body: list[str] = []
    for section in sections:
        kind = _section_kind(section, fields)
        if kind == "intro":
            intro += [_markdown(u) for u in section.units]
        elif kind == "conclusion":
            fields["conclusion"] = _join(_markdown(u) for u in section.units)
        elif kind == "cta":
            fields["call_to_action"] = _join(_markdown(u) for u in section.units)
        elif kind == "dosage":
            note = _join(_markdown(u) for u in section.units)
            fields.update(dosage_heading=section.heading, dosage_note=note)
            fields["dosage"] = parse_dosage(" ".join(u.text for u in section.units))
        elif kind == "benefits":
            lead, benefits = _main_benefits(section.units)
            body.append(_join([f"## {section.heading}", *lead]))
            fields["benefits"] = benefits
        elif kind == "additional":
            lead, bullets, rest = _split_bullets(section.units)
            fields.update(
                additional_benefits_heading=section.heading,
                additional_benefits_intro=_join([*lead, *rest]),
                additional_benefits=tuple(_benefit(u.text) for u in bullets),
            )
        else:
            body.append(_join([f"## {section.heading}", *_markdown_list(section.units)]))

    guessed_supplement, guessed_conditions = _topic(title or seo_title)
    return ParsedArticle(
        title=title,
        seo_title=seo_title,
        intro=_join(intro),
        body=_join(body),
        related=related,
        supplement=(supplement or "").strip() or guessed_supplement,
        conditions=tuple(c.strip() for c in conditions if c.strip())
        if conditions
        else guessed_conditions,
        **fields,  # type: ignore[arg-type]
    )


def _titles(units: list[_Unit]) -> tuple[str, str, list[_Unit]]:
    """(SEO title, display title, the rest). Two leading "Title:" lines are SEO then display."""
    leading = []
    while units and units[0].kind == "title" and len(leading) < 2:
        leading.append(_TITLE_LINE.match(units[0].text).group(1).strip())
        units = units[1:]
    leading = [t for t in leading if t]
    if len(leading) == 2:
        return leading[0], leading[1], units
    if len(leading) == 1:
        return "", leading[0], units
    first = units[0]
    if first.kind in ("heading", "text") and _is_heading_text(first.text.split("\n")[0]):
        head, _newline, rest = first.text.partition("\n")
        remainder = [_Unit("text", rest)] if rest else []
        return "", head, remainder + units[1:]
    raise ParseError("no title found: the file should start with a title line")


def _drop_chrome(units: list[_Unit], titles: set[str]) -> tuple[list[_Unit], tuple[str, ...]]:
    """Remove page chrome; what follows "Related Posts" is kept only as the related titles."""
    kept: list[_Unit] = []
    related: list[str] = []
    in_related = False
    for unit in units:
        if unit.kind == "related":
            in_related = True
            continue
        if unit.kind == "chrome":
            continue
        if unit.kind == "title":
            repeated = _TITLE_LINE.match(unit.text).group(1).strip()
            if repeated in titles or not repeated:
                continue
        if in_related:
            line = _BULLET.sub(r"\1", unit.text)
            if unit.kind in ("heading", "bullet", "text") and _is_heading_text(line):
                related.append(line)
            continue
        kept.append(unit)
    return kept, tuple(related)


def _sections(units: list[_Unit]) -> tuple[list[_Unit], list[_Section]]:
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


def _section_kind(section: _Section, found: dict[str, object]) -> str:
    heading = section.heading
    if _INTRO.match(heading):
        return "intro"
    if _CONCLUSION.match(heading) and "conclusion" not in found:
        return "conclusion"
    if _CALL_TO_ACTION.match(heading) and "call_to_action" not in found:
        return "cta"
    if _HOW_TO_TAKE.match(heading) and "dosage_heading" not in found:
        return "dosage"
    if "benefits" not in found and _main_benefits(section.units)[1]:
        return "benefits"
    if "additional_benefits" not in found and _split_bullets(section.units)[1]:
        return "additional"
    return "body"


def _main_benefits(units: list[_Unit]) -> tuple[list[str], tuple[Benefit, ...]]:
    """(lead-in, benefits) when the units hold a numbered list of benefits.

    Each item is "1. Name: text", or "1. Name" followed by its paragraph(s). A list whose items
    are neither stays in the body as a list.
    """
    first = next((i for i, u in enumerate(units) if u.kind == "numbered"), None)
    if first is None:
        return [], ()
    lead = [_markdown(u) for u in units[:first]]
    items: list[tuple[str, list[str]]] = []
    for unit in units[first:]:
        if unit.kind == "numbered":
            items.append((_NUMBERED.match(unit.text).group(2).strip(), []))
        elif unit.kind in ("text", "bullet"):
            items[-1][1].append(_markdown(unit))
        else:
            return [], ()
    benefits = []
    for head, paragraphs in items:
        named = _NAME_AND_TEXT.match(head)
        if named and not paragraphs:
            benefits.append(Benefit(named.group(1).strip(), named.group(2).strip()))
        elif _is_heading_text(head) and len(head) <= BENEFIT_TITLE_MAX:
            benefits.append(Benefit(head, _join(paragraphs)))
        elif named:
            description = _join([named.group(2).strip(), *paragraphs])
            benefits.append(Benefit(named.group(1).strip(), description))
        else:
            return [], ()
    return lead, tuple(benefits)


def _split_bullets(units: list[_Unit]) -> tuple[list[str], list[_Unit], list[str]]:
    """(lead-in, bullet units, what follows) when every bullet reads "Name: text"."""
    bullets = [u for u in units if u.kind == "bullet"]
    if not bullets or not all(
        _NAME_AND_TEXT.match(_BULLET.match(u.text).group(1)) for u in bullets
    ):
        return [], [], []
    first = units.index(bullets[0])
    last = units.index(bullets[-1])
    if any(u.kind != "bullet" for u in units[first : last + 1]):
        return [], [], []
    lead = [_markdown(u) for u in units[:first]]
    rest = [_markdown(u) for u in units[last + 1 :]]
    return lead, bullets, rest


def _benefit(line: str) -> Benefit:
    named = _NAME_AND_TEXT.match(_BULLET.match(line).group(1))
    return Benefit(named.group(1).strip(), named.group(2).strip())


def _markdown(unit: _Unit) -> str:
    """A unit as Markdown: list lines keep a list marker Markdown understands."""
    if unit.kind == "bullet":
        return f"- {_BULLET.match(unit.text).group(1)}"
    if unit.kind == "numbered":
        number, text = _NUMBERED.match(unit.text).groups()
        return f"{number}. {text}"
    if unit.kind == "heading":
        return f"### {unit.text}"
    return unit.text


def _markdown_list(units: list[_Unit]) -> list[str]:
    """Units as Markdown blocks, consecutive list lines kept together as one list."""
    blocks: list[str] = []
    previous = ""
    for unit in units:
        text = _markdown(unit)
        if unit.kind in ("bullet", "numbered") and previous == unit.kind:
            blocks[-1] += "\n" + text
        else:
            blocks.append(text)
        previous = unit.kind
    return blocks


def _join(parts) -> str:
    return "\n\n".join(p for p in parts if p)


# The topic: which supplement, for which conditions.

_TOPIC_PATTERNS = [
    re.compile(r"benefits of (?P<supplement>.+?) for (?P<conditions>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<supplement>.+?) (?:for|and) (?P<conditions>[^:]+)", re.IGNORECASE),
]
_LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an|exploring|understanding|using|taking|why|how|what|is|can|does|"
    r"guide to|role of|power of|benefits of)\s+)+",
    re.IGNORECASE,
)
_TRAILING_WORDS = re.compile(
    r"\s+(?:relief|symptoms?|symptom relief|management|support|sufferers|patients)$",
    re.IGNORECASE,
)


def _topic(title: str) -> tuple[str, tuple[str, ...]]:
    """("Magnesium Bisglycinate", ("Muscle Cramps",)) from "The Benefits of Magnesium
    Bisglycinate for Muscle Cramps"; ("", ()) when the title does not say."""
    for pattern in _TOPIC_PATTERNS:
        match = pattern.search(title)
        if not match:
            continue
        supplement = _LEADING_WORDS.sub("", match.group("supplement").split(":")[-1]).strip()
        condition = match.group("conditions").split(":")[0].strip(" ?!.")
        condition = _TRAILING_WORDS.sub("", condition).strip()
        if supplement and condition:
            return supplement[:120], (condition[:100],)
    return "", ()


# Dosage.

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
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
}
_FREQUENCIES = {
    "per day": "per day",
    "a day": "per day",
    "daily": "per day",
    "each day": "per day",
    "every day": "per day",
    "/day": "per day",
    "/ day": "per day",
    "per night": "per night",
    "at night": "at night",
    "at bedtime": "at bedtime",
    "twice a day": "twice a day",
    "twice daily": "twice a day",
    "per week": "per week",
    "a week": "per week",
    "weekly": "per week",
}
_DOSAGE = re.compile(
    r"(?:between\s+)?(?P<low>{n})\s*(?P<low_unit>{u})?"
    r"(?:\s*(?:to|-|–|—|and)\s*(?P<high>{n}))?\s*(?P<unit>{u})\b"
    r"(?:\s*(?P<frequency>{f}))?".format(
        n=_NUMBER,
        u="|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True)),
        f="|".join(sorted((re.escape(f) for f in _FREQUENCIES), key=len, reverse=True)),
    ),
    re.IGNORECASE,
)


def parse_dosage(text: str) -> Dosage | None:
    """The first dose in ``text``: "200 to 400 mg per day", "200-400 mg daily", "between 15 and
    30 mg daily", "1,000 to 2,000 IU per day", "400 mg". Units become mg, mcg, g or IU;
    frequencies such as "daily" become "per day". ``None`` when there is none, or when a range
    runs backwards."""
    for match in _DOSAGE.finditer(text):
        low_unit = match.group("low_unit")
        unit = _UNITS[match.group("unit").lower()]
        if low_unit and _UNITS[low_unit.lower()] != unit:
            continue
        low = Decimal(match.group("low").replace(",", ""))
        high = Decimal(match.group("high").replace(",", "")) if match.group("high") else None
        if low <= 0 or (high is not None and high < low):
            continue
        frequency = _FREQUENCIES.get((match.group("frequency") or "").lower(), "")
        return Dosage(low, None if high == low else high, unit, frequency[:FREQUENCY_MAX])
    return None


def _amount(value: Decimal) -> str:
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value.normalize():,f}"


# The dry run's report.


def describe(parsed: ParsedArticle) -> str:
    """A plain report of what was found, for ``import_articles --dry-run`` and the admin."""
    lines = [f"Title: {parsed.title}"]
    if parsed.seo_title:
        lines.append(f"SEO title: {parsed.seo_title}")
    lines.append(f"Supplement: {parsed.supplement or '(none)'}")
    lines.append(f"Conditions: {', '.join(parsed.conditions) or '(none)'}")
    lines.append(f"Introduction: {_count(parsed.intro)}")
    headings = re.findall(r"^## (.+)$", parsed.body, re.MULTILINE)
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
    lines.append(f"Conclusion: {_count(parsed.conclusion)}")
    lines.append(f"Call to action: {_excerpt(parsed.call_to_action) or '(none)'}")
    if parsed.related:
        lines.append("Related posts:")
        lines += [f"  - {r}" for r in parsed.related]
    return "\n".join(lines)


def _count(text: str) -> str:
    if not text:
        return "(none)"
    paragraphs = len([p for p in text.split("\n\n") if p.strip()])
    return f"{paragraphs} paragraph{'s' if paragraphs != 1 else ''}"


def _excerpt(text: str, length: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
