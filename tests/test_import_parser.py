"""The export parser on its own: text in, structure out, no database.

The fixtures in ``import_fixtures/`` are written for these tests in the two layouts real exports
have: "Title:" lines over an "Introduction" heading with "1. Name: text" benefits, and a
first-line title over paragraphs with "1. Name" benefit headings and en-dash "Name: text" bullets.
"""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supplements_cms.content.importing.parser import (
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


# The good fixtures, each with the whole structure it must give.

TWO_TITLES = ParsedArticle(
    title="The Benefits of Vitamin D3 for Low Mood",
    seo_title="Vitamin D3 and Winter Blues: What a Daily Dose Can Do",
    intro=(
        "Short grey days leave plenty of people flat and tired from November to March. Vitamin "
        "D3 is the supplement most often suggested for that slump, and this piece looks at why."
    ),
    body=(
        "## What is Vitamin D3?\n\n"
        "Vitamin D3, or cholecalciferol, is the form of vitamin D that skin makes in sunlight. "
        "Supplements usually derive it from lanolin or lichen, and it is sold as drops, tablets "
        "and soft gels.\n\n"
        "## Why Levels Drop in Winter\n\n"
        "North of roughly the fortieth parallel, winter sunlight is too weak for the skin to make "
        "much vitamin D. Blood levels fall steadily until spring, and people who work indoors "
        "feel it most.\n\n"
        "## Benefits of Vitamin D3 for Low Mood\n\n"
        "Studies point to several possible effects:"
    ),
    benefits=(
        Benefit(
            "Brighter Mood",
            "People who started with low levels saw modest improvements in mood scores in some "
            "trials.",
        ),
        Benefit(
            "More Energy",
            "Correcting a deficiency can lift the heavy tiredness that often comes with it.",
        ),
        Benefit(
            "Stronger Bones",
            "Vitamin D helps the gut absorb calcium, which bones need all year round.",
        ),
    ),
    dosage_heading="How to Incorporate Vitamin D3 into Your Day",
    dosage=Dosage(Decimal("1000"), Decimal("2000"), "IU", "per day"),
    dosage_note=(
        "Take it with the largest meal, since it dissolves in fat. Typical amounts are 1,000 to "
        "2,000 IU per day; ask for a blood test before going higher."
    ),
    conclusion=(
        "Vitamin D3 is no substitute for proper care when low mood persists, but topping up a "
        "winter shortfall is cheap and sensible."
    ),
    call_to_action=(
        "Ask your GP about a vitamin D test at your next check-up, and keep a short note of how "
        "you feel through the winter."
    ),
    supplement="Vitamin D3",
    conditions=("Low Mood",),
)

FIRST_LINE_TITLE = ParsedArticle(
    title="The Benefits of Zinc Picolinate for Acne",
    intro=(
        "Breakouts that keep coming back are discouraging, and creams only go so far. Zinc is one "
        "of the few minerals dermatologists bring up, and zinc picolinate is a form that is easy "
        "to absorb.\n\n"
        "This guide covers what the research says, where zinc might fit into a skin routine, and "
        "what to watch out for."
    ),
    body=(
        "## What is Zinc Picolinate?\n\n"
        "Zinc picolinate pairs zinc with picolinic acid, a compound the body uses to carry "
        "minerals. Smaller studies suggest it is taken up better than zinc citrate or gluconate."
        "\n\n## How Does Zinc Picolinate Help with Acne?\n\n"
        "Acne involves oil, bacteria and inflammation. Here’s where zinc may come in:"
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
        "Zinc picolinate is a reasonable addition for stubborn acne when a diet is short of zinc. "
        "Give it three months and keep the rest of your skin routine simple."
    ),
    supplement="Zinc Picolinate",
    conditions=("Acne",),
)

# The other variant of each part: one "Title:" line, no "Introduction" heading, "1)" benefits
# on consecutive lines, a section after the benefits, "•" bullets under "Other Benefits" with a
# closing line, "Recommended Dosage" with an en dash and "/day", "Final Thoughts" followed by
# "References", "Call to Action:" with a colon, sharing lines, related posts with links.
VARIANTS = ParsedArticle(
    title="Ashwagandha and Stress: A Calm Look at the Evidence",
    intro=(
        "Deadlines, noise and poor sleep keep the body’s alarm system switched on. Ashwagandha, a "
        "root used in Ayurvedic practice for centuries, is now sold in most pharmacies as a way "
        "to “take the edge off”."
    ),
    body=(
        "## Where Ashwagandha Comes From\n\n"
        "The plant is a small shrub from India and North Africa; extracts are made from its root, "
        "sometimes with the leaves.\n\n"
        # Written after the benefits, it comes before their heading: the body ends with the
        # heading and lead-in that the list of benefits follows on the page.
        "## Possible Side Effects\n\n"
        "An upset stomach is the most common complaint. People with thyroid conditions, and "
        "anyone pregnant, should avoid it.\n\n"
        "## How Ashwagandha Works\n\n"
        "Researchers have looked at three effects in particular:"
    ),
    benefits=(
        Benefit(
            "Lower Cortisol",
            "Several trials measured less of the stress hormone after eight weeks.",
        ),
        Benefit("Better Sleep", "People fell asleep a little faster and woke less often."),
        Benefit("Steadier Focus", "Some reported fewer racing thoughts during the working day."),
    ),
    additional_benefits_heading="Other Benefits",
    additional_benefits_intro=(
        "Ashwagandha has been studied for more than stress:\n\n"
        "Most of these studies were short, so treat them as early signals."
    ),
    additional_benefits=(
        Benefit("Strength", "Young men in one trial gained slightly more muscle when training."),
        Benefit("Blood Sugar", "A few small studies found lower fasting glucose."),
    ),
    dosage_heading="Recommended Dosage",
    dosage=Dosage(Decimal("300"), Decimal("600"), "mg", "per day"),
    dosage_note=(
        "Trials used 300–600 mg/day of a root extract, often split into two doses. A single "
        "300 mg capsule at night is a common place to start."
    ),
    conclusion=(
        "Ashwagandha is one of the better-studied herbs for everyday stress. It works slowly, so "
        "judge it after a month rather than a week.\n\n"
        "## References\n\n"
        "Chandrasekhar K et al., 2012. Lopresti AL et al., 2019."
    ),
    call_to_action=(
        "Write down your stress and sleep for two weeks before you start, then compare."
    ),
    supplement="Ashwagandha",
    conditions=("Stress",),
    related=("Magnesium Glycinate for Sleep", "Vitamin D3 and Low Mood"),
)

# A Markdown export: "#" headings, paragraphs wrapped over lines, a single amount.
MARKDOWN = ParsedArticle(
    title="Magnesium Citrate for Restless Legs",
    intro=(
        "Restless legs make evenings miserable: an itch deep in the calves\n"
        "that only moving eases. Magnesium is an old home remedy for it."
    ),
    body=(
        "## What the Studies Say\n\n"
        "Results are mixed. Two small trials found fewer night-time\n"
        "movements; a larger one found no difference."
    ),
    dosage_heading="How to Take It",
    dosage=Dosage(Decimal("400"), None, "mg", "at bedtime"),
    dosage_note="Take 400 mg of magnesium citrate at bedtime, with water.",
    supplement="Magnesium Citrate",
    conditions=("Restless Legs",),
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("two-titles-inline-benefits.txt", TWO_TITLES),
        ("first-line-title-heading-benefits.txt", FIRST_LINE_TITLE),
        ("one-title-line-and-variants.txt", VARIANTS),
        ("markdown-single-dose.md", MARKDOWN),
    ],
)
def test_each_fixture_parses_exactly(name, expected):
    assert parse_article(fixture(name)) == expected


