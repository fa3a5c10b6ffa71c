"""Never-ending and outliving wording: the forms, the ends that are fine, and the keyword
pre-filter that must never change an answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan._wording import duration, outlives


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "We both agree to adhere to it even if Children's Services stopped their involvement.",
            "even if children's services stop",
        ),
        (
            "These terms continue to apply once the case is closed to Children's Services.",
            "after the case is closed",
        ),
        ("Mother will not allow contact, including after the plan ends.", "after the plan ends"),
        ("Jamie will co-operate for as long as CSC are involved and after.", "and after"),
        ("The contract has no time limits.", "no time limit"),
        ("This agreement has no end date.", "no time limit"),
        ("Paul will stay away indefinitely.", "indefinitely"),
        ("Paul will not come to the family home, permanently.", "indefinitely"),
        (
            "Contact will stay at the centre for the foreseeable future.",
            "for the foreseeable future",
        ),
        ("Paul will not drink, now or in the future.", "now or in the future"),
        ("I will never let Darren near the kids again.", "never ... again"),
        (
            "This written agreement will remain in place until further notice.",
            "until further notice",
        ),
        (
            "Layla will not come to the house until the local authority says otherwise.",
            "until the social worker says so",
        ),
        (
            "Contact will stay at the centre for as long as the social worker decides.",
            "for as long as the social worker decides",
        ),
        (
            "No contact until he has shown stability to the satisfaction of the social worker.",
            "to the satisfaction of",
        ),
        (
            "Paul will not have unsupervised contact until the children are 18.",
            "until the children are 18",
        ),
        ("Mum will keep Dad away from the weans until they are 16.", "until the children are 18"),
        ("Danielle will not allow Lee any contact, on an ongoing basis.", "on an ongoing basis"),
        (
            "These arrangements will carry on after the court proceedings have finished.",
            "after the case is closed",
        ),
        ("Kerry will only see the children at Nan's house from now on.", "from now on"),
        ("Mr Nowak will never return to the family home.", "never ... again"),
        (
            "Dean will stay away from the family home for the forseeable future.",
            "for the foreseeable future",
        ),
    ],
)
def test_never_ending_wording_is_found_and_named_by_a_fixed_label(text: str, label: str) -> None:
    assert outlives(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "This agreement ends when the plan ends, or on 1 March 2027, whichever is sooner.",
        "Paul will not come to the house until the review on 12 March.",
        "This agreement is for 14 days only and will be reviewed on 18 March.",
        "Mum will keep Dad out of the house while the child protection plan is in place.",
        "Children's Services will pay for the contact centre for as long as this agreement lasts.",
        "Until this agreement ends, Paul will see the children at the centre.",
        "This agreement never stops anyone calling 999 in an emergency.",
        "Grace will book an interpreter for every meeting, visit and review.",
        "His time with the children will pause until the core group has met.",
        "Paul will not see the children even if he stops drinking.",
    ],
)
def test_an_end_that_is_a_date_a_meeting_or_the_plan_is_not(text: str) -> None:
    assert outlives(text) is None


def _plain(text: str) -> str | None:
    """The same search without the pre-filter."""
    for label, pattern in duration._SCREEN.patterns:
        if pattern.search(text):
            return label
    return None


_WORDS = [
    "even",
    "if",
    "children's",
    "services",
    "stop",
    "the",
    "case",
    "is",
    "closed",
    "no",
    "time",
    "limit",
    "until",
    "further",
    "notice",
    "for",
    "the",
    "foreseeable",
    "future",
    "social",
    "worker",
    "decides",
    "as",
    "long",
    "children",
    "are",
    "18",
    "never",
    "again",
    "permanently",
    "ongoing",
    "basis",
    "review",
    "plan",
    "ends",
    "continue",
    "apply",
    "after",
    "from",
    "now",
    "on",
    "END",
    "Indefinitely",
    "İ",
    "ſ",
    ".",
    ",",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_the_pre_filter_never_changes_an_answer(words: list[str]) -> None:
    text = " ".join(words)
    assert outlives(text) == _plain(text)
