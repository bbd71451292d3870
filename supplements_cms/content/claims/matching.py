"""Words to tokens, and the lexicon compiled once into a trie of token sequences.

Matching walks the trie from each token, so a text costs time in proportion to its length times
the longest phrase (a handful of tokens), however many thousand names the lexicon holds. The
compiled lexicon is cached per language and settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from ... import conf
from . import lexicon

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]*[^\s\da-z])|\n+|(?<=[.!?])$")
# Tokens whose all-capital form is an abbreviation ("IBS", "ADD") carry this mark in the trie.
_UPPER = "^"


class Token(NamedTuple):
    text: str  # normalised: lower case, straight apostrophe, no possessive "'s"
    start: int
    end: int
    upper: bool  # written in capitals, so it may be an abbreviation
    hyphen: bool = False  # joined to the next token by a hyphen ("anti-fungal")


class Match(NamedTuple):
    """A lexicon phrase found at tokens ``first``..``last`` (inclusive)."""

    first: int
    last: int
    kind: str
    name: str  # the lexicon's own spelling
    system: str  # body system, for the suggestion
    extra: str  # a symptom's disease, or ""


@lru_cache(maxsize=4096)
def normalize(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.rstrip("'")


def tokenize(text: str) -> list[Token]:
    hyphens = {m.start() for m in _HYPHEN.finditer(text)} if "-" in text or "‐" in text else ()
    tokens = []
    for m in _WORD.finditer(text):
        word = m.group()
        end = m.end()
        tokens.append(
            Token(normalize(word), m.start(), end, word.isupper() and len(word) > 1, end in hyphens)
        )
    return tokens


_HYPHEN = re.compile(r"(?<=\w)[-‐‑](?=[^\W\d_])")


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
MAX_HASHTAG = 40  # characters of a hashtag split into words; longer ones stay one word


def split_hashtags(text: str, tokens: list[Token], vocabulary: frozenset[str]) -> list[Token]:
    """Hashtags as the words they run together ("#beatinsomnia", "#BeatInsomnia"), each word
    spanning the whole hashtag, so that a claim in a hashtag is read like one in a sentence."""
    if "#" not in text:
        return tokens
    result: list[Token] = []
    for token in tokens:
        raw = text[token.start : token.end]
        if token.start and text[token.start - 1] == "#" and len(raw) <= MAX_HASHTAG:
            words = [w.lower() for w in _CAMEL.findall(raw)]
            if len(words) == 1:
                words = _segment(words[0], vocabulary) or words
            result += [Token(w, token.start, token.end, False) for w in words]
        else:
            result.append(token)
    return result


def _segment(word: str, vocabulary: frozenset[str]) -> list[str] | None:
    """The fewest known words that make up ``word``, or None."""
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            piece = word[start:end]
            prefix, known = best[start], best[end]
            if prefix is not None and piece in vocabulary:
                candidate = [*prefix, piece]
                if known is None or len(candidate) < len(known):
                    best[end] = candidate
    return best[-1]


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence of plain ``text``."""
    start = 0
    for end_match in _SENTENCE_END.finditer(text):
        chunk = text[start : end_match.start()]
        stripped = chunk.strip()
        if stripped:
            yield start + chunk.index(stripped), stripped
        start = end_match.end()
    chunk = text[start:]
    if chunk.strip():
        yield start + chunk.index(chunk.strip()), chunk.strip()


def _phrase_keys(phrase: str) -> list[tuple[str, ...]]:
    """The token sequences a lexicon phrase matches: as written, and hyphens closed up."""
    variants = {phrase}
    if "-" in phrase:
        variants.add(phrase.replace("-", ""))
    keys = []
    for variant in variants:
        words = _WORD.findall(variant)
        if not words:
            continue
        abbreviation = len(words) == 1 and words[0].isupper() and len(words[0]) > 1
        keys.append(
            tuple((_UPPER if abbreviation or (w.isupper() and len(w) > 1) else "") + normalize(w)
                  for w in words)
        )  # fmt: skip
    return keys


_IRREGULAR = {
    "bring": ["brings", "brought", "bringing"],
    "take": ["takes", "took", "taken", "taking"],
    "send": ["sends", "sent", "sending"],
    "have": ["has", "had", "having"],
    "fight": ["fights", "fought", "fighting"],
    "beat": ["beats", "beaten", "beating"],
    "overcome": ["overcomes", "overcame", "overcoming"],
    "get": ["gets", "got", "gotten", "getting"],
    "keep": ["keeps", "kept", "keeping"],
    "put": ["puts", "putting"],
    "undo": ["undoes", "undid", "undone", "undoing"],
    "say": ["says", "said", "saying"],
    "rid": ["rids", "ridding"],
    "cut": ["cuts", "cutting"],
    "shrink": ["shrinks", "shrank", "shrunk", "shrinking"],
    "free": ["frees", "freed", "freeing"],
    "stop": ["stops", "stopped", "stopping"],
    "control": ["controls", "controlled", "controlling"],
    "combat": ["combats", "combated", "combatted", "combating", "combatting"],
    "wipe": ["wipes", "wiped", "wiping"],
    "knock": ["knocks", "knocked", "knocking"],
    "stave": ["staves", "staved", "staving"],
    "kiss": ["kisses", "kissed", "kissing"],
}


