"""A list of patterns searched behind a keyword pre-filter that never changes the answer.

Most terms hold none of a list's patterns (the vague constructions, the outliving forms, a
profile's word list). :class:`Screen` searches a pattern only when the lowercased text holds a
word from each set of words every match of that pattern must contain (read from the pattern's
own parse: :func:`_required`), so a text that could match nothing is ruled out with a few
substring tests. ``tests/wording/test_screen.py`` checks that the answers are those of the plain
patterns, on labelled terms, random text, odd casing and the letters outside ASCII that a
case-insensitive pattern matches with ASCII ones.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import re
import re._constants as _sre  # type: ignore[import-not-found]  # no stubs; the parser's own
import re._parser as _sre_parse  # type: ignore[import-not-found]
from collections.abc import Sequence
from typing import Any

__all__ = ["FOLDS_TO_ASCII", "Screen"]

# Characters outside ASCII that IGNORECASE matches with an ASCII letter (İ ı ſ K): lowercasing
# would not map them, so a text holding one is searched without the pre-filter.
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")

# Words too common to be worth checking first (a choice of speed only, never of the answer).
_COMMON = frozenset(
    (
        *("a", "an", "and", "any", "are", "as", "at", "be", "can", "for", "has", "have"),
        *("her", "his", "if", "in", "is", "it", "no", "not", "of", "on", "or", "that"),
        *("the", "their", "them", "they", "this", "to", "was", "when", "will", "with"),
    )
)


def _required(items: Any) -> list[frozenset[str]]:
    """What any match of a parsed pattern (a sequence) must contain: a list of sets of
    lowercase ASCII words; every match contains at least one word of every set.

    Only literal runs of ASCII letters the match must pass through count: optional parts,
    classes, lookarounds and anchors contribute nothing and split runs, so each word is a
    substring of every match (up to case). An alternation counts only if every branch
    requires something (the union of each branch's best set).
    """
    needs: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            needs.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL and chr(av).isascii() and chr(av).isalpha():
            run.append(chr(av).lower())
            continue
        flush()
        if op is _sre.SUBPATTERN:
            needs += _required(av[-1])
        elif op is _sre.BRANCH:
            branches = [_best(_required(b)) for b in av[1]]
            if all(b is not None for b in branches):
                needs.append(frozenset().union(*(b for b in branches if b is not None)))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            needs += _required(av[2])
    flush()
    return needs


def _rank(words: frozenset[str]) -> tuple[int, int, int]:
    # The most selective set first: no common words, longest shortest word, fewest words.
    return (-len(words & _COMMON), min(map(len, words)), -len(words))


def _best(needs: list[frozenset[str]]) -> frozenset[str] | None:
    return max(needs, key=_rank, default=None)


class Screen:
    """Labelled patterns, each searched only when the text holds the words it needs."""

    def __init__(self, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> None:
        self.patterns = tuple(patterns)
        self.needs = tuple(
            (
                label,
                pattern,
                # The most selective set first: most patterns are ruled out at once.
                tuple(
                    sorted(
                        _required(_sre_parse.parse(pattern.pattern, pattern.flags)),
                        key=_rank,
                        reverse=True,
                    )
                ),
            )
            for label, pattern in self.patterns
        )

    def candidates(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The patterns that could match ``text`` (every one, for a text with a folding
        letter)."""
        if not text.isascii() and not FOLDS_TO_ASCII.isdisjoint(text):
            return list(self.patterns)
        low = text.lower()
        out = []
        for label, pattern, needs in self.needs:
            for words in needs:
                for word in words:
                    if word in low:
                        break
                else:
                    break  # this set has no word in the text: the pattern cannot match
            else:
                out.append((label, pattern))
        return out

    def first(self, text: str) -> str | None:
        """The label of the first pattern (in list order) that matches, or None."""
        for label, pattern in self.candidates(text):
            if pattern.search(text) is not None:
                return label
        return None

    def all(self, text: str) -> list[str]:
        """The labels of every pattern that matches, in list order."""
        return [label for label, pattern in self.candidates(text) if pattern.search(text)]
