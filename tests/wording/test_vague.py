"""Vague wording, and a profile's word lists matched in the forms drafts use."""

from __future__ import annotations

import pytest

from safeplan._profiles import nation_profile
from safeplan._wording import find_terms, vague_wording

VAGUE = nation_profile("england").vague_terms
BLAMING = nation_profile("england").blaming_terms


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Father will comply with the agreement.", "comply with"),
        ("Mum will follow advice from the social worker.", "follow advice"),
        ("Children's Services will put in place extra help for the family.", "some help"),
        ("Mum will show insight into the impact of domestic abuse.", "show insight"),
        ("Leanne will do what is asked of her by professionals.", "do what is asked"),
        ("Mum will take all necessary steps to stop Dad having contact.", "all necessary steps"),
        ("Karim will maintain a safe and stable home.", "safe and stable"),
        (
            "Children's Services will ensure the children's needs are met.",
            "meet the children's needs",
        ),
        ("If things do not improve, further action may be taken.", "further action"),
        ("The Local Authority will offer support to the family.", "offer support"),
        ("The Local Authority will offer support to Ms Ahmed as needed.", "as needed"),
        ("Jean will support the family.", "support the family"),
        ("Kwame will work on his issues.", "work on his or her issues"),
        ("The parents will keep the children safe.", "keep ... safe"),
        ("CSC will look into getting the family some help with housing.", "look into"),
        ("Pauline will help the family.", "support the family"),
        (
            "Ms Begum is expected to manage Mr Khan's behaviour at handovers.",
            "manage his or her behaviour",
        ),
        ("We will always listen to your views and try to reflect them.", "try to"),
        ("Ms Begum will make sure the children are always safe.", "well cared for"),
        ("Ms Okafor will shield Esi from Mr Mensah.", "protect ... from any risk"),
        (
            "Mum will make sure Dad doesnt get angry in front of the kids.",
            "make sure ... does not get angry",
        ),
    ],
)
def test_vague_constructions_are_found_by_a_fixed_label(text: str, label: str) -> None:
    assert label in vague_wording(text, VAGUE)


@pytest.mark.parametrize(
    "text",
    [
        "Paul will go to the Change Programme every Tuesday from 10 November.",
        "Imran will be polite and respectful towards the contact supervisors at all times.",
        "The social worker will write down what Sally has done to keep the children safe.",
        "Beth will support Sally with her housing application by 3 May.",
        "Paul will not enter or attempt to enter Sally's home.",
        "Sally can ask for extra help at any time.",
    ],
)
def test_specific_terms_are_not_vague(text: str) -> None:
    assert vague_wording(text, VAGUE) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Paul and Sally will not argue with each other during contact.", "argue"),
        ("There were arguments at handover.", "arguments"),
        ("Paul argued with Sally in front of the children.", "argued"),
        ("The parents were arguing during contact.", "arguing"),
        ("The parents kept fighting.", "fighting"),
        ("They fought in the car.", "fought"),
        ("There were altercations.", "altercations"),
    ],
)
def test_a_word_list_is_matched_in_the_forms_drafts_use(text: str, words: str) -> None:
    found = find_terms(text, BLAMING)
    assert [text[start:end] for _, start, end in found] == [words]


def test_a_word_ending_in_ed_is_taken_as_written() -> None:
    # "heated" is blurring ("a heated exchange"); "heating" is not.
    assert find_terms("The flat has no heating.", ["heated"]) == []
    assert [t for t, _, _ in find_terms("It was a heated exchange.", ["heated"])] == ["heated"]


def test_a_term_inside_a_longer_one_is_found_once() -> None:
    found = find_terms("It is a volatile relationship.", ["volatile", "volatile relationship"])
    assert [t for t, _, _ in found] == ["volatile relationship"]
