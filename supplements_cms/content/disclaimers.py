"""The disclaimers shown under every article; the ``DISCLAIMER`` setting picks them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

GENERAL = _(
    "This article is general information, not medical advice. It does not replace a "
    "consultation with a qualified health professional."
)
# The statement US law (DSHEA) requires next to structure/function claims on supplements.
FDA = _(
    "These statements have not been evaluated by the Food and Drug Administration. This "
    "product is not intended to diagnose, treat, cure, or prevent any disease."
)
CHOICES = {"general": [GENERAL], "fda": [FDA], "both": [GENERAL, FDA], "": []}


def site_disclaimers(setting: str) -> list[str]:
    """The texts a ``DISCLAIMER`` setting names; any other value is the site's own text."""
    return [str(text) for text in CHOICES.get(setting, [setting])]
