"""schema.org JSON-LD for an article page: what search engines read about a health page.

The data is built as a dict and serialised with ``<``, ``>`` and ``&`` escaped, so nothing an
editor types (a title containing ``</script>``, say) can end the script element early: the
output is valid JSON whatever the text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from .bylines import author_name
from .models.units import frequency_label

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _person(contributor) -> dict[str, Any] | None:
    if contributor is None:
        return None
    person: dict[str, Any] = {"@type": "Person", "name": contributor.name}
    if contributor.credentials:
        person["honorificSuffix"] = contributor.credentials
    if contributor.profile_url:
        person["url"] = contributor.profile_url
    return person


def _citation(reference) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "ScholarlyArticle", "name": reference.title}
    if reference.authors:
        work["author"] = reference.authors
    if reference.publication:
        work["isPartOf"] = {"@type": "Periodical", "name": reference.publication}
    if reference.year:
        work["datePublished"] = str(reference.year)
    if reference.link:
        work["url"] = reference.link
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": value}
        for kind, value in (("DOI", reference.doi), ("PMID", reference.pmid))
        if value
    ]
    if identifiers:
        work["identifier"] = identifiers
    return work


def _supplement(article) -> dict[str, Any] | None:
    supplement = article.supplement
    if supplement is None:
        return None
    data: dict[str, Any] = {"@type": "DietarySupplement", "name": supplement.name}
    if article.dose_min is not None and article.dose_unit:
        data["doseSchedule"] = {
            "@type": "DoseSchedule",
            "doseValue": _number(article.dose_min),
            "doseUnit": article.dose_unit,
            # Numbers stay numbers; the words follow the page's language, as its text does.
            "frequency": frequency_label(article.dose_frequency),
            "description": article.dosage,
        }
    if supplement.upper_limit is not None:
        data["maximumIntake"] = {
            "@type": "MaximumDoseSchedule",
            "doseValue": _number(supplement.upper_limit),
            "doseUnit": supplement.upper_limit_unit,
            "frequency": frequency_label("per day"),
        }
    return data


def _author(article, site_name: str) -> dict[str, Any] | None:
    """The byline as a person, else the staff author's full name, else the site as an
    organisation; never a login name."""
    if article.byline_id is not None:
        return _person(article.byline)
    name = author_name(article, "")
    if name:
        return {"@type": "Person", "name": name}
    return {"@type": "Organization", "name": site_name} if site_name else None


def article_data(article, url: str, site_name: str = "") -> dict[str, Any]:
    """The MedicalWebPage describing ``article`` at ``url`` (absolute)."""
    author = _author(article, site_name)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": article.title,
        "name": article.page_title,
        "url": url,
        "mainEntityOfPage": url,
        "description": article.summary,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "about": [{"@type": "MedicalCondition", "name": c.name} for c in article.conditions.all()],
        "mentions": _supplement(article),
        "author": author,
        "reviewedBy": _person(article.medical_reviewer),
        "lastReviewed": article.last_reviewed.isoformat() if article.last_reviewed else None,
        "citation": [_citation(r) for r in article.references.all()],
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element holding ``data``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above
