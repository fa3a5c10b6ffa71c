"""The leak search: every value hidden from a copy, found however it was typed.

A copy's hidden values are the contact details its recipient may not see (an address, a phone
number, a school, a GP, a workplace) and every child's code word (printed only in that child's
own copy, and only when the plan allows it). Redaction keeps them out of the fields a layout
receives; free text cannot be redacted that way (a postcode typed into a concern), so all
that a copy would print is searched for them, and a copy that would carry one is refused.

Text is matched as a reader sees it, whatever was pasted or abbreviated:

- invisible characters (soft hyphen, zero-width space, joiner and non-joiner, word joiner,
  byte order mark, bidirectional marks: every format character) are removed, and NFKC applied
  (full-width letters and digits, ligatures), on the hidden values and on the text alike;
  then case is folded;
- phrases are compared word by word, with common street words and their abbreviations taken
  as one (Road/Rd, Close/Cl, Street/St, Avenue/Ave, Lane/Ln, Drive/Dr, Crescent/Cres,
  Gardens/Gdns, Place/Pl, Court/Ct, Terrace/Terr, Square/Sq, Grove/Gr, Park/Pk, ...);
- a school, GP, workplace or refuge is also found by the distinctive part of its name:
  "Northtown Primary School" by "Northtown Primary", "Alder Road Surgery" by "the Alder Road
  practice"; a refuge with a one-word name ("Sanctuary", "The Haven") by that word alone;
- phone numbers by their digits whatever the spacing or prefix (``+44``, ``0044``, ``(0)``,
  full-width or other scripts' digits);
- postcodes in any spacing or case.

Imports: _case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from .._case import ContactDetail, ContactKind

__all__ = [
    "CODE_WORD",
    "KIND_WORDS",
    "STREET_WORDS",
    "Matcher",
    "fold",
    "is_refuge",
    "matcher_for",
]

#: The kind of a hidden value that is a child's code word (contact details use their kind).
CODE_WORD = "code-word"

KIND_WORDS: Mapping[str, str] = {
    ContactKind.ADDRESS.value: "an address",
    ContactKind.PHONE.value: "a phone number",
    ContactKind.EMAIL.value: "an email address",
    ContactKind.SCHOOL.value: "a school",
    ContactKind.GP.value: "a GP surgery",
    ContactKind.WORKPLACE.value: "a workplace",
    ContactKind.OTHER.value: "a confidential detail",
    CODE_WORD: "a child's code word",
}


# --- normalising text -------------------------------------------------------------------------


# Every format character of Unicode (category Cf: soft hyphen, zero-width space, joiner and
# non-joiner, word joiner, byte order mark, bidirectional marks and isolates, tags), and the
# invisible marks Word and phones paste (combining grapheme joiner, variation selectors).
# A test checks the class against the running Python's Unicode data.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)


_ASCII_BYTES = bytes(range(128))


def _odd(text: str, raw: bytes | None = None) -> set[str]:
    """The characters of ``text`` that are not ASCII: few in a copy's text, found fast (the
    ASCII bytes are deleted from its UTF-8, ``raw`` when the caller has it, which leaves the
    others whole)."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    rest = raw.translate(None, _ASCII_BYTES)
    return set(rest.decode("utf-8", "surrogatepass"))


# Text with more characters that are not ASCII than this (text in another script) is folded
# whole; below it, stretch by stretch.
_FEW_ODD_BYTES = 256


def _fold_whole(text: str) -> str:
    """:func:`fold` of any text, in one piece: format characters removed, NFKC, case folded."""
    if any(_INVISIBLE.match(c) for c in _odd(text)):
        text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _fold_short(text: str) -> str:
    """:func:`_fold_whole` for a few characters, in fewer steps."""
    if _INVISIBLE.search(text) is not None:
        text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text).casefold()


def fold(text: str) -> str:
    """``text`` as it reads: format characters removed, NFKC, case folded.

    A copy's text is nearly all ASCII, with a few quotation marks, no-break spaces or letters
    with accents, and folding it whole makes NFKC and case folding read every character through
    the Unicode tables. So only the stretches that are not ASCII are folded that way, each with
    the ASCII character before it; the ASCII between them is lowered (its case folding). The
    result is the same as folding the whole text: removing a format character never joins two
    stretches (it is never ASCII), case folding goes character by character, and NFKC can be
    applied piece by piece at every point before an ASCII character, as one never composes with
    what precedes it and never reorders (every code point below U+00A0 is a normalization
    boundary). A test compares this with folding the whole text.
    """
    if text.isascii():
        return text.casefold()
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    if len(rest) > _FEW_ODD_BYTES:
        return _fold_whole(text)
    # Where the characters that are not ASCII stand: a search for each of the few there are
    # (a regular expression would test every character).
    at = sorted(
        i
        for c in set(rest.decode("utf-8", "surrogatepass"))
        for i in _occurrences(text, c)
    )  # fmt: skip
    pieces = []
    done = 0  # text[:done] is folded
    n = 0
    while n < len(at):
        start = end = at[n]
        while n < len(at) and at[n] == end:
            end += 1
            n += 1
        if start > done:
            start -= 1  # the ASCII character before the stretch goes with it
            pieces.append(text[done:start].lower())
        pieces.append(_fold_short(text[start:end]))
        done = end
    pieces.append(text[done:].lower())
    return "".join(pieces)


