"""Units and frequencies of a dose, shared by articles and supplements' upper limits, and the
way readers of each language write an amount."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import pgettext_lazy

# How many micrograms one unit is; IU differ per substance, so they compare only with IU.
_MICROGRAMS = {"mcg": Decimal(1), "mg": Decimal(1000), "g": Decimal(1_000_000)}


class DoseUnit(models.TextChoices):
    MG = "mg", pgettext_lazy("dose unit", "mg")
    MCG = "mcg", pgettext_lazy("dose unit", "mcg")
    G = "g", pgettext_lazy("dose unit", "g")
    IU = "IU", pgettext_lazy("dose unit", "IU")


# The frequencies the importer writes, and a few more that editors type: shown in the reader's
# language. Any other text is the editor's own and is shown as typed.
FREQUENCIES = {
    "per day": pgettext_lazy("dose frequency", "per day"),
    "twice a day": pgettext_lazy("dose frequency", "twice a day"),
    "three times a day": pgettext_lazy("dose frequency", "three times a day"),
    "every other day": pgettext_lazy("dose frequency", "every other day"),
    "per week": pgettext_lazy("dose frequency", "per week"),
    "in the morning": pgettext_lazy("dose frequency", "in the morning"),
    "in the evening": pgettext_lazy("dose frequency", "in the evening"),
    "at night": pgettext_lazy("dose frequency", "at night"),
    "at bedtime": pgettext_lazy("dose frequency", "at bedtime"),
    "with meals": pgettext_lazy("dose frequency", "with meals"),
    "with the evening meal": pgettext_lazy("dose frequency", "with the evening meal"),
}


def in_unit(amount: Decimal, unit: str, target: str) -> Decimal | None:
    """``amount`` of ``unit`` expressed in ``target``; ``None`` when they cannot be compared."""
    if unit == target:
        return amount
    if unit in _MICROGRAMS and target in _MICROGRAMS:
        return amount * _MICROGRAMS[unit] / _MICROGRAMS[target]
    return None


def format_amount(value: Decimal) -> str:
    """``value`` as readers of the active language write it, digits grouped: "1,500.5" in
    English, "1.500,5" in German; no trailing zeros ("0.5", not "0.500")."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, use_l10n=True, force_grouping=True)


def unit_label(unit: str) -> str:
    """The unit as the active language writes it ("µg" for mcg in German); "" for none."""
    return str(DoseUnit(unit).label) if unit in DoseUnit.values else unit


def frequency_label(frequency: str) -> str:
    """A known frequency in the active language; an editor's own text as it is."""
    known = FREQUENCIES.get(" ".join(frequency.lower().split()))
    return str(known) if known is not None else frequency
