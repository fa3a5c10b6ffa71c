"""The cast's names are found exactly where the old one pattern of all names found them.

``words._Matcher`` replaced a regular expression of every name of the cast (about 1.7 ms to
compile for a case, once per case). The old construction is kept here, verbatim, as the
reference: on every text of tests/data and the examples, with every cast of the examples, the
blind cases and the labelled sets, and on random names and texts with awkward characters, both
give the same spans in the same order; and ``words`` and ``names_any`` give the same results.
The characters the matcher compares by casefolding are checked against ``re`` itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safeplan
from safeplan._copies import audience as _audience
from safeplan._wording import Cast
from safeplan._wording import words as _words
from safeplan._wording.cast import ROLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
QUOTES = _words.QUOTES


@functools.cache
def old_names_of(
    cast: Cast,
) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str | None, str | None]]]:
    """``words._names_of`` as it was before the matcher (the reference)."""
    by_name: dict[str, set[tuple[str, str | None, str | None]]] = {}
    for member in cast.members:
        role = _words.ROLE_OF_CAST.get(member.role, _words.OTHER)
        gender = _words._member_gender(member.names)
        for name in member.names:
            key = " ".join(name.translate(QUOTES).casefold().split())
            if not key or key in _words.PRONOUNS:
                continue
            by_name.setdefault(key, set()).add((role, member.id, gender))
    table: dict[str, tuple[str, str | None, str | None]] = {}
    for key, found in by_name.items():
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
    names = sorted(table, key=lambda n: (-len(n), n))
    body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w'-])(?:{body})(?![\w-])", re.IGNORECASE), table


def old_spans(text: str, cast: Cast) -> list[tuple[int, int]]:
    pattern, _ = old_names_of(cast)
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def new_spans(text: str, cast: Cast) -> list[tuple[int, int]]:
    matcher, _ = _words._names_of(cast)
    return [] if matcher is None else matcher.spans(text)


def old_names_any(text: str, cast: Cast, roles: frozenset[str]) -> bool:
    pattern, table = old_names_of(cast)
    if pattern is None:
        return False
    for m in pattern.finditer(text.translate(QUOTES)):
        raw = m.group()
        key = " ".join(raw.casefold().split())
        if (
            key in table
            and table[key][0] in roles
            and not (key in _words._EVERYDAY and not raw[:1].isupper())
        ):
            return True
    return False


def _view(words: list[_words.Word]) -> list[tuple[object, ...]]:
    return [
        (w.low, w.start, w.end, w.kind, w.role, w.gender, w.member, w.plural, w.person, w.capital)
        for w in words
    ]


def old_words(text: str, cast: Cast) -> list[tuple[object, ...]]:
    """``words.words`` with the old pattern in place of the matcher."""
    pattern, table = old_names_of(cast)
    original = _words._names
    _words._names = lambda _: (None if pattern is None else _Old(pattern), table)  # type: ignore[assignment,return-value]
    try:
        return _view(_words.words(text, cast))
    finally:
        _words._names = original


class _Old:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.pattern.finditer(text)]


# --- every text and cast we have -----------------------------------------------------------


def _cast_of(mapping: Mapping[str, str] | None) -> Cast:
    return Cast.from_roles(
        {w: (r if r in ROLES else "professional") for w, r in (mapping or {}).items()}
    )


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str):
                yield key
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _corpus() -> tuple[list[str], list[Cast], list[tuple[str, Cast]]]:
    """Every string of tests/data and examples, the casts of the examples, blind cases and
    sets (and one cast of every name the sets give), and each set sentence with its cast."""
    cases = [
        safeplan.load(path)
        for path in sorted((ROOT / "examples").glob("*.yaml"))
        + sorted((DATA / "blind_cases").glob("case*.yaml"))
    ]
    texts: dict[str, None] = {}
    casts: dict[Cast, None] = {Cast(()): None}
    own: dict[tuple[str, Cast], None] = {}
    for case in cases:
        casts[case.cast()] = None
        for item in _audience._items(case):
            for _, text in item.fields:
                texts[text] = None
    everyone: dict[str, str] = {}
    for path in sorted(DATA.rglob("*.yaml")) + sorted((ROOT / "examples").rglob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict):
            for key in ("sentences", "terms"):
                for s in document.get(key) or []:
                    if isinstance(s, dict) and isinstance(s.get("text"), str):
                        cast = _cast_of(s.get("cast"))
                        casts[cast] = None
                        own[(s["text"], cast)] = None
                        for name, role in (s.get("cast") or {}).items():
                            everyone.setdefault(
                                str(name), role if role in ROLES else "professional"
                            )
        for text in _strings(document):
            texts[text] = None
    casts[Cast.from_roles(everyone)] = None
    return list(texts), list(casts), list(own)


TEXTS, CASTS, OWN = _corpus()


def test_the_corpus_is_what_it_says() -> None:
    assert len(TEXTS) > 2000 and len(CASTS) > 50 and len(OWN) > 1000
    assert any(not t.isascii() for t in TEXTS)  # curly quotes, Welsh names, ...


def test_the_same_tables() -> None:
    for cast in CASTS:
        assert _words._names_of(cast)[1] == old_names_of(cast)[1]


@pytest.mark.parametrize("cast", CASTS[:12], ids=lambda c: f"{len(c.members)}-members")
def test_the_same_spans_on_every_text(cast: Cast) -> None:
    for text in TEXTS:
        for variant in (text, text.translate(QUOTES), text.upper()):
            assert new_spans(variant, cast) == old_spans(variant, cast)


def test_the_same_spans_with_every_sets_cast() -> None:
    for text, cast in OWN:
        assert new_spans(text, cast) == old_spans(text, cast)
        assert new_spans(text.translate(QUOTES), cast) == old_spans(text.translate(QUOTES), cast)
    for cast in CASTS[12:]:
        for text, _ in OWN[::7]:
            assert new_spans(text, cast) == old_spans(text, cast)


def test_the_same_words_and_names_any() -> None:
    roles = [frozenset({r}) for r in sorted(set(_words.ROLE_OF_CAST.values()))]
    for cast in CASTS[:12]:
        for text in TEXTS[::3]:
            assert _view(_words.words(text, cast)) == old_words(text, cast)
            for role in roles:
                assert _words.names_any(text, cast, role) == old_names_any(text, cast, role)
    for text, cast in OWN:
        assert _view(_words.words(text, cast)) == old_words(text, cast)


def test_the_examples_cast_needs_no_pattern() -> None:
    """The pattern (the slow part to build) is compiled only for a text that needs it."""
    case = safeplan.load(ROOT / "examples" / "green-reid-england.yaml")
    cast = case.cast()
    _words._names_of.cache_clear()
    matcher, _ = _words._names_of(cast)
    assert matcher is not None
    found = 0
    for text in TEXTS:
        found += len(matcher.spans(text.translate(QUOTES)))
    assert found > 100
    assert matcher._pattern is None  # every text of ours is searched without the pattern
    assert matcher.spans("Stra\u00dfe") is not None and matcher._pattern is not None


# --- the characters compared by casefolding ------------------------------------------------


def test_plain_characters_match_under_ignorecase_exactly_as_they_casefold() -> None:
    """For every character the matcher compares casefolded, ``re``'s IGNORECASE matches a
    name's character against it exactly when its casefold is that character."""
    plain_char = _words._plain_char.__wrapped__  # uncached: every character once
    plain = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000 and plain_char(chr(i))]
    assert all(c.isascii() or _words._plain_char(c) for c in map(chr, range(128)))
    folded = {c.casefold() for c in plain}
    assert all(len(f) == 1 and _words._plain_char(f) for f in folded)
    cased = [c for c in plain if c.lower() != c or c.upper() != c]
    is_cased = set(cased)
    others = [c for c in plain if c not in is_cased]
    # An uncased character folds to itself and IGNORECASE matches it only as itself.
    assert all(c.casefold() == c for c in others)
    haystack = "".join(cased)
    sample = "".join(others[:: len(others) // 5000])
    by_fold: dict[str, set[str]] = {}
    for c in cased:
        by_fold.setdefault(c.casefold(), set()).add(c)
    assert folded <= set(by_fold) | set(others)
    for p in by_fold:  # every cased character a name may hold, once casefolded
        found = re.compile(re.escape(p), re.IGNORECASE).findall(haystack + sample)
        assert set(found) == by_fold[p], hex(ord(p))
    for p in others[:: len(others) // 3000]:  # uncased ones, from every block
        assert re.compile(re.escape(p), re.IGNORECASE).findall(haystack) == []
    # The characters re pairs with a second lowercase, and those folding to more than one.
    for c in "\u017f\u0131\u00b5\u00df\u0130\u0149\u03c2\u1e9b\u0345\u1fbe":
        assert not _words._plain_char(c), hex(ord(c))
    assert _words._plain_char("\u212a") and _words._plain_char("\u00e2")  # KELVIN SIGN, â


# --- random names and texts ------------------------------------------------------------------

# Spaces (tab, no-break, thin), apostrophes, hyphens, capitals, accented letters, KELVIN SIGN,
# titlecase "Dž"; and (only in ALPHABET) "ß", "ẞ", "ſ", dotless and dotted i, micro, sigmas.
PLAIN_ALPHABET = (
    "aAbBeEiIsSkKlLoO \t\u00a0\u2009\n'-\u2019_.,()0123456789"
    "\u00e9\u00c9\u00e2\u0175\u0174\u212a\u01c5"
)
ALPHABET = PLAIN_ALPHABET + "\u00df\u1e9e\u017f\u0131\u0130\u00b5\u03c3\u03c2"
ROLE_NAMES = sorted(ROLES)


def _varied(name: str, draw: st.DrawFn) -> str:
    out = []
    for c in name:
        if c.isspace() or c == " ":
            out.append(draw(st.sampled_from([" ", "  ", "\t", "\u00a0", "\n", " \u2009"])))
        else:
            out.append(draw(st.sampled_from([c, c.upper(), c.lower()])))
    return "".join(out)


@st.composite
def _cases(draw: st.DrawFn, alphabet: str) -> tuple[Cast, str]:
    name = st.text(alphabet, min_size=1, max_size=7)
    names = draw(
        st.lists(st.one_of(name, st.builds("{} {}".format, name, name)), min_size=1, max_size=6)
    )
    names += draw(
        st.lists(
            st.sampled_from([*sorted(_words._EVERYDAY), "sally green", "o'neil", "jo-ann"]),
            max_size=2,
        )
    )
    roles = {n: draw(st.sampled_from(ROLE_NAMES)) for n in names}
    cast = Cast.from_roles(roles)
    parts = draw(
        st.lists(
            st.one_of(
                st.text(alphabet, max_size=6),
                st.sampled_from(names).map(lambda n: _varied(n, draw)),
            ),
            max_size=10,
        )
    )
    return cast, "".join(parts)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases(ALPHABET))
def test_random_names_and_texts(case: tuple[Cast, str]) -> None:
    cast, text = case
    assert new_spans(text, cast) == old_spans(text, cast)
    assert _view(_words.words(text, cast)) == old_words(text, cast)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases(PLAIN_ALPHABET))
def test_random_plain_names_and_texts(case: tuple[Cast, str]) -> None:
    """Texts and names the matcher reads without the pattern (the fast path)."""
    cast, text = case
    assert new_spans(text, cast) == old_spans(text, cast)
    assert _view(_words.words(text, cast)) == old_words(text, cast)
    for role in ({"adult-at-risk"}, {"person-causing-harm", "both-parents"}):
        assert _words.names_any(text, cast, frozenset(role)) == old_names_any(
            text, cast, frozenset(role)
        )
