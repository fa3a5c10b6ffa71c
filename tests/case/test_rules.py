"""Each refusal, and the nearest case that must be accepted."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import safeplan
from safeplan.model import Expectation, ExpectationKind, Override
from safeplan.testing import example_agreement, example_data


def codes(data: dict[str, Any]) -> list[str]:
    return [p.code for p in safeplan.validate(data)]


def refused(data: dict[str, Any]) -> safeplan.RefusedError:
    with pytest.raises(safeplan.RefusedError) as info:
        safeplan.from_dict(data)
    return info.value


def test_example_is_accepted() -> None:
    agreement = example_agreement()
    assert agreement.reference == "TEST-CP-0001"
    assert agreement.overridden == ()


def test_one_error_lists_every_problem() -> None:
    data = example_data()
    del data["end"]
    data["reviews"] = []
    data["commitments"] = []
    data["contingency"] = []
    err = refused(data)
    assert set(err.codes) == {
        "SP-END-MISSING",
        "SP-REVIEW-MISSING",
        "SP-COMMITMENTS-MISSING",
        "SP-CONTINGENCY-MISSING",
    }
    for problem in err.problems:
        assert problem.path.startswith("$")
        assert problem.message[0].isupper()
        assert problem.message.endswith(".")
        assert problem.source


def test_messages_and_reprs_never_carry_personal_data() -> None:
    data = example_data()
    data["expectations"].append(
        {"who": "mum", "what": "Alex will not allow Jordan into the house at 9 Birch Road."}
    )
    del data["end"]
    err = refused(data)
    text = str(err) + repr(err.problems)
    for secret in ("Alex", "Jordan", "Birch", "Carter", "07700"):
        assert secret not in text
    agreement = example_agreement()
    shown = repr(agreement)
    for secret in ("Alex", "Jordan", "Carter", "Birch Road", "07700", "blue kite", "hit"):
        assert secret not in shown


# --- rule 1: reviews -----------------------------------------------------------------------


def test_no_review_date_is_refused() -> None:
    data = example_data()
    data["reviews"] = []
    assert codes(data) == ["SP-REVIEW-MISSING"]


def test_a_meeting_before_the_agreement_is_history_but_a_review_must_lie_ahead() -> None:
    data = example_data()
    data["reviews"][0]["date"] = "2026-11-01"  # a core group held the day before
    assert codes(data) == []
    data["reviews"] = data["reviews"][:1]
    assert codes(data) == ["SP-REVIEW-MISSING"]


def test_review_on_agreement_date_is_accepted() -> None:
    data = example_data()
    data["reviews"][0]["date"] = data["date"]
    assert codes(data) == []


def test_first_review_conference_later_than_three_months_is_refused() -> None:
    data = example_data()  # initial conference 30 October 2026: first review by 30 January 2027
    data["reviews"][1]["date"] = "2027-02-01"
    data["end"] = {"with_plan": True}
    assert codes(data) == ["SP-REVIEW-LATE"]


def test_first_review_conference_on_the_last_day_is_accepted() -> None:
    data = example_data()
    data["reviews"][1]["date"] = "2027-01-30"
    data["end"] = {"with_plan": True}
    assert codes(data) == []


def test_later_reviews_more_than_six_months_apart_are_refused() -> None:
    data = example_data()
    data["end"] = {"with_plan": True}
    data["reviews"].append({"kind": "review-conference", "date": "2027-07-29"})
    assert codes(data) == ["SP-REVIEW-GAP"]
    data["reviews"][-1]["date"] = "2027-07-28"
    assert codes(data) == []


def test_child_protection_plan_needs_the_initial_conference_date() -> None:
    data = example_data()
    del data["plan"]["initial_conference"]
    assert "SP-CONFERENCE-MISSING" in codes(data)
    data["plan"]["plan_type"] = "child-in-need"
    assert codes(data) == []


# --- rule 2: an end, never outliving the plan -------------------------------------------------


def test_no_end_is_refused() -> None:
    data = example_data()
    del data["end"]
    assert codes(data) == ["SP-END-MISSING"]
    data["end"] = {}
    assert codes(data) == ["SP-END-MISSING"]


@pytest.mark.parametrize(
    "end", [{"date": "2027-01-28"}, {"with_plan": True}, {"date": "2027-01-28", "with_plan": True}]
)
def test_an_end_by_date_or_with_the_plan_is_accepted(end: dict[str, Any]) -> None:
    data = example_data()
    data["end"] = end
    assert codes(data) == []


@pytest.mark.parametrize(
    "wording",
    [
        "This agreement applies even if Children's Services stop their involvement.",
        "Jordan will stay away from the house permanently.",
        "These terms continue after the plan ends.",
        "This agreement has no time limit.",
    ],
)
def test_wording_that_outlives_the_plan_is_refused(wording: str) -> None:
    data = example_data()
    data["contingency"].append(wording)
    err = refused(data)
    assert err.codes == ("SP-END-OUTLIVES-PLAN",)
    assert err.problems[0].path == "$.contingency[1]"


def test_wording_about_the_plan_ending_normally_is_accepted() -> None:
    data = example_data()
    data["contingency"].append("When the plan ends, this agreement ends too.")
    assert codes(data) == []


def test_end_after_the_plan_end_is_refused() -> None:
    data = example_data()
    data["plan"]["ends"] = "2027-01-15"
    assert codes(data) == ["SP-END-OUTLIVES-PLAN"]
    data["plan"]["ends"] = "2027-01-28"
    assert codes(data) == []


def test_expectation_lasting_beyond_the_end_is_refused() -> None:
    data = example_data()
    data["expectations"][0]["until"] = "2027-03-01"
    assert codes(data) == ["SP-END-OUTLIVES-PLAN"]
    data["expectations"][0]["until"] = "2027-01-28"
    assert codes(data) == []


def test_end_before_the_agreement_is_refused() -> None:
    data = example_data()
    data["end"] = {"date": "2026-11-01"}
    assert "SP-END-BEFORE-START" in codes(data)


# --- rule 3: the person causing harm --------------------------------------------------------


def test_nobody_named_as_causing_harm_is_refused() -> None:
    data = example_data()
    data["people"][1]["role"] = "parent-or-carer"
    assert codes(data) == ["SP-PCH-MISSING"]


def test_person_causing_harm_without_expectations_is_refused() -> None:
    data = example_data()
    data["expectations"] = [e for e in data["expectations"] if e["who"] != "dad"]
    data["expectations"].append({"who": "mum", "what": "Alex will take Sam to the dentist."})
    err = refused(data)
    assert err.codes == ("SP-PCH-NO-EXPECTATIONS",)
    assert err.problems[0].path == "$.people[1]"


def test_a_mother_can_be_the_person_causing_harm() -> None:
    data = example_data()
    data["people"][0]["role"] = "person-causing-harm"
    data["people"][1]["role"] = "adult-at-risk"
    data["safety_plans"][0]["safe_adults"] = ["nan"]
    # The stay-away term is the person causing harm's, whoever that is.
    data["expectations"][1].update(
        who="mum", about="dad", what="Alex will not go to Jordan's home."
    )
    data["expectations"].append({"who": "mum", "what": "Alex will go to an alcohol service."})
    assert codes(data) == []


# --- rule 4: the adult at risk never polices the person causing harm ----------------------


@pytest.mark.parametrize(
    "wording",
    [
        "Alex will not allow Jordan into the house.",
        "Alex will ensure Jordan has no contact with Sam.",
        "Alex will supervise contact and stop it if Jordan argues.",
        "Alex will not be in contact with Jordan.",
        "Alex will keep Jordan away from the children.",
        "Alex will not let him see Sam unless a social worker is there.",
    ],
)
def test_policing_wording_is_refused(wording: str) -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": wording})
    err = refused(data)
    assert err.codes == ("SP-POLICING",)
    assert err.problems[0].path == "$.expectations[2]"


@pytest.mark.parametrize(
    "wording",
    [
        "Alex will take Sam to school every day.",
        "Alex will meet her domestic abuse support worker if she wants to.",
        "Alex can call 999 at any time if she feels unsafe.",
    ],
)
def test_ordinary_expectations_of_the_adult_at_risk_are_accepted(wording: str) -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": wording})
    assert codes(data) == []


def test_the_same_wording_held_by_the_person_causing_harm_is_accepted() -> None:
    data = example_data()
    data["expectations"].append(
        {"who": "dad", "what": "Jordan will not be in contact with Alex.", "about": "mum"}
    )
    assert codes(data) == []


@pytest.mark.parametrize("kind", ["exclude", "supervise", "restrict", "monitor"])
def test_structured_policing_is_refused(kind: str) -> None:
    data = example_data()
    data["expectations"].append(
        {
            "who": "mum",
            "what": "Alex and the social worker will agree a plan.",
            "kind": kind,
            "about": "dad",
        }
    )
    assert codes(data) == ["SP-POLICING"]


def test_structured_action_by_the_adult_at_risk_is_accepted() -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": "Alex will go to the GP.", "kind": "attend"})
    assert codes(data) == []


def test_adult_at_risk_supervising_contact_is_refused() -> None:
    data = example_data()
    data["contact_arrangements"][0]["supervised_by"] = "mum"
    err = refused(data)
    assert err.codes == ("SP-POLICING",)
    assert err.problems[0].path == "$.contact_arrangements[0]"


def test_override_turns_policing_into_a_finding_the_document_shows() -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": "Alex will not let Jordan in."})
    data["overrides"] = [
        {
            "rule": "SP-POLICING",
            "target": "$.expectations[2]",
            "reason": "Alex asked for this term herself after advice from her IDVA.",
            "authorised_by": "sw",
            "date": "2026-11-02",
        }
    ]
    agreement = safeplan.from_dict(data)
    assert [p.code for p in agreement.overridden] == ["SP-POLICING-OVERRIDDEN"]
    assert agreement.overridden[0].severity is safeplan.Severity.WARNING
    assert agreement.overridden[0].path == "$.expectations[2]"


def test_override_needs_a_reason_and_a_matching_problem() -> None:
    data = example_data()
    data["overrides"] = [
        {
            "rule": "SP-POLICING",
            "target": "$.expectations[0]",
            "reason": "x",
            "authorised_by": "sw",
            "date": "2026-11-02",
        },
        {
            "rule": "SP-END-MISSING",
            "target": "$.end",
            "reason": "x",
            "authorised_by": "sw",
            "date": "2026-11-02",
        },
        {
            "rule": "SP-POLICING",
            "target": "$.expectations[1]",
            "reason": "  ",
            "authorised_by": "sw",
            "date": "2026-11-02",
        },
    ]
    assert codes(data) == ["SP-OVERRIDE-NOT-ALLOWED", "SP-OVERRIDE-REASON", "SP-OVERRIDE-UNUSED"]


def test_evolve_reruns_the_rules() -> None:
    agreement = example_agreement()
    policing = Expectation(who="mum", what="Alex will monitor Jordan.", kind=ExpectationKind.ACTION)
    with pytest.raises(safeplan.RefusedError) as info:
        attrs.evolve(agreement, expectations=(*agreement.expectations, policing))
    assert info.value.codes == ("SP-POLICING",)
    override = Override(
        rule="SP-POLICING",
        target="$.expectations[2]",
        reason="Agreed.",
        authorised_by="sw",
        date=agreement.date,
    )
    allowed = attrs.evolve(
        agreement, expectations=[*agreement.expectations, policing], overrides=[override]
    )
    assert isinstance(allowed.expectations, tuple)
    assert len(allowed.overridden) == 1


# --- rule 5: third parties ------------------------------------------------------------------


def test_contact_through_an_unnamed_third_party_is_refused() -> None:
    data = example_data()
    del data["contact_arrangements"][0]["third_party"]
    err = refused(data)
    assert err.codes == ("SP-THIRD-PARTY-MISSING",)
    assert err.problems[0].path == "$.contact_arrangements[0].third_party"


def test_third_party_who_has_not_agreed_is_refused() -> None:
    data = example_data()
    data["people"][2]["agreed"] = None
    data["safety_plans"][0]["safe_adults"] = ["mum"]
    assert codes(data) == ["SP-THIRD-PARTY-NOT-AGREED"]
    data["people"][2]["agreed"] = True
    assert codes(data) == []


def test_third_party_cannot_be_a_parent_in_the_abuse() -> None:
    data = example_data()
    data["contact_arrangements"][0]["third_party"] = "mum"
    assert codes(data) == ["SP-THIRD-PARTY-ROLE"]


def test_contact_not_through_a_third_party_needs_none() -> None:
    data = example_data()
    data["contact_arrangements"][0]["through_third_party"] = False
    del data["contact_arrangements"][0]["third_party"]
    assert codes(data) == []


# --- rules 6 and 7 --------------------------------------------------------------------------


def test_no_agency_commitments_is_refused() -> None:
    data = example_data()
    data["commitments"] = []
    assert codes(data) == ["SP-COMMITMENTS-MISSING"]
    data["commitments"] = [{"agency": "cs", "what": "Robin will visit.", "when": "Weekly"}]
    assert codes(data) == []


def test_no_contingency_is_refused() -> None:
    data = example_data()
    data["contingency"] = ["   "]
    assert codes(data) == ["SP-CONTINGENCY-MISSING"]


# --- references, children, signatures, versions --------------------------------------------


def test_unknown_and_duplicate_ids_are_refused() -> None:
    data = example_data()
    data["expectations"][0]["who"] = "nobody"
    data["children"][0]["id"] = "mum"
    data["safety_plans"] = []
    data["contact_arrangements"] = []
    data["recipients"] = [r for r in data["recipients"] if r["person"] != "sam"]
    data["views"] = []
    result = codes(data)
    assert "SP-REF-UNKNOWN" in result
    assert result.count("SP-ID-DUPLICATE") == 2


def test_safe_adult_must_have_agreed_and_never_cause_harm() -> None:
    data = example_data()
    data["safety_plans"][0]["safe_adults"] = ["dad"]
    assert codes(data) == ["SP-SAFE-ADULT-CAUSES-HARM"]
    data["people"][2]["agreed"] = False
    data["safety_plans"][0]["safe_adults"] = ["nan"]
    data["contact_arrangements"][0]["through_third_party"] = False
    del data["contact_arrangements"][0]["third_party"]
    assert codes(data) == ["SP-SAFE-ADULT-NOT-AGREED"]


def test_unborn_child_is_a_child_on_the_plan() -> None:
    data = example_data()
    data["children"].append({"id": "baby", "name": "Baby Carter", "expected_date": "2027-03-01"})
    agreement = safeplan.from_dict(data)
    assert agreement.pre_birth
    assert agreement.child("baby") is not None
    assert agreement.child("baby").unborn  # type: ignore[union-attr]
    data["children"][-1]["date_of_birth"] = "2026-01-01"
    assert codes(data) == ["SP-CHILD-DATE"]


def test_signature_needs_a_date_and_there_is_no_reluctant() -> None:
    data = example_data()
    del data["signatures"][0]["date"]
    assert codes(data) == ["SP-SIGNATURE-DATE"]
    data["signatures"][0]["date"] = "2026-11-02"
    data["signatures"][0]["status"] = "reluctant"
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.from_dict(data)
    assert info.value.problems[0].path == "$.signatures[0].status"
    assert "signed-with-reservations" in info.value.problems[0].message


def test_a_replacing_version_must_say_what_changed() -> None:
    data = example_data()
    data["version"] = {"number": 2, "replaces": 1}
    assert codes(data) == ["SP-VERSION-CHANGES-MISSING"]
    data["version"]["changes"] = ["Contact moved to the family centre."]
    assert codes(data) == []
    data["version"]["replaces"] = 2
    assert codes(data) == ["SP-VERSION"]


def test_only_the_right_people_get_each_copy() -> None:
    data = example_data()
    data["recipients"].append({"person": "dad", "copy": "professional"})
    data["recipients"].append({"person": "mum", "copy": "child"})
    assert codes(data) == ["SP-RECIPIENT-COPY", "SP-RECIPIENT-COPY"]


def test_an_unknown_category_is_refused_and_the_nations_own_accepted() -> None:
    data = example_data()
    data["plan"]["categories"] = ["emotinal"]
    err = refused(data)
    assert err.codes == ("SP-CATEGORY-UNKNOWN",)
    assert "emotional" in err.problems[0].message  # lists the allowed ones, not the typo
    assert "emotinal" not in err.problems[0].message
    data["plan"]["categories"] = ["emotional", "neglect"]
    assert codes(data) == []
    data["plan"]["nation"] = "wales"
    data["plan"]["categories"] = ["financial"]
    assert codes(data) == []


def test_an_audience_names_people_or_roles_of_the_case() -> None:
    data = example_data()
    data["contingency"][0] = {"text": data["contingency"][0], "withheld_from": ["nobody"]}
    data["concerns"][0]["shared_with"] = ["person-causing-harm"]
    with pytest.raises(safeplan.RefusedError) as caught:
        safeplan.from_dict(data)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("SP-REF-UNKNOWN", "$.contingency[0].withheld_from[0]")
    ]


def test_an_id_cannot_be_the_name_of_a_role() -> None:
    data = example_data()
    data["agencies"].append({"id": "adult-at-risk", "name": "A service", "kind": "other"})
    with pytest.raises(safeplan.RefusedError) as caught:
        safeplan.from_dict(data)
    assert "SP-ID-RESERVED" in caught.value.codes


def test_a_note_is_text_or_fields_and_round_trips() -> None:
    data = example_data()
    plain = "This agreement never stops anyone calling 999 in an emergency."
    data["contingency"].append(plain)
    data["contingency"][0] = {
        "text": data["contingency"][0],
        "withheld_from": ["person-causing-harm"],
    }
    agreement = safeplan.from_dict(data)
    assert agreement.contingency[0].withheld_from == ("person-causing-harm",)
    assert str(agreement.contingency[1]) == plain
    dumped = safeplan.dump(agreement)
    assert dumped["contingency"][1] == plain  # no audience: written back as plain text
    assert dumped["contingency"][0]["withheld_from"] == ["person-causing-harm"]
    assert safeplan.from_dict(dumped) == agreement
