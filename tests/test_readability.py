"""Readability measures: sentences, words, syllables, reading grade, passive voice, acronyms."""

from __future__ import annotations

import pytest

from safeplan._readability import (
    acronyms,
    long_words,
    passive_phrases,
    reading_grade,
    sentences,
    syllables,
    words,
)

# --- sentences and words ---------------------------------------------------------------------


def test_sentences_split_on_full_stops_question_and_exclamation_marks() -> None:
    text = "Paul hit Sally. Mia heard it! Was Leo there? Yes."
    assert sentences(text) == ["Paul hit Sally.", "Mia heard it!", "Was Leo there?", "Yes."]


def test_abbreviations_initials_times_and_decimals_do_not_end_a_sentence() -> None:
    text = "Mr. Reid met Dr. Khan at 10.30am, e.g. on Tuesdays. J. Green came too. The end"
    assert sentences(text) == [
        "Mr. Reid met Dr. Khan at 10.30am, e.g. on Tuesdays.",
        "J. Green came too.",
        "The end",
    ]


def test_line_breaks_between_list_items_and_paragraphs_end_a_sentence() -> None:
    text = "What will happen:\n- Amira will visit\n- Beth will call\n\nA new paragraph"
    assert sentences(text) == [
        "What will happen:",
        "Amira will visit",
        "Beth will call",
        "A new paragraph",
    ]


def test_empty_text_has_no_sentences() -> None:
    assert sentences("") == []
    assert sentences("  \n ... ") == []


def test_words_keep_apostrophes_and_hyphens_inside_a_word() -> None:
    assert words("Children's Services don't run the behaviour-change course at 10am.") == [
        "Children's",
        "Services",
        "don't",
        "run",
        "the",
        "behaviour-change",
        "course",
        "at",
        "10am",
    ]


# --- syllables -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("make", 1),
        ("house", 1),
        ("pushed", 1),
        ("school", 1),
        ("table", 2),
        ("centre", 2),
        ("wanted", 2),
        ("houses", 2),
        ("police", 2),
        ("session", 2),
        ("safety", 2),
        ("Wednesday", 2),
        ("family", 3),
        ("violence", 3),
        ("agreement", 3),
        ("behaviour", 3),
        ("period", 3),
        ("supervisor", 4),
        ("independent", 4),
        ("situation", 4),
        ("appropriately", 5),
        ("Children's", 2),
        ("behaviour-change", 4),
        ("GP", 2),
        ("999", 1),
    ],
)
def test_syllables_of_known_words(word: str, count: int) -> None:
    assert syllables(word) == count


def test_syllables_of_nothing_is_zero_and_of_anything_else_at_least_one() -> None:
    assert syllables("") == 0
    assert syllables("'") == 0
    assert syllables("hmm") == 1
    assert syllables("x") == 1


def test_long_words() -> None:
    text = "Paul will go to the behaviour programme appropriately."
    assert long_words(text, 3) == ["appropriately"]
    assert long_words(text, 2) == ["behaviour", "appropriately"]


# --- reading grade ---------------------------------------------------------------------------


def test_simple_text_scores_lower_than_complex_text() -> None:
    simple = "Paul hit Sally. Mia heard it. She was scared. Amira will visit each week."
    complex_ = (
        "Notwithstanding the aforementioned considerations, the local authority anticipates "
        "that comprehensive multi-agency intervention will be necessitated to ameliorate the "
        "deleterious consequences of the perpetrator's controlling behaviour."
    )
    assert reading_grade(simple) < 3 < 12 < reading_grade(complex_)


def test_longer_sentences_raise_the_grade() -> None:
    short = "Paul will go. He will go on Tuesday. He will not be late."
    joined = "Paul will go, and he will go on Tuesday, and he will not be late."
    assert reading_grade(short) < reading_grade(joined)


def test_several_texts_are_pooled_and_empty_text_scores_zero() -> None:
    assert reading_grade(["Paul hit Sally.", "Mia heard it."]) == pytest.approx(
        reading_grade("Paul hit Sally. Mia heard it.")
    )
    assert reading_grade("") == 0.0
    assert reading_grade([]) == 0.0


def test_the_flesch_kincaid_formula() -> None:
    # 2 sentences, 6 words, 8 syllables
    assert reading_grade("Paul hit Sally. Mia saw it.") == pytest.approx(
        0.39 * 3 + 11.8 * (8 / 6) - 15.59
    )


# --- passive voice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Sally was assaulted.", "was assaulted"),
        ("The children were exposed to domestic abuse.", "were exposed"),
        ("Police were called to the house.", "were called"),
        ("Sally was badly hurt.", "was hurt"),
        ("Leo has been hit before.", "been hit"),
        ("It wasn't seen by anyone.", "wasn't seen"),
        ("Attendance will be checked every week.", "be checked"),
        ("Mia got pushed over.", "got pushed"),
    ],
)
def test_passive_phrases_are_found(text: str, phrase: str) -> None:
    assert [p.phrase for p in passive_phrases(text)] == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "Paul assaulted Sally.",
        "Mia was frightened and Leo was upset.",
        "Sally is married and they are separated.",
        "The children were in the next room.",
        "Paul is going to the course.",
        "Her name is Ahmed.",
        "Sally has called the police.",
    ],
)
def test_active_sentences_and_states_are_not_passive(text: str) -> None:
    assert passive_phrases(text) == []


def test_an_agent_after_by_is_recorded() -> None:
    hidden, named = passive_phrases("Sally was pushed. Sally was pushed against the wall by Paul.")
    assert not hidden.has_agent
    assert named.has_agent
    assert named.participle == "pushed"


def test_passive_spans_point_into_the_text() -> None:
    text = "On 3 October Sally was pushed."
    (found,) = passive_phrases(text)
    assert text[found.start : found.end] == "was pushed"


# --- acronyms --------------------------------------------------------------------------------


def test_acronyms_are_found_once_each_in_order() -> None:
    text = "The IDVA and MARAC met. IDVAs help. Go to A&E. It is OK."
    assert acronyms(text) == ["IDVA", "MARAC", "A&E", "OK"]
    assert acronyms(text, allowed=["ok", "A&E"]) == ["IDVA", "MARAC"]


def test_text_in_capitals_and_single_capitals_are_not_acronyms() -> None:
    assert acronyms("OFFICIAL SENSITIVE") == []
    assert acronyms("I will go. A day out.") == []
