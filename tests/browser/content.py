"""The article the browser tests read: every part of the layout, several screens tall."""

from __future__ import annotations

from decimal import Decimal

from tests.factories import make_article, make_cta

LOREM = (
    "Magnesium takes part in hundreds of enzyme reactions, from making energy to relaxing muscle "
    "after it contracts. Studies of people with long-lasting muscle pain have tried several "
    "forms and amounts, with mixed results that are worth reading closely before starting. "
)
LONG_BODY = "\n\n".join(f"## Section {n}\n\n{LOREM * 3}\n\n{LOREM * 2}" for n in range(1, 13))


def build_article(body: str = LONG_BODY) -> str:
    """A published article with every part of the layout, plus a neighbour to relate to."""
    article = make_article(
        title="Magnesium glycinate and fibromyalgia",
        intro="Many people with fibromyalgia ask whether magnesium helps.",
        body=body,
        benefits=4,
        additional=2,
        dose_min=Decimal("200"),
        dose_max=Decimal("400"),
        dose_unit="mg",
        dose_frequency="per day",
        dosage_note="Split the amount between meals.",
        conclusion="It is cheap and mostly safe; talk to a clinician first.",
        conditions=["Fibromyalgia"],
    )
    make_cta("Default", is_default=True, button_label="Read more", button_url="/articles/")
    make_article(title="Magnesium and sleep", conditions=["Fibromyalgia"])
    return article.get_absolute_url()
