"""The keyword pre-filter in front of the wording patterns never changes an answer.

``policing_wording`` and the outlives check only search the patterns a text could match (it holds
a word from each set the pattern requires). Each must give exactly what the plain combined
expression gives: on every labelled sentence, on variations of them, and on random text built
from the patterns' own words, odd casing and the characters IGNORECASE folds onto ASCII.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan._case import wording as _wording

DATA = Path(__file__).parent.parent / "data" / "expectations.yaml"
SENTENCES = [s["text"] for s in yaml.safe_load(DATA.read_text(encoding="utf-8"))["sentences"]]

CHECKS = [
    pytest.param(_wording.policing_wording, _wording._POLICING, id="policing"),
    pytest.param(_wording.outlives_wording, _wording._OUTLIVES, id="outlives"),
]

# The words the patterns are made of, so random text often matches (and often nearly does).
WORDS = sorted(
    {
        w
        for wording in (_wording._policing_wording, _wording._outlives)
        for _, needs in wording.needs
        for words in needs
        for w in words
    }
    | set(" ".join(SENTENCES).split())
    | {"Paul", "Sally", "children's services", "the", "him", "he", "not", "will", ".", ";"}
)


def _mixed_case(text: str, flips: list[bool]) -> str:
    return "".join(ch.upper() if flips[i % len(flips)] else ch.lower() for i, ch in enumerate(text))


def _with_folds(text: str) -> str:
    # Letters IGNORECASE matches with ASCII ones, which lowercasing does not map.
    return text.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")


@pytest.mark.parametrize(("check", "plain"), CHECKS)
def test_labelled_sentences_and_variations_agree(check: object, plain: re.Pattern[str]) -> None:
    assert callable(check)
    for text in SENTENCES:
        for variant in (
            text,
            text.upper(),
            text.lower(),
            _mixed_case(text, [True, False, False]),
            _with_folds(text),
            _with_folds(text.upper()),
            text.replace(" ", "\u00a0"),
            "Nothing to do with it. " + text,
        ):
            assert check(variant) is (plain.search(variant) is not None), variant


@pytest.mark.parametrize(("check", "plain"), CHECKS)
@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.text(min_size=1, max_size=8),
            st.sampled_from(["\u0130", "\u0131", "\u017f", "\u212a", "’", "'", ",", "é"]),
        ),
        max_size=30,
    ),
    seps=st.lists(st.sampled_from([" ", "  ", "\n", "", "\t"]), min_size=1, max_size=5),
    flips=st.lists(st.booleans(), min_size=1, max_size=7),
)
def test_random_text_agrees(
    check: object, plain: re.Pattern[str], words: list[str], seps: list[str], flips: list[bool]
) -> None:
    assert callable(check)
    text = "".join(w + seps[i % len(seps)] for i, w in enumerate(words))
    for variant in (text, _mixed_case(text, flips)):
        assert check(variant) is (plain.search(variant) is not None), variant


def test_the_folding_characters_are_all_listed() -> None:
    # Every character outside ASCII that IGNORECASE matches with an ASCII letter (as a literal
    # or in a class) must send the text past the pre-filter.
    everything = "".join(
        chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
    )
    folding = set(re.findall("[a-z]", everything, re.IGNORECASE))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folding |= set(re.findall(letter, everything, re.IGNORECASE))
    assert folding == set(_wording._FOLDS_TO_ASCII)


def test_every_pattern_has_required_words() -> None:
    # Not needed for correctness (a pattern without any is always searched), but a pattern
    # that loses its words would silently make the pre-filter useless.
    for wording in (_wording._policing_wording, _wording._outlives):
        assert all(needs for _, needs in wording.needs)
