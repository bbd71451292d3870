"""Disease-claim wording in articles: found, explained, never silently published.

In the US a supplement page that claims to diagnose, treat, cure, mitigate or prevent a disease
makes the product an unapproved drug; elsewhere such wording misleads readers all the same. The
checker follows FDA's ten criteria (21 CFR 101.93(g)(2), see :mod:`.criteria`), reads each
sentence against the article's subject (:mod:`.context`), leaves negations, cautions and hedges
alone (:mod:`.quiet`), and draws its words from a lexicon a site can extend (:mod:`.lexicon`).

The public API: :func:`check_text` for any text (the admin's live check), :func:`check_article`
for a saved article, and :class:`ClaimWarning`, each with a stable ``key`` for acceptances.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from django.utils.translation import gettext as _

from .. import conf
from .context import ClaimContext, html_blocks, markdown_blocks, subject
from .criteria import CRITERIA, Sentence
from .lexicon import DEFAULT_CLAIM_RULES, SHIPPED
from .matching import compiled, sentences

__all__ = [
    "CRITERIA",
    "DEFAULT_CLAIM_RULES",
    "LANGUAGES",
    "ClaimContext",
    "ClaimWarning",
    "check_article",
    "check_text",
    "context_for",
]

# The languages the package ships a lexicon for; a site adds others through CLAIM_LEXICON.
LANGUAGES = tuple(SHIPPED)
# Fields longer than this are checked up to here: the live check must stay fast on any input.
MAX_TEXT = 200_000


@dataclass(frozen=True)
class ClaimWarning:
    """One phrase that reads as a disease claim.

    ``criterion`` is the paragraph of 21 CFR 101.93(g)(2) it meets ("(g)(2)(ii)"), or "" for an
    overstatement or a dose above the upper limit; ``suggestion`` is structure/function wording
    to use instead, or "". ``key`` names the warning across saves: the same phrase in the same
    field under the same criterion keeps its key, so an acceptance can be matched to it.
    """

    field: str
    sentence: str
    phrase: str
    reason: str
    criterion: str = ""
    suggestion: str = ""
    key: str = dataclasses.field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.key:
            digest = hashlib.sha256(
                "\x1f".join(
                    (self.criterion, " ".join(self.phrase.casefold().split()), self.field)
                ).encode()
            ).hexdigest()
            object.__setattr__(self, "key", digest[:16])

    def __str__(self) -> str:
        return f"{self.field}: “{self.phrase}” {self.reason}: {self.sentence}"

    def as_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "field": self.field,
            "criterion": self.criterion,
            "phrase": self.phrase,
            "reason": self.reason,
            "sentence": self.sentence,
            "suggestion": self.suggestion,
        }


@cache
def _compile_rules(rules: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(pattern, re.IGNORECASE), reason) for pattern, reason in rules]


def overstatement_rules() -> list[tuple[re.Pattern[str], str]]:
    """The ``CLAIM_RULES`` setting compiled: promises no evidence gives ("clinically proven")."""
    return _rules(conf.fingerprint())


@lru_cache(maxsize=8)
def _rules(fingerprint: str) -> list[tuple[re.Pattern[str], str]]:
    configured: list[dict[str, Any]] = conf.get("CLAIM_RULES")
    if configured is None:
        configured = DEFAULT_CLAIM_RULES
    return _compile_rules(tuple((r["pattern"], r["reason"]) for r in configured))


@lru_cache(maxsize=256)
def _subject(context: ClaimContext, language: str, fingerprint: str):
    """What an article is about, worked out once per context rather than per paragraph."""
    return subject(context, compiled(language))


def _check_sentence(
    text: str, field_name: str, context: ClaimContext, language: str
) -> list[ClaimWarning]:
    words = compiled(language)
    about = _subject(context, language, conf.fingerprint())
    warnings = []
    for _offset, sentence in sentences(text):
        reading = Sentence(sentence, words, context, about)
        for finding in reading.findings():
            warnings.append(
                ClaimWarning(
                    field_name,
                    sentence,
                    sentence[finding.start : finding.end],
                    f"{finding.criterion} {finding.reason}",
                    finding.criterion,
                    finding.suggestion,
                )
            )
        for pattern, reason in overstatement_rules():
            for match in pattern.finditer(sentence):
                index = next(
                    (k for k, t in enumerate(reading.tokens) if t.end > match.start()), None
                )
                if index is not None and reading.frames.negated(index):
                    continue
                warnings.append(ClaimWarning(field_name, sentence, match.group(0), _(reason)))
    return warnings


def check_text(
    text: str,
    *,
    field: str = "",
    language: str = "en",
    context: ClaimContext | None = None,
    markdown: bool = True,
) -> list[ClaimWarning]:
    """The claims in ``text`` (plain text or an editor's Markdown), one warning per phrase.

    ``context`` tells what the article is about (its conditions, title, the headings above the
    text); ``field`` names the field in each warning. Headings in the text are read as headlines
    and as context for what follows them. ``language`` picks the lexicon; English ships.
    """
    context = context or ClaimContext()
    text = text[:MAX_TEXT]
    blocks = markdown_blocks(text) if markdown else [(False, text)]
    return _check_blocks(blocks, field, context, language)


def _check_blocks(blocks, field_name: str, context: ClaimContext, language: str):
    warnings: list[ClaimWarning] = []
    section = context
    for is_heading, block in blocks:
        if is_heading:
            warnings += _check_sentence(block, field_name, context.as_headline(), language)
            section = context.under(block)
        else:
            warnings += _check_sentence(block, field_name, section, language)
    return warnings


def context_for(article) -> ClaimContext:
    """The context of an article's text: its conditions, title and supplement."""
    supplement = getattr(article, "supplement", None)
    return ClaimContext(
        conditions=tuple(c.name for c in article.conditions.all()) if article.pk else (),
        title=article.title,
        product_names=(supplement.name,) if supplement else (),
    )


def check_article(article, *, language: str = "en") -> list[ClaimWarning]:
    """Every claim in an article's titles, text and benefits, and a dose above the upper limit.

    The article's own disclaimer is not checked (it is where "not intended to treat…" belongs),
    nor its reference list: citing sources at ordinary prominence is not a claim (FDA reads
    criterion (vi) that way); a title quoted in the text is checked.
    """
    context = context_for(article)
    warnings: list[ClaimWarning] = []
    for name in ("title", "seo_title", "additional_benefits_heading", "dosage_heading"):
        value = getattr(article, name)
        if value:
            warnings += _check_sentence(value, name, context.as_headline(), language)
    if article.summary:
        warnings += _check_sentence(article.summary, "summary", context, language)
    for source, html in article.markdown_fields:
        if source != "disclaimer":
            warnings += _check_blocks(
                html_blocks(getattr(article, html)), source, context, language
            )
    for benefit in article.benefits.all():
        label = f"benefit “{benefit.title}”"
        warnings += _check_sentence(benefit.title, label, context.as_headline(), language)
        warnings += _check_blocks(
            html_blocks(benefit.description_html), label, context.under(benefit.title), language
        )
    for product in context.product_names:
        warnings += [
            w
            for w in _check_sentence(product, "supplement", context.as_headline(), language)
            if w.criterion == "(g)(2)(iv)"
        ]
    if article.dose_above_upper_limit:
        supplement = article.supplement
        limit = f"{supplement.upper_limit.normalize():f} {supplement.upper_limit_unit}"
        reason = _("is above the tolerable upper intake level of %(limit)s a day")
        warnings.append(
            ClaimWarning("dosage", article.dosage, article.dosage, reason % {"limit": limit})
        )
    return warnings
