"""Reading a text for the safety-detail detector (:mod:`.safety`): its sentences, its words,
and every phrase, name, number and named place in it, each with its kind and span.

The text is cut into words once. A trie of the lexicon's phrases (:mod:`.safety_words`) finds
the longest phrase at each word (a few dictionary look-ups a word, and only at words that can
start a phrase); a trie of the cast's names (built once per cast) finds who is named;
capitalised runs give named places ("in Ossett", "Hillside Primary"); one expression reads what
starts with a digit (times, dates, phone numbers, addresses, postcodes), tried only where a
digit is; a few patterns anchored on their first word (secrecy, "offered a flat") are tried only
where that word is. Everything is compiled at import; reading is linear in the text.

Each person named gets a *side*: hers (``HER``, ``CHILD``, ``NET`` for her network), his
(``HIM``), a professional's (``PRO``), anyone's (``ANY``) or ``OTHER``.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from typing import Any

import attrs

from .cast import Cast
from .safety_words import (
    ANCHORED,
    BRANDS,
    CHILD_PLACE_TYPES,
    DIGITS,
    EMAIL,
    KIN_WORDS,
    LOWER_PLACE_TYPES,
    NOT_PLACES,
    ORG_TYPES,
    PHRASES,
    PLACE_PREPOSITIONS,
    STREET_TYPES,
    VENUE_TYPES,
)

__all__ = [
    "ANY",
    "CHILD",
    "HER",
    "HIM",
    "NET",
    "OTHER",
    "PERSONS",
    "PLACE_TYPES",
    "POSSESSIVE_PRONOUNS",
    "PRO",
    "SIDE_OF_KIND",
    "SIDE_OF_ROLE",
    "THEIRS",
    "Text",
    "Word",
    "read",
    "sentence_spans",
    "word_set",
]


# --- sides ----------------------------------------------------------------------------------

HER, CHILD, NET, HIM, PRO, ANY, OTHER = "her", "child", "net", "him", "pro", "any", "other"
THEIRS = frozenset({HER, CHILD, NET})
PERSONS = frozenset({HER, CHILD, NET, HIM, OTHER})

# The side of each role a cast or a holder can have.
SIDE_OF_ROLE = {
    "adult-at-risk": HER,
    "child": CHILD,
    "network-member": NET,
    "safe-adult": NET,
    "parent-or-carer": NET,
    "person-causing-harm": HIM,
    "both-parents": HIM,
    "professional": PRO,
    "agency": PRO,
    "other": OTHER,
}
# The side of each kind of lexicon phrase that names someone (pronouns are resolved later).
SIDE_OF_KIND: dict[str, str | None] = {
    "agency": PRO,
    "his_side": HIM,
    "net": NET,
    "children": CHILD,
    "her": HER,
    "him": HIM,
    "generic": ANY,
    "pronoun": None,
}


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(words.split())


POSSESSIVE_PRONOUNS = word_set("his her their my our your")
# Words after "Pat's" that show it stands alone: the home of Pat.
_AFTER_HOME = word_set(". , ; : ) ! ? or and for until on at in every most when if because while")
PLACE_TYPES = CHILD_PLACE_TYPES | STREET_TYPES | VENUE_TYPES
_BY_START = operator.attrgetter("start")
_ABBREVIATIONS = word_set(
    "mr mrs ms dr st no nos vs etc eg e.g ie i.e approx tel ref dept cllr prof rd ave jan feb "
    "mar apr jun jul aug sep sept oct nov dec co pc dc ds sgt insp"
)


# --- compiled once --------------------------------------------------------------------------

# A word: letters and digits; an apostrophe, a comma or a clause stop is a word of its own.
_TOKEN = re.compile(r"\w+|'|[.!?;:()\[\]—–,@]|(?<=\s)-(?=\s)")
_TOKENS = re.compile(f"({_TOKEN.pattern})")
_END_OF_PHRASE = ""  # the key under which a trie node keeps its kinds (no word is empty)


def _trie(phrases: tuple[tuple[str, list[str]], ...]) -> dict[str, Any]:
    """A trie of phrases, word by word; the node where a phrase ends keeps its kinds under
    ``_END_OF_PHRASE``."""
    root: dict[str, Any] = {}
    for kind, items in phrases:
        for phrase in items:
            node = root
            for token in _TOKEN.findall(phrase.lower().replace("’", "'")):
                node = node.setdefault(token, {})
            kinds = node.setdefault(_END_OF_PHRASE, [])
            if kind not in kinds:
                kinds.append(kind)
    return root


_PHRASE_TRIE = _trie(PHRASES)
_PHRASE_ROOTS = frozenset(_PHRASE_TRIE)
_TYPE_TRIE = _trie((("type", LOWER_PLACE_TYPES.split("|")),))
# For each first word, the anchored patterns that start with it, and their kinds.
_ANCHORS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _kind, _firsts, _pattern in ANCHORED:
    for _first in _firsts:
        _ANCHORS.setdefault(_first, []).append((_kind, re.compile(_pattern)))
_EMAIL = re.compile(EMAIL)
_DIGITS = re.compile(DIGITS)
_DIGIT = re.compile(r"[+\d]")
_POSTCODE_AREA = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,2}$")
_DISTRICT_AREA = re.compile(r",\s[A-Z]{1,2}$")
_PHONE_BEFORE = re.compile(r"[\w+]$")
_AT_TIME = re.compile(r"\b(?:at|between|from|until|till|by)\s$", re.I)
_WITHIN = re.compile(r"\bwithin\s$", re.I)
# A run of capitalised words, which may be a named place.
# (No "\b" in front: the scan can then skip to capitals; a capital inside a word is skipped.)
_CAPS = re.compile(r"[A-Z][\w'’&-]*(?:\s+(?:(?:&|of|on\s+the|y|yr)\s+)?[A-Z][\w'’&-]*)*")
# A sentence ends at terminal punctuation followed by a space (not after "Mr." or an initial),
# at a blank line, or before a list item.
_SENTENCE_END = re.compile(r"[.!?]+['\"’”)\]]*(?=\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•]|\d+[.)])\s)")


@attrs.define(slots=True)
class Word:
    """A word or phrase found in a sentence: its kind, its span in the text and in the
    sentence's words (``ti`` to ``tj``), and for people their side."""

    kind: str
    start: int
    end: int
    ti: int
    tj: int
    side: str | None = None
    key: str = ""  # lower-case text, for pronouns and gender
    possessive: bool = False
    place: str | None = None  # for named places: child, street, venue, area, brand