def _occurrences(text: str, c: str) -> list[int]:
    out = []
    i = text.find(c)
    while i >= 0:
        out.append(i)
        i = text.find(c, i + 1)
    return out


def _ascii_digits(text: str, raw: bytes | None = None) -> str:
    """Digits of every script as ASCII digits (NFKC has made full-width digits ASCII).
    ``raw``: the text's UTF-8, when the caller has it."""
    if text.isascii():
        return text
    table = {ord(c): str(unicodedata.decimal(c)) for c in _odd(text, raw) if c.isdecimal()}
    return text.translate(table) if table else text


# Every ASCII byte that is not a digit. UTF-8 keeps other characters' bytes >= 0x80.
_ASCII_NOT_DIGITS = bytes(b for b in range(128) if not chr(b).isdigit())


def _all_digits(text: str, raw: bytes | None = None) -> bytes:
    """``_NOT_DIGIT.sub("", text)`` in UTF-8: every digit of ``text``, in order, run together.
    ``raw``: the text's UTF-8, when the caller has it.

    Bytes do the bulk of it: the ASCII characters that are not digits are deleted from the
    UTF-8 bytes, which leaves the ASCII digits and, whole, every other character; only those
    few are then searched for digits.
    """
    kept = (_utf8(text) if raw is None else raw).translate(None, _ASCII_NOT_DIGITS)
    if kept.isascii():
        return kept
    return _utf8(_NOT_DIGIT.sub("", kept.decode("utf-8", "surrogatepass")))


_TOKEN = re.compile(r"[\w@+]+(?:[.'’][\w@+]+)*")

# Street words and their abbreviations, each read as its first form. Both sides of a match
# (the hidden value and the text) are read this way, so "14 Alder Cl" is "14 Alder Close".
_STREET_FORMS = (
    ("road", "rd"),
    ("close", "cl"),
    ("street", "st", "str"),
    ("avenue", "ave", "av"),
    ("lane", "ln"),
    ("drive", "dr", "drv"),
    ("crescent", "cres", "cresc", "cr"),
    ("gardens", "gdns", "gdn"),
    ("place", "pl"),
    ("court", "ct", "crt"),
    ("terrace", "terr", "ter", "tce"),
    ("square", "sq"),
    ("grove", "gr", "gro"),
    ("park", "pk"),
    ("way", "wy"),
    ("mews", "mws"),
    ("parade", "pde"),
    ("heights", "hts"),
    ("mount", "mt"),
    ("walk", "wlk"),
    ("row",),
    ("hill",),
    ("view",),
    ("green", "grn"),
)
_CANONICAL = {form: forms[0] for forms in _STREET_FORMS for form in forms}
STREET_WORDS = frozenset(_CANONICAL)
# Words every school, surgery, workplace or refuge name may have: a name without them is its
# distinctive part ("Northtown Primary School" is "Northtown Primary" without "School").
_GENERIC = frozenset(
    (
        *("the", "a", "an", "of", "and", "at", "for", "in", "on", "y", "yr"),
        *("school", "schools", "primary", "junior", "juniors", "infant", "infants", "nursery"),
        *("secondary", "high", "academy", "college", "sixth", "form", "community", "church"),
        *("england", "ce", "c", "e", "rc", "catholic", "free", "federation"),
        *("surgery", "practice", "medical", "centre", "center", "health", "clinic", "group"),
        *("partnership", "family", "doctors", "doctor", "dr", "gp", "gps", "hospital", "unit"),
        *("refuge", "refuges", "house", "home", "project", "shelter", "hostel", "safe"),
        *("housing", "ltd", "limited", "plc", "llp", "company", "co"),
        # Welsh: school, primary, secondary, comprehensive, nursery, surgery, centre, health.
        *("ysgol", "gynradd", "uwchradd", "gyfun", "feithrin", "meddygfa", "meddygfa'r"),
        *("canolfan", "iechyd", "cartref"),
    )
)
_POSTCODE = re.compile(r"\b([a-z]{1,2}[0-9][a-z0-9]?)[\s-]*([0-9][a-z]{2})\b", re.IGNORECASE)
# A run of digits with spaces, brackets, dots, slashes or dashes between them.
_NUMBER = re.compile(r"\+?\d(?:[\s().\-\u2010-\u2015/]*\d)+")
_NOT_DIGIT = re.compile(r"\D+")