def test_windows_line_endings_and_a_byte_order_mark_change_nothing():
    raw = (FIXTURES / "crlf-bom.txt").read_bytes()
    # The fixture really is what it says (no tool has normalised it).
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10
    assert parse_article(read_export(raw)) == FIRST_LINE_TITLE


def test_old_mac_line_endings_and_text_not_read_through_read_export():
    text = (FIXTURES / "first-line-title-heading-benefits.txt").read_text(encoding="utf-8")
    # Text from a form field arrives with CRLF; the parser does not rely on read_export.
    assert parse_article(text.replace("\n", "\r")) == FIRST_LINE_TITLE
    assert parse_article("\ufeff" + text.replace("\n", "\r\n")) == FIRST_LINE_TITLE


def test_curly_quotes_and_dashes_are_kept():
    text = read_export("Magnesium for “Restless” Legs\n\nIt’s worth a try — sometimes.".encode())
    parsed = parse_article(text)
    assert parsed.title == "Magnesium for “Restless” Legs"
    assert parsed.intro == "It’s worth a try — sometimes."


# Each part on its own.


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
    assert parsed.body == ""


def test_bullets_that_are_not_name_and_text_stay_in_the_body():
    parsed = parse_article("A Title\n\nA Section\n\n- first thing\n- second thing")
    assert parsed.additional_benefits == ()
    assert parsed.body == "## A Section\n\n- first thing\n- second thing"


