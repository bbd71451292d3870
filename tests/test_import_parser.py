"""The export parser on its own: text in, structure out, no database."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplements_cms.importing.parser import (
    Benefit,
    Dosage,
    ParsedArticle,
    ParseError,
    describe,
    parse_article,
    parse_dosage,
    read_export,
)

FIXTURES = Path(__file__).parent / "import_fixtures"


def fixture(name: str) -> str:
    return read_export((FIXTURES / name).read_bytes())


TWO_TITLES = ParsedArticle(
    title="The Benefits of Vitamin D3 for Low Mood",
    seo_title="Vitamin D3 and Winter Blues: What a Daily Dose Can Do",
    intro=(
        "Short grey days leave many people flat and tired from November to March. Vitamin D3 is "
        "the supplement most often suggested for that slump, and this piece looks at why."
    ),
    body=(
        "## What is Vitamin D3?\n\n"
        "Vitamin D3, or cholecalciferol, is the form of vitamin D that skin makes in sunlight. "
        "Supplements usually derive it from lanolin or lichen.\n\n"
        "## Why Levels Drop in Winter\n\n"
        "North of roughly the fortieth parallel, winter sunlight is too weak for the skin to make "
        "much vitamin D. Blood levels fall steadily until spring.\n\n"
        "## Benefits of Vitamin D3 for Low Mood\n\n"
        "Studies point to several possible effects:"
    ),
    benefits=(
        Benefit(
            "Brighter Mood",
            "People who started low saw modest improvements in mood scores in some trials.",
        ),
        Benefit(
            "More Energy", "Correcting a deficiency can lift the tiredness that comes with it."
        ),
        Benefit(
            "Stronger Bones", "Vitamin D helps the gut absorb calcium, which bones need all year."
        ),
    ),
    dosage_heading="How to Incorporate Vitamin D3 into Your Day",
    dosage=Dosage(Decimal("1000"), Decimal("2000"), "IU", "per day"),
    dosage_note=(
        "Take it with the largest meal, since it dissolves in fat. Typical amounts are 1,000 to "
        "2,000 IU per day; ask for a blood test before going higher."
    ),
    conclusion=(
        "Vitamin D3 is no substitute for care when low mood persists, but topping up a winter "
        "shortfall is cheap and sensible."
    ),
    call_to_action=(
        "Ask your GP about a vitamin D test at your next check-up, and keep a note of how you "
        "feel through the winter."
    ),
    supplement="Vitamin D3",
    conditions=("Low Mood",),
)

FIRST_LINE_TITLE = ParsedArticle(
    title="The Benefits of Zinc Picolinate for Acne",
    intro=(
        "Breakouts that keep coming back are discouraging, and creams only go so far. Zinc is one "
        "of the few minerals dermatologists mention, and zinc picolinate is a form that is easy "
        "to absorb."
    ),
    body=(
        "## What is Zinc Picolinate?\n\n"
        "Zinc picolinate pairs zinc with picolinic acid, a compound the body uses to carry "
        "minerals. Smaller studies suggest it is absorbed better than zinc citrate or gluconate."
        "\n\n## How Does Zinc Picolinate Help with Acne?\n\n"
        "Acne involves oil, bacteria and inflammation. Here is where zinc may come in:"
    ),
    benefits=(
        Benefit(
            "Calmer Skin",
            "Zinc tempers the inflammation that turns a blocked pore into a red, sore spot.\n\n"
            "Several small trials found fewer inflamed spots after twelve weeks.",
        ),
        Benefit("Less Oil", "Zinc may reduce the activity of the glands that produce skin oil."),
        Benefit("Faster Healing", "Skin repair depends on zinc, so marks may fade sooner."),
    ),
    additional_benefits_heading="Additional Benefits of Zinc Picolinate",
    additional_benefits_intro="Zinc does more than help skin:",
    additional_benefits=(
        Benefit("Immune Support", "Zinc helps white blood cells do their work."),
        Benefit("Taste and Smell", "A shortfall can dull both senses."),
        Benefit("Wound Repair", "Cuts and scrapes need zinc to close."),
    ),
    dosage_heading="How to Take Zinc Picolinate",
    dosage=Dosage(Decimal("15"), Decimal("30"), "mg", "per day"),
    dosage_note=(
        "Most studies used between 15 and 30 mg daily, taken with food to avoid nausea. "
        "Long-term use above 40 mg a day can lower copper levels."
    ),
    conclusion=(
        "Zinc picolinate is a reasonable addition for stubborn acne when diet is short of zinc. "
        "Give it three months and keep your skin routine simple."
    ),
    supplement="Zinc Picolinate",
    conditions=("Acne",),
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("two-titles-numbered-inline.txt", TWO_TITLES),
        ("first-line-title-benefit-headings.txt", FIRST_LINE_TITLE),
    ],
)
def test_each_layout_parses_exactly(name, expected):
    assert parse_article(fixture(name)) == expected


def test_windows_line_endings_and_a_byte_order_mark_change_nothing():
    raw = (FIXTURES / "first-line-title-benefit-headings.txt").read_text(encoding="utf-8")
    windows = "\ufeff".encode() + raw.replace("\n", "\r\n").encode("utf-8")
    assert parse_article(read_export(windows)) == FIRST_LINE_TITLE


def test_curly_quotes_and_dashes_are_kept():
    parsed = parse_article("Magnesium for “Restless” Legs\n\nIt’s worth a try — sometimes.")
    assert parsed.title == "Magnesium for “Restless” Legs"
    assert parsed.intro == "It’s worth a try — sometimes."


@pytest.mark.parametrize("marker", ["–", "—", "-", "•", "*"])
def test_every_bullet_marker_makes_additional_benefits(marker):
    text = (
        "Magnesium for Cramps\n\nIntro text.\n\nAdditional Benefits\n\n"
        f"{marker} Bones: Stored in the skeleton.\n{marker} Heart: Keeps rhythm steady."
    )
    parsed = parse_article(text)
    assert parsed.additional_benefits == (
        Benefit("Bones", "Stored in the skeleton."),
        Benefit("Heart", "Keeps rhythm steady."),
    )
    assert parsed.additional_benefits_heading == "Additional Benefits"


def test_bullets_that_are_not_name_and_text_stay_in_the_body():
    parsed = parse_article("A Title\n\nA Section\n\n- first thing\n- second thing")
    assert parsed.additional_benefits == ()
    assert parsed.body == "## A Section\n\n- first thing\n- second thing"


def test_a_numbered_list_of_sentences_stays_in_the_body():
    text = "A Title\n\nSteps\n\n1. " + "Long sentence that is no benefit name. " * 5
    parsed = parse_article(text)
    assert parsed.benefits == ()
    assert parsed.body.startswith("## Steps\n\n1. Long sentence")


def test_introduction_heading_and_text_before_it_both_form_the_intro():
    parsed = parse_article("Title Here\n\nA first line.\n\nIntroduction\n\nA second line.")
    assert parsed.intro == "A first line.\n\nA second line."
    assert parsed.body == ""


def test_page_chrome_is_dropped_and_related_titles_kept():
    text = (
        "Title: Magnesium for Sleep\n\nSome text.\n\nShare on Facebook\nTweet\n\n"
        "Related Posts\n\nMagnesium Citrate for Migraine\n• Choosing a Magnesium\n"
        "Share this:\nThis sentence under related posts is not a post.\n\n"
        "Title: Magnesium for Sleep\nScroll to top"
    )
    parsed = parse_article(text)
    assert parsed.intro == "Some text."
    assert parsed.body == ""
    assert parsed.related == ("Magnesium Citrate for Migraine", "Choosing a Magnesium")


def test_a_second_different_title_line_later_is_kept_as_text():
    parsed = parse_article("Title: One\n\nText.\n\nTitle: Something else entirely")
    assert parsed.intro == "Text.\n\nTitle: Something else entirely"


@pytest.mark.parametrize(
    ("title", "supplement", "conditions"),
    [
        ("The Benefits of Magnesium Bisglycinate for Muscle Cramps", "Magnesium Bisglycinate",
         ("Muscle Cramps",)),
        ("The Benefits of Magnesium Glycinate for Fibromyalgia Relief", "Magnesium Glycinate",
         ("Fibromyalgia",)),
        ("Exploring Zinc: A Natural Approach to Relieve Acne Symptoms", "", ()),
        ("Magnesium Citrate for Migraine: A Practical Guide", "Magnesium Citrate", ("Migraine",)),
        ("Vitamin D3 and Low Mood", "Vitamin D3", ("Low Mood",)),
        ("Why Sleep Matters", "", ()),
    ],
)  # fmt: skip
def test_supplement_and_condition_come_from_the_title(title, supplement, conditions):
    parsed = parse_article(f"{title}\n\nBody.")
    assert (parsed.supplement, parsed.conditions) == (supplement, conditions)


def test_options_replace_what_the_title_suggests():
    parsed = parse_article(
        "The Benefits of Zinc for Acne\n\nBody.",
        supplement=" Zinc Gluconate ",
        conditions=["Rosacea", " ", "Acne"],
    )
    assert parsed.supplement == "Zinc Gluconate"
    assert parsed.conditions == ("Rosacea", "Acne")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200 to 400 mg per day", ("200", "400", "mg", "per day")),
        ("200-400 mg per day", ("200", "400", "mg", "per day")),
        ("200–400 mg/day", ("200", "400", "mg", "per day")),
        ("a common recommendation is between 200-400 mg per day", ("200", "400", "mg", "per day")),
        ("between 15 and 30 mg daily", ("15", "30", "mg", "per day")),
        ("1,000 to 2,000 IU per day", ("1000", "2000", "IU", "per day")),
        ("take 400 mg a day", ("400", None, "mg", "per day")),
        ("5 g", ("5", None, "g", "")),
        ("50 µg daily", ("50", None, "mcg", "per day")),
        ("50 μg daily", ("50", None, "mcg", "per day")),
        ("100 mcg each day", ("100", None, "mcg", "per day")),
        ("2.5 mg twice daily", ("2.5", None, "mg", "twice a day")),
        ("200 mg to 400 mg per day", ("200", "400", "mg", "per day")),
        ("300 milligrams at bedtime", ("300", None, "mg", "at bedtime")),
        ("1000-2000 iu", ("1000", "2000", "IU", "")),
        ("400 to 400 mg", ("400", None, "mg", "")),
        ("skip 0 mg, then 100 mg", ("100", None, "mg", "")),
    ],
)
def test_dosage_forms(text, expected):
    low, high, unit, frequency = expected
    assert parse_dosage(text) == Dosage(
        Decimal(low), Decimal(high) if high else None, unit, frequency
    )


@pytest.mark.parametrize(
    "text", ["no amount here", "drink 2 glasses", "400 to 200 mg", "0 mg", "200 mg to 4 g", ""]
)
def test_text_without_a_sound_dose(text):
    assert parse_dosage(text) is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b" \n\r\n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
    ],
)
def test_unreadable_bytes(data, message):
    with pytest.raises(ParseError, match=message):
        read_export(data)


@pytest.mark.parametrize(
    "text",
    [
        (FIXTURES / "no-title.txt").read_text(encoding="utf-8"),
        "1. A numbered line cannot be a title",
        "Scroll to top\n\nRelated Posts",
        "Title:\n\nSome text.",
    ],
)
def test_no_title(text):
    with pytest.raises(ParseError, match="no title"):
        parse_article(text)


def test_describe_reports_every_part():
    report = describe(TWO_TITLES)
    for expected in (
        "Title: The Benefits of Vitamin D3 for Low Mood",
        "SEO title: Vitamin D3 and Winter Blues",
        "Supplement: Vitamin D3",
        "Conditions: Low Mood",
        "  - Why Levels Drop in Winter",
        "  2. More Energy",
        "Dosage: 1,000 to 2,000 IU per day",
        "Conclusion: 1 paragraph",
        "Call to action: Ask your GP",
    ):
        assert expected in report


# Properties: any text, and any arrangement of the parts, is handled without losing a word.

TEXT_FIELDS = (
    "title", "seo_title", "intro", "body", "additional_benefits_heading",
    "additional_benefits_intro", "dosage_heading", "dosage_note", "conclusion", "call_to_action",
)  # fmt: skip


def placed(parsed: ParsedArticle) -> list[str]:
    """Every field an editor's words can land in (derived ones such as the supplement aside)."""
    places = [getattr(parsed, name) for name in TEXT_FIELDS]
    for benefit in (*parsed.benefits, *parsed.additional_benefits):
        places += [benefit.title, benefit.description]
    return places + list(parsed.related)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_anything_but_parse_error(text):
    with contextlib.suppress(ParseError):
        parse_article(text)


