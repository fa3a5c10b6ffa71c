"""The plan's timeline: meetings held and booked, judged from the agreement's date forward.

The first tests reproduce what issue 14 saw, with cases written the way social workers write
them: no agreement could be written after the first review conference, a core group already held
could not be listed, and a case listing only its future meetings drew a false late core group.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import safeplan
from safeplan.model import Outcome, ReviewKind
from safeplan.testing import example_data


def codes(data: dict[str, Any]) -> list[str]:
    return [p.code for p in safeplan.validate(data)]


def finding_codes(data: dict[str, Any]) -> list[str]:
    return [p.code for p in safeplan.check(safeplan.from_dict(data))]


def nine_month_update() -> dict[str, Any]:
    """England: a child protection plan since January 2026, its first review conference held in
    April, the agreement revised in October before the second review, as social workers do at
    the nine-month point."""
    data = example_data()
    data["date"] = "2026-10-12"
    data["plan"]["strategy_discussion"] = "2026-01-05"
    data["plan"]["initial_conference"] = "2026-01-20"
    data["reviews"] = [
        {"kind": "core-group", "date": "2026-01-29", "chaired_by": "sw"},
        {
            "kind": "review-conference",
            "date": "2026-04-16",
            "chaired_by": "chair",
            "outcome": "plan-continues",
        },
        {"kind": "core-group", "date": "2026-09-17", "chaired_by": "sw"},
        {"kind": "review-conference", "date": "2026-10-15", "chaired_by": "chair"},
        {"kind": "core-group", "date": "2026-11-12", "chaired_by": "sw"},
    ]
    data["end"] = {"date": "2026-10-15", "with_plan": True}
    data["commitments"][1]["by_date"] = "2026-10-19"
    data["expectations"][0]["when"] = "Every Wednesday"
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2026-10-12"}]
    data["safety_plans"][0]["check_ins"] = [{"date": "2026-10-15", "who": "sw"}]
    return data


# --- what was seen ---------------------------------------------------------------------------


def test_an_agreement_can_be_written_after_the_first_review_conference() -> None:
    # Seen: listing the review already held was refused (SP-REVIEW-BEFORE-AGREEMENT).
    data = nine_month_update()
    assert codes(data) == []
    agreement = safeplan.from_dict(data)
    held = [m for m in agreement.timeline.history if m.kind is ReviewKind.REVIEW_CONFERENCE]
    assert [(m.date, m.held, m.outcome) for m in held] == [
        (dt.date(2026, 4, 16), True, Outcome.PLAN_CONTINUES)
    ]
    found = finding_codes(data)
    assert "SP-REVIEW-OVERDUE" not in found
    assert "SP-CORE-GROUP-LATE" not in found


def test_leaving_out_the_review_held_is_not_refused_as_a_late_first_review() -> None:
    # Seen: leaving it out was refused as a late first review (SP-REVIEW-LATE), although that
    # deadline fell months before the agreement was written.
    data = nine_month_update()
    del data["reviews"][1]
    assert codes(data) == []
    overdue = [p for p in safeplan.check(safeplan.from_dict(data)) if p.code == "SP-REVIEW-OVERDUE"]
    assert [p.path for p in overdue] == ["$.reviews[2].date"]
    assert "20 April 2026" in overdue[0].message
    assert "held: true" in overdue[0].message


def test_leaving_out_the_initial_conference_too_is_accepted_when_the_review_held_is_listed() -> (
    None
):
    # Seen: leaving out the initial conference as well was refused (SP-CONFERENCE-MISSING).
    data = nine_month_update()
    del data["plan"]["initial_conference"]
    del data["plan"]["strategy_discussion"]
    assert codes(data) == []
    late = nine_month_update()
    del late["plan"]["initial_conference"]
    late["reviews"][3]["date"] = "2026-10-17"  # six months after 16 April is 16 October
    assert codes(late) == ["SP-REVIEW-GAP"]
    problem = safeplan.validate(late)[0]
    assert problem.path == "$.reviews[3].date"
    assert "16 April 2026" in problem.message and "16 October 2026" in problem.message


def test_a_core_group_already_held_can_be_listed() -> None:
    # Seen: a core group already held could not be listed (SP-REVIEW-BEFORE-AGREEMENT).
    data = example_data()  # agreement 2 November 2026
    data["reviews"].insert(0, {"kind": "core-group", "date": "2026-11-01", "chaired_by": "sw"})
    assert codes(data) == []
    agreement = safeplan.from_dict(data)
    (first, *_) = agreement.timeline.meetings[2:]
    assert first.kind is ReviewKind.CORE_GROUP and first.held and first.before_agreement


def test_a_case_with_only_future_meetings_draws_no_false_late_core_group() -> None:
    # Seen: the first core group was due long before the agreement; the case lists only the
    # meetings ahead, and the next core group was taken for a late first one.
    data = nine_month_update()
    data["reviews"] = [r for r in data["reviews"] if r["date"] >= data["date"]]
    data["reviews"].insert(
        0,
        {"kind": "review-conference", "date": "2026-04-16", "held": True, "chaired_by": "chair"},
    )
    assert codes(data) == []
    assert "SP-CORE-GROUP-LATE" not in finding_codes(data)
    (first,) = [
        d for d in safeplan.deadlines(safeplan.from_dict(data)) if d.kind == "first-core-group"
    ]
    assert first.status == "overdue" and first.history


def test_the_next_core_group_is_not_taken_for_a_late_first_one() -> None:
    # Seen: an agreement written in March, six weeks after the conference, lists the core group
    # and the review ahead; the first core group (due 3 February, held) is not listed, and the
    # one on 10 March drew SP-CORE-GROUP-LATE.
    data = example_data()
    data["date"] = "2026-03-02"
    data["plan"]["strategy_discussion"] = "2026-01-05"
    data["plan"]["initial_conference"] = "2026-01-20"
    data["reviews"] = [
        {"kind": "core-group", "date": "2026-03-10", "chaired_by": "sw"},
        {"kind": "review-conference", "date": "2026-04-16", "chaired_by": "chair"},
    ]
    data["end"] = {"date": "2026-04-16", "with_plan": True}
    data["commitments"][1]["by_date"] = "2026-03-09"
    data["expectations"][0]["when"] = "Every Wednesday"
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2026-03-02"}]
    data["safety_plans"][0]["check_ins"] = [{"date": "2026-03-16", "who": "sw"}]
    assert codes(data) == []
    assert not [c for c in finding_codes(data) if c.startswith("SP-CORE-GROUP")]
    # A first core group still ahead of the agreement and late is found, as before.
    data["date"] = "2026-01-22"
    data["signatures"][0]["date"] = "2026-01-22"
    assert "SP-CORE-GROUP-LATE" in finding_codes(data)


# --- the rules, from the agreement's date forward --------------------------------------------


def test_a_booked_review_past_the_interval_since_the_last_one_held_is_refused() -> None:
    data = nine_month_update()
    data["reviews"][3]["date"] = "2026-10-19"
    assert codes(data) == ["SP-REVIEW-GAP"]
    assert safeplan.validate(data)[0].path == "$.reviews[3].date"


def test_late_meetings_before_the_agreement_are_history_not_errors() -> None:
    data = nine_month_update()
    data["reviews"][0]["date"] = "2026-03-02"  # first core group five weeks late
    data["reviews"][1]["date"] = "2026-05-01"  # first review late; the next counts from it
    data["reviews"][3]["date"] = "2026-10-30"
    data["end"]["date"] = "2026-10-30"
    assert codes(data) == []
    found = finding_codes(data)
    assert "SP-CORE-GROUP-LATE" not in found
    assert "SP-REVIEW-OVERDUE" not in found
    statuses = {d.kind: d.status for d in safeplan.deadlines(safeplan.from_dict(data))}
    assert statuses["first-core-group"] == "late"
    assert statuses["first-review"] == "late"


def test_a_review_must_still_be_booked_ahead_of_the_agreement() -> None:
    data = nine_month_update()
    data["reviews"] = data["reviews"][:2]
    problems = safeplan.validate(data)
    assert [p.code for p in problems] == ["SP-REVIEW-MISSING"]
    assert "Book the next one" in problems[0].message


def test_a_meeting_that_did_not_take_place_does_not_reset_the_interval() -> None:
    data = nine_month_update()
    data["reviews"][1]["held"] = False
    del data["reviews"][1]["outcome"]
    # With no review held since January, the October one is the first review: overdue, not
    # refused, and the schedule says the April one did not take place.
    assert codes(data) == []
    agreement = safeplan.from_dict(data)
    assert any(m.cancelled for m in agreement.timeline.meetings)
    assert "SP-REVIEW-OVERDUE" in finding_codes(data)


def test_an_outcome_needs_a_held_deciding_meeting() -> None:
    data = nine_month_update()
    data["reviews"][3]["held"] = False
    data["reviews"][3]["outcome"] = "plan-continues"
    data["reviews"][0]["outcome"] = "plan-continues"
    assert sorted(codes(data)) == ["SP-MEETING-OUTCOME-KIND", "SP-MEETING-OUTCOME-NOT-HELD"]


def test_a_review_of_a_first_agreement_cannot_come_before_it() -> None:
    data = example_data()
    data["reviews"][0] = {"kind": "agreement-review", "date": "2026-11-01", "chaired_by": "sw"}
    assert codes(data) == ["SP-REVIEW-BEFORE-AGREEMENT"]
    data["version"] = {"number": 2, "replaces": 1, "changes": ["The review moved a date."]}
    assert codes(data) == []


def test_old_case_files_mean_what_they_meant() -> None:
    agreement = safeplan.load(
        Path(__file__).resolve().parents[2] / "examples" / "green-reid-england.yaml"
    )
    timeline = agreement.timeline
    assert [m.kind for m in timeline.history] == [
        ReviewKind.STRATEGY_DISCUSSION,
        ReviewKind.INITIAL_CONFERENCE,
    ]
    assert all(not m.held for m in timeline.booked)
    assert [m.path for m in timeline.booked] == ["$.reviews[0]", "$.reviews[1]", "$.reviews[2]"]
    assert safeplan.dump(agreement)["reviews"][0] == {
        "kind": "core-group",
        "date": "2026-11-12",
        "chaired_by": "amira",
    }


def test_the_plan_fields_and_a_timeline_entry_for_the_same_meeting_are_one_meeting() -> None:
    data = example_data()
    data["reviews"].insert(
        0, {"kind": "initial-conference", "date": "2026-10-30", "chaired_by": "chair"}
    )
    agreement = safeplan.from_dict(data)
    conferences = agreement.timeline.of_kind(ReviewKind.INITIAL_CONFERENCE)
    assert [(m.path, m.chaired_by) for m in conferences] == [("$.reviews[0]", "chair")]


# --- a plan that stepped down or ended ---------------------------------------------------------


def step_down_to_child_in_need() -> dict[str, Any]:
    """The child protection plan stepped down at the review conference on 28 January 2027; the
    agreement is rewritten for the child in need plan that took its place."""
    data = example_data()
    data["date"] = "2027-02-08"
    data["plan"]["plan_type"] = "child-in-need"
    data["reviews"] = [
        {"kind": "core-group", "date": "2026-11-12", "chaired_by": "sw"},
        {
            "kind": "review-conference",
            "date": "2027-01-28",
            "chaired_by": "chair",
            "outcome": "stepped-down",
        },
        {"kind": "child-in-need-review", "date": "2027-04-29", "chaired_by": "sw"},
    ]
    data["end"] = {"date": "2027-04-29", "with_plan": True}
    data["commitments"][1]["by_date"] = "2027-02-15"
    data["expectations"][0]["when"] = "Every Wednesday"
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2027-02-08"}]
    data["safety_plans"][0]["check_ins"] = [{"date": "2027-03-01", "who": "sw"}]
    return data


def test_a_step_down_to_child_in_need_is_expressible() -> None:
    data = step_down_to_child_in_need()
    assert codes(data) == []
    agreement = safeplan.from_dict(data)
    change = agreement.timeline.last_change
    assert change is not None and change.outcome is Outcome.STEPPED_DOWN
    assert change.date == dt.date(2027, 1, 28)
    found = finding_codes(data)
    assert not {"SP-CORE-GROUP-LATE", "SP-REVIEW-OVERDUE", "SP-OUTLIVES-REVIEW"} & set(found)
    # The child protection deadlines are not the child in need plan's.
    assert safeplan.deadlines(agreement) == ()


def test_an_agreement_for_a_plan_already_stepped_down_is_refused() -> None:
    data = step_down_to_child_in_need()
    data["plan"]["plan_type"] = "child-protection"
    problems = safeplan.validate(data)
    assert [p.code for p in problems] == ["SP-PLAN-ENDED"]
    assert problems[0].path == "$.reviews[1].outcome"
    assert "child-in-need" in problems[0].message


def test_a_new_initial_conference_starts_a_plan_again() -> None:
    data = step_down_to_child_in_need()
    data["plan"]["plan_type"] = "child-protection"
    data["plan"]["initial_conference"] = "2027-02-04"
    data["reviews"][2] = {"kind": "review-conference", "date": "2027-04-29", "chaired_by": "chair"}
    assert codes(data) == []


def test_an_agreement_tied_to_the_plan_ends_with_it() -> None:
    data = example_data()
    data["reviews"][1]["held"] = True
    data["reviews"][1]["outcome"] = "stepped-down"
    agreement = safeplan.from_dict(data)
    end = agreement.timeline.plan_end
    assert end is not None and end.date == dt.date(2027, 1, 28)


# --- pre-birth plans after the birth -------------------------------------------------------------


def pre_birth_after_the_birth(nation: str = "scotland") -> dict[str, Any]:
    """A planning meeting held before the birth; the baby has since been born."""
    data = example_data()
    data["plan"]["nation"] = nation
    data["plan"]["categories"] = ["emotional"]
    data["children"][0]["date_of_birth"] = "2026-11-20"
    data["children"][0]["contact_details"] = []
    data["date"] = "2026-12-01"
    data["plan"]["initial_conference"] = "2026-10-30"
    data["reviews"] = [
        {"kind": "core-group", "date": "2026-12-03", "chaired_by": "sw"},
        {"kind": "review-conference", "date": "2027-01-28", "chaired_by": "chair"},
    ]
    data["recipients"] = [r for r in data["recipients"] if r["copy"] != "child"]
    data["safety_plans"] = []
    data["views"] = []
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2026-12-01"}]
    data["commitments"][1]["by_date"] = "2026-12-08"
    data["expectations"][0]["when"] = "Every Wednesday"
    return data


def test_a_pre_birth_plan_keeps_its_first_review_rule_after_the_birth() -> None:
    data = pre_birth_after_the_birth()
    assert codes(data) == []
    agreement = safeplan.from_dict(data)
    assert not agreement.pre_birth  # the baby is born
    assert agreement.timeline.pre_birth_conference
    (first,) = [d for d in safeplan.deadlines(agreement) if d.kind == "first-review"]
    assert first.due == dt.date(2027, 1, 30)  # Scotland: 3 months after a pre-birth meeting
    data["reviews"][1]["date"] = "2027-03-01"  # would pass the 6 months of an ordinary plan
    assert codes(data) == ["SP-REVIEW-LATE"]


def test_a_council_may_count_the_first_review_from_the_birth(tmp_path: Any) -> None:
    council = tmp_path / "council.yaml"
    council.write_text(
        "extends: england\ntimescales:\n  review_after_birth: {amount: 10, unit: working-days}\n",
        encoding="utf-8",
    )
    agreement = safeplan.from_dict(pre_birth_after_the_birth("england"))
    (first,) = [
        d for d in safeplan.deadlines(agreement, profile=council) if d.kind == "first-review"
    ]
    assert first.due == dt.date(2026, 12, 4)  # 10 working days after 20 November
    assert "whichever is sooner" in first.rule
    assert first.status == "late"


# --- pre-proceedings --------------------------------------------------------------------------


def pre_proceedings(review: str = "2027-02-16") -> dict[str, Any]:
    data = example_data()
    data["plan"]["plan_type"] = "pre-proceedings"
    del data["plan"]["strategy_discussion"]
    del data["plan"]["initial_conference"]
    data["date"] = "2026-11-10"
    data["reviews"] = [
        {"kind": "letter-before-proceedings", "date": "2026-11-02"},
        {"kind": "pre-proceedings-meeting", "date": "2026-11-10", "held": True},
        {"kind": "pre-proceedings-review", "date": "2026-12-15", "chaired_by": "sw"},
        {"kind": "pre-proceedings-review", "date": review, "chaired_by": "sw"},
    ]
    data["end"] = {"date": review, "with_plan": True}
    data["commitments"][1]["by_date"] = "2026-11-17"
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2026-11-10"}]
    return data


def test_pre_proceedings_within_sixteen_weeks_draws_no_finding() -> None:
    data = pre_proceedings()
    assert codes(data) == []
    assert "SP-PRE-PROCEEDINGS-LONG" not in finding_codes(data)
    (end,) = safeplan.deadlines(safeplan.from_dict(data))
    assert end.kind == "pre-proceedings-end"
    assert end.due == dt.date(2027, 2, 22)  # 16 weeks after the letter of 2 November
    assert end.status == "met" and end.path == "$.reviews[3].date"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"review": "2027-03-02"}, "$.reviews[3].date"),
        ({"date": "2027-03-01"}, "$.date"),
    ],
)
def test_pre_proceedings_past_sixteen_weeks_is_a_warning(change: dict[str, str], path: str) -> None:
    data = pre_proceedings(change.get("review", "2027-02-16"))
    if "date" in change:
        data["date"] = change["date"]
        data["reviews"][2]["date"] = "2027-03-01"
        data["reviews"][3] = {"kind": "pre-proceedings-review", "date": "2027-03-15"}
        data["end"] = {"date": "2027-03-15", "with_plan": True}
        data["commitments"][1]["by_date"] = "2027-03-08"
        data["signatures"][0]["date"] = "2027-03-01"
    assert codes(data) == []  # a warning, never a refusal: an assessment may need longer
    (long,) = [
        p for p in safeplan.check(safeplan.from_dict(data)) if p.code == "SP-PRE-PROCEEDINGS-LONG"
    ]
    assert long.severity is safeplan.Severity.WARNING
    assert long.path == path
    assert "16 weeks" in long.message and "22 February 2027" in long.message
    assert "Public Law Working Group" in long.source


def test_pre_proceedings_with_no_start_date_asks_for_the_letter() -> None:
    data = pre_proceedings()
    data["reviews"] = data["reviews"][2:]
    assert "SP-PRE-PROCEEDINGS-START-MISSING" in finding_codes(data)


def test_a_decision_before_sixteen_weeks_ends_the_stage() -> None:
    data = pre_proceedings("2027-03-02")
    data["reviews"][2]["held"] = True
    data["reviews"][2]["outcome"] = "stepped-down"
    agreement = safeplan.from_dict(data)
    assert agreement.timeline.plan_end is not None
    assert "SP-PRE-PROCEEDINGS-LONG" not in finding_codes(data)


# --- safeplan schedule follows the timeline ---------------------------------------------------


def test_schedule_shows_history_and_what_is_ahead(tmp_path: Any) -> None:
    import json

    from click.testing import CliRunner

    from safeplan.cli import main

    path = tmp_path / "case.json"
    path.write_text(json.dumps(nine_month_update()), encoding="utf-8")
    result = CliRunner().invoke(main, ["schedule", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        "first review child protection conference: due by 20 April 2026 (before this agreement)"
        in out
    )
    assert "held 16 April 2026 at $.reviews[1].date: meets it" in out
    assert "review child protection conference: due by 16 October 2026\n" in out
    assert "booked 15 October 2026 at $.reviews[3].date: meets it" in out
    data = nine_month_update()
    del data["reviews"][1]
    path.write_text(json.dumps(data), encoding="utf-8")
    out = CliRunner().invoke(main, ["schedule", str(path)]).output
    assert "OVERDUE: none listed by the due date; the next is booked 15 October 2026" in out
    as_json = json.loads(
        CliRunner().invoke(main, ["schedule", "--format", "json", str(path)]).output
    )
    (first,) = [d for d in as_json["cases"][0]["deadlines"] if d["kind"] == "first-review"]
    assert (first["status"], first["before_agreement"], first["held"]) == ("overdue", True, False)


def test_an_initial_conference_after_the_agreement_is_booked_not_held() -> None:
    data = example_data()
    data["date"] = "2026-10-20"  # an agreement made before the conference on 30 October
    data["signatures"] = [{"person": "mum", "status": "signed", "date": "2026-10-20"}]
    agreement = safeplan.from_dict(data)
    (ic,) = agreement.timeline.of_kind(ReviewKind.INITIAL_CONFERENCE)
    assert ic.booked and not ic.held
    assert ic in agreement.timeline.booked