@attrs.define(slots=True)
class Text:
    """A whole text, read once: lower-cased, cut into words, with every phrase, name, number
    and named place found in it (``words``, in text order)."""

    text: str
    lower: str
    starts: list[int]
    ends: list[int]
    tokens: list[str]
    words: list[Word] = attrs.Factory(list)

    def before(self, w: Word, back: int = 1) -> str:
        """The word ``back`` words before ``w`` ("" at the start)."""
        i = w.ti - back
        return self.tokens[i] if i >= 0 else ""

    def tokens_between(self, a: int, b: int) -> bool:
        """Whether a word other than a comma starts between offsets ``a`` and ``b``."""
        i = bisect.bisect_left(self.starts, a)
        while i < len(self.starts) and self.starts[i] < b:
            if self.tokens[i] != ",":
                return True
            i += 1
        return False


# --- the cast -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def _cast_index(cast: Cast) -> dict[str, Any]:
    """A trie of the cast's names, word by word, each ending in its side, whether it is a proper
    name, and whether it names a specialist service for her (an agency whose name says it is a
    domestic abuse service, a refuge, an IDVA service).

    Proper names match only with their capital ("Will", "May" and "Hope" are names and words);
    kin words and lower-case words ("mum", "teacher") match in any case. An agency is also known
    by the part of its name before a comma or a bracket ("Cymorth Dyffryn, domestic abuse
    support" is "Cymorth Dyffryn" in a sentence).
    """
    entries: dict[str, tuple[set[str], bool, bool]] = {}
    for member in cast.members:
        side = SIDE_OF_ROLE.get(member.role, OTHER)
        names = list(member.names)
        specialist = False
        if member.role == "agency":
            specialist = any(_is_specialist(n) for n in names)
            names += [re.split(r"\s*[,(]", n, maxsplit=1)[0] for n in names]
        for name in names:
            sides, special, place = entries.get(name, (set(), False, False))
            # An agency named like a place ("Westmere Family Centre") is a place too.
            tokens = _TOKEN.findall(_lower(name))
            place = place or (
                member.role == "agency"
                and bool(tokens)
                and tokens[-1] in PLACE_TYPES
                and name.split()[-1][:1].isupper()  # a proper name, not "Osian's school"
            )
            entries[name] = (sides | {side}, special or specialist, place)
    root: dict[str, Any] = {}
    for name, (sides, specialist, place) in entries.items():
        tokens = _TOKEN.findall(_lower(name))
        if not tokens:
            continue
        node = root
        for token in tokens:
            node = node.setdefault(token, {})
        proper = name[:1].isupper() and name.casefold() not in KIN_WORDS
        side = next(iter(sides)) if len(sides) == 1 else OTHER
        node.setdefault(_END_OF_PHRASE, []).append((side, proper, specialist, place))
    return root