def words(text: str) -> tuple[str, ...]:
    """The words of folded text, street abbreviations read as their full form."""
    return tuple(_CANONICAL.get(w, w) for w in _TOKEN.findall(text))


def _phrase(text: str) -> str:
    return " ".join(words(fold(text)))


def _phone_digits(text: str) -> str:
    """A number's digits in the national form: ``+44 (0)7700 900481`` is ``07700900481``."""
    digits = _NOT_DIGIT.sub("", _ascii_digits(text))
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) > 10:
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("0") else "0" + digits


# --- the phrases of a hidden value ----------------------------------------------------------

_HOUSE_NUMBER = re.compile(r"^\s*(?:flat|apartment|unit)?\s*\d+[a-z]?\s*,?\s*", re.IGNORECASE)


def _specific(phrase: str) -> bool:
    # Two real words at least: "Flat 2" or a lone town name would match far too much.
    return sum(1 for w in phrase.split() if len(w) >= 3 and not w.isdigit()) >= 2


def _distinctive(word: str) -> bool:
    return len(word) >= 3 and not word.isdigit() and word not in _GENERIC and word not in _CANONICAL


def _name_phrases(phrase: str, *, one_word: bool) -> set[str]:
    """The distinctive sub-phrases of a place's name (its :func:`_phrase`): every run of two
    words or more that holds a distinctive word (not a generic word such as School or Surgery,
    not a street word); with ``one_word`` (a refuge), the distinctive word alone when it is the
    only one."""
    ws = phrase.split()
    out: set[str] = set()
    for start in range(len(ws)):
        for end in range(start + 2, len(ws) + 1):
            run = ws[start:end]
            if any(_distinctive(w) for w in run) and not all(w in _GENERIC for w in run):
                out.add(" ".join(run))
    distinctive = [w for w in ws if _distinctive(w)]
    if one_word and len(distinctive) == 1:
        out.add(distinctive[0])
    return out


def is_refuge(detail: ContactDetail) -> bool:
    """Whether a detail is a refuge: an address whose label or value says so."""
    if detail.kind is not ContactKind.ADDRESS:
        return False
    return "refuge" in fold(detail.label or "") or "refuge" in fold(detail.value)


_PLACES = frozenset({ContactKind.SCHOOL, ContactKind.GP, ContactKind.WORKPLACE, ContactKind.OTHER})


def _phrases_of(detail: ContactDetail) -> tuple[set[str], set[str]]:
    """The phrases that find a detail: the whole value and its parts (always a match), and
    the distinctive parts of a place's name (dropped when a visible value holds them)."""
    value = detail.value
    whole: set[str] = set()
    parts_of_name: set[str] = set()
    full = _phrase(value)
    if len(full) >= 4:
        whole.add(full)
    if detail.kind is ContactKind.PHONE:
        return whole, parts_of_name
    parts = [p for p in re.split(r"[,\n;]+", value) if p.strip()]
    # The last part of a multi-part address or place is its town ("Llanfair Dyffryn"): shared
    # with many homes, so too common to refuse on. The postcode is matched on its own.
    for part in parts[:-1] if len(parts) > 1 else parts:
        part = _POSTCODE.sub("", part)
        bare = _HOUSE_NUMBER.sub("", part)
        for candidate in (part,) if bare == part else (part, bare):
            phrase = full if candidate == value else _phrase(candidate)
            if _specific(phrase):
                whole.add(phrase)
    refuge = is_refuge(detail)
    if detail.kind in _PLACES or refuge:
        # The name is the whole value of a place, and the first part of a refuge's address
        # when it does not start with a house number.
        name: str = value if detail.kind in _PLACES else (parts[0] if parts else "")
        if name and not _HOUSE_NUMBER.match(name):
            name = _POSTCODE.sub("", name)
            named = full if name == value else _phrase(name)
            parts_of_name |= _name_phrases(named, one_word=refuge)
    return whole, parts_of_name - whole


# --- the matcher ----------------------------------------------------------------------------


def _key(phrase: str) -> str | None:
    """A word of ``phrase`` that folded text must contain wherever the phrase is found (a
    cheap test before the words are read); ``None`` when every word may be abbreviated."""
    plain = [w for w in phrase.split() if w not in _CANONICAL]
    # A distinctive word ("alder", not "surgery") is rarely in a copy's own wording, so the
    # words are read only when the phrase may really be there.
    rare = [w for w in plain if w not in _GENERIC] or plain
    return max(rare, key=len) if rare else None


