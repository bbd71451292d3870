"""schema.org JSON-LD for an article page: what search engines read about a health page.

One ``@graph`` holds two nodes. The ``Article`` is what Google's rich results read (headline,
dates, authors as people with a profile, image); the ``MedicalWebPage`` says what the page is
about for the vocabulary's sake (conditions, the supplement and its doses, the medical review,
the sources). The Article is the page's main entity; the page is the Article's
``mainEntityOfPage``.

The data is built as dicts and serialised with ``<``, ``>`` and ``&`` escaped, so nothing an
editor types (a title containing ``</script>``, say) can end the script element early: the
output is valid JSON whatever the text.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ..content.bylines import author_name
from ..models.units import frequency_label
from .page_meta import absolute_url, article_description, article_image, iso_datetime

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# Words that make a reference's authors an organisation ("NIH Office of Dietary Supplements").
# fmt: off
_ORGANISATION_WORDS = frozenset({
    "academy", "administration", "agency", "association", "authority", "board", "bureau",
    "center", "centre", "clinic", "college", "collaboration", "commission", "committee",
    "council", "department", "foundation", "group", "hospital", "institute", "institutes",
    "ministry", "network", "office", "organisation", "organization", "panel", "service",
    "services", "society", "staff", "team", "university",
})
# fmt: on
# "et al.", and initials alone ("J." of "Doe, J."), in a list of names.
_ET_AL = re.compile(r"et al\.?", re.IGNORECASE)
_INITIALS = re.compile(r"(?:[A-Z]\.? ?){1,4}")
_NAME_SEPARATORS = re.compile(r",|&| and ")


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _person(contributor, base: str) -> dict[str, Any] | None:
    """A byline or reviewer as a Person; ``url`` (absolute) when their profile has one."""
    if contributor is None:
        return None
    return _clean(
        {
            "@type": "Person",
            "name": contributor.name,
            "honorificSuffix": contributor.credentials,
            "url": absolute_url(base, contributor.profile_url),
        }
    )


def _site(url: str, site_name: str) -> dict[str, Any] | None:
    """The site as an Organization, at the root of the page's host."""
    if not site_name:
        return None
    return {"@type": "Organization", "name": site_name, "url": absolute_url(url, "/")}


def _author(article, url: str, site: dict[str, Any] | None) -> dict[str, Any] | None:
    """The byline as a person, else the staff author's full name, else the site as an
    organisation; never a login name."""
    if article.byline_id is not None:
        return _person(article.byline, url)
    name = author_name(article, "")
    if name:
        return {"@type": "Person", "name": name}
    return site


def citation_authors(text: str) -> list[dict[str, Any]] | dict[str, Any] | None:
    """A reference's authors as schema.org wants them: one Organization when the text names one
    (a word such as "Office" or "Institute", or a single word such as "Cochrane"), else a Person
    per name of a list separated by commas, "&", "and" or semicolons ("Doe J, Roe R",
    "Doe, J., & Roe, R.", "Jane Doe; John Roe"); "et al." is left out."""
    text = " ".join(text.split())
    if not text:
        return None
    words = {word.strip(".,;:()").lower() for word in text.split()}
    if words & _ORGANISATION_WORDS or " " not in text:
        return {"@type": "Organization", "name": text}
    parts = text.split(";") if ";" in text else _NAME_SEPARATORS.split(text)
    names: list[str] = []
    for part in (p.strip() for p in parts):
        if not part or _ET_AL.fullmatch(part):
            continue
        if names and _INITIALS.fullmatch(part):  # "Doe, J.": the initials of the name before
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return [{"@type": "Person", "name": name} for name in names]


def _is_host_name(publication: str) -> bool:
    return "." in publication and " " not in publication.strip()


def citation(reference) -> dict[str, Any]:
    """A reference typed by what it is: a ``ScholarlyArticle`` with a DOI or a PubMed ID, or in a
    journal named without a link; a ``WebPage`` of a site (a link, or a publication named by its
    host name such as "ods.od.nih.gov"); else a ``CreativeWork``."""
    publication = reference.publication
    scholarly = bool(
        reference.doi
        or reference.pmid
        or (publication and not _is_host_name(publication) and not reference.url)
    )
    if scholarly:
        kind, container = "ScholarlyArticle", "Periodical"
    elif reference.link or publication:
        kind, container = "WebPage", "WebSite"
    else:
        kind, container = "CreativeWork", None
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("DOI", reference.doi), ("PMID", reference.pmid))
        if value
    ]
    return _clean(
        {
            "@type": kind,
            "name": reference.title,
            "author": citation_authors(reference.authors),
            "isPartOf": {"@type": container, "name": publication} if publication else None,
            "datePublished": str(reference.year) if reference.year else None,
            "url": reference.link,
            "identifier": identifiers,
        }
    )


def _dose_schedule(article) -> dict[str, Any] | None:
    """The recommended intake, both ends of a range as two values, the sentence as a note."""
    if article.dose_min is None or not article.dose_unit:
        return None
    values = [_number(article.dose_min)]
    if article.dose_max is not None and article.dose_max != article.dose_min:
        values.append(_number(article.dose_max))
    return _clean(
        {
            "@type": "RecommendedDoseSchedule",
            "doseValue": values if len(values) > 1 else values[0],
            "doseUnit": article.dose_unit,
            # Numbers stay numbers; the words follow the page's language, as its text does.
            "frequency": frequency_label(article.dose_frequency),
            "description": article.dosage,
        }
    )


def _supplement(article) -> dict[str, Any] | None:
    supplement = article.supplement
    if supplement is None:
        return None
    data: dict[str, Any] = {
        "@type": "DietarySupplement",
        "name": supplement.name,
        "recommendedIntake": _dose_schedule(article),
    }
    if supplement.upper_limit is not None:
        data["maximumIntake"] = {
            "@type": "MaximumDoseSchedule",
            "doseValue": _number(supplement.upper_limit),
            "doseUnit": supplement.upper_limit_unit,
            "frequency": frequency_label("per day"),
        }
    return _clean(data)


def article_data(article, url: str, site_name: str = "") -> dict[str, Any]:
    """The ``@graph`` describing ``article`` at ``url`` (absolute); ``site_name`` is the
    publisher, and the author of an article nobody signed."""
    article_id = f"{url}#article"
    description = article_description(article)
    site = _site(url, site_name)
    main = {
        "@type": "Article",
        "@id": article_id,
        "headline": article.title,
        "description": description,
        "image": article_image(article, url),
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(article.updated_at),
        "author": _author(article, url, site),
        "publisher": site,
        "mainEntityOfPage": {"@id": url},
    }
    page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": article.page_title,
        "description": description,
        "mainEntity": {"@id": article_id},
        "about": [{"@type": "MedicalCondition", "name": c.name} for c in article.conditions.all()],
        "mentions": _supplement(article),
        "reviewedBy": _person(article.medical_reviewer, url),
        "lastReviewed": iso_datetime(article.last_reviewed),
        "citation": [citation(r) for r in article.references.all()],
    }
    return {"@context": "https://schema.org", "@graph": [_clean(main), _clean(page)]}


def json_ld(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element holding ``data``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # escaped above