def verb_forms(verb: str) -> list[str]:
    if verb in _IRREGULAR:
        return [verb, *_IRREGULAR[verb]]
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def plural_forms(noun: str) -> list[str]:
    last = noun.rsplit(" ", 1)[-1]
    if not last.isalpha() or (last.isupper() and len(last) > 1):
        return [noun, noun + "s"] if last.isupper() else [noun]
    if last.endswith(("s", "ia", "itis", "osis", "ism", "ness")):
        return [noun]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return [noun, noun[:-1] + "ies"]
    if last.endswith(("sh", "ch", "x", "z")):
        return [noun, noun + "es"]
    return [noun, noun + "s"]


def verb_phrase_forms(phrase: str) -> list[str]:
    head, _, rest = phrase.partition(" ")
    return [f"{form} {rest}".strip() for form in verb_forms(head)]


class Trie:
    """Token sequences to the matches they stand for; the longest sequence wins."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}
        self.depth = 0

    def add(self, phrase: str, kind: str, system: str = "", extra: str = "") -> None:
        for key in _phrase_keys(phrase):
            node = self.root
            for word in key:
                node = node.setdefault(word, {})
            node.setdefault("", {})[kind] = (phrase, system, extra)
            self.depth = max(self.depth, len(key))

    def scan(self, tokens: list[Token], shouting: bool = False) -> list[Match]:
        """Every kind of phrase found, longest first at each position, no overlaps per kind."""
        found: list[Match] = []
        covered: dict[str, int] = {}
        for i in range(len(tokens)):
            ends: list[tuple[int, dict[str, tuple[str, str, str]]]] = []
            if self._walk(tokens, self.root, i, i, shouting, ends):
                ends.sort(key=lambda end: end[0])
            for last, kinds in reversed(ends):
                for kind, (name, system, extra) in kinds.items():
                    if covered.get(kind, -1) < i:
                        found.append(Match(i, last, kind, name, system, extra))
                        covered[kind] = last
        return found

    def _walk(self, tokens, node, j: int, i: int, shouting: bool, ends: list) -> bool:
        """Follow the trie from token ``j``, adding each phrase end to ``ends``; a hyphenated
        pair is also tried as one word ("anti-fungal" as "antifungal"). True when it branched
        (``ends`` then needs sorting)."""
        branched = False
        n = len(tokens)
        while node is not None and j < n and j - i < self.depth:
            token = tokens[j]
            if token.hyphen and j + 1 < n:
                joined = node.get(token.text + tokens[j + 1].text)
                if joined is not None:
                    branched = True
                    if "" in joined:
                        ends.append((j + 1, joined[""]))
                    self._walk(tokens, joined, j + 2, i, shouting, ends)
            nxt = None
            if token.upper and not shouting:
                nxt = node.get(_UPPER + token.text)
            if nxt is None:
                nxt = node.get(token.text)
            node = nxt
            if node is not None and "" in node:
                ends.append((j, node[""]))
            j += 1
        return branched


def _add_all(trie: Trie, phrases: Iterable[str], kind: str, system: str = "") -> None:
    for phrase in phrases:
        trie.add(phrase, kind, system)


def build(words: dict[str, Any]) -> Trie:
    """The trie of one language's lexicon."""
    trie = Trie()
    if words.get("icd10cm"):
        for name, system in lexicon.icd10cm_names():
            for form in plural_forms(name):
                trie.add(form, "disease", system)
    for kind, source in (("disease", "diseases"), ("natural", "natural_state_diseases")):
        for system, names in words.get(source, {}).items():
            for name in names:
                for form in plural_forms(name):
                    trie.add(form, kind, system)
    for system, symptoms in words.get("symptoms", {}).items():
        for name, disease in symptoms.items():
            for form in plural_forms(name):
                trie.add(form, "symptom", system, disease)
    for system, names in words.get("complaints", {}).items():
        for name in names:
            for form in plural_forms(name):
                trie.add(form, "complaint", system)
    for system, names in words.get("biomarkers", {}).items():
        for name in names:
            trie.add(name, "biomarker", system)
    effects = words.get("effects", {})
    for verb in effects.get("verbs", []):
        _add_all(trie, verb_phrase_forms(verb), "effect")
    for verb in effects.get("drug_verbs", []):
        for form in verb_phrase_forms(verb):
            trie.add(form, "drug_verb", extra=verb)
    _add_all(trie, effects.get("nouns", []), "effect_noun")
    _add_all(trie, effects.get("outcomes", []), "outcome")
    _add_all(trie, effects.get("prepositions", []), "preposition")
    _add_all(trie, effects.get("suffixes", []), "suffix")
    _add_all(trie, effects.get("closings", []), "closing")
    for verb in effects.get("particle_verbs", []):
        _add_all(trie, verb_forms(verb), "particle_verb")
    _add_all(trie, words.get("normal_range", []), "normal_range")
    _add_all(trie, words.get("weak_nouns", []), "weak_noun")
    _add_all(trie, words.get("weak_noun_openers", []), "opener")
    for word in words.get("maintenance", []):
        _add_all(trie, verb_phrase_forms(word) if " " not in word else [word], "maintenance")
    _add_all(trie, words.get("qualifiers", []), "qualifier")
    _add_all(trie, words.get("severity", []), "severity")
    for name, system in words.get("drug_classes", {}).items():
        trie.add(name, "drug_class", system)
    _add_all(trie, words.get("drug_class_adjectives", []), "drug_adjective")
    _add_all(trie, words.get("drugs", []), "drug")
    _add_all(trie, words.get("therapies", []), "therapy")
    _add_all(trie, words.get("germs", []), "germ", "immune")
    for kind in ("substitute_cues", "imitation_cues", "formulation_cues", "augment_cues"):
        phrases = words.get(kind, [])
        if kind == "substitute_cues":
            phrases = [form for p in phrases for form in verb_phrase_forms(p)]
        _add_all(trie, phrases, kind.removesuffix("_cues"))
    _add_all(trie, words.get("body_response", []), "body_response")
    _add_all(trie, words.get("actors", []), "actor")
    _add_all(trie, words.get("patients", []), "patients")
    _add_all(trie, words.get("reported", []), "reported")
    for kind in ("negations", "cautions", "research_nouns", "research_hedges", "research_phrases"):
        _add_all(trie, words.get(kind, []), kind)
    return trie


