"""The keyword pre-filters in front of the wording readers never change an answer.

A :class:`~safeplan._wording.screen.Screen` searches a pattern only when the text holds the words
every match of it needs; ``policing()`` reads a term only when it holds a word a verdict could rest
on. Each must give exactly what the plain search gives: on every labelled term, on variations of
them, and on random text built from the patterns' own words, odd casing and the letters outside
ASCII that a case-insensitive pattern matches with ASCII ones.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan._profiles import nation_profile
from safeplan._wording import Cast, screen_needs
from safeplan._wording import screen as screen_module
from safeplan._wording.policing import analyse, policing
from safeplan._wording.screen import FOLDS_TO_ASCII, Screen, needs_of, needs_table
from safeplan._wording.thirdparty import routes, third_parties

DATA = Path(__file__).parent.parent / "data"
duration = importlib.import_module("safeplan._wording.duration")
vague = importlib.import_module("safeplan._wording.vague")

TEXTS = [
    t["text"]
    for name in ("terms_dev.yaml", "terms2_dev.yaml")
    for t in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["terms"]
] + [
    s["text"] for s in yaml.safe_load((DATA / "expectations.yaml").read_text("utf-8"))["sentences"]
]

SCREENS = {
    "outlives": duration._SCREEN,
    "vague constructions": vague._CONSTRUCTIONS,
    "vague terms": vague._screen(nation_profile("england").vague_terms),
    "blaming terms": vague._screen(nation_profile("england").blaming_terms),
}


def _plain(screen: Screen, text: str) -> list[str]:
    return [label for label, pattern in screen.patterns if pattern.search(text)]


def _mixed_case(text: str, flips: list[bool]) -> str:
    return "".join(ch.upper() if flips[i % len(flips)] else ch.lower() for i, ch in enumerate(text))


def _with_folds(text: str) -> str:
    return text.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131")


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_labelled_terms_and_variations_agree(name: str) -> None:
    screen = SCREENS[name]
    for text in TEXTS:
        for variant in (text, text.upper(), _mixed_case(text, [True, False]), _with_folds(text)):
            assert screen.all(variant) == _plain(screen, variant), variant


WORDS = sorted(
    {w for screen in SCREENS.values() for _, _, needs in screen.needs for s in needs for w in s}
    | set(" ".join(TEXTS[:80]).split())
)


@pytest.mark.parametrize("name", sorted(SCREENS))
@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.one_of(
            st.sampled_from(WORDS),
            st.text(min_size=1, max_size=6),
            st.sampled_from(["\u0130", "\u0131", "\u017f", "\u212a", "’", "'", ",", "é"]),
        ),
        max_size=24,
    ),
    flips=st.lists(st.booleans(), min_size=1, max_size=5),
)
def test_random_text_agrees(name: str, words: list[str], flips: list[bool]) -> None:
    screen = SCREENS[name]
    text = " ".join(words)
    for variant in (text, _mixed_case(text, flips)):
        assert screen.all(variant) == _plain(screen, variant), variant


def test_the_folding_characters_are_all_listed() -> None:
    everything = "".join(
        chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
    )
    folding = set(re.findall("[a-z]", everything, re.IGNORECASE))
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folding |= set(re.findall(letter, everything, re.IGNORECASE))
    assert folding == set(FOLDS_TO_ASCII)


def test_every_pattern_has_words_it_needs() -> None:
    # Not needed for correctness (a pattern with none is always searched), but a pattern that
    # lost its words would silently make its pre-filter useless.
    for screen in SCREENS.values():
        assert all(needs for _, _, needs in screen.needs)


def _needs_module() -> str:
    """What ``screen_needs.py`` should hold: its own head, then the table made from the parse
    of every built-in pattern."""
    head = NEEDS_FILE.read_text(encoding="utf-8").split("NEEDS: dict[str, Needs] = {")[0]
    built = [Screen(s.patterns) for s in (duration._SCREEN, vague._CONSTRUCTIONS)]
    return _ruff_formatted(head + needs_table("NEEDS", built), NEEDS_FILE)


NEEDS_FILE = Path(screen_needs.__file__)


def _ruff_formatted(text: str, path: Path) -> str:
    """A generated module as ``ruff format`` writes it (the suite checks the format)."""
    ruff = Path(sys.executable).parent / "ruff"
    done = subprocess.run(
        [str(ruff) if ruff.exists() else "ruff", "format", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_kept_needs_are_those_of_the_patterns_parse() -> None:
    # The table saves parsing every pattern at import; a stale one would cost time (the
    # edited pattern is parsed), never an answer. Made again with
    # ``.venv/bin/python tests/wording/test_screen.py``.
    assert NEEDS_FILE.read_text(encoding="utf-8") == _needs_module()
    for screen in (duration._SCREEN, vague._CONSTRUCTIONS):
        for _, source, needs in screen.needs:
            assert needs == screen_needs.NEEDS[source] == needs_of(source, re.IGNORECASE)


def test_patterns_are_compiled_only_when_a_text_could_match() -> None:
    screen = Screen([("a", r"\bapple\b"), ("b", r"\bbanana\b")])
    assert screen.all("an apple a day") == ["a"]
    assert screen._compiled[1] is None  # never a candidate: never compiled
    assert [label for label, _ in screen.patterns] == ["a", "b"]


# --- the policing pre-filter ------------------------------------------------------------------

CAST = Cast.from_roles(
    {
        "Sally": "adult-at-risk",
        "Paul": "person-causing-harm",
        "Mia": "child",
        "Jean": "network-member",
    }
)
HOLDERS = ["adult-at-risk", "both-parents", None, "agency", "person-causing-harm"]


def test_policing_reads_every_term_it_could_judge() -> None:
    for name in ("terms_dev.yaml", "terms2_dev.yaml"):
        for t in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["terms"]:
            cast = Cast.from_roles(t["cast"] or {})
            for holder in HOLDERS:
                assert policing(t["text"], cast, holder=holder) == analyse(
                    t["text"], cast, holder=holder
                ), (t["id"], holder)


POLICING_WORDS = sorted(
    {
        *[
            "will",
            "must",
            "not",
            "no",
            "never",
            "let",
            "allow",
            "keep",
            "away",
            "ensure",
            "contact",
            "see",
            "supervise",
            "ring",
            "999",
            "if",
            "comes",
            "house",
            "door",
            "locks",
            "order",
            "tell",
            "social",
            "worker",
            "the",
            "children",
            "Sally",
            "Paul",
            "Mia",
            "Jean",
            "he",
            "she",
            "him",
            "her",
            "they",
            "is",
            "to",
            "be",
            "only",
            "except",
            "through",
            "a",
            "third",
            "party",
            "visit",
            "report",
            "police",
            "Mum",
            "Dad",
            "partner",
            "ex",
            "parents",
            "each",
            "other",
            "relationship",
            ",",
            ".",
        ],
        "Paul's",
        "can",
    }
)


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(POLICING_WORDS), min_size=1, max_size=16),
    holder=st.sampled_from(HOLDERS),
)
def test_the_policing_pre_filter_never_changes_an_answer(
    words: list[str], holder: str | None
) -> None:
    text = " ".join(words)
    assert policing(text, CAST, holder=holder) == analyse(text, CAST, holder=holder)


def _every_text(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if " " in value.strip() else []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _every_text(v)]
    if isinstance(value, list):
        return [t for v in value for t in _every_text(v)]
    return []


ALL_TEXTS = sorted(
    {
        text
        for path in [*DATA.glob("**/*.yaml"), *(DATA.parent.parent / "examples").glob("*.yaml")]
        for text in _every_text(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
)
SPEAKERS = [None, "adult-at-risk", "person-causing-harm", "both-parents"]


def test_an_agencys_term_is_read_whenever_it_could_be_judged() -> None:
    # The agency pre-filter (no word that could stand for the adult at risk or both parents)
    # on every sentence of the labelled sets, blind cases and examples, with each speaker.
    assert len(ALL_TEXTS) > 3000
    for text in ALL_TEXTS:
        for speaker in SPEAKERS:
            assert policing(text, CAST, holder="agency", speaker=speaker) == analyse(
                text, CAST, holder="agency", speaker=speaker
            ), (text[:40], speaker)


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_the_one_search_for_a_screens_words_finds_what_looking_word_by_word_finds(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A screen looks for its words one by one at first, then with one search (a trie); the
    # patterns it opens must be the same either way, on every sentence in any casing.
    original = SCREENS[name]
    word_by_word = Screen(original.patterns, needs=[n for _, _, n in original.needs])
    searched = Screen(original.patterns, needs=[n for _, _, n in original.needs])
    monkeypatch.setattr(screen_module, "_FINDER_AFTER", 0)
    searched.candidates("")
    assert searched._finder is not None
    monkeypatch.setattr(screen_module, "_FINDER_AFTER", 10**9)
    for text in ALL_TEXTS:
        for variant in (text, text.upper(), _mixed_case(text, [True, False, False])):
            low = variant.lower()
            assert searched._opened(low) == word_by_word._opened(low), variant[:40]
            assert searched.candidates(variant) == word_by_word.candidates(variant)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=20))
def test_the_one_search_agrees_on_random_text(words: list[str]) -> None:
    text = "".join(words).lower()  # no spaces: words that overlap and run into each other
    for original in SCREENS.values():
        words_only = Screen(original.patterns, needs=[n for _, _, n in original.needs])
        searched = Screen(original.patterns, needs=[n for _, _, n in original.needs])
        searched._finder = searched._build_finder()
        assert searched._opened(text) == words_only._opened(text)


def test_third_parties_reads_every_term_with_a_route() -> None:
    # The route pre-filter ("via", "through", "thru", "passed by" ...) on every sentence, and
    # on the odd places a token starts ("_passed by", "-sent by").
    edges = [
        f"Contact between Sally and Paul {lead}{word} by{tail} Jean."
        for lead in ("", "_", "-", "'", "x-")
        for word in ("passed", "Sent", "MADE", "relayed")
        for tail in ("", "'", ",", "-x")
    ]
    for text in [*ALL_TEXTS, *edges]:
        for holder in HOLDERS:
            assert third_parties(text, CAST, holder=holder) == routes(text, CAST, holder=holder), (
                text[:40],
                holder,
            )


if __name__ == "__main__":  # make screen_needs.py again
    NEEDS_FILE.write_text(_needs_module(), encoding="utf-8")