def _is_specialist(name: str) -> bool:
    """Whether a name holds a phrase of specialist help ("... Domestic Abuse Service")."""
    tokens = _TOKEN.findall(_lower(name))
    for i in range(len(tokens)):
        found = _walk(_PHRASE_TRIE, tokens, i)
        if found is not None and "specialist" in found[1]:
            return True
    return False


# --- sentences and words --------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            before = text[start : match.start()].rsplit(None, 1)
            last = before[-1] if before else ""
            if last.lower().rstrip(".") in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _lower(text: str) -> str:
    """The text in lower case, offset for offset (a few letters grow when lowered)."""
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lower.replace("’", "'")


def _walk(trie: dict[str, object], tokens: list[str], i: int) -> tuple[int, list[str]] | None:
    """The longest phrase of the trie starting at word ``i``: where it ends and its kinds."""
    node = trie.get(tokens[i])
    best = None
    j = i + 1
    while isinstance(node, dict):
        kinds = node.get(_END_OF_PHRASE)
        if kinds:
            best = (j, kinds)
        if j >= len(tokens):
            break
        node = node.get(tokens[j])
        j += 1
    return best


def read(text: str, cast: Cast) -> Text:
    """Read a whole text once: its words, and every phrase, name, number and place in it."""
    lower = _lower(text)
    # Split keeps the words at odd places; their offsets are running sums of lengths.
    parts = _TOKENS.split(lower)
    offsets = [0, *itertools.accumulate(map(len, parts))]
    starts, ends, tokens = offsets[1:-1:2], offsets[2::2], parts[1::2]
    t = Text(text, lower, starts, ends, tokens)
    words = t.words
    bisect_left = bisect.bisect_left

    names = _cast_index(cast)
    taken: set[int] = set()  # the words that are a cast member's name
    named: set[int] = set()  # ... or name an agency or a person in the lexicon's words
    trie = _PHRASE_TRIE
    n = len(tokens)
    # Only words that can start a phrase or a name are looked at (about half of them).
    roots = _PHRASE_ROOTS | names.keys() | _ANCHORS.keys()
    after = 0  # the first word not yet inside a phrase
    for i in [i for i, token in enumerate(tokens) if token in roots]:
        token = tokens[i]
        for kind, compiled in _ANCHORS.get(token, ()):
            m = compiled.match(lower, starts[i])
            if m is not None:
                b = m.end()
                words.append(Word(kind, starts[i], b, i, bisect_left(starts, b), key=m.group()))
        if i < after:
            continue
        if token in names:
            found = _walk(names, tokens, i)
            if found is not None:
                j, ends_here = found
                a = starts[i]
                match = next((e for e in ends_here if not e[1] or text[a].isupper()), None)
                if match is not None:
                    b = ends[j - 1]
                    owns = _owns(tokens, j)
                    words.append(Word("person", a, b, i, j, match[0], lower[a:b], owns))
                    if match[2]:
                        words.append(Word("specialist", a, b, i, j, key=lower[a:b]))
                    if not match[3]:
                        taken.update(range(i, j))
        node = trie.get(token)
        found = None
        j = i + 1
        while node is not None:
            kinds = node.get(_END_OF_PHRASE)
            if kinds:
                found = (j, kinds)
            if j >= n:
                break
            node = node.get(tokens[j])
            j += 1
        if found is None:
            continue
        j, kinds = found
        a, b = starts[i], ends[j - 1]
        key = lower[a:b]
        for kind in kinds:
            if kind in SIDE_OF_KIND:
                if taken and not taken.isdisjoint(range(i, j)):
                    continue
                if kind == "pronoun" and key == "i" and text[a] != "I":
                    continue
                owns = key in POSSESSIVE_PRONOUNS or _owns(tokens, j)
                words.append(Word("person", a, b, i, j, SIDE_OF_KIND[kind], key, owns))
                if kind != "pronoun":
                    named.update(range(i, j))
            else:
                words.append(Word(kind, a, b, i, j, key=key))
        after = j

    if "@" in text:
        for m in _EMAIL.finditer(lower):
            a, b = m.span()
            ti, tj = bisect_left(starts, a), bisect_left(starts, b)
            words.append(Word("email", a, b, ti, tj, key=lower[a:b]))
    pos = 0
    for first in _DIGIT.finditer(text):
        at = first.start()
        if at < pos or (at and text[at - 1].isdigit()):
            continue  # inside a number already read
        m = _DIGITS.match(text, at)
        if m is None:
            continue
        pos = m.end()
        kind, (a, b) = m.lastgroup or "", m.span()
        if kind == "number":  # "at 3", "between 12 and 1"
            if _AT_TIME.search(lower, max(0, a - 8), a) is None:
                continue
            kind = "time"
        elif kind == "within":
            if _WITHIN.search(lower, max(0, a - 7), a) is None:
                continue
            kind = "restrict"
        elif kind == "phone":
            if a and _PHONE_BEFORE.match(text, a - 1):
                continue
        elif kind == "postcode":
            area = _POSTCODE_AREA.search(text, max(0, a - 3), a)
            if area is None:
                continue
            kind, a = "address", area.start()
        elif kind == "district":
            if _DISTRICT_AREA.search(text, max(0, a - 5), a) is None:
                continue
            kind, a = "address", a - 1 - (text[a - 2].isupper())
        ti, tj = bisect_left(starts, a), bisect_left(starts, b)
        words.append(Word(kind, a, b, ti, tj, key=lower[a:b]))
    for w in words:
        # "Flat 3", "number 12": an address word before a number.
        if w.kind == "address_word" and w.tj < n and tokens[w.tj].isdigit():
            w.kind, w.end, w.tj = "address", ends[w.tj], w.tj + 1

    for m in _CAPS.finditer(text):
        a, b = m.span()
        if a and text[a - 1].isalnum():
            continue  # a capital inside a word
        if bisect_left(starts, a) in taken:
            continue  # a name
        place = _named_place(text, lower, a, b, tokens, starts, taken | named)
        if place is not None:
            words.append(place)
    for w in list(words):
        # "at her neighbour Pat's", "to Grandma Jean's": someone's home.
        if w.kind == "person" and w.possessive and w.key not in POSSESSIVE_PRONOUNS:
            k = w.tj + (2 if w.tj + 1 < n and tokens[w.tj + 1] == "s" else 1)
            if k >= n or tokens[k] in _AFTER_HOME:
                words.append(Word("place", w.start, ends[k - 1], w.ti, k, w.side, place="home"))
    words.sort(key=_BY_START)
    return t