def test_name_and_text_bullets_before_the_benefits_are_facts_not_benefits():
    text = (
        "Zinc for Acne\n\nKey Facts\n\n- Form: capsule\n- Taste: metallic\n\n"
        "Benefits of Zinc\n\n1. Clearer Skin: Fewer spots.\n\n"
        "Further Reading\n\n- Book: A guide to minerals."
    )
    parsed = parse_article(text)
    assert parsed.additional_benefits == (Benefit("Book", "A guide to minerals."),)
    assert parsed.additional_benefits_heading == "Further Reading"
    assert parsed.body == (
        "## Key Facts\n\n- Form: capsule\n- Taste: metallic\n\n## Benefits of Zinc"
    )


def test_a_numbered_list_of_sentences_stays_in_the_body():
    text = "A Title\n\nSteps\n\n1. " + "Long sentence that is no benefit name. " * 5
    parsed = parse_article(text)
    assert parsed.benefits == ()
    assert parsed.body.startswith("## Steps\n\n1. Long sentence")


def test_the_benefits_are_the_list_whose_heading_announces_them():
    text = (
        "Zinc for Acne\n\nBefore You Buy\n\n1. Check the Label\n2. Compare Prices\n\n"
        "How Zinc Helps with Acne\n\n1. Less Oil\n\nGlands make less sebum."
    )
    parsed = parse_article(text)
    assert parsed.benefits == (Benefit("Less Oil", "Glands make less sebum."),)
    assert parsed.body == (
        "## Before You Buy\n\n1. Check the Label\n2. Compare Prices\n\n## How Zinc Helps with Acne"
    )


def test_wrapped_benefit_lines_and_bold_names():
    text = (
        "Zinc for Acne\n\nBenefits\n\n1. **Less Oil**: Glands make\nless sebum.\n"
        "2. Faster Healing\nMarks fade sooner."
    )
    assert parse_article(text).benefits == (
        Benefit("Less Oil", "Glands make\nless sebum."),
        Benefit("Faster Healing", "Marks fade sooner."),
    )


def test_introduction_heading_and_text_before_it_both_form_the_intro():
    parsed = parse_article("Title Here\n\nA first line.\n\nIntroduction\n\nA second line.")
    assert parsed.intro == "A first line.\n\nA second line."
    assert parsed.body == ""


def test_a_title_on_the_first_line_of_a_paragraph():
    parsed = parse_article("Zinc for Acne\nA first paragraph straight under it.")
    assert (parsed.title, parsed.intro) == ("Zinc for Acne", "A first paragraph straight under it.")


def test_page_chrome_is_dropped_and_related_titles_kept():
    text = (
        "Skip to content\n\nTitle: Magnesium for Sleep\n\nSome text.\n\n"
        "Share on Facebook\nTweet\n\n* * *\n\n"
        "Related Posts\n\nMagnesium Citrate for Migraine\n• Choosing a Magnesium\n"
        "Share this:\nThis sentence under related posts is not a post.\n"
        "3. [Zinc and Acne](https://example.com/zinc/)\n\n"
        "Title: Magnesium for Sleep\nScroll to top"
    )
    parsed = parse_article(text)
    assert parsed == ParsedArticle(
        title="Magnesium for Sleep",
        intro="Some text.",
        supplement="Magnesium",
        conditions=("Sleep",),
        related=("Magnesium Citrate for Migraine", "Choosing a Magnesium", "Zinc and Acne"),
    )


def test_a_later_title_line_that_repeats_no_title_is_kept_as_text():
    parsed = parse_article("Title: One\n\nText.\n\nTitle: Something else entirely")
    assert parsed.intro == "Text.\n\nTitle: Something else entirely"


