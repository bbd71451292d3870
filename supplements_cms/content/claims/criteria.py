"""FDA's criteria for a disease claim, 21 CFR 101.93(g)(2)(i) to (x), applied to one sentence.

Each criterion is read as the final rule's preamble and FDA's small entity compliance guide
explain it: most disease claims carry no claim verb ("reduces the pain and stiffness associated
with arthritis", "lowers cholesterol", "natural antidepressant"), and the same words are fine for
a non-disease state ("for relief of occasional sleeplessness", "muscle pain after exercise").
Criterion (vii), pictures and symbols, has no text to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .context import HEADLINE, ClaimContext, Subject
from .matching import Compiled, Match, Token, split_hashtags, tokenize
from .quiet import Frames, clauses, is_disclaimer, scopes


@dataclass(frozen=True)
class Criterion:
    """One paragraph of 21 CFR 101.93(g)(2): what it covers, in one line, and wording FDA gives
    as an example of it (quoted in English, as FDA wrote it, in every language)."""

    paragraph: str
    explanation: Any
    example: str


def _criteria(*rows: tuple[str, Any, str]) -> dict[str, Criterion]:
    return {paragraph: Criterion(paragraph, text, example) for paragraph, text, example in rows}


# Numbered as the regulation numbers them; FDA's examples from the final rule's preamble (65 FR
# 1000, 6 January 2000) and the small entity compliance guide on structure/function claims.
CRITERIA = _criteria(
    (
        "(g)(2)(i)",
        _("an effect on a specific disease or class of diseases"),
        "protective against the development of cancer; reduces the pain and stiffness "
        "associated with arthritis",
    ),
    (
        "(g)(2)(ii)",
        _("an effect on a disease's characteristic signs or symptoms, in any words"),
        "lowers cholesterol; relieves crushing chest pain",
    ),
    (
        "(g)(2)(iii)",
        _("an effect on an abnormal condition of a natural state that is uncommon or can harm"),
        "prevents bone fragility in post-menopausal women; for severe morning sickness",
    ),
    (
        "(g)(2)(iv)(A)",
        _("an effect on disease implied by the product's name"),
        "Carpaltum (carpal tunnel syndrome); Hepatacure (liver problems)",
    ),
    (
        "(g)(2)(iv)(B)",
        _("an effect on disease implied by the formulation: an ingredient known as a drug"),
        "contains aspirin",
    ),
    (
        "(g)(2)(iv)(C)",
        _("an effect on disease implied by citing a publication that refers to a disease use"),
        "a citation of a journal article whose title names the disease the product is for",
    ),
    (
        "(g)(2)(iv)(D)",
        _('an effect on disease implied by the word "disease" or "diseased"'),
        "promotes a healthy heart free of disease",
    ),
    (
        "(g)(2)(iv)(E)",
        _("an effect on disease implied by pictures, vignettes or symbols"),
        "electrocardiogram tracings; a picture of a diseased organ",
    ),
    (
        "(g)(2)(v)",
        _("membership of a class of products meant to diagnose, treat, cure or prevent a disease"),
        "antibiotic; laxative for chronic constipation; antidepressant; vaccine",
    ),
    (
        "(g)(2)(vi)",
        _("a substitute for a product that is a therapy for a disease"),
        "herbal Prozac; use as an alternative to prescription antidepressants",
    ),
    (
        "(g)(2)(vii)",
        _("augmenting a particular therapy or drug action meant for a disease"),
        "use as part of your diet when taking insulin to help maintain a healthy blood sugar level",
    ),
    (
        "(g)(2)(viii)",
        _("a role in the body's response to a disease or to a vector of disease"),
        "supports the body's antiviral capabilities; "
        "supports the body's ability to resist infection",
    ),
    (
        "(g)(2)(ix)",
        _("treating, preventing or mitigating adverse events of a therapy for a disease"),
        "reduces nausea associated with chemotherapy; helps avoid diarrhea associated with "
        "antibiotic use",
    ),
    (
        "(g)(2)(x)",
        _("any other suggestion of an effect on a disease"),
        "wording that, read as a whole and in context, promises to treat or prevent a disease",
    ),
)

TARGET_PRIORITY = {
    "natural": 0,
    "symptom": 1,
    "complaint": 2,
    "disease": 3,
    "biomarker": 4,
    "germ": 5,
}
EFFECT_KINDS = frozenset(
    {
        "effect",
        "drug_verb",
        "effect_noun",
        "preposition",
        "suffix",
        "weak_noun",
        "closing",
        "body_response",
        "outcome",
    }
)
BEFORE = 8  # tokens an effect may stand before what it acts on
AFTER = 3  # tokens a passive effect may follow it ("arthritis pain is eased")
# Words before "for" that make "for migraine" no promise: "risk factor for", "tested for".
_FOR_BLOCKERS = frozenset(
    [
        "risk",
        "risks",
        "factor",
        "factors",
        "test",
        "tests",
        "testing",
        "tested",
        "screening",
        "screened",
        "diagnosed",
        "criteria",
        "medication",
        "medications",
        "medicine",
        "medicines",
        "drug",
        "drugs",
        "prescription",
        "prescriptions",
        "prescribed",
        "gene",
        "genes",
        "marker",
        "markers",
        "cause",
        "causes",
        "reason",
        "reasons",
        "known",
        "month",
        "day",
        "week",
        "looking",
        "searching",
        "hospitalized",
        "admitted",
        "clinic",
        "association",
        "foundation",
        "society",
        "study",
        "studies",
        "studied",
        "research",
        "trial",
        "trials",
        "evidence",
        "treated",
        "treatment",
        "treatments",
        "option",
        "options",
        "care",
        "doctor",
        "doctors",
        "specialist",
        "guide",
        "guides",
        "tips",
        "advice",
        "routine",
        "information",
        "article",
        "resources",
        "group",
        "groups",
        "community",
        "questions",
        "recipes",
        "book",
        "books",
    ]
)
# Cues that follow the medicine ("antibiotic-associated", "your pills work better").
_AUGMENT_AFTER = frozenset(
    {
        "induced",
        "related",
        "associated",
        "work better",
        "works better",
        "more effective",
        "work faster",
        "works faster",
        "work more effectively",
        "works more effectively",
        "side effects",
    }
)
# Cues that make the claim without any other effect wording in the sentence.
_STRONG_AUGMENT = frozenset(
    {
        "boost the effect of",
        "boosts the effect of",
        "enhance the effect of",
        "enhances the effect of",
        "boost the effects of",
        "boosts the effects of",
        "enhances the effects of",
        "enhance the effects of",
        "work better",
        "works better",
        "more effective",
        "work faster",
        "works faster",
        "adjunct to",
        "as an adjunct",
        "complement",
        "complements",
        "side effects of",
        "side effects from",
        "pairs with",
        "paired with",
        "pair it with",
        "stack it with",
        "stacks with",
        "stacked with",
    }
)
# Verbs too mild to make a claim about a complaint on their own.
_MILD_VERBS = frozenset(
    {
        "improve",
        "improves",
        "improved",
        "improving",
        "restore",
        "restores",
        "restored",
        "help",
        "helps",
        "helped",
        "helping",
        "support",
    }
)
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "get", "gets", "got"})
_OWNER = frozenset(
    {"your", "my", "his", "her", "their", "our", "take", "takes", "taking", "prescribed", "on"}
)
_CURE_WORDS = frozenset(
    {"secure", "procure", "obscure", "manicure", "pedicure", "sinecure", "epicure", "cure"}
)
_ENGLISH_ENDINGS = ("ic", "ics", "ous", "ing", "ed", "ive", "al", "ally", "ly", "ity", "s", "es")
_CITATION = frozenset(
    [
        "study",
        "paper",
        "article",
        "review",
        "trial",
        "titled",
        "entitled",
        "published",
        "journal",
        "book",
        "report",
        "guideline",
        "guidelines",
        "meta-analysis",
    ]
)
_DETERMINERS = frozenset(
    {"the", "your", "a", "an", "his", "her", "their", "many", "some", "most", "all", "certain",
     "prescription", "common", "standard", "conventional", "our"}
)  # fmt: skip
# Words after a noun that show it is no subject: "the antimicrobial in your kitchen".
_NOT_A_VERB = frozenset(
    {"in", "for", "from", "of", "with", "that", "to", "on", "at", "by", "and", "or", "without",
     "you", "your", "nature", "made", "straight"}
)  # fmt: skip
_ACTOR_KINDS = frozenset({"actor", "drug", "drug_class", "therapy"})
# How product names that echo a disease end: "Psoriaclear", "Asthmaguard".
_NAME_CUES = (
    "clear", "ease", "away", "guard", "fix", "gone", "free", "block", "stop", "relief", "calm",
    "soothe", "flex", "aid", "care", "less", "end", "off", "ex", "ol", "in",
)  # fmt: skip
_DISEASE_WORD = frozenset({"disease", "diseases", "diseased"})
_SIDE_EFFECT_CUES = frozenset(
    {"side effects of", "side effects from", "caused by", "associated with", "associated",
     "induced by", "induced", "related", "after taking", "after a course of", "side effects"}
)  # fmt: skip
# Words that make a therapy's company a matter of its harms: (ix) rather than (vii).
_ADVERSE_WORDS = frozenset(
    {"protect", "protects", "protecting", "prevent", "prevents", "avoid", "avoids", "nausea",
     "diarrhea", "diarrhoea", "side", "damage", "better", "recover", "recovery", "tolerate",
     "soothe", "soothes", "ease", "eases", "reduce", "reduces"}
)  # fmt: skip
_QUOTED = re.compile(r"[“\"]([^”\"]{8,200})[”\"]")


def _translated(suggestion: str) -> str:
    return gettext(suggestion) if suggestion else ""


@dataclass(frozen=True)
class Finding:
    criterion: str
    start: int  # offsets in the sentence
    end: int
    reason: str
    suggestion: str


def _span(sentence: str, tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    return tokens[first].start, tokens[last].end


def _targets(matches: list[Match]) -> list[Match]:
    """The things a claim acts on, the most specific reading of each stretch of words."""
    candidates = sorted(
        (m for m in matches if m.kind in TARGET_PRIORITY),
        key=lambda m: (m.first, -(m.last - m.first), TARGET_PRIORITY[m.kind]),
    )
    chosen: list[Match] = []
    for m in candidates:
        if any(c.first <= m.first and m.last <= c.last for c in chosen):
            continue
        chosen.append(m)
    return chosen


def _inside_names_dropped(matches: list[Match]) -> list[Match]:
    """Matches inside a disease's own name are part of the name: "migraine without aura" holds
    no negation, "toxic liver disease" no caution."""
    names = [
        (m.first, m.last) for m in matches if m.kind in {"disease", "natural"} and m.last > m.first
    ]
    if not names:
        return matches
    return [
        m
        for m in matches
        if m.kind in TARGET_PRIORITY
        or not any(
            first <= m.first and m.last <= last and (m.first, m.last) != (first, last)
            for first, last in names
        )
    ]


class Sentence:
    """One sentence, its matches and quiet frames, and the claims found in it."""

    def __init__(self, text: str, compiled: Compiled, context: ClaimContext, subject: Subject):
        self.text = text
        self.compiled = compiled
        self.context = context
        self.subject = subject
        self.tokens = split_hashtags(text, tokenize(text), compiled.vocabulary)
        letters = [t for t in self.tokens if t.text.isalpha()]
        shouting = len(letters) > 2 and sum(t.upper for t in letters) > len(letters) / 2
        self.matches = _inside_names_dropped(compiled.trie.scan(self.tokens, shouting))
        self.clause_ids = clauses(text, self.tokens)
        self.frames = Frames(self.tokens, self.matches, *scopes(text, self.tokens, self.clause_ids))
        self.by_kind: dict[str, list[Match]] = {}
        for m in self.matches:
            self.by_kind.setdefault(m.kind, []).append(m)

    def kind(self, kind: str) -> list[Match]:
        return self.by_kind.get(kind, [])

    def same_clause(self, a: int, b: int) -> bool:
        return self.clause_ids[a] == self.clause_ids[b]

    def silenced(self, index: int) -> bool:
        return self.frames.negated(index) or self.frames.quiet_clause(index)

    def finding(
        self, criterion: str, first: int, last: int, reason: str, system: str = ""
    ) -> Finding:
        start, end = _span(self.text, self.tokens, first, last)
        return Finding(
            criterion,
            start,
            end,
            str(reason),
            _translated(self.compiled.words.get("suggestions", {}).get(system, "")),
        )

    # The effect wording that acts on a target, if any.
    def _effect_for(self, target: Match) -> Match | None:
        best: Match | None = None
        for m in self.matches:
            if m.kind not in EFFECT_KINDS or not self.same_clause(m.first, target.first):
                continue
            if m.first <= target.last and m.last >= target.first:
                continue  # part of the target's own words
            if m.kind == "outcome":  # "the eczema patches faded", "my glucose went from 180"
                ok = m.first > target.last and m.first - target.last <= 4
            elif m.kind == "body_response":  # "resistance to infections"
                ok = m.last < target.first and target.first - m.last <= 3
            elif m.kind == "preposition":
                ok = m.last < target.first and target.first - m.last <= 4 and self._for_ok(m)
            elif m.kind == "suffix":
                ok = m.first == target.last + 1
            elif m.kind == "closing":  # "keeps migraines away": a verb before, the closing after
                ok = (
                    m.first > target.last
                    and m.first - target.last <= 3
                    and self._only_targets_between(target.last, m.first)
                    and any(
                        v.kind in {"effect", "maintenance", "particle_verb"}
                        and v.last < target.first
                        and target.first - v.last <= 3
                        for v in self.matches
                    )
                )
            elif m.kind in {"effect_noun", "weak_noun"}:
                adjacent = m.first == target.last + 1
                before = m.last < target.first and target.first - m.last <= BEFORE
                ok = adjacent or (before and (m.kind == "effect_noun" or self._opened(m)))
            else:  # a verb: before its object, or after it in the passive
                before = m.last < target.first and target.first - m.last <= BEFORE
                after = (
                    m.first > target.last
                    and m.first - target.last <= AFTER
                    and any(self.tokens[k].text in _BE for k in range(target.last + 1, m.first))
                )
                ok = before or after
            closer = best is None or abs(m.first - target.first) < abs(best.first - target.first)
            if ok and closer and not self._maintenance_between(m, target):
                best = m
        return best

    def _aimed_at_patients(self, target: Match) -> Match | None:
        """Structure/function wording aimed at people with a disease ("supports healthy joints in
        people with osteoarthritis") promises to act on that disease: the wording it uses."""
        if target.kind not in {"disease", "natural"}:
            return None
        cue = next(
            (c for c in self.kind("patients") if c.last + 1 == target.first),
            None,
        )
        if cue is None:
            return None
        return next(
            (
                m
                for m in self.matches
                if m.kind == "maintenance"
                and m.last < cue.first
                and self.same_clause(m.first, cue.first)
            ),
            None,
        )

    def _only_targets_between(self, last: int, first: int) -> bool:
        """ "keeps gout attacks at bay", not "put your migraine diary down": what stands between
        a target and its closing is more of what is acted on."""
        covered = {
            k for t in self.matches if t.kind in TARGET_PRIORITY for k in range(t.first, t.last + 1)
        }
        return all(k in covered for k in range(last + 1, first))

    def _for_ok(self, preposition: Match) -> bool:
        if preposition.name != "for":
            return True
        before = {
            self.tokens[k].text for k in range(max(0, preposition.first - 2), preposition.first)
        }
        return not before & _FOR_BLOCKERS

    def _opened(self, noun: Match) -> bool:
        return any(
            m.kind == "opener" and m.last < noun.first and noun.first - m.last <= 3
            for m in self.matches
        )

    def _maintenance_between(self, effect: Match, target: Match) -> bool:
        """ "supports healthy blood sugar": maintenance wording governs the target instead."""
        if target.kind not in {"biomarker", "complaint", "symptom"}:
            return False
        low, high = (effect.last, target.first) if effect.last < target.first else (-1, -1)
        return any(
            m.kind == "maintenance" and (low < m.first < high or m.last + 1 == target.first)
            for m in self.matches
        )

    def _qualified(self, target: Match) -> bool:
        """FDA's non-disease qualifiers in the target's clause, unless a severity word makes it
        abnormal again ("severe morning sickness")."""
        if self._severe(target):
            return False
        if self.frames.clause_has(target.first, "qualifier"):
            return True
        if target.kind != "biomarker":
            return False
        return self.frames.clause_has(target.first, "normal_range") or any(
            m.kind == "maintenance" and m.last < target.first and target.first - m.last <= 4
            for m in self.matches
        )

    def _severe(self, target: Match) -> bool:
        return any(
            m.kind == "severity" and m.last < target.first and target.first - m.last <= 2
            for m in self.matches
        )

    def _linked_disease(self, target: Match) -> str:
        """The article's disease a complaint is a symptom of, or ""."""
        if not self.subject.diseases:
            return ""
        words = {target.name.lower(), target.name.lower().rsplit(" ", 1)[-1]}
        return self.subject.diseases[0] if words & self.subject.symptoms else ""

    # Criteria (i), (ii), (iii): effect wording crossed with what it acts on.
    def disease_effects(self) -> Iterator[Finding]:
        targets = _targets(self.matches)
        diseases_in = {
            self.clause_ids[t.first] for t in targets if t.kind in {"disease", "natural"}
        }
        seen: set[str] = set()
        used_effects: set[int] = set()
        order = {
            "natural": 0,
            "disease": 1,
            "germ": 2,
            "symptom": 3,
            "biomarker": 4,
            "complaint": 5,
        }
        for target in sorted(targets, key=lambda t: (order[t.kind], t.first)):
            if target.kind == "complaint" and self.clause_ids[target.first] in diseases_in:
                continue  # "the pain of arthritis": the disease itself is the claim
            linked = ""
            if target.kind in {"complaint", "symptom", "biomarker"} and self._qualified(target):
                continue
            if target.kind in {"complaint", "symptom"}:
                linked = self._linked_disease(target)
            if target.kind == "complaint" and not linked and not self._severe(target):
                continue
            effect = self._effect_for(target) or self._aimed_at_patients(target)
            if effect is None and self.context.kind == HEADLINE and target.kind == "disease":
                # A headline naming a disease next to the product: "Magnesium & Migraine" is a
                # topic; only effect wording makes it a claim.
                continue
            if effect is None or effect.first in used_effects:
                continue
            mild = effect.name.split(" ")[0] in _MILD_VERBS
            if mild and target.kind == "complaint":
                continue  # "improves absentmindedness", "helps with stress"
            if mild and target.kind == "biomarker" and not effect.name.startswith("improv"):
                continue  # "restores magnesium levels", "balanced blood sugar"
            anchor = min(effect.first, target.first)
            if self.silenced(anchor):
                continue
            finding = self._classify(target, linked)
            if finding is None:
                continue
            criterion, reason, system = finding
            if criterion == "(g)(2)(i)" and self._body_response(min(effect.first, target.first)):
                criterion = "(g)(2)(viii)"
                reason = _("claims a role in the body's response to a disease: %(name)s") % {
                    "name": target.name
                }
            elif criterion == "(g)(2)(i)" and target.name.lower() in _DISEASE_WORD:
                criterion = "(g)(2)(iv)(D)"
                reason = _("implies an effect on disease with the word “%(word)s”") % {
                    "word": self.text[
                        self.tokens[target.first].start : self.tokens[target.last].end
                    ]
                }
            key = f"{criterion}{target.name.lower()}"
            if key in seen:
                continue
            seen.add(key)
            used_effects.add(effect.first)
            yield self.finding(criterion, anchor, max(effect.last, target.last), reason, system)

    def _body_response(self, index: int) -> bool:
        """ "supports the body's ability to resist", "your immune response against": the body,
        helped by the product, is what acts on the disease."""
        return any(
            m.kind == "body_response"
            and m.first <= index + 1
            and index - m.last <= 4
            and self.same_clause(m.first, index)
            for m in self.matches
        )

    def _classify(self, target: Match, linked: str) -> tuple[str, str, str] | None:
        name = self.text[self.tokens[target.first].start : self.tokens[target.last].end]
        if target.kind == "natural":
            return (
                "(g)(2)(iii)",
                _("claims an effect on an abnormal condition of a natural state: %(name)s")
                % {"name": name},
                target.system,
            )
        if target.kind in {"disease", "germ"}:
            return (
                "(g)(2)(i)",
                _("claims an effect on a disease: %(name)s") % {"name": name},
                target.system,
            )
        if target.kind == "biomarker":
            return (
                "(g)(2)(ii)",
                _("claims to change %(name)s, a measure that stands for a disease")
                % {"name": name},
                target.system,
            )
        if target.kind == "symptom" and not linked:
            return (
                "(g)(2)(ii)",
                _("claims an effect on %(name)s, a sign of %(disease)s")
                % {
                    "name": name,
                    "disease": target.extra,
                },
                target.system,
            )
        if linked:
            return (
                "(g)(2)(ii)",
                _("claims an effect on %(name)s, a symptom of %(disease)s, the article's subject")
                % {"name": name, "disease": linked},
                self.subject.system or target.system,
            )
        criterion = (
            "(g)(2)(iii)" if self.frames.clause_has(target.first, "qualifier") else "(g)(2)(ii)"
        )
        return (
            criterion,
            _("claims an effect on a lasting or severe complaint: %(name)s") % {"name": name},
            target.system,
        )

    # Cure, treat, heal: only a drug may say them, whatever follows.
    def drug_verbs(self, used: set[int]) -> Iterator[Finding]:
        for m in self.kind("drug_verb"):
            if m.extra == "remedy":
                continue  # a noun as often as a verb: "popular remedies" claims nothing alone
            if m.first in used or self.silenced(m.first) or self._idiom(m):
                continue
            if self.frames.clause_has(m.first, "qualifier") and not any(
                t.kind in {"disease", "natural"} for t in self.matches
            ):
                continue
            yield self.finding(
                "(g)(2)(i)",
                m.first,
                m.last,
                _("claims to %(verb)s, which only a drug may claim") % {"verb": m.extra or m.name},
            )

    def _idiom(self, m: Match) -> bool:
        after = self.tokens[m.last + 1].text if m.last + 1 < len(self.tokens) else ""
        after2 = self.tokens[m.last + 2].text if m.last + 2 < len(self.tokens) else ""
        before = self.tokens[m.first - 1].text if m.first else ""
        word = self.tokens[m.first].text
        if word.startswith("treat"):
            if after in {"yourself", "themselves", "ourselves"} or after2 == "as":
                return True
            if before in {"a", "sweet", "little", "tasty", "special", "real"}:
                return True
        if word.startswith("cure") and after in {"meat", "meats", "ham", "fish"}:
            return True
        return word == "diagnose" and before in {"to", "can", "doctor", "doctors"}

    # (viii): the product put in a class of drugs.
    def drug_classes(self) -> Iterator[Finding]:
        adjectives = {(m.first, m.last) for m in self.kind("drug_adjective")}
        for m in self.kind("drug_class") + [
            m
            for m in self.kind("drug_adjective")
            if (m.first, m.last) not in {(c.first, c.last) for c in self.kind("drug_class")}
        ]:
            if self.silenced(m.first) or self._owned(m) or self._substituted(m):
                continue
            if self._subject(m):
                continue  # "Statins lower cholesterol": the drugs act, not the product
            if m.kind == "drug_class" and self._compared(m):
                yield self.finding(
                    "(g)(2)(vi)",
                    m.first - 1,
                    m.last,
                    _("compares the product with a drug or therapy: %(name)s") % {"name": m.name},
                    m.system,
                )
                continue
            if m.system in {"digestion", "urinary"} and self.frames.clause_has(
                m.first, "qualifier"
            ):
                continue  # "a mild laxative for occasional constipation"
            described = (
                (m.first, m.last) in adjectives
                or any(
                    c.kind in {"imitation", "opener"} and c.last < m.first and m.first - c.last <= 3
                    for c in self.matches
                )
                or self._after_as(m)
            )
            if self._body_response(m.first):
                yield self.finding(
                    "(g)(2)(viii)",
                    m.first,
                    m.last,
                    _("claims a role in the body's response to a disease: %(name)s")
                    % {"name": m.name},
                    m.system,
                )
            elif described:
                yield self.finding(
                    "(g)(2)(v)",
                    m.first,
                    m.last,
                    _("puts the product in a class of drugs: %(name)s") % {"name": m.name},
                    m.system,
                )

    def _subject(self, m: Match) -> bool:
        """The class is the subject of a clause that goes on after it."""
        k = self.frames.scope_start(m.first)
        while k < m.first and self.tokens[k].text in _DETERMINERS:
            k += 1
        following = (
            m.last + 1 < len(self.tokens)
            and self.same_clause(m.first, m.last + 1)
            and self.tokens[m.last + 1].text not in _NOT_A_VERB
        )
        return k == m.first and following

    def _compared(self, m: Match) -> bool:
        """ "lowers cholesterol like statins do", "gentler than antidepressants"."""
        return m.first > 0 and self.tokens[m.first - 1].text in {"like", "than"}

    def _after_as(self, m: Match) -> bool:
        if len(self.tokens) <= 3:  # a label of its own: "Antidepressant."
            return True
        if m.first == 0 and m.last + 1 < len(self.tokens):  # "Laxative for chronic constipation"
            return self.tokens[m.last + 1].text in {"for", "against"}
        words = [self.tokens[k].text for k in range(max(0, m.first - 3), m.first)]
        return "as" in words or "like" in words or words[-1:] in (["a"], ["an"])

    def _owned(self, m: Match) -> bool:
        """The reader's own medicine ("your antidepressant", "taking antibiotics")."""
        return any(self.tokens[k].text in _OWNER for k in range(max(0, m.first - 2), m.first))

    def _substituted(self, m: Match) -> bool:
        return any(
            c.kind == "substitute" and c.last < m.first and m.first - c.last <= 5
            for c in self.matches
        )

    # (ix): a substitute for a drug or therapy; (v): an ingredient known as a drug.
    def substitutes(self) -> Iterator[Finding]:
        medicines = self.kind("drug") + self.kind("drug_class") + self.kind("therapy")
        for medicine in medicines:
            cue = next(
                (
                    c
                    for c in self.matches
                    if c.kind == "substitute"
                    and c.last < medicine.first
                    and medicine.first - c.last <= 5
                    and self.same_clause(c.first, medicine.first)
                ),
                None,
            )
            if cue is None and medicine.kind == "drug":
                cue = next(
                    (c for c in self.kind("imitation") if c.last + 1 == medicine.first),
                    None,
                )
            if cue is not None and not self.silenced(cue.first):
                yield self.finding(
                    "(g)(2)(vi)",
                    cue.first,
                    medicine.last,
                    _("offers the product as a substitute for a drug or therapy: %(name)s")
                    % {"name": medicine.name},
                )
                continue
            if medicine.kind != "drug":
                continue
            cue = next(
                (
                    c
                    for c in self.kind("formulation")
                    if c.last < medicine.first and medicine.first - c.last <= 6
                ),
                None,
            )
            if cue is not None and not self.silenced(cue.first):
                yield self.finding(
                    "(g)(2)(iv)(B)",
                    cue.first,
                    medicine.last,
                    _("says it contains an ingredient known as a drug: %(name)s")
                    % {"name": medicine.name},
                )

    # (x): working with a therapy, or against its side effects.
    def augments(self) -> Iterator[Finding]:
        medicines = self.kind("drug") + self.kind("drug_class") + self.kind("therapy")
        acting = any(m.kind in EFFECT_KINDS | {"maintenance"} for m in self.matches) or any(
            t.text in {"use", "used", "take"} for t in self.tokens
        )
        for medicine in medicines:
            cue = next((c for c in self.kind("augment") if self._augments(c, medicine)), None)
            if cue is None or self.silenced(min(cue.first, medicine.first)):
                continue
            if not acting and cue.name not in _STRONG_AUGMENT:
                continue
            first, last = min(cue.first, medicine.first), max(cue.last, medicine.last)
            if self._adverse(cue):
                yield self.finding(
                    "(g)(2)(ix)",
                    first,
                    last,
                    _("claims to act against the adverse effects of a therapy: %(name)s")
                    % {"name": medicine.name},
                )
            else:
                yield self.finding(
                    "(g)(2)(vii)",
                    first,
                    last,
                    _("claims to augment a drug or therapy: %(name)s") % {"name": medicine.name},
                )
            return

    def _adverse(self, cue: Match) -> bool:
        """Side effects named, or protection promised while on a therapy ("protects your gut
        while taking antibiotics"), rather than a stronger or steadier effect of the drug."""
        if cue.name in _SIDE_EFFECT_CUES:
            return True
        if cue.name in _STRONG_AUGMENT:
            return False
        return any(t.text in _ADVERSE_WORDS for t in self.tokens)

    def _augments(self, cue: Match, medicine: Match) -> bool:
        if not self.same_clause(cue.first, medicine.first):
            return False
        if cue.last < medicine.first:
            return medicine.first - cue.last <= 4 and cue.name not in _AUGMENT_AFTER
        return 0 < cue.first - medicine.last <= 2 and cue.name in _AUGMENT_AFTER

    # (iv): a product name that names or echoes a disease ("Arthriflex", "CircuCure").
    def product_names(self) -> Iterator[Finding]:
        matched = {k for m in self.matches for k in range(m.first, m.last + 1)}
        for i, token in enumerate(self.tokens):
            raw = self.text[token.start : token.end]
            if i in matched or len(raw) < 6 or not raw[0].isupper() or token.upper:
                continue
            word = token.text
            echo = word.endswith("cure") and word not in _CURE_WORDS
            if not echo:
                camel = any(c.isupper() for c in raw[1:])
                stem = next(
                    (
                        word[:k]
                        for k in range(len(word) - 1, 3, -1)
                        if word[:k] in self.compiled.stems
                    ),
                    "",
                )
                if stem and (len(stem) > 4 or camel):
                    echo = camel or not word[len(stem) :].endswith(_ENGLISH_ENDINGS)
                elif word[:6] in self.compiled.prefixes:
                    echo = camel or word[6:].endswith(_NAME_CUES)
            if echo and not self.silenced(i):
                yield self.finding(
                    "(g)(2)(iv)(A)",
                    i,
                    i,
                    _("is a product name that names or echoes a disease: %(name)s") % {"name": raw},
                )

    # (vi): a publication quoted by its title, the title naming a disease.
    def citations(self) -> Iterator[Finding]:
        if not any(t.text in _CITATION for t in self.tokens):
            return
        for quoted in _QUOTED.finditer(self.text):
            inner = tokenize(quoted.group(1))
            if any(
                m.kind in {"disease", "natural", "symptom"} and m.system != "general"
                for m in self.compiled.trie.scan(inner)
            ):
                yield Finding(
                    "(g)(2)(iv)(C)",
                    quoted.start(1),
                    quoted.end(1),
                    str(_("cites a publication whose title names a disease")),
                    "",
                )

    def _other_actor(self, index: int) -> bool:
        """The subject of the scope of token ``index`` is the body, a medicine, a doctor or a
        regulator, not the product: "Statins lower cholesterol", "Your liver clears toxins"."""
        k = self.frames.scope_start(index)
        while k < index and self.tokens[k].text in _DETERMINERS:
            k += 1
        return any(
            m.first == k
            and m.last < index
            and m.kind in _ACTOR_KINDS
            and self.tokens[m.last + 1].text not in {"for", "against"}  # a label, no actor
            for m in self.matches
        )

    def findings(self) -> list[Finding]:
        if is_disclaimer(self.text, self.compiled.words.get("disclaimers", [])):
            return []
        found = [
            f
            for f in self._findings()
            if f.criterion in {"(g)(2)(iv)(A)", "(g)(2)(iv)(C)"}
            or not self._other_actor(self._token_at(f.start))
        ]
        # One warning per stretch of words and paragraph: the widest reading of it.
        return [
            f
            for i, f in enumerate(found)
            if not any(
                g.criterion == f.criterion
                and g.start <= f.start
                and f.end <= g.end
                and (g.start, g.end, j) != (f.start, f.end, i)
                and ((g.start, g.end) != (f.start, f.end) or j < i)
                for j, g in enumerate(found)
            )
        ]

    def _token_at(self, offset: int) -> int:
        return next(k for k, t in enumerate(self.tokens) if t.end > offset)

    def _findings(self) -> list[Finding]:
        found = list(self.disease_effects())
        used = {
            k
            for f in found
            for k, t in enumerate(self.tokens)
            if f.start <= t.start and t.end <= f.end
        }
        found += self.drug_verbs(used)
        found += self.substitutes()
        found += self.drug_classes()
        found += self.augments()
        found += self.product_names()
        found += self.citations()
        return found