def _owns(tokens: list[str], j: int) -> bool:
    """Whether the name ending before word ``j`` is possessive ("Sally's", "the children's")."""
    return j < len(tokens) and tokens[j] == "'"


def _named_place(
    text: str,
    lower: str,
    a: int,
    b: int,
    tokens: list[str],
    starts: list[int],
    taken: set[int],
) -> Word | None:
    """A run of capitalised words taken as a place, with its kind (``child``, ``street``,
    ``venue``, ``area`` or ``brand``), or None when it is no place."""
    while b > a and text[b - 1] == ".":
        b -= 1
    ti = bisect.bisect_left(starts, a)
    if ti in taken:
        return None
    tj = bisect.bisect_left(starts, b, ti)
    run = lower[a:b]
    if run in BRANDS or run.split()[0] in BRANDS:
        return Word("place", a, b, ti, tj, key=run, place="brand")
    before = ti - 1
    if before >= 0 and tokens[before] == "the":
        before -= 1
    after_prep = before >= 0 and tokens[before] in PLACE_PREPOSITIONS
    typed = _walk(_TYPE_TRIE, tokens, tj) if tj < len(tokens) and tokens[tj] in _TYPE_TRIE else None
    last = run.rsplit(None, 1)[-1].strip(".,")
    if not (after_prep or typed is not None or last in PLACE_TYPES):
        return None  # a name, or the first word of a sentence
    if taken and not taken.isdisjoint(range(ti, tj)):
        return None
    if typed is not None:
        tj = typed[0]
        b = starts[tj - 1] + len(tokens[tj - 1])
    words = lower[a:b].split()
    originals = text[a:b].split()
    # Leading titles, days, kin words and acronyms are not part of the place's name.
    while words and (
        words[0].strip("'") in NOT_PLACES
        or (len(originals[0]) > 1 and originals[0].isupper() and originals[0].isalpha())
    ):
        a = lower.index(words[0], a) + len(words[0])
        words.pop(0)
        originals.pop(0)
        after_prep = False
    if not words:
        return None
    a = lower.index(words[0], a)
    last = words[-1].strip(".,")
    if last in ORG_TYPES:
        return None
    if last in CHILD_PLACE_TYPES:
        kind = "child"
    elif last in STREET_TYPES:
        kind = "street"
    elif last in VENUE_TYPES:
        kind = "venue"
    elif after_prep or typed is not None:
        kind = "area"
    else:
        return None
    return Word("place", a, b, ti, tj, key=lower[a:b], place=kind)
