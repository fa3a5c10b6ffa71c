"""The wording refusals through the whole path (issue 13): each term the issue found issued
without a refusal, in the field it was written in, with the verdict a social worker expects, and
its nearest good counterpart accepted.

The case is the package's example with the issue's family: Sally (the adult at risk, "Mum" to the
children), Paul (the person causing harm, "Dad"), their children Mia and Leo, Sally's mother Jean
(who has agreed to pass on messages) and Amira, the social worker.
"""

from __future__ import annotations

from typing import Any

import pytest

import safeplan
from safeplan.testing import example_data

SECRETS = ("Sally", "Paul", "Mia", "Leo", "Jean", "Amira", "Green", "Reid")


def family() -> dict[str, Any]:
    data = example_data()
    mum, dad, nan = data["people"]
    mum.update(name="Sally Green", known_to_children_as="Mum", relationship="mother of Mia and Leo")
    dad.update(name="Paul Reid", known_to_children_as="Dad", relationship="father of Mia and Leo")
    nan.update(name="Jean Green", relationship="Sally's mother", agreed=True)
    data["children"][0]["name"] = "Mia Green"
    data["children"].append(
        {"id": "leo", "name": "Leo Green", "date_of_birth": "2019-03-04", "lives_with": ["mum"]}
    )
    data["professionals"][0]["name"] = "Amira Hassan"
    for e in data["expectations"]:
        e["what"] = e["what"].replace("Jordan", "Paul").replace("Alex", "Sally")
        e["how_checked"] = "Amira asks at each visit."
    data["concerns"][0]["text"] = "On 1 October 2026 Paul hit Sally in the kitchen."
    data["strengths"][0]["text"] = "Sally called the police and asked for help straight away."
    data["commitments"][0]["what"] = "Amira will visit Mia and Leo at home and see each alone."
    data["commitments"][1]["what"] = "The domestic abuse service will offer Sally a support worker."
    return data


def expectation(who: str, what: str) -> dict[str, Any]:
    return {"who": who, "what": what, "checked_by": "sw", "how_checked": "Amira asks."}


def problems_at(data: dict[str, Any], path: str) -> list[safeplan.Problem]:
    return [p for p in safeplan.validate(data) if p.path == path or p.path.startswith(path + ".")]


def codes_at(data: dict[str, Any], path: str) -> set[str]:
    return {p.code for p in problems_at(data, path)}


def test_the_family_case_is_valid() -> None:
    assert safeplan.validate(family()) == []


# --- each term of the issue, and its nearest good counterpart -------------------------------


def test_a_contingency_that_outlives_the_case_is_refused() -> None:
    data = family()
    data["contingency"] = [
        "These terms continue to apply once the case is closed to Children's Services."
    ]
    (problem,) = safeplan.validate(data)
    assert (problem.code, problem.path) == ("SP-END-OUTLIVES-PLAN", "$.contingency[0]")
    assert "'after the case is closed'" in problem.message
    data["contingency"] = [
        "These terms apply until the review conference on 28 January 2027, where the plan "
        "takes them over."
    ]
    assert safeplan.validate(data) == []


@pytest.mark.parametrize(
    ("held_by_sally", "held_by_paul"),
    [
        ("Sally will keep Mia and Leo away from Paul.", "Paul will keep away from Mia and Leo."),
        (
            "She is to have no direct or indirect contact with him.",
            "He is to have no direct or indirect contact with her.",
        ),
        (
            "Mother will ensure the children see their father only at the family centre.",
            "Father will see the children only at the family centre.",
        ),
        ("Sally is not in a relationship with Paul.", "Paul will not contact Sally."),
        ("She must avoid contact with him.", "He must avoid contact with her."),
        ("I will not let him in.", "I will not go to Sally's home."),
    ],
)
def test_the_adult_at_risk_policing_him_is_refused_and_his_own_duty_is_not(
    held_by_sally: str, held_by_paul: str
) -> None:
    data = family()
    data["expectations"].append(expectation("mum", held_by_sally))
    assert codes_at(data, "$.expectations[2]") == {"SP-POLICING"}
    data["expectations"][2] = expectation("dad", held_by_paul)
    assert safeplan.validate(data) == []


def test_contact_between_the_parents_through_no_one_named_is_refused() -> None:
    data = family()
    data["terms"] = ["Contact between the parents is to be via a third party only."]
    assert "SP-THIRD-PARTY-MISSING" in codes_at(data, "$.terms[0]")
    # The nearest good term: his duty, through a named person who has agreed.
    data["terms"] = []
    data["expectations"][1]["what"] = (
        "Paul will not contact Sally. Messages about the children go through Jean."
    )
    assert safeplan.validate(data) == []
    data["people"][2]["agreed"] = None
    assert codes_at(data, "$.expectations[1]") == {"SP-THIRD-PARTY-NOT-AGREED"}


