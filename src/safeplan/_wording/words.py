"""The words of a term: tokens, the cast's names found in them, pronouns, and the nouns for
the parts people play ("Mum", "her ex", "the perpetrator", "the social worker", "the bairns").

:func:`words` turns a term into :class:`Word` records: each carries its lowercased form, its
place in the text and, for a name or a noun that stands for someone, the role of who it names.
Pronouns and kin words that depend on who is speaking are resolved later, clause by clause
(:mod:`.clauses`).

The roles are the cast's (``adult-at-risk``, ``person-causing-harm``, ``child``, ...), with
``agency`` for professionals and agencies, ``both-parents`` for the parents together and
``family`` for a member of the family the term does not say.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re

from .cast import Cast
from .lexicon import (
    AGENCY_HEADS,
    AT_RISK_WORDS,
    CHILD_NOUNS,
    FATHER_WORDS,
    HARM_WORDS,
    MOTHER_WORDS,
    NETWORK_NOUNS,
    PARTNER_WORDS,
    words_of,
)

__all__ = [
    "AGENCY",
    "BOTH",
    "BOTH_NOUNS",
    "CHILD",
    "FAMILY",
    "HER",
    "HIM",
    "NET",
    "OTHER",
    "PERSON_AGENCY",
    "PRONOUNS",
    "ROLE_OF_CAST",
    "THING",
    "Word",
    "kin_gender",
    "names_any",
    "tokens",
    "words",
]

HER = "adult-at-risk"
HIM = "person-causing-harm"
BOTH = "both-parents"
CHILD = "child"
AGENCY = "agency"
NET = "network-member"
OTHER = "other"
FAMILY = "family"
THING = "thing"  # a subject that is not a person: "Any contact between ...", "his time"
ROLE_OF_CAST = {
    "adult-at-risk": HER,
    "person-causing-harm": HIM,
    "both-parents": BOTH,
    "child": CHILD,
    "professional": AGENCY,
    "agency": AGENCY,
    "network-member": NET,
    "safe-adult": NET,
    "parent-or-carer": FAMILY,
    "other": OTHER,
    "family": FAMILY,
}


class Word:
    """One word (or one name of the cast, or a punctuation mark) of a term.

    ``kind`` is ``word``, ``name`` (a name of the cast), ``pronoun`` or ``punct``; ``role`` is
    the role of who the word names, when it names someone.
    """

    __slots__ = (
        "capital",
        "end",
        "gender",
        "kind",
        "low",
        "member",
        "owner",
        "person",
        "plural",
        "role",
        "start",
    )

    def __init__(self, low: str, start: int, end: int, kind: str = "word") -> None:
        self.low = low
        self.start = start
        self.end = end
        self.kind = kind
        self.role: str | None = None
        self.gender: str | None = None
        self.member: str | None = None  # the cast member's id, for names
        self.plural = False
        self.person = False  # a person who may be "he" or "she" (not an organisation)
        self.owner: str | None = None  # for "'s": the role of whose it is
        self.capital = False  # written with a capital letter (a name the cast may not know)

    def __repr__(self) -> str:  # for debugging the reader; never in a message
        return f"Word({self.low!r}, {self.role})"


PRONOUNS: dict[str, tuple[int, str | None, bool, str]] = {
    # word: (person, gender, plural, case)
    "i": (1, None, False, "subj"),
    "me": (1, None, False, "obj"),
    "my": (1, None, False, "poss"),
    "myself": (1, None, False, "obj"),
    "we": (1, None, True, "subj"),
    "us": (1, None, True, "obj"),
    "our": (1, None, True, "poss"),
    "you": (2, None, False, "subj"),
    "your": (2, None, False, "poss"),
    "he": (3, "m", False, "subj"),
    "him": (3, "m", False, "obj"),
    "his": (3, "m", False, "poss"),
    "himself": (3, "m", False, "refl"),
    "she": (3, "f", False, "subj"),
    "her": (3, "f", False, "obj"),
    "hers": (3, "f", False, "obj"),
    "herself": (3, "f", False, "refl"),
    "they": (3, None, True, "subj"),
    "them": (3, None, True, "obj"),
    "their": (3, None, True, "poss"),
    "themselves": (3, None, True, "refl"),
}

# A word starts with a letter or digit of any script ("Siân", "Seán", "Zoë"); punctuation is a
# token of its own.
_TOKEN = re.compile(r"[^\W_][\w'\-]*|[^\w\s]|_")
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
_CONTRACTED = {
    "won't": ("will", "not"),
    "wont": ("will", "not"),
    # as drafts spell them: "dont", "must'nt"
    "dont": ("do", "not"),
    "doesnt": ("does", "not"),
    "didnt": ("did", "not"),
    "cant": ("can", "not"),
    "wouldnt": ("would", "not"),
    "shouldnt": ("should", "not"),
    "mustnt": ("must", "not"),
    "must'nt": ("must", "not"),
    "isnt": ("is", "not"),
    "arent": ("are", "not"),
    "wasnt": ("was", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
    "it's": ("it", "is"),
    "i'm": ("i", "am"),
}
_S_IS = frozenset({"he", "she", "it", "that", "there", "who", "what", "where", "here"})
_EXPANDED = {"ll": "will", "re": "are", "ve": "have", "d": "would", "m": "am"}


def _tokens(text: str) -> list[Word]:
    out: list[Word] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        raw = m.group()
        low = raw.lower()
        start, end = m.span()
        if low in _CONTRACTED:
            a, b = _CONTRACTED[low]
            out += [Word(a, start, end), Word(b, start, end)]
        elif "'" not in low:
            word = Word(low, start, end, "word" if raw[0].isalnum() else "punct")
            word.capital = raw[0].isupper()
            append(word)
        elif low in _CONTRACTED:
            a, b = _CONTRACTED[low]
            out += [Word(a, start, end), Word(b, start, end)]
        elif low.endswith("n't"):
            out += [Word(low[:-3], start, end), Word("not", start, end)]
        elif low.endswith(("'ll", "'re", "'ve", "'d", "'m")):
            stem, _, tail = low.rpartition("'")
            out += [Word(stem, start, end), Word(_EXPANDED[tail], start, end)]
        elif low.endswith("'s") and len(low) > 2:
            stem = low[:-2]
            word = Word(stem, start, end - 2)
            word.capital = raw[0].isupper()
            append(word)
            append(Word("is" if stem in _S_IS else "'s", end - 2, end))
        elif low.endswith("s'") and len(low) > 2:
            out += [Word(low[:-1], start, end - 1), Word("'s", end - 1, end)]
        else:
            append(Word(low, start, end, "word" if raw[0].isalnum() else "punct"))
    return out


# --- the cast's names -------------------------------------------------------------------------

# Names that are also everyday words are matched only as written (capitalised): "Will", "Grace".
_EVERYDAY = words_of(
    "will may grace rose mark bill sue faith hope joy dawn pat don art sky summer jean "
    "jack frank ray rob guy bob bea ivy holly amber ruby lily daisy iris sunny chance "
    "hunter mercy star"
)
_TITLES_F = frozenset({"ms", "mrs", "miss"})
_TITLES_M = frozenset({"mr"})
_FEMALE_KIN = words_of(
    "wife girlfriend stepmother stepmum sister auntie aunty aunt nan nana gran granny grandma "
    "grandmother daughter mamgu nain"
)
_MALE_KIN = words_of(
    "husband boyfriend stepfather stepdad brother uncle grandad granddad grandpa grandfather "
    "son tadcu taid"
)


def kin_gender(word: str) -> str | None:
    """ "f" for a woman's kin word ("mum", "wife"), "m" for a man's, else None."""
    if word in MOTHER_WORDS or word in _FEMALE_KIN:
        return "f"
    if word in FATHER_WORDS or word in _MALE_KIN:
        return "m"
    return None


class _Matcher:
    """Finds the cast's names in a text: the spans the pattern
    ``(?<![\\w'-])(?:name1|name2|...)(?![\\w-])`` (IGNORECASE, names longest first, each space
    as ``\\s+``) would give, in order and without overlaps, without compiling that pattern (for
    a case's cast it costs ~1.7 ms to compile; building this, some 0.03 ms).

    A name can only start where a run of word characters starts (the lookbehind) and its first
    run of word characters, casefolded, is that whole run of the text; so the names are kept by
    that first run ("head"), longest first, and only the names whose head is at a run of the
    text are tried there: each word in turn, whitespace between them, and the lookahead. The
    first that holds is the one the pattern's alternation would take (any name matching at a
    place is a prefix of the text from there with its whitespace made single spaces, so two of
    the same length are the same name, and the longest comes first). The text is compared
    casefolded, which is what IGNORECASE does for every character :func:`_plain_char` admits;
    a text or a name with any other character ("ß", "ſ", "ı", "İ", "µ", ...) is searched with
    the pattern itself, compiled the first time such a text comes.
    """

    __slots__ = ("_heads", "_names", "_pattern", "_plain", "_runs")

    def __init__(self, names: list[str]) -> None:
        self._names = names  # casefolded, single spaces, longest first
        heads: dict[str, list[tuple[str, ...]]] = {}
        for name in names:
            words = tuple(name.split(" "))
            first = words[0]
            head = first if first.isalnum() else _head(first)
            heads.setdefault(head, []).append(words)
        self._heads = heads
        self._runs = _STARTS if "" in heads else _RUNS
        self._plain = _plain("".join(names))
        self._pattern: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        """The one pattern of all the names (for texts :func:`_plain` refuses)."""
        if self._pattern is None:
            body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in self._names)
            self._pattern = re.compile(rf"(?<![\w'-])(?:{body})(?![\w-])", re.IGNORECASE)
        return self._pattern

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the names are in ``text``: (start, end) of each, in order, as the pattern's
        ``finditer`` would give them."""
        if not (self._plain and _plain(text)):
            return [m.span() for m in self.pattern().finditer(text)]
        folded = text.casefold()  # one character for one: _plain admits no other
        size = len(folded)
        heads = self._heads
        out: list[tuple[int, int]] = []
        taken = 0
        for run in self._runs.finditer(folded):
            start = run.start()
            if start < taken:
                continue  # inside the name found before
            names = heads.get(run.group())
            if names is None:
                continue
            for words in names:
                pos = start
                for n, word in enumerate(words):
                    if n:
                        gap = _SPACES.match(folded, pos)
                        if gap is None:
                            break
                        pos = gap.end()
                    if not folded.startswith(word, pos):
                        break
                    pos += len(word)
                else:
                    if pos < size and (folded[pos].isalnum() or folded[pos] in "_-"):
                        continue
                    out.append((start, pos))
                    taken = pos
                    break
        return out


_HEAD = re.compile(r"\w+")


def _head(word: str) -> str:
    """A name's head: its first run of word characters ("o" of "o'neil", "" of "(mum)")."""
    found = _HEAD.match(word)
    return found.group() if found else ""


_RUNS = re.compile(r"(?<![\w'-])\w+")  # where a name whose head is a word may start
_STARTS = re.compile(r"(?<![\w'-])(?=\S)\w*")  # ... and one that starts with a mark
_SPACES = re.compile(r"\s+")
_ASCII = frozenset(map(chr, range(128)))


@functools.lru_cache(maxsize=4096)
def _plain_char(c: str) -> bool:
    """Whether IGNORECASE matches ``c`` as casefolding does: ``c`` folds to one character that
    is its lowercase and its uppercase's lowercase (so "ſ", "ı", "µ", "ς" and the others that
    re's IGNORECASE pairs with a second lowercase are out, and "ß", "İ", "ŉ"), the fold is a word
    character, a space or cased exactly when ``c`` is. Every ASCII character is plain.
    tests/wording/test_names_matcher.py checks this against re itself, character by character."""
    folded = c.casefold()
    return (
        len(folded) == 1
        and folded == c.lower() == c.upper().lower()
        and (c.isalnum() or c == "_") == (folded.isalnum() or folded == "_")
        and c.isspace() == folded.isspace()
        and (c == folded or folded.upper() != folded)
    )


def _plain(text: str) -> bool:
    return text.isascii() or all(map(_plain_char, set(text) - _ASCII))


_Names = tuple[_Matcher | None, dict[str, tuple[str, str | None, str | None]]]
_LAST: list[tuple[Cast, _Names]] = []


def _names(cast: Cast) -> _Names:
    # The same cast reads every term of a case: look it up by identity before by value.
    if _LAST and _LAST[0][0] is cast:
        return _LAST[0][1]
    found = _names_of(cast)
    _LAST[:] = [(cast, found)]
    return found


@functools.lru_cache(maxsize=64)
def _names_of(cast: Cast) -> _Names:
    """The cast's names (casefolded, whitespace made single spaces; pronouns left out), each
    with (role, member id, gender) when only one role has it, and a matcher that finds them."""
    by_name: dict[str, set[tuple[str, str | None, str | None]]] = {}
    for member in cast.members:
        entry = (ROLE_OF_CAST.get(member.role, OTHER), member.id, _member_gender(member.names))
        for name in member.names:
            key = " ".join(name.translate(QUOTES).casefold().split())
            if not key or key in PRONOUNS:
                continue  # a pronoun is resolved, never looked up
            by_name.setdefault(key, set()).add(entry)
    table: dict[str, tuple[str, str | None, str | None]] = {}
    for key, found in by_name.items():
        if len(found) == 1:  # one member, or several with the same role, id and gender
            (table[key],) = found
            continue
        roles = {r for r, _, _ in found}
        if len(roles) == 1:
            ids = {i for _, i, _ in found}
            genders = {g for _, _, g in found}
            table[key] = (
                roles.pop(),
                ids.pop() if len(ids) == 1 else None,
                genders.pop() if len(genders) == 1 else None,
            )
    if not table:
        return None, table
    return _Matcher(sorted(table, key=lambda n: (-len(n), n))), table


def _member_gender(names: tuple[str, ...]) -> str | None:
    """A member's gender, when their names say it: a kin word ("Mum", "Grandad Pete"), or a
    title when they have only one ("Ms Begum"; a case's members carry every title)."""
    kin: set[str] = set()
    titles: set[str] = set()
    titled = 0
    for n in names:
        words = n.casefold().split()
        for w in words:
            gender = kin_gender(w)
            if gender is not None:
                kin.add(gender)
        if words and words[0] in _TITLES:
            titled += 1
            titles.add("f" if words[0] in _TITLES_F else "m")
    found = kin or (titles if titled == 1 else set())
    return found.pop() if len(found) == 1 else None


_TITLES = _TITLES_F | _TITLES_M


def names_any(text: str, cast: Cast, roles: frozenset[str]) -> bool:
    """Whether ``text`` holds a name of a cast member with one of these roles (as
    :func:`words` would find it)."""
    matcher, table = _names(cast)
    if matcher is None:
        return False
    normal = text.translate(QUOTES)
    for start, end in matcher.spans(normal):
        raw = normal[start:end]
        key = " ".join(raw.casefold().split())
        if (
            key in table
            and table[key][0] in roles
            and not (key in _EVERYDAY and not raw[:1].isupper())
        ):
            return True
    return False


def _mark_names(text: str, tokens: list[Word], cast: Cast) -> list[Word]:
    matcher, table = _names(cast)
    if matcher is None:
        return tokens
    spans: list[tuple[int, int, str, str | None, str | None]] = []
    for start, end in matcher.spans(text):
        raw = text[start:end]
        key = " ".join(raw.casefold().split())
        if key not in table or (key in _EVERYDAY and not raw[:1].isupper()):
            continue
        spans.append((start, end, *table[key]))
    if not spans:
        return tokens
    out: list[Word] = []
    k = 0
    for start, end, role, member, gender in spans:
        while k < len(tokens) and tokens[k].end <= start:
            out.append(tokens[k])
            k += 1
        inside = []
        while k < len(tokens) and tokens[k].start < end:
            inside.append(tokens[k])
            k += 1
        if not inside:
            continue
        name = Word(" ".join(w.low for w in inside), start, end, "name")
        name.role = role
        name.member = member
        first, last = inside[0].low, inside[-1].low
        if first in _TITLES_F:
            name.gender = "f"
        elif first in _TITLES_M:
            name.gender = "m"
        else:
            name.gender = kin_gender(last) or gender
        name.plural = (role == CHILD and last.endswith("s")) or role == BOTH
        name.person = (
            role != AGENCY
            or last in PERSON_AGENCY
            or (len(inside) <= 2 and (last not in AGENCY_HEADS))
        )
        out.append(name)
    out += tokens[k:]
    return out


# --- nouns for the parts people play ----------------------------------------------------------

# Agency heads that name a person ("the social worker ... she"), not an organisation.
PERSON_AGENCY = words_of(
    "worker officer visitor manager supervisor practitioner professional facilitator nurse "
    "midwife doctor gp teacher idva isva solicitor sw coordinator advocate chair leader "
    "headteacher lawyer constable"
)
_OTHERS = words_of("anyone anybody someone somebody people person adult adults one")


def _noun_role(w: Word, prev: Word | None) -> None:
    """The role of a noun that names someone by itself, whoever is speaking."""
    low = w.low
    if low in HARM_WORDS:
        w.role = HIM
        w.person = True
    elif low in AT_RISK_WORDS:
        w.role = HER
        w.person = True
    elif low in BOTH_NOUNS:
        w.role = BOTH
        w.plural = True
        w.person = True
    elif low in CHILD_NOUNS or (low == "ones" and prev is not None and prev.low == "little"):
        w.role = CHILD
        w.plural = low.endswith("s") or low == "children"
        w.person = True
    elif low in NETWORK_NOUNS:
        w.role = NET
        w.person = True
        w.gender = kin_gender(low)
        w.plural = low.endswith("s")
    elif low in AGENCY_HEADS or low in ("999", "polis", "gardai", "guards"):
        w.role = AGENCY
        w.person = low in PERSON_AGENCY
        w.plural = low in ("services", "professionals", "staff", "police", "agencies")
    elif low in _OTHERS:
        w.role = OTHER
        w.person = True


def tokens(text: str) -> list[Word]:
    """The words and marks of ``text`` as :func:`words` splits it ("won't" is "will", "not"),
    before the cast's names are joined and any role is given."""
    return _tokens(text.translate(QUOTES))


def words(text: str, cast: Cast) -> list[Word]:
    """The words of ``text``, with the cast's names joined into one word each and the roles of
    nouns that name someone by themselves. Pronouns are marked (``kind="pronoun"``) but not yet
    resolved; so are kin words ("Mum", "her ex"), whose meaning depends on who speaks."""
    normal = text.translate(QUOTES)
    out = _mark_names(normal, _tokens(normal), cast)
    prev: Word | None = None
    for w in out:
        if w.kind == "word":
            if w.low in PRONOUNS:
                w.kind = "pronoun"
                _, w.gender, w.plural, _ = PRONOUNS[w.low]
            elif w.low not in KIN_WORDS:
                raw = normal[w.start : w.end]
                if raw.isupper() and len(raw) > 1 and raw.isalpha() and raw not in ("I", "OK"):
                    w.role = AGENCY  # "SW", "CSC", "PSNI": an agency's initials
                else:
                    _noun_role(w, prev)
        prev = w
    return out


KIN_WORDS = MOTHER_WORDS | FATHER_WORDS | PARTNER_WORDS | {"ex"}
BOTH_NOUNS = frozenset({"parents", "couple"})  # nouns for both parents together
