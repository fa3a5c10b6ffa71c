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
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["FOLDS_TO_ASCII", "Needs", "Screen", "needs_of", "needs_table"]

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


# Sets of words, each a sorted tuple (a constant in byte-code: a kept table loads for free).
Needs = tuple[tuple[str, ...], ...]


def needs_of(source: str, flags: int) -> Needs:
    """The sets of words every match of a pattern needs, the most selective first (read from
    the pattern's parse, which costs about as much as compiling it)."""
    needs = sorted(_required(_sre_parse.parse(source, flags)), key=_rank, reverse=True)
    return tuple(tuple(sorted(words)) for words in needs)


_FINDER_AFTER = 200  # texts a screen reads before it builds one search for its words


def _trie(words: Sequence[str]) -> str:
    """A pattern matching the longest of ``words`` that starts where it is tried: the words as
    a trie, each node's continuations tried before ending there."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


class Screen:
    """Labelled patterns, each searched only when the text holds the words it needs.

    A pattern is given compiled or as its source (compiled with ``flags`` on first use: a
    process that never meets a text that could match it never compiles it). What a pattern
    needs is read from its parse, unless ``known`` (a table made by :func:`needs_of` and kept
    in the source, checked current by ``tests/wording/test_screen.py``) or ``needs`` (sets
    the caller derived itself, which must be sound: every match holds a word of each set)
    already says it.
    """

    def __init__(
        self,
        patterns: Sequence[tuple[str, str | re.Pattern[str]]],
        *,
        flags: int = re.IGNORECASE,
        known: Mapping[str, Needs] | None = None,
        needs: Sequence[Needs] | None = None,
    ) -> None:
        self._labels = tuple(label for label, _ in patterns)
        self._sources = tuple(p if isinstance(p, str) else p.pattern for _, p in patterns)
        self._flags = tuple(flags if isinstance(p, str) else p.flags for _, p in patterns)
        # Filled on first use; a slot written twice by two threads gets equal patterns.
        self._compiled: list[re.Pattern[str] | None] = [
            None if isinstance(p, str) else p for _, p in patterns
        ]
        if needs is None:
            needs = [
                known[source]
                if known is not None and f == re.IGNORECASE and source in known
                else needs_of(source, f)
                for source, f in zip(self._sources, self._flags, strict=True)
            ]
        self.needs = tuple(zip(self._labels, self._sources, needs, strict=True))
        # Each pattern's most selective set, inverted: the words of every first set, each with
        # the patterns it opens. A text is tested once for each of those words, then only the
        # patterns opened are tested for their other sets.
        opens: dict[str, list[int]] = {}
        for i, (_, _, n) in enumerate(self.needs):
            for word in n[0] if n else ():
                opens.setdefault(word, []).append(i)
        self._opens = tuple(opens.items())
        self._always = frozenset(i for i, (_, _, n) in enumerate(self.needs) if not n)
        self._rest = tuple(n[1:] for _, _, n in self.needs)
        # After _FINDER_AFTER texts, one search finds those words instead (:meth:`_opened`).
        self._seen = 0
        self._finder: tuple[re.Pattern[str], dict[str, frozenset[int]]] | None = None

    def _opened(self, low: str) -> set[int]:
        """The patterns whose first set has a word in ``low``.

        At first each word is looked for in turn. A screen that reads many texts (a batch, a
        long case) then builds one search for all of them: a trie of the words in a lookahead,
        so at every place in the text it finds the longest word starting there (the shorter
        ones starting there are its prefixes), and each word found stands for every word it
        contains. Building it costs a few milliseconds, which a check of one case would never
        earn back; both ways give the same patterns."""
        finder = self._finder
        if finder is None:
            self._seen += 1  # a race may miscount by one: it only moves when the search is built
            if self._seen <= _FINDER_AFTER:
                return {i for word, these in self._opens if word in low for i in these}
            finder = self._finder = self._build_finder()
        search, opens = finder
        found: set[int] = set()
        for word in set(search.findall(low)):
            found |= opens[word]
        return found

    def _build_finder(self) -> tuple[re.Pattern[str], dict[str, frozenset[int]]]:
        words = [word for word, _ in self._opens]
        opens = {
            word: frozenset(i for inner, these in self._opens if inner in word for i in these)
            for word in words
        }
        return re.compile(f"(?=({_trie(words)}))"), opens

    def _pattern(self, i: int) -> re.Pattern[str]:
        pattern = self._compiled[i]
        if pattern is None:
            pattern = self._compiled[i] = re.compile(self._sources[i], self._flags[i])
        return pattern

    @property
    def patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Every labelled pattern, compiled (for tests that search them all)."""
        return tuple((label, self._pattern(i)) for i, label in enumerate(self._labels))

    def candidates(self, text: str) -> list[tuple[str, re.Pattern[str]]]:
        """The patterns that could match ``text`` (every one, for a text with a folding
        letter), in list order."""
        if not text.isascii() and not FOLDS_TO_ASCII.isdisjoint(text):
            return list(self.patterns)
        low = text.lower()
        opened = self._opened(low)
        if self._always:
            opened |= self._always
        out = []
        for i in sorted(opened):
            for words in self._rest[i]:
                for word in words:
                    if word in low:
                        break
                else:
                    break  # this set has no word in the text: the pattern cannot match
            else:
                out.append((self._labels[i], self._pattern(i)))
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


def needs_table(name: str, screens: Sequence[Screen]) -> str:
    """The source of a table of what each pattern of these screens needs (a module of
    :mod:`.screen_needs`' shape), sorted for a stable diff."""
    rows = {source: needs for screen in screens for _, source, needs in screen.needs}
    lines = [f"{name}: dict[str, Needs] = {{"]
    for source in sorted(rows):
        sets = ", ".join(repr(words) for words in rows[source])
        lines.append(f"    {source!r}: ({sets}{',' if len(rows[source]) == 1 else ''}),")
    lines.append("}")
    return "\n".join(lines) + "\n"