def test_sections_after_the_conclusion_stay_at_the_end():
    text = "Zinc\n\nIntro.\n\nConclusion\n\nDone.\n\nSources\n\nA list.\n\nCall to Action\n\nAct."
    parsed = parse_article(text)
    assert (parsed.conclusion, parsed.call_to_action) == ("Done.\n\n## Sources\n\nA list.", "Act.")


def test_a_second_dosage_or_conclusion_section_is_kept_too():
    text = "Zinc\n\nHow to Take It\n\n15 mg daily.\n\nDosage Tips\n\nWith food.\n\nConclusion\n\nA."
    parsed = parse_article(text)
    assert (parsed.dosage_note, parsed.body) == ("15 mg daily.", "## Dosage Tips\n\nWith food.")


@pytest.mark.parametrize(
    ("title", "supplement", "conditions"),
    [
        ("The Benefits of Zinc Picolinate for Acne", "Zinc Picolinate", ("Acne",)),
        ("The Benefits of Vitamin D3 for Low Mood Relief", "Vitamin D3", ("Low Mood",)),
        ("Magnesium Citrate for Migraine: A Practical Guide", "Magnesium Citrate", ("Migraine",)),
        ("Ashwagandha and Stress: A Calm Look", "Ashwagandha", ("Stress",)),
        ("Exploring Zinc: A Plain Way to Ease Acne Symptoms", "Zinc", ("Acne",)),
        ("How Magnesium Helps with Restless Legs", "Magnesium", ("Restless Legs",)),
        ("Magnesium and Zinc for Sleep – A Guide", "Magnesium and Zinc", ("Sleep",)),
        ("Why Magnesium Is Good for Sleep", "", ()),
        ("Why Sleep Matters", "", ()),
        ("What You Should Know", "", ()),
    ],
)
def test_supplement_and_condition_come_from_the_title(title, supplement, conditions):
    parsed = parse_article(f"{title}\n\nBody.")
    assert (parsed.supplement, parsed.conditions) == (supplement, conditions)


def test_the_seo_title_names_the_topic_when_the_title_does_not():
    parsed = parse_article("Title: Vitamin D3 for Low Mood\nTitle: Why Winter Feels Long")
    assert (parsed.supplement, parsed.conditions) == ("Vitamin D3", ("Low Mood",))


def test_options_replace_what_the_title_suggests():
    parsed = parse_article(
        "The Benefits of Zinc for Acne\n\nBody.",
        supplement=" Zinc  Gluconate ",
        conditions=["Rosacea", " ", "Acne"],
    )
    assert parsed.supplement == "Zinc Gluconate"
    assert parsed.conditions == ("Rosacea", "Acne")