@attrs.frozen
class Matcher:
    """Every value hidden from one copy, compiled to be found in one pass over a text.

    Build one per copy with :func:`matcher_for`; :meth:`find` says the kind of the first
    hidden value a text holds.
    """

    phrases: Mapping[str, str]
    postcodes: Mapping[str, str]
    digits: Mapping[str, str]
    keys: frozenset[str] = attrs.field(init=False)
    always_read: bool = attrs.field(init=False)
    # The keys, the postcodes' outward codes and the numbers' digits (but the first) in UTF-8:
    # looked for in the folded text's UTF-8, where a search is several times faster than in a
    # text that is not all ASCII, and finds the same (UTF-8 is self-synchronising: a character's
    # bytes are found only where that character stands).
    _keys_utf8: tuple[bytes, ...] = attrs.field(init=False, repr=False, eq=False)
    _outward_utf8: tuple[bytes, ...] = attrs.field(init=False, repr=False, eq=False)
    _digits_utf8: tuple[bytes, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        keys = [_key(p) for p in self.phrases]
        found = frozenset(k for k in keys if k is not None)
        object.__setattr__(self, "keys", found)
        object.__setattr__(self, "always_read", any(k is None for k in keys))
        object.__setattr__(self, "_keys_utf8", tuple(_utf8(k) for k in sorted(found)))
        outward = tuple(_utf8(code[:-3]) for code in self.postcodes)
        object.__setattr__(self, "_outward_utf8", outward)
        object.__setattr__(self, "_digits_utf8", tuple(_utf8(d[1:]) for d in self.digits))

    def __bool__(self) -> bool:
        return bool(self.phrases or self.postcodes or self.digits)

    def find(self, text: str) -> str | None:
        """The kind of the first hidden value in ``text`` (a contact kind's value, or
        :data:`CODE_WORD`), or ``None``."""
        folded = fold(text)
        raw = _utf8(folded)
        if self.phrases and (self.always_read or any(k in raw for k in self._keys_utf8)):
            read = f" {' '.join(words(folded))} "
            for phrase, kind in self.phrases.items():
                if f" {phrase} " in read:
                    return kind
        # The postcode expression runs only when an outward code (the "nx4" of "NX4 7QP") is
        # in the text at all.
        if any(code in raw for code in self._outward_utf8):
            for a, b in _POSTCODE.findall(folded):
                code_kind = self.postcodes.get(a + b)
                if code_kind is not None:
                    return code_kind
        if self.digits:
            plain = _ascii_digits(folded, raw)
            # Numbers are parsed only when the digits appear somewhere, spacing aside.
            run_together = _all_digits(plain, raw if plain is folded else None)
            if any(d in run_together for d in self._digits_utf8):
                for run in _NUMBER.findall(plain):
                    number = _phone_digits(run)
                    for digits, kind in self.digits.items():
                        if digits in number:
                            return kind
        return None


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def matcher_for(
    visible: Iterable[ContactDetail],
    hidden: Iterable[ContactDetail],
    code_words: Iterable[str],
) -> Matcher:
    """The matcher for one copy: ``hidden`` are the contact details it may not show,
    ``visible`` those it may (a distinctive part of a hidden name that a visible value also
    holds would refuse the copy for printing what it may print, so it is dropped), and
    ``code_words`` the code words it may not print. Built once per copy, never kept."""
    phrases: dict[str, str] = {}
    postcodes: dict[str, str] = {}
    digits: dict[str, str] = {}
    shown = " " + " | ".join(_phrase(d.value) for d in visible) + " "
    # Children of one family share a school and a GP: a detail read once adds nothing the
    # second time (what it finds depends on its kind, value and label alone).
    seen: set[tuple[ContactKind, str, str | None]] = set()
    for d in hidden:
        key = (d.kind, d.value, d.label)
        if key in seen:
            continue
        seen.add(key)
        whole, parts_of_name = _phrases_of(d)
        for phrase in sorted(whole):
            phrases.setdefault(phrase, d.kind.value)
        for phrase in sorted(parts_of_name):
            if f" {phrase} " not in shown:
                phrases.setdefault(phrase, d.kind.value)
        for a, b in _POSTCODE.findall(fold(d.value)):
            postcodes.setdefault(a + b, d.kind.value)
        if d.kind is ContactKind.PHONE:
            number = _phone_digits(fold(d.value))
            if len(number) >= 6:
                digits.setdefault(number, d.kind.value)
    for word in code_words:
        phrase = _phrase(word)
        if phrase:
            phrases.setdefault(phrase, CODE_WORD)
    return Matcher(phrases, postcodes, digits)
