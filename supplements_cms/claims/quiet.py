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
# After a comma these start a clause of their own ("it helps, as poor sleep is a trigger").
_AFTER_COMMA = frozenset({"as", "because", "since", "which", "who", "where", "when", "so"})
NEGATION_REACH = 8  # tokens before the claim word


def clauses(sentence: str, tokens: Sequence[Token]) -> list[int]:
    """The clause number of each token."""
    ids: list[int] = []
    clause = 0
    previous_end = 0
    for token in tokens:
        gap = sentence[previous_end : token.start]
        if (
            token.text in _CLAUSE_WORDS and not _is_while_taking(tokens, len(ids))
        ) or _CLAUSE_PUNCTUATION.search(gap):
            clause += 1
        ids.append(clause)
        previous_end = token.end
    return ids


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

    def __init__(self, tokens: Sequence[Token], matches: Sequence[Match], clause_ids: list[int]):
        self.tokens = tokens
        self.clause_ids = clause_ids
        self.negations = [m for m in matches if m.kind == "negations"]
        by_clause: dict[int, set[str]] = {}
        for m in matches:
            by_clause.setdefault(clause_ids[m.first], set()).add(m.kind)
        self.kinds_by_clause = by_clause

    def clause_has(self, index: int, kind: str) -> bool:
        return kind in self.kinds_by_clause.get(self.clause_ids[index], ())

    def quiet_clause(self, index: int) -> bool:
        """A caution or a hedge about research in the clause of token ``index``."""
        kinds = self.kinds_by_clause.get(self.clause_ids[index], set())
        if "cautions" in kinds or "research_phrases" in kinds:
            return True
        return "research_hedges" in kinds and "research_nouns" in kinds

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
