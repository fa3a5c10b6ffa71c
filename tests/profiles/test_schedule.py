"""Working days, bank holidays by nation, due dates and the refusal of late reviews."""

from __future__ import annotations

import json
import textwrap
import timeit
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan._problems import Severity
from safeplan._profiles import (
    Nation,
    Period,
    WorkingCalendar,
    add_months,
    due_dates,
    format_date,
    load_profile,
    nation_profile,
    review_date_problems,
    working_calendar,
)

ENGLAND = working_calendar(Nation.ENGLAND)
WALES = working_calendar(Nation.WALES)
SCOTLAND = working_calendar(Nation.SCOTLAND)
NORTHERN_IRELAND = working_calendar(Nation.NORTHERN_IRELAND)


# --- bank holidays by nation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "england", "scotland", "northern_ireland"),
    [
        (date(2026, 4, 3), False, False, False),  # Good Friday everywhere
        (date(2026, 4, 6), False, True, False),  # Easter Monday: not a Scottish bank holiday
        (date(2026, 1, 2), True, False, True),  # 2 January: Scotland only
        (date(2027, 1, 4), True, False, True),  # Scotland's substitute for 2 January (Saturday)
        (date(2026, 3, 17), True, True, False),  # St Patrick's Day: Northern Ireland only
        (date(2026, 7, 13), True, True, False),  # substitute for 12 July (a Sunday in 2026)
        (date(2027, 7, 12), True, True, False),  # 12 July on a Monday
        (date(2026, 8, 3), True, False, True),  # first Monday of August: Scotland
        (date(2026, 8, 31), False, True, False),  # last Monday of August: not Scotland
        (date(2026, 11, 30), True, False, True),  # St Andrew's Day on a Monday
        (date(2025, 12, 1), True, False, True),  # St Andrew's substitute (30 Nov 2025, Sunday)
        (date(2026, 12, 28), False, False, False),  # Boxing Day substitute (26th a Saturday)
        (date(2026, 12, 29), True, True, True),  # an ordinary Tuesday
    ],
)
def test_bank_holidays_by_nation(
    day: date, england: bool, scotland: bool, northern_ireland: bool
) -> None:
    assert ENGLAND.is_working_day(day) is england
    assert WALES.is_working_day(day) is england  # Wales shares England's bank holidays
    assert SCOTLAND.is_working_day(day) is scotland
    assert NORTHERN_IRELAND.is_working_day(day) is northern_ireland


def test_weekends_are_not_working_days() -> None:
    assert not ENGLAND.is_working_day(date(2026, 6, 6))  # Saturday
    assert not ENGLAND.is_working_day(date(2026, 6, 7))  # Sunday
    assert ENGLAND.is_working_day(date(2026, 6, 8))  # Monday


def test_add_working_days_skips_weekends_and_holidays() -> None:
    # Thursday 2 April 2026: Good Friday and Easter Monday follow in England.
    assert ENGLAND.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert SCOTLAND.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 6)
    assert ENGLAND.add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)
    # From a Saturday, the first working day is the Monday.
    assert ENGLAND.add_working_days(date(2026, 6, 6), 1) == date(2026, 6, 8)
    # Over Christmas and New Year 2026-27 in England: 25, 28 December and 1 January are closed.
    assert ENGLAND.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 6)
    assert ENGLAND.working_days_between(date(2026, 12, 18), date(2027, 1, 6)) == 10
    with pytest.raises(ValueError, match="0 or more"):
        ENGLAND.add_working_days(date(2026, 1, 1), -1)


