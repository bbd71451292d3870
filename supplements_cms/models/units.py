"""Units of a dose, shared by articles and supplements' upper limits."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

# How many micrograms one unit is; IU differ per substance, so they compare only with IU.
_MICROGRAMS = {"mcg": Decimal(1), "mg": Decimal(1000), "g": Decimal(1_000_000)}


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    MCG = "mcg", "mcg"
    G = "g", "g"
    IU = "IU", "IU"


def in_unit(amount: Decimal, unit: str, target: str) -> Decimal | None:
    """``amount`` of ``unit`` expressed in ``target``; ``None`` when they cannot be compared."""
    if unit == target:
        return amount
    if unit in _MICROGRAMS and target in _MICROGRAMS:
        return amount * _MICROGRAMS[unit] / _MICROGRAMS[target]
    return None
