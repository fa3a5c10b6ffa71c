"""Reading a text for the safety-detail detector (:mod:`.safety`): its sentences, its words,
and every phrase, name, number and named place in it, each with its kind and span.

The text is cut into words once. A trie of the lexicon's phrases (:mod:`.safety_words`) finds
the longest phrase at each word (a few dictionary look-ups a word, and only at words that can
start a phrase); a trie of the cast's names (built once per cast) finds who is named;
capitalised runs give named places ("in Ossett", "Hillside Primary"); one expression reads what
starts with a digit (times, dates, phone numbers, addresses, postcodes), tried only where a
digit is; a few patterns anchored on their first word (secrecy, "offered a flat") are tried only
where that word is. Everything is compiled at import; reading is linear in the text.
Before that, :func:`quiet` proves most texts hold no detail from what is cheap to know.

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
from collections.abc import Iterator
from typing import Any, NamedTuple

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
    SPEECH,
    SPEECH_WORDS,
    STREET_TYPES,
    VENUE_TYPES,
)

__all__ = [
    "ANALYSED",
    "ANY",
    "CHILD",
    "CUES",
    "HER",
    "HIM",
    "KIN",
    "NET",
    "OTHER",
    "PERSONS",
    "PLACE_TYPES",
    "POSSESSIVE_PRONOUNS",
    "PRO",
    "SIDE_OF_KIND",
    "SIDE_OF_ROLE",
    "SPEECH_AFTER",
    "THEIRS",
    "Cut",
    "Text",
    "Word",
    "cut",
    "quiet",
    "read",
    "sentence_spans",
    "word_set",
]


# --- sides ----------------------------------------------------------------------------------

HER, CHILD, NET, HIM, PRO, ANY, OTHER = "her", "child", "net", "him", "pro", "any", "other"
KIN = "kin"  # family or friends whose side comes from whose they are (resolved with pronouns)
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
    "kin": KIN,
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
# Letters are written out as ranges rather than "\w" (a Unicode look-up for every character,
# most of the cost of reading). The text is lower-cased first, so A-Z never occurs.
_LETTER_RANGES = (
    (0x30, 0x39),  # 0-9
    (0x5F, 0x5F),  # _
    (0x61, 0x7A),  # a-z
    (0xAA, 0xAA),
    (0xB5, 0xB5),
    (0xBA, 0xBA),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x1FFF),
    (0x2C00, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFFD),
)


def _none_but(ranges: tuple[tuple[int, int], ...], *more: str) -> str:
    """A character class of ``ranges`` and the characters ``more``, written as the class of
    every other character ("[^...]"): the same characters, but compiled in a fraction of the
    time (the re module spells out every character of a wide range when it compiles one)."""
    wanted = sorted([*ranges, *((ord(c), ord(c)) for c in more)])
    out, at = [], 0
    for lo, hi in wanted:
        if lo > at:
            out.append(f"\\U{at:08x}-\\U{lo - 1:08x}")
        at = max(at, hi + 1)
    if at <= 0x10FFFF:
        out.append(f"\\U{at:08x}-\\U{0x10FFFF:08x}")
    return f"[^{''.join(out)}]"


_LETTER = _none_but(_LETTER_RANGES)
_TOKEN = re.compile(rf"{_LETTER}+|[.!?;:()\[\]—–,@']|(?<=\s)-(?=\s)")
_TOKENS = re.compile(f"({_TOKEN.pattern})")
_END_OF_PHRASE = ""  # the key under which a trie node keeps its kinds (no word is empty)


_PLAIN = re.compile("[a-z ]*").fullmatch  # words the reader cuts as str.split() does


def _trie(
    phrases: tuple[tuple[str, list[str]], ...],
    needs: dict[str, list[tuple[str, ...]]] | None = None,
) -> dict[str, Any]:
    """A trie of phrases, word by word; the node where a phrase ends keeps its kinds under
    ``_END_OF_PHRASE``.

    With ``needs``, each phrase of a kind that can carry a detail (:data:`ANALYSED`) also puts
    its words there, under the word it is looked up by (:func:`_key`): the screen's table.
    """
    root: dict[str, Any] = {}
    for kind, items in phrases:
        cue = needs is not None and kind in ANALYSED
        for phrase in items:
            node = root
            raw = phrase.lower().replace("’", "'")
            tokens = raw.split() if _PLAIN(raw) else _TOKEN.findall(raw)
            for token in tokens:
                node = node.setdefault(token, {})
            kinds = node.setdefault(_END_OF_PHRASE, [])
            if kind not in kinds:
                kinds.append(kind)
            if cue and needs is not None:
                needs.setdefault(_key(tokens), []).append(tuple(tokens))
    return root


# Words too common to look a phrase up by ("the sea" is looked up by "sea").
_COMMON = word_set(
    "a an the to of in on at for with her his their them my our your has have had is are was "
    "were be been will would can could go going goes get new from by and or not if when up out "
    "back next every each day s ' , ."
)


def _key(tokens: list[str]) -> str:
    """The word a phrase is looked up by in the screen: its last word, or its longest
    uncommon one when the last is common ("contact her on" is looked up by "contact")."""
    last = tokens[-1]
    if last not in _COMMON:
        return last
    uncommon = [t for t in tokens if t not in _COMMON]
    return max(uncommon or tokens, key=len)


# The kinds of word that can carry a detail (on their own, or with a routine or an appointment),
# and secrecy: safety.py analyses a sentence only when it holds one of them or a child's words.
CUES = word_set(
    "specialist safe_network marker order phone email contact_new contact_call new_home "
    "new_child_place move routine_alone place address landmark time date"
)
ANALYSED = CUES | {"secrecy"}
# For the screen: the words of every phrase of such a kind, by the word it is looked up by.
_CUE_NEEDS: dict[str, list[tuple[str, ...]]] = {}
_PHRASE_TRIE = _trie(PHRASES, _CUE_NEEDS)
_CUE_KEYS = frozenset(_CUE_NEEDS)
# A child's words follow the last word of a child's name, of a phrase for children ("the
# kids") or of a pronoun that can stand for a child (possessives never do; "he" and "she" take
# the side of someone named before them, "they" of someone or of the children).
_CHILD_WORDS = frozenset(
    _TOKEN.findall(phrase.lower())[-1]
    for kind, items in PHRASES
    if kind == "children"
    for phrase in items
) | word_set("they them theirs themselves")
_HE_OR_SHE = word_set("he him himself she hers herself")
# An address word before a number is an address ("Flat 3", "number 12").
_ADDRESS_ENDS = frozenset(
    _TOKEN.findall(phrase.lower())[-1]
    for kind, items in PHRASES
    if kind == "address_word"
    for phrase in items
)
SPEECH_AFTER = re.compile(SPEECH)
# A character the reader takes for a letter that the patterns do not (their "\b" and "\s"
# see a boundary where the reader sees none): with one, the screen does not trust its words.
_ODD_LETTER = re.compile(
    rf"[^\x00-\x7f](?<={_LETTER})(?<!\w)"
)  # a child's words, matched right after the child is named
_BRAND_WORDS = frozenset(w for brand in BRANDS for w in _TOKEN.findall(brand))
# The words that are a phrase on their own (the others only start longer ones).
_PHRASE_WORDS = frozenset(w for w, node in _PHRASE_TRIE.items() if _END_OF_PHRASE in node)
_TYPE_TRIE = _trie((("type", LOWER_PLACE_TYPES.split("|")),))
# For each first word, the anchored patterns that start with it, and their kinds.
_ANCHORS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _kind, _firsts, _pattern in ANCHORED:
    for _first in _firsts:
        _ANCHORS.setdefault(_first, []).append((_kind, re.compile(_pattern)))
_EMAIL = re.compile(EMAIL)
_DIGITS = re.compile(DIGITS)
_DIGIT = re.compile(r"[+\d]\d*")
_POSTCODE_AREA = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,2}$")
_DISTRICT_AREA = re.compile(r",\s[A-Z]{1,2}$")
_PHONE_BEFORE = re.compile(r"[\w+]$")
_AT_TIME = re.compile(r"\b(?:at|between|from|until|till|by)\s$", re.I)
_WITHIN = re.compile(r"\bwithin\s$", re.I)
# A run of capitalised words, which may be a named place.
# (No "\b" in front: the scan can then skip to capitals; a capital inside a word is skipped.)
_NAME_CHAR = _none_but(((0x41, 0x5A), *_LETTER_RANGES), "'", "’", "&", "-")  # A-Z too
_CAPS = re.compile(rf"[A-Z]{_NAME_CHAR}*(?:\s+(?:(?:&|of|on\s+the|y|yr)\s+)?[A-Z]{_NAME_CHAR}*)*")
# A sentence ends at terminal punctuation followed by a space (not after "Mr." or an initial),
# at a blank line, or before a list item.
# (Each expression starts with one character class, so the scan skips to where it can match.)
_TERMINAL = re.compile(r"[.!?][.!?]*['\"’”)\]]*")
_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*•]|\d+[.)])\s)")


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


class _CastIndex(NamedTuple):
    """A cast's names as a trie (:func:`_cast_index`), and what the screen (:func:`quiet`)
    needs of them."""

    names: dict[str, Any]
    # The last words of the children's names (a child's words follow them).
    child_ends: frozenset[str]
    # The names of specialist services, as words, by their first word.
    specialist: dict[str, list[tuple[str, ...]]]
    # Names of one word that are always taken as a name when written with a capital (no name
    # of a place has that word in it).
    sure: frozenset[str]


_BEFORE_COMMA = re.compile(r"\s*[,(]")


@functools.lru_cache(maxsize=128)
def _cast_index(cast: Cast) -> _CastIndex:
    """A trie of the cast's names, word by word, each ending in its side, whether it is a proper
    name, and whether it names a specialist service for her (an agency whose name says it is a
    domestic abuse service, a refuge, an IDVA service).

    Proper names match only with their capital ("Will", "May" and "Hope" are names and words);
    kin words and lower-case words ("mum", "teacher") match in any case. An agency is also known
    by the part of its name before a comma or a bracket ("Cymorth Dyffryn, domestic abuse
    support" is "Cymorth Dyffryn" in a sentence).
    """
    words_of: dict[str, list[str]] = {}

    def words(name: str) -> list[str]:
        found = words_of.get(name)
        if found is None:
            lower = _lower(name)
            found = words_of[name] = lower.split() if _PLAIN(lower) else _TOKEN.findall(lower)
        return found

    entries: dict[str, tuple[set[str], bool, bool]] = {}
    child_ends: set[str] = set()
    for member in cast.members:
        side = SIDE_OF_ROLE.get(member.role, OTHER)
        names = list(member.names)
        specialist = False
        if member.role == "agency":
            specialist = any(_is_specialist(words(n)) for n in names)
            names += [_BEFORE_COMMA.split(n, maxsplit=1)[0] for n in names]
        elif member.role == "child":
            child_ends.update(t[-1] for n in names if (t := words(n)))
        for name in names:
            sides, special, place = entries.get(name, (set(), False, False))
            # An agency named like a place ("Westmere Family Centre") is a place too.
            tokens = words(name)
            place = place or (
                member.role == "agency"
                and bool(tokens)
                and tokens[-1] in PLACE_TYPES
                and name.split()[-1][:1].isupper()  # a proper name, not "Osian's school"
            )
            entries[name] = (sides | {side}, special or specialist, place)
    root: dict[str, Any] = {}
    specialists: dict[str, list[tuple[str, ...]]] = {}
    in_places: set[str] = set()
    for name, (sides, specialist, place) in entries.items():
        tokens = words(name)
        if not tokens:
            continue
        node = root
        for token in tokens:
            node = node.setdefault(token, {})
        proper = name[:1].isupper() and name.casefold() not in KIN_WORDS
        side = next(iter(sides)) if len(sides) == 1 else OTHER
        node.setdefault(_END_OF_PHRASE, []).append((side, proper, specialist, place))
        if specialist:
            specialists.setdefault(tokens[0], []).append(tuple(tokens))
        if place:
            in_places.update(tokens)
    sure = frozenset(t for t, node in root.items() if _END_OF_PHRASE in node) - in_places
    return _CastIndex(root, frozenset(child_ends), specialists, sure)


def _is_specialist(tokens: list[str]) -> bool:
    """Whether a name (its words) holds a phrase of specialist help ("... Domestic Abuse
    Service")."""
    for i in range(len(tokens)):
        found = _walk(_PHRASE_TRIE, tokens, i)
        if found is not None and "specialist" in found[1]:
            return True
    return False


# --- sentences and words --------------------------------------------------------------------


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text``, as (start, end) offsets without surrounding space.

    A full stop, question mark or exclamation mark followed by a space ends a sentence, except
    after a known abbreviation ("Mr.", "e.g.") or a single capital letter (an initial); so do a
    blank line and a line break before a list item.
    """
    cuts: list[int] = []
    size = len(text)
    start = 0
    for match in _TERMINAL.finditer(text):
        at, end = match.span()
        if end < size and not text[end].isspace():
            continue  # "10.15", "e.g.the"
        if text[at] == ".":
            space = max(text.rfind(" ", start, at), text.rfind("\n", start, at))
            last = text[space + 1 : at]
            if last.lower().rstrip(".") in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
                continue
        cuts.append(end)
        start = end
    if "\n" in text:
        cuts += [m.end() for m in _BREAK.finditer(text)]
        cuts.sort()
    out = []
    start = 0
    for end in [*cuts, size]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            a = start + len(piece) - len(piece.lstrip())
            out.append((a, a + len(stripped)))
        start = max(start, end)
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


class Cut(NamedTuple):
    """A text cut into words (:func:`cut`): lower-cased, each word with its offsets, the set
    of its words, and (once :func:`quiet` has looked) its numbers and anchored patterns."""

    lower: str
    starts: list[int]
    ends: list[int]
    tokens: list[str]
    vocabulary: set[str]
    numbers: list[tuple[str, int, int]]
    anchored: list[tuple[str, int, int, str]]


def cut(text: str) -> Cut:
    """Cut a text into words, once for the screen and the reading."""
    lower = _lower(text)
    # Split keeps the words at odd places; their offsets are running sums of lengths.
    parts = _TOKENS.split(lower)
    offsets = [0, *itertools.accumulate(map(len, parts))]
    tokens = parts[1::2]
    return Cut(lower, offsets[1:-1:2], offsets[2::2], tokens, set(tokens), [], [])


def read(text: str, cast: Cast, pieces: Cut | None = None) -> Text:
    """Read a whole text once: its words, and every phrase, name, number and place in it
    (``pieces``: the text already cut)."""
    pieces = pieces or cut(text)
    lower, starts, ends, tokens, vocabulary = pieces[:5]
    t = Text(text, lower, starts, ends, tokens)
    index = _cast_index(cast)
    bisect_left = bisect.bisect_left
    if not pieces.numbers and not pieces.anchored:
        _numbers_and_anchors(text, pieces)

    # Each pass finds its own words; they are joined in the order of the passes before the
    # (stable) sort by start, so that words starting at one place keep their order.
    anchored = [
        Word(kind, starts[i], b, i, bisect_left(starts, b), key=key)
        for kind, i, b, key in pieces.anchored
    ]
    taken: set[int] = set()  # the words that are a cast member's name
    named: set[int] = set()  # ... or name an agency or a person in the lexicon's words
    owners: list[Word] = []  # people written with "'s", who may stand for their home
    people = _names(text, lower, tokens, starts, ends, index.names, vocabulary, taken, owners)
    phrases = _phrases(text, lower, tokens, starts, ends, taken, named, owners)
    numbers = [
        Word(kind, a, b, bisect_left(starts, a), bisect_left(starts, b), key=lower[a:b])
        for kind, a, b in pieces.numbers
    ]
    places = _places(text, lower, tokens, starts, taken, taken | named)
    words = t.words
    for found in (anchored, people, phrases, numbers, places, _homes(tokens, ends, owners)):
        words += found
    words.sort(key=_BY_START)
    return t


def quiet(text: str, cast: Cast, pieces: Cut | None = None) -> bool:
    """Whether a text is proved to hold no safety detail, from what is cheap to know, before
    it is read in full.

    :mod:`.safety` analyses a sentence only when it holds a word of a kind in :data:`ANALYSED`
    or a child's words (when the holder is not a child), so a text has no detail unless one of
    these is true, each checked as :func:`read` would find it or more loosely: a number, an
    e-mail or an anchored pattern of such a kind; all the words of a lexicon phrase of such a
    kind, one after another; an address word before a number ("Flat 3"); a cast member's name
    that names a specialist service; a possessive that could stand for a home ("at Pat's"); a
    named place, with only the cast's names that are sure to be taken kept out (the full
    reading keeps more out, so finds no more places); or a verb of speech (``SPEECH``) right
    after a word that can end the naming of a child. True proves that the detector finds
    nothing; False only sends the text to the full reading.
    """
    pieces = pieces or cut(text)
    lower, starts, ends, tokens, vocabulary = pieces[:5]
    _numbers_and_anchors(text, pieces)
    for kind, _, _ in pieces.numbers:
        if kind in ANALYSED:
            return False
    for kind, _, _, _ in pieces.anchored:
        if kind in ANALYSED:
            return False
    for key in _CUE_KEYS.intersection(vocabulary):
        for phrase in _CUE_NEEDS[key]:
            if vocabulary.issuperset(phrase) and _holds(tokens, phrase):
                return False
    n = len(tokens)
    for j in _positions(tokens, _ADDRESS_ENDS.intersection(vocabulary)):
        if j + 1 < n and tokens[j + 1].isdigit():
            return False
    index = _cast_index(cast)
    for first in index.specialist.keys() & vocabulary:
        for name in index.specialist[first]:
            if vocabulary.issuperset(name) and _holds(tokens, name):
                return False
    if "'" in vocabulary:
        for j in _positions(tokens, {"'"}):
            k = j + (2 if j + 1 < n and tokens[j + 1] == "s" else 1)
            if k >= n or tokens[k] in _AFTER_HOME:
                return False
    sure = {i for i in _positions(tokens, index.sure & vocabulary) if text[starts[i]].isupper()}
    if _places(text, lower, tokens, starts, sure, sure):
        return False
    # A child is named, or "they" (a child when no one else is near); "he" and "she" stand
    # for a child only after one.
    children = _CHILD_WORDS | index.child_ends
    if (
        not children.isdisjoint(vocabulary)
        # Every match of SPEECH holds one of SPEECH_WORDS as a word of its own, unless a letter
        # of the reader's is no letter to the pattern (an ideographic space, a Urdu full stop).
        and (not SPEECH_WORDS.isdisjoint(vocabulary) or _ODD_LETTER.search(text) is not None)
    ):
        child_seen = False
        for j, token in enumerate(tokens):
            if token in children:
                child_seen = True
            elif not (child_seen and token in _HE_OR_SHE):
                continue
            if SPEECH_AFTER.match(lower, ends[j]) is not None:
                return False
    return True


def _numbers_and_anchors(text: str, pieces: Cut) -> None:
    """Find a text's numbers and anchored patterns (once: for the screen, then the reading)."""
    if not pieces.numbers and not pieces.anchored:
        pieces.numbers.extend(_numbers(text, pieces.lower))
        pieces.anchored.extend(
            _anchored(pieces.lower, pieces.tokens, pieces.starts, pieces.vocabulary)
        )


def _holds(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the words of ``phrase`` follow one another somewhere in ``tokens``."""
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in _positions(tokens, {phrase[0]}))


def _positions(tokens: list[str], these: set[str] | frozenset[str]) -> list[int]:
    """Where the words ``these`` are in ``tokens``, in order."""
    if not these:
        return []
    out = []
    for word in these:
        i = -1
        for _ in range(tokens.count(word)):
            i = tokens.index(word, i + 1)
            out.append(i)
    out.sort()
    return out


def _anchored(
    lower: str, tokens: list[str], starts: list[int], vocabulary: set[str]
) -> Iterator[tuple[str, int, int, str]]:
    """The patterns anchored on a first word, tried only where that word is: each match's
    kind, first word, end and text."""
    for i in _positions(tokens, _ANCHORS.keys() & vocabulary):
        for kind, compiled in _ANCHORS[tokens[i]]:
            m = compiled.match(lower, starts[i])
            if m is not None:
                yield kind, i, m.end(), m.group()


def _names(
    text: str,
    lower: str,
    tokens: list[str],
    starts: list[int],
    ends: list[int],
    names: dict[str, Any],
    vocabulary: set[str],
    taken: set[int],
    owners: list[Word],
) -> list[Word]:
    """The cast's names, longest first where they overlap (their words go in ``taken``)."""
    words: list[Word] = []
    after = 0
    for i in _positions(tokens, names.keys() & vocabulary):
        found = _walk(names, tokens, i) if i >= after else None
        if found is None:
            continue
        j, ends_here = found
        a = starts[i]
        match = next((e for e in ends_here if not e[1] or text[a].isupper()), None)
        if match is None:
            continue
        b = ends[j - 1]
        person = Word("person", a, b, i, j, match[0], lower[a:b], _owns(tokens, j))
        words.append(person)
        if person.possessive:
            owners.append(person)
        if match[2]:
            words.append(Word("specialist", a, b, i, j, key=lower[a:b]))
        if not match[3]:
            taken.update(range(i, j))
        after = j
    return words


def _phrases(
    text: str,
    lower: str,
    tokens: list[str],
    starts: list[int],
    ends: list[int],
    taken: set[int],
    named: set[int],
    owners: list[Word],
) -> list[Word]:
    """The lexicon's phrases, longest first (people named by them go in ``named``).

    Only words that can start one are looked at: a phrase of their own, or the first of a
    phrase that the next word continues ("to" is looked at before "move", not before "the").
    """
    words: list[Word] = []
    trie = _PHRASE_TRIE
    n = len(tokens)
    after = 0  # the first word not yet inside a phrase
    nexts = [*tokens[1:], ""][: len(tokens)]
    for i in [
        i
        for i, (token, following) in enumerate(zip(tokens, nexts, strict=True))
        if token in trie and (token in _PHRASE_WORDS or following in trie[token])
    ]:
        if i < after:
            continue
        node = trie[tokens[i]]
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
                if kind == "pronoun":
                    words.append(Word("person", a, b, i, j, None, key, key in POSSESSIVE_PRONOUNS))
                    continue
                person = Word("person", a, b, i, j, SIDE_OF_KIND[kind], key, _owns(tokens, j))
                words.append(person)
                if person.possessive:
                    owners.append(person)
                named.update(range(i, j))
            elif kind == "address_word":
                # "Flat 3", "number 12": an address word before a number.
                if j < n and tokens[j].isdigit():
                    words.append(Word("address", a, ends[j], i, j + 1, None, lower[a : ends[j]]))
            else:
                words.append(Word(kind, a, b, i, j, None, key))
        after = j
    return words


def _numbers(text: str, lower: str) -> Iterator[tuple[str, int, int]]:
    """E-mail addresses and handles, then what starts with a digit: each one's kind and span."""
    if "@" in text:
        for e in _EMAIL.finditer(lower):
            yield ("email", *e.span())
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
        yield kind, a, b


def _places(
    text: str,
    lower: str,
    tokens: list[str],
    starts: list[int],
    taken: set[int],
    blocked: set[int],
) -> list[Word]:
    """Named places: runs of capitalised words after a preposition, or ending in (or followed
    by) a kind of place, or a shop; none that starts with a cast member's name (``taken``) or
    holds a name (``blocked``: ``taken`` and the people named in the lexicon's words)."""
    words = []
    bisect_left = bisect.bisect_left
    n = len(tokens)
    for m in _CAPS.finditer(text):
        a, b = m.span()
        if a and text[a - 1].isalnum():
            continue  # a capital inside a word
        ti = bisect_left(starts, a)
        if ti in taken:
            continue  # a name
        # Most runs are the first word of a sentence: a place follows a preposition, or ends
        # in (or is followed by) a kind of place, or is a shop.
        k = ti - 2 if ti and tokens[ti - 1] == "the" else ti - 1
        if k < 0 or not (
            tokens[k] in PLACE_PREPOSITIONS
            or (tokens[k] == "of" and k >= 1 and tokens[k - 1] in _AREA_OF)
        ):
            tj = bisect_left(starts, b, ti)
            last = tokens[tj - 1]
            if not (
                last in PLACE_TYPES or last in _BRAND_WORDS or (tj < n and tokens[tj] in _TYPE_TRIE)
            ):
                continue
        place = _named_place(text, lower, a, b, tokens, starts, blocked)
        if place is not None:
            words.append(place)
    return words


def _homes(tokens: list[str], ends: list[int], owners: list[Word]) -> list[Word]:
    """ "at her neighbour Pat's", "to Grandma Jean's": someone's home."""
    words = []
    n = len(tokens)
    for w in owners:
        k = w.tj + (2 if w.tj + 1 < n and tokens[w.tj + 1] == "s" else 1)
        if k >= n or tokens[k] in _AFTER_HOME:
            words.append(Word("place", w.start, ends[k - 1], w.ti, k, w.side, place="home"))
    return words


def _owns(tokens: list[str], j: int) -> bool:
    """Whether the name ending before word ``j`` is possessive ("Sally's", "the children's")."""
    return j < len(tokens) and tokens[j] == "'"


# "on the other side of Pontypridd", "the outskirts of Leeds": the town after "of" is a place.
_AREA_OF = word_set(
    "side edge edges outskirts north south east west centre center middle part parts end top "
    "bottom heart"
)


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
    before = ti - 1
    if before >= 0 and tokens[before] == "the":
        before -= 1
    after_prep = before >= 0 and (
        tokens[before] in PLACE_PREPOSITIONS
        # "on the other side of Pontypridd", "the outskirts of Leeds", "north of Cardiff"
        or (tokens[before] == "of" and before >= 1 and tokens[before - 1] in _AREA_OF)
    )
    follows = tj < len(tokens) and tokens[tj] in _TYPE_TRIE
    last = tokens[tj - 1] if tj > ti else ""
    if not (after_prep or follows or last in PLACE_TYPES or last in _BRAND_WORDS):
        return None  # a name, or the first word of a sentence
    run = lower[a:b]
    if run in BRANDS or run.split()[0] in BRANDS:
        return Word("place", a, b, ti, tj, key=run, place="brand")
    typed = _walk(_TYPE_TRIE, tokens, tj) if follows else None
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
