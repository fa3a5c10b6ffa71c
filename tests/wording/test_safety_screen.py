"""The safety-detail detector's screen (``safety_text.quiet``) never hides a detail.

``safety_details`` reads a text in full only when the screen cannot prove it quiet. The screen
is sound when every text it calls quiet holds nothing the full reading would find: checked here
on every text of tests/data (the labelled sets, the blind cases, the probes) and of the bundled
examples, with the cast of its own set or case, the empty cast and each case's cast, and several
holders, against the detector with its screen turned off. (The screen was also compared, before
it replaced the old reader, with the old detector on the same texts: no difference.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

import safeplan
from safeplan._copies import audience as _audience
from safeplan._wording import Cast
from safeplan._wording import safety as _safety
from safeplan._wording import safety_text as _text
from safeplan._wording import safety_words as _words
from safeplan._wording.cast import ROLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
HOLDERS = (None, "adult-at-risk", "person-causing-harm", "agency", "network-member")


def _cast_of(mapping: Mapping[str, str] | None) -> Cast:
    return Cast.from_roles(
        {w: (r if r in ROLES else "professional") for w, r in (mapping or {}).items()}
    )


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _texts() -> list[tuple[str, Cast]]:
    """Every text of tests/data and examples, each with the casts it is read with."""
    out: dict[tuple[str, Cast], None] = {}
    cases = []
    for path in sorted((ROOT / "examples").glob("*.yaml")) + sorted(
        (DATA / "blind_cases").glob("case*.yaml")
    ):
        cases.append(safeplan.load(path))
    casts = [Cast(()), *(case.cast() for case in cases)]
    for case in cases:
        for item in _audience._items(case):
            for _, text in item.fields:
                out[(text, case.cast())] = None
    files = sorted(DATA.rglob("*.yaml")) + sorted((ROOT / "examples").rglob("*.yaml"))
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(document, dict):
            for key in ("sentences", "terms"):
                for s in document.get(key) or []:
                    if isinstance(s, dict) and isinstance(s.get("text"), str):
                        out[(s["text"], _cast_of(s.get("cast")))] = None
        for text in _strings(document):
            if text.strip() and not re.fullmatch(r"[\w.-]+", text):
                for cast in casts:
                    out[(text, cast)] = None
    return list(out)


TEXTS = _texts()


def test_there_are_texts_to_screen() -> None:
    assert len(TEXTS) > 10_000
    quiet = sum(_text.quiet(text, cast) for text, cast in TEXTS)
    # Most texts are quiet (the screen earns its keep), but not all (it is not a stub).
    assert 0.2 * len(TEXTS) < quiet < 0.9 * len(TEXTS)


def test_a_quiet_text_holds_no_detail(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = [(text, cast) for text, cast in TEXTS if _text.quiet(text, cast)]
    monkeypatch.setattr(_safety, "quiet", lambda *_: False)  # the full reading, always
    missed = [
        (text[:60], holder)
        for text, cast in quiet
        for holder in HOLDERS
        if _safety.safety_details(text, cast, holder=holder)
    ]
    assert missed == []


def test_the_screen_changes_no_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """With and without the screen, the same details on every text (one holder each)."""
    screened = [_safety.safety_details(t, c, holder="agency") for t, c in TEXTS]
    monkeypatch.setattr(_safety, "quiet", lambda *_: False)
    assert screened == [_safety.safety_details(t, c, holder="agency") for t, c in TEXTS]


def test_a_text_screened_and_read_is_read_the_same() -> None:
    text = "Sally's new flat is at 22 Brook Lane. She goes to Hillside Primary on Mondays."
    cast = _cast_of({"Sally": "adult-at-risk"})
    pieces = _text.cut(text)
    assert not _text.quiet(text, cast, pieces)
    assert _text.read(text, cast, pieces) == _text.read(text, cast)
    assert _safety.safety_details(text, cast, holder="agency")


def test_the_letter_classes_hold_the_same_characters() -> None:
    """The classes are written as "every other character" (quicker to compile): the same
    characters as the ranges they stand for, for every code point."""
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for written, ranges in (
        (_text._LETTER, _text._LETTER_RANGES),
        (
            _text._NAME_CHAR,
            ((0x41, 0x5A), *_text._LETTER_RANGES, *[(ord(c), ord(c)) for c in "'’&-"]),
        ),
    ):
        explicit = "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in ranges)
        assert re.findall(written, everything) == re.findall(f"[{explicit}]", everything)


def test_every_verb_of_speech_is_a_word_the_screen_looks_for() -> None:
    """The screen looks for a child's words only in a text with one of SPEECH_WORDS: every
    word SPEECH can end on is one of them (the others only lead up to one)."""
    verbs = _words.SPEECH[_words.SPEECH.index("(?:told") :]
    leading = _text.word_set(
        "is was am are were feels felt gets got get feel so very really still too does do did "
        "n t not would d her his their my that"
    )
    words = set(re.findall(r"[a-z]+", re.sub(r"\\[a-z]", "", verbs)))
    assert words - leading == set(_words.SPEECH_WORDS)
    speech = re.compile(_words.SPEECH)
    for text, _ in TEXTS:
        lower = _text.cut(text).lower
        for m in speech.finditer(lower):
            assert not _words.SPEECH_WORDS.isdisjoint(_text.cut(m.group()).tokens), m.group()