def test_a_third_party_named_by_relationship_is_the_person_of_the_case() -> None:
    # Jean's relationship is recorded as "Sally's mother": the term names her.
    data = family()
    data["expectations"][1]["what"] = (
        "Paul will not contact Sally. Messages about the children go through Sally's mother."
    )
    assert safeplan.validate(data) == []
    data["people"][2]["agreed"] = None
    assert codes_at(data, "$.expectations[1]") == {"SP-THIRD-PARTY-NOT-AGREED"}
    data["people"][2]["relationship"] = "a friend of the family"
    assert codes_at(data, "$.expectations[1]") == {"SP-THIRD-PARTY-MISSING"}


def test_a_response_in_the_contingency_is_refused() -> None:
    data = family()
    data["contingency"] = [
        "Should he become aggressive during a visit, she will end the visit and inform the "
        "social worker."
    ]
    assert codes_at(data, "$.contingency[0]") == {"SP-POLICING"}
    data["contingency"] = [
        "Should he become aggressive during a visit, the contact supervisor will end the visit "
        "and inform the social worker."
    ]
    assert safeplan.validate(data) == []


# --- the forms real drafts use --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("terms", "No direct or indirect contact between Mum and Dad."),
        ("terms", "Any contact between Mum and Dad must go through Jean."),
        ("terms", "Mum and Dad will not see each other while the children are on the plan."),
        ("contingency", "If Paul comes to the house, Sally must ring 999 and tell Amira."),
        ("contingency", "If Sally lets Paul back into the house, the children will be removed."),
        ("contingency", "If Sally resumes her relationship with Paul, Amira will call a meeting."),
        ("contact_arrangements", "Mum to supervise all contact and stop it if Dad shouts."),
        ("contact_arrangements", "At no time is Dad to be left alone with the children."),
        ("contact_arrangements", "Contact is to be supervised by a responsible person."),
        (
            "expectations",
            "Mum agrees: - to keep the children away from Dad; - to tell the school if he comes.",
        ),
        ("expectations", "To inform Amira immediately of any contact from Paul."),
        ("expectations", "Sally will not allow her partner to stay over."),
        ("expectations", "Mum will not get back together with her ex."),
        ("expectations", "Sally is expected to apply for a non-molestation order."),
        ("expectations", "The social worker said it's on me to make sure he doesn't come round."),
        ("commitments", "Mum commits to keeping Dad out of the house while the plan is in place."),
    ],
)
def test_policing_in_the_forms_drafts_use_is_refused(field: str, text: str) -> None:
    data = family()
    if field == "expectations":
        data["expectations"].append(expectation("mum", text))
        path = "$.expectations[2]"
    elif field == "commitments":
        data["commitments"].append({"agency": "cs", "what": text, "when": "Every week"})
        path = "$.commitments[2]"
    elif field == "contact_arrangements":
        # No supervisor named in the arrangement's own fields: the notes say who.
        del data["contact_arrangements"][0]["supervised_by"]
        data["contact_arrangements"][0]["notes"] = text
        path = "$.contact_arrangements[0]"
    else:
        data[field] = [text]
        path = f"$.{field}[0]"
    assert "SP-POLICING" in codes_at(data, path)


def test_a_rule_the_arrangement_gives_a_professional_to_keep_is_accepted() -> None:
    data = family()  # supervised by the social worker
    data["contact_arrangements"][0]["notes"] = "Dad is not to be left alone with the children."
    assert safeplan.validate(data) == []


@pytest.mark.parametrize(
    ("who", "text"),
    [
        ("mum", "Sally can call 999 if Paul comes to the house."),
        ("mum", "Sally can end a phone call with Paul at any time."),
        ("mum", "Sally may apply for a non-molestation order if she wants one; Beth will help."),
        ("mum", "Sally will take Mia and Leo to school every day."),
        ("mum", "Sally will make sure the children are in bed by 8pm on school nights."),
        ("mum", "Sally will meet her support worker every week to work on her safety plan."),
        ("mum", "Sally does not have to supervise contact; the contact centre will do this."),
        ("mum", "Sally will not leave the children with babysitters under 16."),
        ("dad", "Paul will not come to the house or contact Sally, directly or through friends."),
        (
            "dad",
            "Paul will see the children only at the family centre, supervised by centre staff.",
        ),
        ("nan", "Jean will supervise Paul's contact with the children at the family centre."),
    ],
)
def test_her_rights_parenting_support_and_the_terms_of_others_are_accepted(
    who: str, text: str
) -> None:
    data = family()
    data["expectations"].append(expectation(who, text))
    assert "SP-POLICING" not in codes_at(data, "$.expectations[2]")


