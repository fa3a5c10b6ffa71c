"""The policing judge: what it refuses, what it only flags, and what it may quote."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan._wording import Cast, Level, PolicingKind, policing
from safeplan._wording.lexicon import FUNCTION_WORDS, VERB_CLASSES, inflections

CAST = Cast.from_roles(
    {
        "Sally": "adult-at-risk",
        "Paul": "person-causing-harm",
        "Mia": "child",
        "Jean": "network-member",
    }
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sally will not allow Paul into the house.", PolicingKind.EXCLUSION),
        ("Sally will ensure Paul has no contact with Mia.", PolicingKind.CONTROL),
        ("Sally will supervise Paul's contact with Mia.", PolicingKind.SUPERVISION),
        ("Sally will inform the social worker of any contact from Paul.", PolicingKind.REPORTING),
        ("Sally will not be in contact with Paul.", PolicingKind.CONTACT),
        ("Sally will apply for a non-molestation order against Paul.", PolicingKind.LEGAL),
        ("Sally will protect Mia from Paul.", PolicingKind.PROTECTION),
        ("Sally will end the visit if Paul has been drinking.", PolicingKind.RESPONSE),
        (
            "If Sally resumes her relationship with Paul, Mia will be removed.",
            PolicingKind.CONDITION,
        ),
    ],
)
def test_each_kind_of_policing_is_refused(text: str, kind: PolicingKind) -> None:
    verdict = policing(text, CAST, holder="adult-at-risk")
    assert verdict is not None and verdict.level is Level.REFUSE
    assert verdict.kind is kind
    assert verdict.kind.asks and verdict.kind.rewrite


@pytest.mark.parametrize("holder", ["person-causing-harm", "network-member", "agency"])
def test_the_same_words_held_by_someone_else_are_theirs(holder: str) -> None:
    assert policing("Paul will not be in contact with Sally.", CAST, holder=holder) is None
    assert policing("Jean will supervise Paul's contact with Mia.", CAST, holder=holder) is None


def test_an_agencys_term_is_judged_only_where_it_names_her_duty() -> None:
    named = policing("Sally commits to keeping Paul out of the house.", CAST, holder="agency")
    assert named is not None and named.level is Level.REFUSE
    assert policing("We will keep Paul away from the house.", CAST, holder="agency") is None


def test_a_duty_that_names_him_but_matches_nothing_is_a_warning() -> None:
    verdict = policing(
        "Sally will talk to Mia about Paul's drinking.", CAST, holder="adult-at-risk"
    )
    assert verdict is not None and verdict.level is Level.POSSIBLE


def test_separating_is_the_softer_finding_not_policing() -> None:
    assert policing("Sally will separate from Paul.", CAST, holder="adult-at-risk") is None
    assert policing("Sally will leave Paul.", CAST, holder="adult-at-risk") is None


# --- what a verdict may quote -----------------------------------------------------------------

_LABELS = (
    "the adult at risk|the person causing harm|the children|a professional|a family member|"
    "someone|the parents"
)
_SAFE = (
    FUNCTION_WORDS
    | {f for verbs in VERB_CLASSES.values() for v in verbs for f in inflections(v)}
    | {"...", "999"}
)
_NAMES = ["Sally", "Paul", "Mia", "Jean", "Zofia", "Tomasz", "Gwenllian"]


def _only_safe_words(quoted: str) -> bool:
    rest = re.sub(_LABELS, " ", quoted)
    words = rest.replace("'s", " ").split()
    return all(w in _SAFE or w.isalpha() for w in words) and not any(
        n.casefold() in quoted.casefold() for n in _NAMES
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_NAMES,
                "will",
                "not",
                "let",
                "allow",
                "into",
                "the",
                "house",
                "at",
                "12",
                "Birch",
                "Road",
                "contact",
                "with",
                "him",
                "her",
                "if",
                "comes",
                "ring",
                "999",
                "and",
                "tell",
                "Amira",
                "keep",
                "away",
                "from",
                ",",
                ".",
                "supervise",
                "visits",
                "Northtown",
            ]
        ),
        min_size=3,
        max_size=18,
    )
)
def test_a_quote_never_holds_a_name_or_the_cases_other_words(words: list[str]) -> None:
    cast = Cast.from_roles(
        {
            "Sally": "adult-at-risk",
            "Zofia": "adult-at-risk",
            "Paul": "person-causing-harm",
            "Tomasz": "person-causing-harm",
            "Mia": "child",
            "Gwenllian": "child",
            "Jean": "network-member",
            "Amira": "professional",
        }
    )
    verdict = policing(" ".join(words), cast, holder="adult-at-risk")
    if verdict is not None:
        quoted = verdict.words
        for secret in (*_NAMES, "Amira", "Birch", "Road", "Northtown", "12"):
            assert secret.casefold() not in quoted.casefold().split(), quoted
        assert _only_safe_words(quoted)


def test_a_capitalised_word_the_cast_does_not_know_is_not_quoted() -> None:
    # A new partner the case does not name yet, a street, a school: never in a message.
    verdict = policing(
        "Sally will not let Paul or Dean into Hillside House on Church Street.",
        CAST,
        holder="adult-at-risk",
    )
    assert verdict is not None
    for word in ("dean", "hillside", "church", "street"):
        assert word not in verdict.words.split()


def test_the_verdict_is_the_same_every_time() -> None:
    text = "If Paul comes to the house, Sally must ring 999 and tell the social worker."
    first = policing(text, CAST, holder="adult-at-risk")
    assert first == policing(
        text,
        Cast.from_roles({"Sally": "adult-at-risk", "Paul": "person-causing-harm"}),
        holder="adult-at-risk",
    )
    assert first is not None and first.words == (
        "the adult at risk must ring 999 if the person causing harm comes to the house"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Paul is not to be given the new address.",  # whoever holds it: her
        "Mia must not be taken to Paul's flat.",  # whoever has Mia: her
    ],
)
def test_a_passive_that_names_no_one_is_refused(text: str) -> None:
    verdict = policing(text, CAST, holder=None)
    assert verdict is not None and verdict.level is Level.REFUSE


def test_what_each_parent_does_alone_is_not_contact_between_them() -> None:
    both = Cast.from_roles({"The parents": "both-parents", "Mia": "child"})
    alone = "The parents agree not to drink alcohol when Mia is in their care."
    verdict = policing(alone, both, holder="both-parents")
    assert verdict is None or verdict.level is not Level.REFUSE
    apart = policing("The parents will not meet.", both, holder="both-parents")
    assert apart is not None and apart.level is Level.REFUSE


@pytest.mark.parametrize(
    "text",
    [
        "Paul is not to come to the house and Sally is responsible for making sure this does not "
        "happen.",
        "Meetings between Sally and Paul must be in public places.",
    ],
)
def test_his_restriction_left_for_her_to_keep_is_refused(text: str) -> None:
    verdict = policing(text, CAST, holder=None)
    assert verdict is not None and verdict.level is Level.REFUSE
    assert policing("Paul is not to come to the house.", CAST, holder=None) is None