# Dosage.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200 to 400 mg per day", ("200", "400", "mg", "per day")),
        ("200-400 mg per day", ("200", "400", "mg", "per day")),
        ("200–400 mg/day", ("200", "400", "mg", "per day")),
        ("200 — 400 mg / day", ("200", "400", "mg", "per day")),
        ("most adults do well on between 200-400 mg per day", ("200", "400", "mg", "per day")),
        ("between 15 and 30 mg daily", ("15", "30", "mg", "per day")),
        ("1,000 to 2,000 IU per day", ("1000", "2000", "IU", "per day")),
        ("400 mg per day", ("400", None, "mg", "per day")),
        ("take 400 mg a day", ("400", None, "mg", "per day")),
        ("5 g", ("5", None, "g", "")),
        ("1 to 2 grams every day", ("1", "2", "g", "per day")),
        ("50 µg daily", ("50", None, "mcg", "per day")),
        ("50 μg daily", ("50", None, "mcg", "per day")),
        ("100 mcg each day", ("100", None, "mcg", "per day")),
        ("250 micrograms once a day", ("250", None, "mcg", "per day")),
        ("50 µg of vitamin B12 daily", ("50", None, "mcg", "per day")),
        ("2.5 mg twice daily", ("2.5", None, "mg", "twice a day")),
        ("200 mg to 400 mg per day", ("200", "400", "mg", "per day")),
        ("200mg-400mg daily", ("200", "400", "mg", "per day")),
        ("300 milligrams at bedtime", ("300", None, "mg", "at bedtime")),
        ("3 g before bed", ("3", None, "g", "at bedtime")),
        ("50,000 IU once a week", ("50000", None, "IU", "per week")),
        ("1000-2000 iu", ("1000", "2000", "IU", "")),
        ("vitamin D3 2000 IU", ("2000", None, "IU", "")),
        ("400 to 400 mg", ("400", None, "mg", "")),
        ("skip 0 mg, then 100 mg", ("100", None, "mg", "")),
        ("Start with 100 mg, then 200 to 400 mg per day", ("200", "400", "mg", "per day")),
        ("up to 40 mg; 15 mg daily suits most", ("15", None, "mg", "per day")),
    ],
)
def test_dosage_forms(text, expected):
    low, high, unit, frequency = expected
    assert parse_dosage(text) == Dosage(
        Decimal(low), Decimal(high) if high else None, unit, frequency
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no amount here",
        "drink 2 glasses",
        "5 gummies",
        "400 to 200 mg",
        "0 mg",
        "200 mg to 4 g",
        "15 and 30 mg",  # "and" makes a range only after "between"; 30 mg is the dose here
        "0.0001 mg",
        "123456789 mg",
        "2 ıu",  # dotless i: IGNORECASE matches it, the unit table does not know it
    ],
)
def test_text_without_a_sound_dose(text):
    result = parse_dosage(text)
    assert result is None or (text, result) == (
        "15 and 30 mg",
        Dosage(Decimal("30"), None, "mg", ""),
    )


# Files that are no article.


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "empty file"),
        ("whitespace-only.txt", "empty file"),
        ("binary.txt", "not text: looks like a binary file"),
        ("latin-1.txt", "not text: not valid UTF-8 (byte 0xe9 at position 4)"),
        ("utf-16.txt", "not UTF-8: the file is UTF-16; save it as UTF-8"),
    ],
)
def test_unreadable_files(name, message):
    with pytest.raises(ParseError) as raised:
        read_export((FIXTURES / name).read_bytes())
    assert str(raised.value) == message


def test_text_full_of_control_characters_is_binary():
    with pytest.raises(ParseError, match="binary"):
        read_export(bytes(range(1, 32)) * 4)


def test_a_stray_control_character_is_dropped():
    assert read_export(b"Zinc\r\n\r\nText.\x1a") == "Zinc\n\nText."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(fixture("no-title.txt"), id="paragraph-first"),
        pytest.param(fixture("only-chrome.txt"), id="only-chrome"),
        "1. A numbered line cannot be a title",
        "Introduction\n\nA label is no title.",
        "Title:\n\nSome text.",
        "x" * 201 + "\n\nToo long for a title.",
    ],
)
def test_no_title(text):
    with pytest.raises(ParseError, match=r"^no title found"):
        parse_article(text)


def test_nothing_at_all_is_an_empty_file():
    with pytest.raises(ParseError, match=r"^empty file$"):
        parse_article(" \n\t\n")


# The dry run's report.


def test_describe_reports_every_part():
    assert describe(parse_article(fixture("one-title-line-and-variants.txt"))) == (
        "Title: Ashwagandha and Stress: A Calm Look at the Evidence\n"
        "Supplement: Ashwagandha\n"
        "Conditions: Stress\n"
        "Introduction: 1 paragraph\n"
        "Sections:\n"
        "  - Where Ashwagandha Comes From\n"
        "  - Possible Side Effects\n"
        "  - How Ashwagandha Works\n"
        "Benefits: 3\n"
        "  1. Lower Cortisol\n"
        "  2. Better Sleep\n"
        "  3. Steadier Focus\n"
        "Other Benefits: 2\n"
        "  • Strength\n"
        "  • Blood Sugar\n"
        "Dosage: 300 to 600 mg per day\n"
        "  under “Recommended Dosage”, note: 1 paragraph\n"
        "Conclusion: 1 paragraph, then References\n"
        "Call to action: Write down your stress and sleep for two weeks before you start, then "
        "compare.\n"
        "Related posts:\n"
        "  - Magnesium Glycinate for Sleep\n"
        "  - Vitamin D3 and Low Mood"
    )