@dataclass(frozen=True)
class Compiled:
    trie: Trie
    words: dict[str, Any]
    # Lower-case disease name → the symptoms an article about it must not promise to relieve.
    disease_symptoms: dict[str, frozenset[str]]
    any_disease_symptoms: frozenset[str]
    # Stems of disease names, for product names that echo one ("Arthriflex").
    stems: frozenset[str]
    # The first six letters of long disease names: "Psoriaclear" with a claim word after them.
    prefixes: frozenset[str] = frozenset()
    # Every word of the lexicon, for splitting hashtags into words.
    vocabulary: frozenset[str] = frozenset()


@cache
def _compiled(language: str, fingerprint: str) -> Compiled:
    words = lexicon.merged(language, (conf.get("CLAIM_LEXICON") or {}).get(language))
    stems = set()
    prefixes: set[str] = set()
    for names in words.get("diseases", {}).values():
        for name in names:
            first = normalize(_WORD.findall(name)[0]) if _WORD.findall(name) else ""
            if len(first) >= 4 and not name.isupper():
                stems.add(
                    re.sub(r"(?:itis|osis|ia|es|e|s|'s)$", "", first) if len(first) >= 6 else first
                )
            if len(first) >= 8 and first.isalpha():  # "Psoriaclear": the name's first six letters
                prefixes.add(first[:6])
    trie = build(words)
    return Compiled(
        trie=trie,
        words=words,
        disease_symptoms={
            normalize(name): frozenset(normalize(s) for s in symptoms)
            for name, symptoms in words.get("disease_symptoms", {}).items()
        },
        any_disease_symptoms=frozenset(normalize(s) for s in words.get("any_disease_symptoms", [])),
        stems=frozenset(s for s in stems if len(s) >= 4),
        prefixes=frozenset(prefixes),
        vocabulary=frozenset(_words(trie.root)) | _GLUE,
    )


# Short words hashtags glue between lexicon words ("#saynotoarthritis").
_GLUE = frozenset({"my", "your", "no", "to", "the", "a", "of", "and", "for", "it", "with", "say"})


def _words(node: dict[str, Any]) -> Iterator[str]:
    for word, child in node.items():
        if word:
            yield word.lstrip(_UPPER)
            yield from _words(child)


def compiled(language: str) -> Compiled:
    """The compiled lexicon for ``language`` under the current settings."""
    if language not in lexicon.SHIPPED and language not in (conf.get("CLAIM_LEXICON") or {}):
        raise ValueError(
            f"No claim lexicon for the language {language!r}: the package ships "
            f"{', '.join(map(repr, lexicon.SHIPPED))}; add one with the CLAIM_LEXICON setting."
        )
    return _compiled(language, conf.fingerprint())