def test_closure_days_shift_dates() -> None:
    calendar = WorkingCalendar(
        Nation.ENGLAND, closure_days=[date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    )
    assert not calendar.is_working_day(date(2026, 12, 30))
    assert calendar.add_working_days(date(2026, 12, 18), 10) == date(2027, 1, 11)


def test_caller_may_supply_their_own_bank_holidays() -> None:
    calendar = WorkingCalendar(Nation.ENGLAND, bank_holidays=lambda year: [date(year, 6, 8)])
    assert not calendar.is_working_day(date(2026, 6, 8))
    assert calendar.is_working_day(date(2026, 4, 6))  # Easter Monday is not in their list


def test_adding_working_days_is_fast() -> None:
    ENGLAND.add_working_days(date(2026, 3, 2), 15)  # warm the year's holidays
    seconds = timeit.timeit(lambda: ENGLAND.add_working_days(date(2026, 3, 2), 15), number=1000)
    assert seconds / 1000 < 100e-6  # well under 100 microseconds a call


def naive_add(calendar: WorkingCalendar, start: date, days: int) -> date:
    day = start
    while days:
        day += timedelta(days=1)
        if day.weekday() < 5 and calendar.is_working_day(day):
            days -= 1
    return day


calendars = st.sampled_from([ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND])
days_2000s = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


@given(calendars, days_2000s, st.integers(min_value=1, max_value=400))
def test_add_working_days_lands_on_a_working_day(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    assert calendar.is_working_day(calendar.add_working_days(start, days))


@given(calendars, days_2000s, st.integers(min_value=0, max_value=400))
def test_add_working_days_is_strictly_increasing(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    assert calendar.add_working_days(start, days + 1) > calendar.add_working_days(start, days)


@given(calendars, days_2000s, st.integers(min_value=0, max_value=400))
def test_working_days_between_inverts_add(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    end = calendar.add_working_days(start, days)
    assert calendar.working_days_between(start, end) == days
    assert calendar.working_days_between(end, start) == -days


@given(calendars, days_2000s, st.integers(min_value=0, max_value=40))
def test_add_working_days_matches_counting_one_day_at_a_time(
    calendar: WorkingCalendar, start: date, days: int
) -> None:
    assert calendar.add_working_days(start, days) == naive_add(calendar, start, days)


# --- months ----------------------------------------------------------------------------------


def test_months_clamp_at_month_ends() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 10, 31), 2) == date(2026, 12, 31)
    assert add_months(date(2026, 12, 14), 3) == date(2027, 3, 14)


@given(days_2000s, st.integers(min_value=0, max_value=120))
def test_months_land_in_the_right_month_and_never_overflow(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day
    if result.day < start.day:  # clamped: it must be the last day of its month
        assert (result + timedelta(days=1)).day == 1


def test_period_add_to_each_unit() -> None:
    start = date(2026, 3, 20)  # a Friday
    assert Period(amount=15, unit="working-days").add_to(start, ENGLAND) == date(2026, 4, 14)
    assert Period(amount=28, unit="calendar-days").add_to(start, ENGLAND) == date(2026, 4, 17)
    assert Period(amount=6, unit="weeks").add_to(start, ENGLAND) == date(2026, 5, 1)
    assert Period(amount=3, unit="months").add_to(start, ENGLAND) == date(2026, 6, 20)


# --- due dates -------------------------------------------------------------------------------


def test_england_due_dates() -> None:
    schedule = due_dates(
        nation_profile("england"),
        strategy_discussion=date(2026, 3, 20),
        initial_conference=date(2026, 4, 1),
    )
    first_conference = schedule.get("first-conference")
    assert first_conference is not None
    # 15 working days from Friday 20 March, over Good Friday and Easter Monday 2026.
    assert first_conference.due == date(2026, 4, 14)
    assert first_conference.counted_from == date(2026, 3, 20)
    assert first_conference.rule == "within 15 working days of the strategy discussion"
    assert first_conference.meeting == "initial child protection conference"
    assert first_conference.source == "Working Together to Safeguard Children 2023, chapter 3"
    core_group = schedule.get("first-core-group")
    assert core_group is not None
    assert core_group.due == date(2026, 4, 17)  # 10 working days after 1 April, Easter skipped
    assert core_group.rule == "within 10 working days of the initial child protection conference"
    first_review = schedule.get("first-review")
    assert first_review is not None
    assert first_review.due == date(2026, 7, 1)
    assert first_review.rule == "within 3 months of the initial child protection conference"
    assert [item.due for item in schedule.all("later-review")] == [
        date(2027, 1, 1),
        date(2027, 7, 1),
    ]
    assert schedule.all("later-review")[0].rule == (
        "within 6 months of the previous review child protection conference"
    )


def test_scotland_due_dates() -> None:
    schedule = due_dates(
        nation_profile("scotland"),
        strategy_discussion=date(2026, 10, 5),
        initial_conference=date(2026, 10, 30),
    )
    assert [(item.kind, item.due) for item in schedule.items] == [
        ("first-conference", date(2026, 11, 2)),  # 28 calendar days after the IRD
        ("first-core-group", date(2026, 11, 20)),  # 15 working days
        ("first-review", date(2027, 4, 30)),  # 6 months
        ("later-review", date(2027, 10, 30)),
        ("later-review", date(2028, 4, 30)),
    ]
    first_conference = schedule.get("first-conference")
    assert first_conference is not None
    assert (
        first_conference.rule == "within 28 calendar days of the inter-agency referral discussion"
    )
    assert first_conference.meeting == "child protection planning meeting"


def test_scotland_pre_birth_first_review_is_three_months() -> None:
    schedule = due_dates(
        nation_profile("scotland"),
        strategy_discussion=None,
        initial_conference=date(2026, 10, 30),
        pre_birth=True,
    )
    first_review = schedule.get("first-review")
    assert first_review is not None
    assert first_review.due == date(2027, 1, 30)
    assert first_review.rule == "within 3 months of the pre-birth child protection planning meeting"


def test_pre_birth_without_its_own_rule_uses_the_first_review() -> None:
    schedule = due_dates(
        nation_profile("england"),
        strategy_discussion=None,
        initial_conference=date(2026, 10, 30),
        pre_birth=True,
    )
    assert schedule.get("first-review").due == date(2027, 1, 30)  # type: ignore[union-attr]


def test_same_start_different_due_dates_in_england_and_scotland() -> None:
    # Both count 15 working days from Monday 23 November 2026: England's first conference and
    # Scotland's first core group. St Andrew's Day (Monday 30 November) moves Scotland's a day.
    start = date(2026, 11, 23)
    england = due_dates(
        nation_profile("england"), strategy_discussion=start, initial_conference=None
    )
    scotland = due_dates(
        nation_profile("scotland"), strategy_discussion=None, initial_conference=start
    )
    assert england.get("first-conference").due == date(2026, 12, 14)  # type: ignore[union-attr]
    assert scotland.get("first-core-group").due == date(2026, 12, 15)  # type: ignore[union-attr]


def test_wales_and_northern_ireland_leave_local_timescales_out() -> None:
    wales = due_dates(
        nation_profile("wales"),
        strategy_discussion=date(2026, 3, 2),
        initial_conference=date(2026, 3, 20),
    )
    assert wales.get("first-conference") is None  # local in Wales
    # 10 working days from Friday 20 March 2026: 23 March to 2 April is 9, then Good Friday and
    # Easter Monday are skipped, so the tenth is Tuesday 7 April.
    assert wales.get("first-core-group").due == date(2026, 4, 7)  # type: ignore[union-attr]
    assert wales.get("first-review").due == date(2026, 6, 20)  # type: ignore[union-attr]
    ni = due_dates(
        nation_profile("northern-ireland"),
        strategy_discussion=date(2026, 3, 2),
        initial_conference=date(2026, 3, 20),
    )
    assert [item.kind for item in ni.items] == ["first-review", "later-review", "later-review"]
    assert ni.get("first-review").rule == (  # type: ignore[union-attr]
        "within 3 months of the initial child protection case conference"
    )


def test_later_reviews_count_from_the_reviews_held() -> None:
    schedule = due_dates(
        nation_profile("england"),
        strategy_discussion=None,
        initial_conference=date(2026, 4, 1),
        reviews_held=[date(2026, 12, 10), date(2026, 6, 25)],  # any order
    )
    later = schedule.all("later-review")
    assert [(item.counted_from, item.due) for item in later] == [
        (date(2026, 6, 25), date(2026, 12, 25)),  # the second review's deadline (held on time)
        (date(2026, 12, 10), date(2027, 6, 10)),  # the next review's deadline
        (date(2027, 6, 10), date(2027, 12, 10)),  # projected from that deadline
    ]
    assert schedule.get("first-review").due == date(2026, 7, 1)  # type: ignore[union-attr]


def test_missing_inputs_mean_fewer_due_dates() -> None:
    profile = nation_profile("england")
    assert due_dates(profile, strategy_discussion=None, initial_conference=None).items == ()
    only_first = due_dates(profile, strategy_discussion=date(2026, 3, 20), initial_conference=None)
    assert [item.kind for item in only_first.items] == ["first-conference"]
    assert only_first.get("first-review") is None


def test_council_closure_days_shift_due_dates(tmp_path: Path) -> None:
    path = tmp_path / "council.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            extends: england
            closure_days: [2026-12-29, 2026-12-30, 2026-12-31]
            """
        ),
        encoding="utf-8",
    )
    conference = date(2026, 12, 18)
    national = due_dates(
        nation_profile("england"), strategy_discussion=None, initial_conference=conference
    )
    council = due_dates(load_profile(path), strategy_discussion=None, initial_conference=conference)
    assert national.get("first-core-group").due == date(2027, 1, 6)  # type: ignore[union-attr]
    assert council.get("first-core-group").due == date(2027, 1, 11)  # type: ignore[union-attr]


def test_schedule_to_dict_is_json_ready() -> None:
    schedule = due_dates(
        nation_profile("scotland"), strategy_discussion=date(2026, 10, 5), initial_conference=None
    )
    data = json.loads(json.dumps(schedule.to_dict()))
    assert data == {
        "items": [
            {
                "kind": "first-conference",
                "meeting": "child protection planning meeting",
                "due": "2026-11-02",
                "counted_from": "2026-10-05",
                "rule": "within 28 calendar days of the inter-agency referral discussion",
                "source": "National Guidance for Child Protection in Scotland 2021 (updated 2023), "
                "Appendix D",
            }
        ]
    }


# --- refusing review dates -------------------------------------------------------------------


def path_of(index: int) -> str:
    return f"$.reviews[{index}].date"


def test_format_date() -> None:
    assert format_date(date(2027, 3, 14)) == "14 March 2027"
    assert format_date(date(2026, 1, 2)) == "2 January 2026"


def test_reviews_on_time_raise_nothing() -> None:
    problems = review_date_problems(
        nation_profile("england"),
        initial_conference=date(2026, 12, 14),
        review_conference_dates=[date(2027, 3, 14), date(2027, 9, 14)],
        agreement_date=date(2026, 12, 14),
        pre_birth=False,
        path_of=path_of,
    )
    assert problems == []


def test_late_first_review_is_refused() -> None:
    problems = review_date_problems(
        nation_profile("england"),
        initial_conference=date(2026, 12, 14),
        review_conference_dates=[date(2027, 3, 15)],
        agreement_date=date(2026, 12, 14),
        pre_birth=False,
        path_of=path_of,
    )
    assert len(problems) == 1
    problem = problems[0]
    assert problem.code == "SP-REVIEW-LATE"
    assert problem.path == "$.reviews[0].date"
    assert problem.severity is Severity.REFUSAL
    assert problem.source == "Working Together to Safeguard Children 2023, chapter 3"
    assert problem.message == (
        "The first review child protection conference must be within 3 months of the initial "
        "child protection conference (by 14 March 2027 in England). Bring it forward."
    )


def test_gap_between_reviews_is_refused_with_the_right_path() -> None:
    problems = review_date_problems(
        nation_profile("england"),
        initial_conference=date(2026, 12, 14),
        # Given out of order: index 0 is the later review, index 1 the first.
        review_conference_dates=[date(2027, 9, 11), date(2027, 3, 10)],
        agreement_date=date(2026, 12, 14),
        pre_birth=False,
        path_of=path_of,
    )
    assert [(p.code, p.path) for p in problems] == [("SP-REVIEW-GAP", "$.reviews[0].date")]
    assert problems[0].message == (
        "Each review child protection conference must be within 6 months of the one before it. "
        "This one follows the one on 10 March 2027, so it is due by 10 September 2027 in "
        "England. Bring it forward."
    )


def test_scotland_first_review_allows_six_months_but_pre_birth_three() -> None:
    kwargs = {
        "initial_conference": date(2026, 10, 30),
        "review_conference_dates": [date(2027, 4, 1)],
        "agreement_date": date(2026, 10, 30),
        "path_of": path_of,
    }
    scotland = nation_profile("scotland")
    assert review_date_problems(scotland, pre_birth=False, **kwargs) == []  # type: ignore[arg-type]
    pre_birth = review_date_problems(scotland, pre_birth=True, **kwargs)  # type: ignore[arg-type]
    assert [p.code for p in pre_birth] == ["SP-REVIEW-LATE"]
    assert pre_birth[0].message == (
        "The first review child protection planning meeting must be within 3 months of the "
        "pre-birth child protection planning meeting (by 30 January 2027 in Scotland). "
        "Bring it forward."
    )


def test_without_an_initial_conference_the_agreement_date_is_the_start() -> None:
    problems = review_date_problems(
        nation_profile("wales"),
        initial_conference=None,
        review_conference_dates=[date(2026, 9, 1)],
        agreement_date=date(2026, 5, 20),
        pre_birth=False,
        path_of=path_of,
    )
    assert [p.code for p in problems] == ["SP-REVIEW-LATE"]
    assert "3 months of the date of the agreement" in problems[0].message
    assert "by 20 August 2026 in Wales" in problems[0].message


def test_no_review_dates_no_problems() -> None:
    assert (
        review_date_problems(
            nation_profile("england"),
            initial_conference=date(2026, 1, 5),
            review_conference_dates=[],
            agreement_date=date(2026, 1, 5),
            pre_birth=False,
            path_of=path_of,
        )
        == []
    )