def test_an_agencys_commitment_that_answers_what_he_does_is_accepted() -> None:
    data = family()
    data["commitments"].append(
        {
            "agency": "cs",
            "what": "If Paul comes to the house, Amira will tell the police and call a meeting.",
            "when": "The same day",
        }
    )
    data["contingency"] = ["If Paul goes to Sally's home, the police will arrest him."]
    assert safeplan.validate(data) == []


# --- never-ending wording, in every field ----------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "label"),
    [
        (
            "terms",
            "This agreement applies even if Children's Services stop their involvement.",
            "even if children's services stop",
        ),
        ("terms", "This agreement has no time limit.", "no time limit"),
        ("contingency", "Paul will stay away from the house indefinitely.", "indefinitely"),
        ("expectations", "Paul will not live at the house, permanently.", "indefinitely"),
        (
            "contact_arrangements",
            "Contact will stay at the centre for the foreseeable future.",
            "for the foreseeable future",
        ),
        (
            "commitments",
            "Amira will visit every two weeks until further notice.",
            "until further notice",
        ),
        (
            "expectations",
            "Paul will see the children at the centre for as long as the social worker decides.",
            "for as long as the social worker decides",
        ),
        (
            "contact_arrangements",
            "Paul will not have unsupervised contact until the children are 18.",
            "until the children are 18",
        ),
    ],
)
def test_never_ending_wording_is_refused_in_every_field(field: str, text: str, label: str) -> None:
    data = family()
    if field == "expectations":
        data["expectations"].append(expectation("dad", text))
        path = "$.expectations[2].what"
    elif field == "commitments":
        data["commitments"].append({"agency": "cs", "what": text})
        path = "$.commitments[2].what"
    elif field == "contact_arrangements":
        data["contact_arrangements"][0]["notes"] = text
        path = "$.contact_arrangements[0].notes"
    else:
        data[field] = [text]
        path = f"$.{field}[0]"
    found = [p for p in safeplan.validate(data) if p.code == "SP-END-OUTLIVES-PLAN"]
    assert [p.path for p in found] == [path]
    assert f"'{label}'" in found[0].message


@pytest.mark.parametrize(
    "text",
    [
        "This agreement ends when the plan ends, or on 1 March 2027 if that is sooner.",
        "Paul will not come to the house until the review on 12 March 2027.",
        "Children's Services will pay for the contact centre for as long as this agreement lasts.",
        "This agreement never stops anyone calling 999 in an emergency.",
        "Amira will book an interpreter for every meeting.",
    ],
)
def test_an_end_that_is_a_date_a_meeting_or_the_plan_is_accepted(text: str) -> None:
    data = family()
    data["terms"] = [text]
    assert safeplan.validate(data) == []


# --- messages ---------------------------------------------------------------------------------


def test_a_refusal_quotes_the_matched_words_and_never_a_name() -> None:
    data = family()
    data["expectations"].append(
        expectation("mum", "Sally will not let Paul into the house at 9 Birch Road.")
    )
    (problem,) = problems_at(data, "$.expectations[2]")
    assert problem.message.startswith(
        "'the adult at risk will not let the person causing harm into the house"
    )
    assert "keep the person causing harm out or away" in problem.message
    assert "'The person causing harm will not come to the house'" in problem.message
    for secret in (*SECRETS, "Birch"):
        assert secret not in problem.message


def test_a_refusal_in_another_field_says_which() -> None:
    data = family()
    data["expectations"][1]["how_checked"] = "Sally will call the police if Paul comes round."
    data["expectations"][1]["who"] = "mum"
    data["expectations"][1]["what"] = "Sally will take the children to school."
    data["expectations"][1]["kind"] = "action"
    (problem,) = [p for p in safeplan.validate(data) if p.code == "SP-POLICING"]
    assert problem.path == "$.expectations[1]"
    assert "(in how_checked)" in problem.message


def test_a_wording_refusal_in_the_contingency_can_be_overridden_with_a_reason() -> None:
    data = family()
    data["contingency"] = ["If Paul comes to the house, Sally will ring 999."]
    data["overrides"] = [
        {
            "rule": "SP-POLICING",
            "target": "$.contingency[0]",
            "reason": "Sally asked for this step in her own words at the planning meeting.",
            "authorised_by": "sw",
            "date": "2026-11-02",
        }
    ]
    agreement = safeplan.from_dict(data)
    assert [(p.code, p.path) for p in agreement.overridden] == [
        ("SP-POLICING-OVERRIDDEN", "$.contingency[0]")
    ]
