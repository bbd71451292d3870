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
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ... import conf
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
    "check_call_to_action",
    "check_text",
    "context_for",
]

# The languages the package ships a lexicon for; a site adds others through CLAIM_LEXICON.
LANGUAGES = tuple(SHIPPED)


@dataclass(frozen=True)
class ClaimWarning:
    """One phrase that reads as a disease claim.

    ``criterion`` is the paragraph of 21 CFR 101.93(g)(2) it meets ("(g)(2)(ii)"), or "" for an
    overstatement or a dose above the upper limit; ``suggestion`` is structure/function wording
    to use instead, or "". ``key`` names the warning across saves: the same sentence (case and
    spacing aside), phrase, field and criterion keep their key, so an acceptance matches only
    what the publisher read; any rewrite of the sentence needs a new acceptance.
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
                    (
                        self.criterion,
                        _normalised(self.sentence),
                        _normalised(self.phrase),
                        self.field,
                    )
                ).encode()
            ).hexdigest()
            object.__setattr__(self, "key", digest[:16])

    def __str__(self) -> str:
        return f"{self.field}: “{self.phrase}” {self.reason}: {self.sentence}"

    def as_dict(self) -> dict[str, str]:
        """The warning for tools and the admin: the paragraph it cites is explained in one line,
        with FDA's own example wording for it."""
        paragraph = CRITERIA.get(self.criterion)
        return {
            "key": self.key,
            "field": self.field,
            "criterion": self.criterion,
            "criterion_explanation": str(paragraph.explanation) if paragraph else "",
            "fda_example": paragraph.example if paragraph else "",
            "phrase": self.phrase,
            "reason": self.reason,
            "sentence": self.sentence,
            "suggestion": self.suggestion,
        }


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


class _Budget:
    """What is left of ``CLAIM_CHECK_MAX_CHARS`` for one check; past it, text goes unread and
    the check says so with a warning of its own."""

    def __init__(self) -> None:
        self.limit: int = conf.get("CLAIM_CHECK_MAX_CHARS")
        self.left = self.limit
        self.cut_in: str | None = None  # the field where the check stopped

    def take(self, text: str, field_name: str) -> str:
        if len(text) <= self.left:
            self.left -= len(text)
            return text
        if self.cut_in is None:
            self.cut_in = field_name
        kept, self.left = text[: self.left], 0
        return kept

    def warnings(self) -> list[ClaimWarning]:
        if self.cut_in is None:
            return []
        reason = _(
            "was not checked past %(limit)s characters (the CLAIM_CHECK_MAX_CHARS setting): "
            "read the rest yourself or shorten the text"
        ) % {"limit": f"{self.limit:,}"}
        return [ClaimWarning(self.cut_in, "", "", reason)]


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
    budget = _Budget()
    text = budget.take(text, field)
    blocks = markdown_blocks(text) if markdown else [(False, text)]
    return _check_blocks(blocks, field, context, language) + budget.warnings()


# What a check reads again unchanged, with what it found: every save and every opening of an
# article's form checks the article, and a long article's fifty benefits took 0.3 ms each, its
# references' and benefits' titles some more. Keyed by everything that shapes the findings (the
# text's digest, how it is read, the field's name, its context, the lexicon's language, the
# settings, the language of the reasons); only texts up to _CHECKED_MAX_CHARS, at most
# _CHECKED_MAX of them per process.
_CHECKED_MAX = 2048
_CHECKED_MAX_CHARS = 10_000
_checked_texts: OrderedDict[tuple, tuple[ClaimWarning, ...]] = OrderedDict()
_checked_lock = threading.Lock()