def test_describe_shortens_the_call_to_action_and_names_what_is_missing():
    report = describe(TWO_TITLES)
    assert "SEO title: Vitamin D3 and Winter Blues: What a Daily Dose Can Do" in report
    assert "Additional benefits: 0" in report
    assert "Dosage: 1,000 to 2,000 IU per day" in report
    cta = next(line for line in report.splitlines() if line.startswith("Call to action: "))
    assert cta.endswith("…")
    assert len(cta) == len("Call to action: ") + 80
    assert describe(ParsedArticle(title="T")).splitlines()[-3:] == [
        "Dosage: (none found)",
        "Conclusion: (none)",
        "Call to action: (none)",
    ]


# Properties: any text is handled, and no paragraph of a well-formed export is lost.


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises_anything_but_parse_error(text):
    with contextlib.suppress(ParseError):
        parse_article(text)


# Text made of the characters the parser looks at, so that its structures do come up.
STRUCTURAL = st.text(
    alphabet=st.sampled_from(list("\n\n\n \t\r1234567890.):–—-•*#ıIiTtleMmgUu µ,?!abc")),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(STRUCTURAL)
def test_structural_noise_never_raises_anything_but_parse_error(text):
    with contextlib.suppress(ParseError):
        parse_article(text)
    parse_dosage(text)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise_anything_but_parse_error(data):
    with contextlib.suppress(ParseError):
        parse_article(read_export(data))


# What counts for the property below. A paragraph is a block between blank lines, or one list
# line. It must land in exactly one of the places an editor's words can go: a text field, one
# benefit (title and description), one related post. It is intact there: its words, in order,
# with white space, list numbers, bullet marks and Markdown "##" not counting. Chrome (sharing
# lines, "Scroll to top", "* * *", a repeated "Title:" line, what follows "Related Posts" and
# is no post title) and the labels "Introduction", "Conclusion", "Call to Action" are not
# paragraphs; what follows "Related Posts" must land nowhere.

VOCABULARY = ["magnesium", "zinc", "calm", "muscle", "relief", "Omega-3", "café", "it’s",
              "“quoted”", "400", "mg", "daily", "—", "and", "for", "benefits"]  # fmt: skip
LABELS = ["Introduction", "Conclusion", "Conclusion:", "Call to Action", "Call to Action:"]
SPECIAL_HEADINGS = ["How to Take It", "Additional Benefits", "Benefits of It", "What Is It?"]
CHROME = ["Scroll to top", "Share this:", "Share on Facebook", "Facebook", "* * *"]


def places(parsed: ParsedArticle) -> list[str]:
    """Every place an editor's words can land in (the supplement and conditions, derived from
    the title, aside)."""
    fields = [
        parsed.title, parsed.seo_title, parsed.intro, parsed.body,
        parsed.additional_benefits_heading, parsed.additional_benefits_intro,
        parsed.dosage_heading, parsed.dosage_note, parsed.conclusion, parsed.call_to_action,
    ]  # fmt: skip
    fields += [f"{b.title}\n{b.description}" for b in parsed.benefits]
    fields += [f"{b.title}\n{b.description}" for b in parsed.additional_benefits]
    return fields + list(parsed.related)


def words(text: str) -> str:
    """The words of a text, list numbers and marks aside, one space apart."""
    text = re.sub(r"^\s*(?:[0-9]{1,2}[.)]|[–—\-•*])\s+", "", text, flags=re.MULTILINE)
    return " ".join(re.findall(r"[^\W_]+", text))


@st.composite
def exports(draw) -> tuple[str, dict[str, str], list[str]]:
    """An export with its parts in any order and mix, each paragraph carrying a unique token.

    Returns the text, the paragraphs that must land once (by token) and the tokens that must
    land nowhere.
    """
    counter = iter(range(10_000))
    kept: dict[str, str] = {}
    dropped: list[str] = []

    def token() -> str:
        return f"tok{next(counter)}x"

    def phrase(n: int) -> str:
        return " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=n)))

    def name() -> str:
        return f"{draw(st.sampled_from(['Calm', 'Sleep', 'Zinc', 'Bones']))} {phrase(2)}"

    def keep(paragraph: str, tok: str) -> str:
        kept[tok] = paragraph
        return paragraph

    def sentence(tok: str) -> str:
        text = f"{phrase(5).capitalize()} {tok} {phrase(5)}."
        # Sometimes wrapped over two lines.
        return text.replace(f" {tok} ", f" {tok}\n", 1) if draw(st.booleans()) else text

    def heading() -> str:
        if draw(st.integers(0, 3)) == 0:
            return draw(st.sampled_from(LABELS + SPECIAL_HEADINGS))
        tok = token()
        text = f"{name()} {tok}" + draw(st.sampled_from(["", "?", " ##"]))
        return keep(draw(st.sampled_from(["", "## "])) + text, tok)

    def numbered(inline: bool) -> str:
        number, tok = draw(st.integers(1, 12)), token()
        if inline:
            return keep(f"{number}. {name()}: {sentence(tok)}", tok)
        return keep(f"{number}) {name()} {tok}", tok)

    def bullets(named: bool) -> str:
        marker = draw(st.sampled_from(["–", "—", "-", "•", "*"]))
        lines = []
        for _ in range(draw(st.integers(1, 3))):
            tok = token()
            line = f"{marker} {name()}: {sentence(tok)}" if named else f"{marker} {sentence(tok)}"
            lines.append(keep(line, tok))
        return "\n".join(lines)

    title_tok = token()
    title = f"{name()} for Sleep {title_tok}"
    parts = []
    if draw(st.booleans()):
        parts.append(f"Title: {title}")
        if draw(st.booleans()):
            seo_tok = token()
            parts.insert(0, keep(f"Title: {name()} {seo_tok}", seo_tok))
    else:
        parts.append(title)
    kept[title_tok] = title
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(
            st.sampled_from(
                ["sentence", "heading", "heading", "inline", "numbered", "bullets", "chrome",
                 "title-again", "other-title", "benefits-section"]
            )
        )  # fmt: skip
        if kind == "sentence":
            tok = token()
            parts.append(keep(sentence(tok), tok))
        elif kind == "heading":
            parts.append(heading())
        elif kind in ("inline", "numbered"):
            items = [numbered(kind == "inline") for _ in range(draw(st.integers(1, 3)))]
            separator = draw(st.sampled_from(["\n", "\n\n"])) if kind == "inline" else "\n\n"
            parts.append(separator.join(items))
        elif kind == "bullets":
            parts.append(bullets(draw(st.booleans())))
        elif kind == "benefits-section":
            # A heading that announces benefits, maybe a lead-in, then a list of them.
            tok, announce = token(), draw(st.sampled_from(["Benefits", "Other Benefits"]))
            parts.append(keep(f"{announce} {tok}", tok))
            if draw(st.booleans()):
                tok = token()
                parts.append(keep(sentence(tok).replace(".", ":"), tok))
            if draw(st.booleans()):
                parts.append(bullets(named=True))
            else:
                items = [numbered(draw(st.booleans())) for _ in range(draw(st.integers(1, 3)))]
                parts.append("\n\n".join(items))
        elif kind == "chrome":
            parts.append(draw(st.sampled_from(CHROME)))
        elif kind == "title-again":
            parts.append(f"Title: {title}")
        else:
            tok = token()
            parts.append(keep(f"Title: {name()} {tok}", tok))
    if draw(st.booleans()):
        parts.append("Related Posts")
        for _ in range(draw(st.integers(0, 3))):
            tok = token()
            if draw(st.booleans()):
                parts.append(keep(f"- {name()} {tok}", tok))
            else:
                parts.append(f"This line {tok} names no post.")
                dropped.append(tok)
        parts.append(draw(st.sampled_from(CHROME)))
    separator = draw(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]))
    text = separator.join(parts)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, kept, dropped


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_every_paragraph_lands_in_exactly_one_place_intact(export):
    text, kept, dropped = export
    parsed = parse_article(read_export(text.encode()))
    homes = places(parsed)
    for tok, paragraph in kept.items():
        found = [place for place in homes if re.search(rf"\b{tok}\b", place)]
        assert len(found) == 1, (tok, found, parsed)
        assert words(paragraph.removeprefix("Title: ")) in words(found[0]), (paragraph, found)
    for tok in dropped:
        assert not any(tok in place for place in homes), (tok, parsed)
    for chrome in ("Scroll to top", "Share this", "Facebook", "* * *"):
        assert not any(chrome in place for place in homes), (chrome, parsed)
