"""How the clause reader reads a term: clauses, forms, subjects, pronouns and kin words."""

from __future__ import annotations

import pytest

from safeplan._wording import Cast, Member
from safeplan._wording.reading import read

CAST = Cast.from_roles(
    {
        "Sally": "adult-at-risk",
        "Paul": "person-causing-harm",
        "Mia": "child",
        "Jean": "network-member",
    }
)


def shape(text: str, holder: str | None = "adult-at-risk") -> list[tuple[object, ...]]:
    return [
        (c.opener, tuple(sorted(c.subject)), c.force, c.negated, c.verb)
        for c in read(text, CAST, holder=holder)
    ]


@pytest.mark.parametrize(
    ("text", "force", "negated", "verb"),
    [
        ("Sally will not allow Paul into the house.", "duty", True, "allow"),
        ("Sally must keep Mia away from Paul.", "duty", False, "keep"),
        ("Sally shall not see Paul.", "duty", True, "see"),
        ("Sally is to have no contact with Paul.", "duty", False, "have"),
        ("Sally agrees to tell Amira.", "duty", False, "tell"),
        ("Sally is expected to supervise contact.", "duty", False, "supervise"),
        ("Sally is responsible for supervising contact.", "duty", False, "supervise"),
        ("Sally needs to ring 999.", "duty", False, "ring"),
        ("Sally cannot see Paul.", "duty", True, "see"),
        ("Sally can call 999.", "right", False, "call"),
        ("Sally may apply for an order.", "right", False, "apply"),
        ("Sally does not have to supervise contact.", "right", False, "supervise"),
        ("Sally is not in a relationship with Paul.", "state", True, "be"),
        ("Mum to ensrue Dad does not have the children.", "duty", False, "ensure"),
        ("Sally will no let Paul in the house.", "duty", True, "let"),
    ],
)
def test_the_form_of_a_clause(text: str, force: str, negated: bool, verb: str) -> None:
    (first, *_) = read(text, CAST, holder="adult-at-risk")
    assert (first.force, first.negated, first.verb) == (force, negated, verb)


def test_a_fragment_is_the_holders_and_a_list_carries_its_frame() -> None:
    assert shape("To inform SW immediately of any contact from Paul.")[0][1] == ("adult-at-risk",)
    found = shape("Sally agrees: - to keep Mia away from Paul; - to tell the school if he comes.")
    assert [(s[1], s[4]) for s in found if s[0] != "if"] == [
        (("adult-at-risk",), "agree"),
        (("adult-at-risk",), "keep"),
        (("adult-at-risk",), "tell"),
    ]


def test_a_condition_and_the_clause_it_governs() -> None:
    found = shape("If Paul comes to the house, Sally will ring 999 and tell Amira.")
    assert found == [
        ("if", ("person-causing-harm",), "event", False, "come"),
        (None, ("adult-at-risk",), "duty", False, "ring"),
        ("and", ("adult-at-risk",), "duty", False, "tell"),
    ]
    inverted = shape("Should Paul become aggressive, Sally will end the visit.")
    assert inverted[0][:3] == ("if", ("person-causing-harm",), "event")


def test_a_standing_rule_and_a_passive_have_no_person_as_subject() -> None:
    assert shape("No contact between Sally and Paul.", None)[0][:3] == (None, (), "rule")
    (rule,) = read("There is to be no contact between the parents.", CAST, holder=None)
    assert rule.subject == {"thing"} and rule.force == "duty" and rule.negated
    (passive,) = read("Contact is to be supervised at all times.", CAST, holder=None)
    assert passive.passive and passive.verb == "supervise"


@pytest.mark.parametrize(
    ("text", "holder", "roles"),
    [
        # "I" is the holder; "him" the other adult.
        ("I will not let him in.", "adult-at-risk", ["adult-at-risk", "person-causing-harm"]),
        # An object is never its own clause's subject.
        (
            "She will not be in contact with him.",
            "adult-at-risk",
            ["adult-at-risk", "person-causing-harm"],
        ),
        # Once "she" is Sally, "he" is not.
        (
            "If Paul contacts Sally, she will tell him to stop.",
            "adult-at-risk",
            ["adult-at-risk", "person-causing-harm"],
        ),
        # The one who comes round is an adult, not the agency mentioned.
        (
            "The social worker said it's on me to make sure he doesn't come round.",
            "adult-at-risk",
            ["adult-at-risk", "person-causing-harm"],
        ),
    ],
)
def test_pronouns(text: str, holder: str, roles: list[str]) -> None:
    found = [
        w.role for c in read(text, CAST, holder=holder) for w in c.words if w.kind == "pronoun"
    ]
    assert found == roles


def test_kin_words_follow_the_cast_and_who_owns_them() -> None:
    cast = Cast(
        (
            Member(role="adult-at-risk", names=("Sally", "Mum")),
            Member(role="person-causing-harm", names=("Paul",)),
        )
    )

    def roles(text: str) -> list[str | None]:
        return [w.role for c in read(text, cast, holder="adult-at-risk") for w in c.words if w.role]

    assert roles("Mum will not let Dad in.") == ["adult-at-risk", "person-causing-harm"]
    assert roles("Sally will not get back together with her ex.")[-1] == "person-causing-harm"
    # Sally's mother is a relative, not Sally.
    assert roles("Messages will go through Sally's mother.")[-1] == "network-member"
    assert (
        roles("Sally will not let the perpetrator near the children.")[1] == "person-causing-harm"
    )


def test_names_in_any_script_and_everyday_words() -> None:
    cast = Cast.from_roles(
        {"Siân": "adult-at-risk", "Gareth": "person-causing-harm", "Will": "child"}
    )
    (first, *_) = read("Siân will tell the school if Gareth comes.", cast, holder="adult-at-risk")
    assert first.subject == {"adult-at-risk"} and first.verb == "tell"
    # "will" is a modal; "Will" the child.
    (clause,) = read("Siân will take Will to school.", cast, holder="adult-at-risk")
    assert [w.role for w in clause.words if w.kind == "name"] == ["adult-at-risk", "child"]


def test_asides_in_brackets_are_left_out() -> None:
    (clause,) = read(
        "Jean (maternal grandmother) will supervise Paul's contact.", CAST, holder=None
    )
    assert clause.subject == {"network-member"} and clause.verb == "supervise"
