"""Disease-claim language in articles: found, explained, never silently published.

In the US a supplement page that says it cures, treats or prevents a disease makes the product an
unapproved drug; elsewhere such wording misleads readers all the same. The checker reads each
sentence of an article and reports the phrases that make such a claim, unless the sentence negates
them ("is not a cure"). The rules are data: the ``CLAIM_RULES`` setting replaces the list below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from . import conf
from .markdown import plain_text

# Each rule: a regular expression (case-insensitive), the reason shown to the editor, and
# optionally "unless", a pattern that makes the match harmless when it follows in the sentence.
DEFAULT_CLAIM_RULES: list[dict[str, str]] = [
    {"pattern": r"\bcur(?:e|es|ed|ing)\b", "reason": "claims to cure a disease"},
    {
        "pattern": r"\btreat(?:s|ed|ing)?\b",
        "reason": "claims to treat a disease",
        # "treat yourself to", "treat it as one part of a plan": treating, not a treatment.
        "unless": r"^\s+(?:(?:yourself|your body)\s+(?:to|with)|(?:it|them|this|that)\s+as)\b",
    },
    {
        "pattern": r"\bprevent(?:s|ed|ing)?\b",
        "reason": "claims to prevent a disease",
        "unless": r"^\s+(?:an?\s+)?(?:stomach upset|upset stomach|loose stools|nausea|"
        r"mix-ups|forgetting)\b",
    },
    {"pattern": r"\bheal(?:s|ed|ing)?\b", "reason": "claims to heal a disease"},
    {"pattern": r"\brevers(?:e|es|ed|ing)\b", "reason": "claims to reverse a disease"},
    {"pattern": r"\bclinically proven\b", "reason": "claims proof that studies rarely give"},
    {"pattern": r"\bscientifically proven\b", "reason": "claims proof that studies rarely give"},
    {"pattern": r"\bguarantee(?:s|d)?\b", "reason": "promises a result"},
    {"pattern": r"\bmiracle\b", "reason": "promises a result"},
    {"pattern": r"\b(?:eliminat|eradicat)(?:e|es|ed|ing)\b", "reason": "claims to end a disease"},
    {"pattern": r"\bno side effects\b", "reason": "claims complete safety"},
    {"pattern": r"\b100\s?% (?:safe|effective|natural)\b", "reason": "claims complete safety"},
    {"pattern": r"\bFDA[- ]approved\b", "reason": "supplements are not approved by the FDA"},
    {
        "pattern": r"\b(?:stop|replace|instead of)\b[^.]{0,30}\b(?:medication|medicine|"
        r"prescription|drugs?)\b",
        "reason": "tells readers to replace their medicine",
    },
]

# Words that negate a claim when they come shortly before it in the same sentence.
_NEGATIONS = re.compile(
    r"\b(?:not|no|never|cannot|can't|can’t|won't|won’t|isn't|isn’t|doesn't|doesn’t|don't|"
    r"don’t|nor|neither|without|nothing)\b",
    re.IGNORECASE,
)
_NEGATION_WINDOW = 8  # words
# A negation does not reach past a contrast: "not cheap, but it cures" is a claim.
_CLAUSE_BREAK = re.compile(r"\b(?:but|however|although|yet|though)\b|[;:]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class ClaimWarning:
    field: str
    sentence: str
    phrase: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: “{self.phrase}” {self.reason}: {self.sentence}"


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    reason: str
    unless: re.Pattern[str] | None


@cache
def _compile(rules: tuple[tuple[str, str, str], ...]) -> list[_Rule]:
    return [
        _Rule(
            re.compile(pattern, re.IGNORECASE),
            reason,
            re.compile(unless, re.IGNORECASE) if unless else None,
        )
        for pattern, reason, unless in rules
    ]


def rules() -> list[_Rule]:
    configured: list[dict[str, Any]] = conf.get("CLAIM_RULES") or DEFAULT_CLAIM_RULES
    return _compile(tuple((r["pattern"], r["reason"], r.get("unless", "")) for r in configured))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _negated(sentence: str, start: int) -> bool:
    clause = _CLAUSE_BREAK.split(sentence[:start])[-1]
    before = clause.split()[-_NEGATION_WINDOW:]
    return bool(_NEGATIONS.search(" ".join(before)))


def check_text(text: str, field: str = "") -> list[ClaimWarning]:
    """The claims in plain ``text``, one warning per phrase, negated ones left out."""
    found = []
    for sentence in sentences(text):
        for rule in rules():
            for match in rule.pattern.finditer(sentence):
                if _negated(sentence, match.start()):
                    continue
                if rule.unless and rule.unless.match(sentence[match.end() :]):
                    continue
                found.append(ClaimWarning(field, sentence, match.group(0), _(rule.reason)))
    return found


def check_article(article) -> list[ClaimWarning]:
    """Every claim in an article's text and benefits, and a dose above the upper limit."""
    warnings: list[ClaimWarning] = []
    for name in ("title", "seo_title", "summary", "additional_benefits_heading"):
        warnings += check_text(getattr(article, name), name)
    for source, html in article.markdown_fields:
        if source != "disclaimer":
            warnings += check_text(plain_text(getattr(article, html)), source)
    for benefit in article.benefits.all():
        label = f"benefit “{benefit.title}”"
        warnings += check_text(f"{benefit.title}. {plain_text(benefit.description_html)}", label)
    if article.dose_above_upper_limit:
        supplement = article.supplement
        limit = f"{supplement.upper_limit.normalize():f} {supplement.upper_limit_unit}"
        reason = _("is above the tolerable upper intake level of %(limit)s a day")
        warnings.append(
            ClaimWarning("dosage", article.dosage, article.dosage, reason % {"limit": limit})
        )
    return warnings