@settings(max_examples=150, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise_anything_but_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_article(read_export(data))


WORDS = st.sampled_from(["magnesium", "sleep", "calm", "muscle", "dose", "relief", "zinc"])


@st.composite
def exports(draw) -> tuple[str, list[str]]:
    """An export in any arrangement of the parts, each paragraph carrying a unique token.

    Returns the text and the tokens, which must each land in exactly one field.
    """
    counter = iter(range(10_000))
    tokens: list[str] = []

    def token() -> str:
        tokens.append(f"tok{next(counter)}x")
        return tokens[-1]

    def words(n: int) -> str:
        return " ".join(draw(st.lists(WORDS, min_size=1, max_size=n)))

    def sentence() -> str:
        return f"{words(6).capitalize()} {token()} {words(6)}."

    def heading() -> str:
        return draw(
            st.sampled_from(["Introduction", "Conclusion", "Call to Action", "How to Take It",
                             "Additional Benefits", "Benefits", "What is It?"])
            | st.builds(lambda: f"{words(3).title()} {token()}")
        )  # fmt: skip

    parts = [f"Title: {words(4).title()} {token()}"] if draw(st.booleans()) else []
    parts.append(f"{words(4).title()} {token()}")
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["para", "heading", "numbered", "named", "bullets", "chrome"]))
        if kind == "para":
            parts.append(sentence())
        elif kind == "heading":
            parts.append(heading())
        elif kind == "numbered":
            parts.append(f"{draw(st.integers(1, 9))}. {words(2).title()} {token()}")
        elif kind == "named":
            parts.append(f"{draw(st.integers(1, 9))}. {words(2).title()}: {sentence()}")
        elif kind == "bullets":
            marker = draw(st.sampled_from(["–", "—", "-", "•", "*"]))
            count = draw(st.integers(1, 3))
            parts.append(
                "\n".join(f"{marker} {words(2).title()}: {sentence()}" for _ in range(count))
            )
        else:
            parts.append(draw(st.sampled_from(["Scroll to top", "Share this:", "Facebook"])))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n"]))
    return separator.join(parts), tokens


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_no_paragraph_is_lost_or_doubled(export):
    text, tokens = export
    parsed = parse_article(read_export(text.encode()))
    fields = placed(parsed)
    for tok in tokens:
        homes = [f for f in fields if re.search(rf"\b{tok}\b", f)]
        assert len(homes) == 1, (tok, homes, parsed)
