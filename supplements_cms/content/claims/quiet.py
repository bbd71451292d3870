"""What makes claim wording harmless: negations, cautions, hedges about research, the disclaimer,
and FDA's non-disease qualifiers (occasional, mild, after exercise, a natural state)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .matching import Match, Token

# Words that end a clause: a negation or a caution does not reach past them ("it is not cheap,
# but it cures cramps" is a claim).
_CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "whereas", "yet", "while"})
_CLAUSE_PUNCTUATION = re.compile(r"[;—–]|\s-\s|\.\s")
# A clause opened by one of these ends at its comma, and what it says stays inside it: "Unlike
# drugs, our formula cures arthritis", "As research confirms, it cures arthritis", "While it is
# not a cure, it relieves arthritis pain".
_SUBORDINATORS = frozenset(
    {"while", "although", "though", "unlike", "as", "whereas", "if", "when", "since", "because",
     "despite", "even", "except", "apart", "besides", "after", "before", "whether"}
)  # fmt: skip
# After a comma, a coordinator and a new subject start a clause of their own ("it is not cheap,
# and it cures cramps"); a list after a negation does not ("does not prevent, treat or cure").
_COORDINATORS = frozenset({"and", "so", "or", "then", "plus"})
_SUBJECTS = frozenset(
    {"it", "this", "that", "our", "we", "they", "you", "i", "he", "she", "these", "those", "its",
     "your", "my", "the", "magnesium"}
)  # fmt: skip
_SOFT_BREAK = re.compile(r"[,:(\[]|\)|\]")
_HARD_BREAK = re.compile(r"[:;—–]|\s-\s|\.\s")
NEGATION_REACH = 8  # tokens before the claim word


def clauses(sentence: str, tokens: Sequence[Token]) -> list[int]:
    """The clause number of each token: what a claim's effect and its object must share."""
    ids: list[int] = []
    clause = 0
    previous_end = 0
    for token in tokens:
        gap = sentence[previous_end : token.start]
        if (
            token.text in _CLAUSE_WORDS
            and not _is_while_taking(tokens, len(ids))
            and not _parenthetical(sentence, tokens, len(ids))
        ) or (gap != " " and _CLAUSE_PUNCTUATION.search(gap)):
            clause += 1
        ids.append(clause)
        previous_end = token.end
    return ids


def scopes(
    sentence: str, tokens: Sequence[Token], clause_ids: list[int]
) -> tuple[list[int], list[int]]:
    """The scope of each token: how far a negation, caution or hedge reaches.

    A scope is a clause cut further at commas and colons where a new clause starts: after a
    clause opened by a subordinator ("while", "unlike", "as"), at a colon, and at a coordinator
    with a new subject. A frame quiets what follows it in its scope and nothing before it there
    across a comma; a list after "not" stays in the negation's scope. Returned with the
    stretches: a number per token that changes at every comma or scope.
    """
    ids: list[int] = []
    stretches: list[int] = []
    stretch = 0
    scope = 0
    segment_opened_by_subordinator = False
    previous_end = 0
    for i, token in enumerate(tokens):
        gap = sentence[previous_end : token.start]
        new_clause = i > 0 and clause_ids[i] != clause_ids[i - 1]
        plain = gap == " " or not gap
        soft = not plain and bool(_SOFT_BREAK.search(gap))
        hard = new_clause or (not plain and bool(_HARD_BREAK.search(gap)))
        if i == 0 or hard or (soft and segment_opened_by_subordinator):
            if i:
                scope += 1
            segment_opened_by_subordinator = token.text in _SUBORDINATORS and not (
                _is_while_taking(tokens, i)
            )
        elif soft and (
            token.text in _SUBORDINATORS
            or (
                token.text in _COORDINATORS
                and i + 1 < len(tokens)
                and tokens[i + 1].text in _SUBJECTS
            )
        ):
            scope += 1
            segment_opened_by_subordinator = token.text in _SUBORDINATORS
        if i and (soft or scope != ids[-1]):
            stretch += 1
        ids.append(scope)
        stretches.append(stretch)
        previous_end = token.end
    return ids, stretches


def _parenthetical(sentence: str, tokens: Sequence[Token], i: int) -> bool:
    """ "There is no evidence, however, that…": a word set off by commas starts no clause."""
    before = sentence[tokens[i - 1].end : tokens[i].start] if i else ""
    after = sentence[tokens[i].end : tokens[i + 1].start] if i + 1 < len(tokens) else ""
    return "," in before and "," in after


def _is_while_taking(tokens: Sequence[Token], i: int) -> bool:
    """ "while taking antibiotics" is a frame of its own, not the start of a new clause."""
    return (
        tokens[i].text == "while"
        and i + 1 < len(tokens)
        and tokens[i + 1].text in {"taking", "on", "using", "undergoing", "receiving"}
    )


def is_disclaimer(sentence: str, phrases: Sequence[str]) -> bool:
    lowered = sentence.lower()
    return any(phrase in lowered for phrase in phrases)


class Frames:
    """The quiet frames of one sentence, found once and asked about per claim."""

    def __init__(
        self,
        tokens: Sequence[Token],
        matches: Sequence[Match],
        scope_ids: list[int],
        stretches: list[int],
    ):
        self.tokens = tokens
        self.clause_ids = scope_ids
        self.negations = [m for m in matches if m.kind == "negations"]
        # Per scope, (first token, kind) of each frame, to ask "does a frame govern token i?"
        by_scope: dict[int, list[tuple[int, str]]] = {}
        for m in matches:
            by_scope.setdefault(scope_ids[m.first], []).append((m.first, m.kind))
        self.frames_by_scope = by_scope
        # A frame after a claim reaches back only within its stretch (no comma between).
        self.stretch = stretches

    def _kinds(self, index: int) -> set[str]:
        """The kinds of phrase that govern token ``index``: those before it in its scope, and
        those after it in its own stretch (no comma between)."""
        stretch = self.stretch[index]
        return {
            kind
            for first, kind in self.frames_by_scope.get(self.clause_ids[index], ())
            if first <= index or self.stretch[first] == stretch
        }

    def clause_has(self, index: int, kind: str) -> bool:
        return kind in self._kinds(index)

    def quiet_clause(self, index: int) -> bool:
        """A caution or a hedge about research governing token ``index``."""
        kinds = self._kinds(index)
        if "cautions" in kinds or "research_phrases" in kinds or "reported" in kinds:
            return True
        return "research_hedges" in kinds and "research_nouns" in kinds

    def scope_start(self, index: int) -> int:
        """The first token of the scope of token ``index``."""
        scope = self.clause_ids[index]
        while index and self.clause_ids[index - 1] == scope:
            index -= 1
        return index

    def negated(self, index: int) -> bool:
        """A negation shortly before token ``index`` in its clause ("is not a cure")."""
        clause = self.clause_ids[index]
        for m in self.negations:
            if (
                m.last < index
                and index - m.last <= NEGATION_REACH
                and self.clause_ids[m.last] == clause
            ):
                following = self.tokens[m.last + 1].text if m.last + 1 < len(self.tokens) else ""
                if following not in {"only", "just", "more"}:
                    return True
        return False