def _checked(
    text: str,
    field_name: str,
    context: ClaimContext,
    shaped_by: tuple[str, str, str],
    *,
    html: bool,
) -> list[ClaimWarning]:
    """The findings in ``text``, read as HTML blocks or as one sentence-run of plain text."""
    language = shaped_by[0]

    def read() -> list[ClaimWarning]:
        if html:
            return _check_blocks(html_blocks(text), field_name, context, language)
        return _check_sentence(text, field_name, context, language)

    if len(text) > _CHECKED_MAX_CHARS:
        return read()
    digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
    key = (html, digest, field_name, context, *shaped_by)
    with _checked_lock:
        found = _checked_texts.get(key)
        if found is not None:
            _checked_texts.move_to_end(key)
            return list(found)
    found = tuple(read())
    with _checked_lock:
        _checked_texts[key] = found
        if len(_checked_texts) > _CHECKED_MAX:
            _checked_texts.popitem(last=False)
    return list(found)


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
    """Every claim in what a reader sees with an article: titles, summary, text, benefits, image
    alt text and captions, reference titles, the descriptions of its supplement and conditions,
    the call to action shown with it, and a dose above the upper limit.

    The article's own disclaimer is not checked (it is where "not intended to treat…" belongs).
    A reference title is a claim only when it refers to a disease use (FDA's (g)(2)(iv)(C)):
    a title naming a disease as its topic is not. All of it is read up to
    ``CLAIM_CHECK_MAX_CHARS``, a warning saying where the check stopped.
    """
    context = context_for(article)
    budget = _Budget()
    warnings: list[ClaimWarning] = []
    shaped_by = (language, conf.fingerprint(), translation.get_language() or "")

    def sentence(text: str, name: str, where: ClaimContext) -> None:
        nonlocal warnings
        if text:
            warnings += _checked(budget.take(text, name), name, where, shaped_by, html=False)

    def html(text: str, name: str, where: ClaimContext) -> None:
        nonlocal warnings
        if text:
            warnings += _checked(budget.take(text, name), name, where, shaped_by, html=True)

    for name in ("title", "seo_title", "additional_benefits_heading", "dosage_heading"):
        sentence(getattr(article, name), name, context.as_headline())
    sentence(article.summary, "summary", context)
    sentence(getattr(article, "image_alt", ""), "image_alt", context)
    for source, html_field in article.markdown_fields:
        if source != "disclaimer":
            html(getattr(article, html_field), source, context)
    for benefit in article.benefits.all():
        label = f"benefit “{benefit.title}”"
        sentence(benefit.title, label, context.as_headline())
        html(benefit.description_html, label, context.under(benefit.title))
    for product in context.product_names:
        warnings += [
            w
            for w in _check_sentence(product, "supplement", context.as_headline(), language)
            if w.criterion == "(g)(2)(iv)(A)"
        ]
    supplement = getattr(article, "supplement", None)
    if supplement is not None:
        html(supplement.description_html, "supplement", context)
    if article.pk:
        for condition in article.conditions.all():
            html(condition.description_html, f"condition “{condition.name}”", context)
        for reference in article.references.all():
            before = len(warnings)
            sentence(reference.title, "references", context.as_headline())
            warnings[before:] = [_as_citation(w) for w in warnings[before:] if w.criterion]
    shown = call_to_action_shown(article)
    if shown is not None:
        warnings += _check_call_to_action(shown, context, budget, language)
    if article.dose_above_upper_limit:
        assert supplement is not None  # no upper limit without a supplement
        limit = f"{supplement.upper_limit.normalize():f} {supplement.upper_limit_unit}"
        reason = _("is above the tolerable upper intake level of %(limit)s a day")
        warnings.append(
            ClaimWarning("dosage", article.dosage, article.dosage, reason % {"limit": limit})
        )
    return warnings + budget.warnings()


def _as_citation(warning: ClaimWarning) -> ClaimWarning:
    """A reference title that claims a disease use implies it for the product: (iv)(C)."""
    return ClaimWarning(
        warning.field,
        warning.sentence,
        warning.phrase,
        _("cites a publication that refers to a disease use: %(title)s")
        % {"title": warning.sentence},
        "(g)(2)(iv)(C)",
    )


def call_to_action_shown(article):
    """The call to action readers see with ``article``: its own, else one aimed at one of its
    conditions, else the site default (or None)."""
    from ...models import CallToAction

    if article.pk:
        return CallToAction.objects.for_article(article)
    return CallToAction.objects.ranked_for(article.call_to_action_id, []).first()


def check_call_to_action(cta, *, language: str = "en") -> list[ClaimWarning]:
    """The claims in a call to action on its own, read against the conditions it is aimed at:
    for its admin form. On an article it is checked again in the article's context."""
    context = ClaimContext(conditions=tuple(c.name for c in cta.conditions.all()) if cta.pk else ())
    budget = _Budget()
    return _check_call_to_action(cta, context, budget, language) + budget.warnings()


def _check_call_to_action(cta, context: ClaimContext, budget: _Budget, language: str):
    """Heading and button as headlines, the text as paragraphs ("Fast pain relief" under a
    migraine article promises relief from migraine)."""
    name = "call_to_action"
    warnings = []
    for text in (cta.heading, cta.button_label):
        if text:
            warnings += _check_sentence(
                budget.take(text, name), name, context.as_headline(), language
            )
    html = cta.text_html or ""
    if html:
        warnings += _check_blocks(html_blocks(budget.take(html, name)), name, context, language)
    return warnings
