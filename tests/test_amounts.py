"""Amounts as readers of each language write them; JSON-LD keeps numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import get_format

from supplements_cms.models.units import format_amount, frequency_label, unit_label


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("en", Decimal("3000.000"), "3,000"),
        ("en", Decimal("0.500"), "0.5"),
        ("en", Decimal("2500.500"), "2,500.5"),
        ("de", Decimal("3000.000"), "3.000"),
        ("de", Decimal("0.500"), "0,5"),
        ("de", Decimal("2500.500"), "2.500,5"),
        ("fr", Decimal("2500.500"), "2 500,5"),
        ("es", Decimal("1500"), "1 500"),
        ("en", Decimal("1E+3"), "1,000"),
    ],
)
def test_amounts_follow_the_readers_language(language, value, expected):
    with translation.override(language):
        # French and Spanish group with a no-break space (which one is Django's locale data).
        space = get_format("THOUSAND_SEPARATOR")
        assert space in {"\N{NO-BREAK SPACE}", "\N{NARROW NO-BREAK SPACE}"} or language in {
            "en",
            "de",
        }
        assert format_amount(value) == expected.replace(" ", space)


def test_an_editors_own_frequency_and_unknown_unit_are_shown_as_typed():
    with translation.override("de"):
        assert frequency_label("nach dem Frühstück") == "nach dem Frühstück"
        assert unit_label("") == ""
