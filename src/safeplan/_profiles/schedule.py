"""The statutory due dates of the child protection process, counted on a profile's calendar.

:func:`due_dates` turns a profile's timescales into dated deadlines, and
:func:`review_date_problems` refuses review conference dates that break them.

Counting: the day something happens is day 0. "Within 15 working days of the strategy
discussion" is the 15th working day after it; "within 3 months" is the same day of the month
3 calendar months later, clamped to the end of a shorter month. Due dates in calendar days,
weeks or months are not moved off weekends: they are the last day allowed, not a proposal.

Imports: _problems.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal, TypeAlias

import attrs

from .._problems import Problem
from .calendar import format_date
from .profile import Period, Profile

__all__ = ["DueDate", "DueKind", "Schedule", "due_dates", "review_date_problems"]

DueKind: TypeAlias = Literal["first-conference", "first-core-group", "first-review", "later-review"]


@attrs.frozen(kw_only=True)
class DueDate:
    """One deadline.

    Attributes:
        kind: ``first-conference``, ``first-core-group``, ``first-review`` or ``later-review``.
        meeting: The meeting that is due, in the nation's words.
        due: The last day it may be held.
        counted_from: The day the timescale is counted from.
        rule: The rule in plain English, e.g. ``within 10 working days of the initial child
            protection conference``.
        source: The guidance the rule comes from.
    """

    kind: DueKind
    meeting: str
    due: date
    counted_from: date
    rule: str
    source: str

    def to_dict(self) -> dict[str, str]:
        """Return the due date as JSON-ready data (dates in ISO format)."""
        return {
            "kind": self.kind,
            "meeting": self.meeting,
            "due": self.due.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "rule": self.rule,
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class Schedule:
    """The due dates of a case, in order of kind and then date."""

    items: tuple[DueDate, ...]

    def get(self, kind: DueKind) -> DueDate | None:
        """The first due date of ``kind``, or ``None`` if there is none."""
        return next((item for item in self.items if item.kind == kind), None)

    def all(self, kind: DueKind) -> tuple[DueDate, ...]:
        """Every due date of ``kind``, in order."""
        return tuple(item for item in self.items if item.kind == kind)

    def to_dict(self) -> dict[str, list[dict[str, str]]]:
        """Return the schedule as JSON-ready data."""
        return {"items": [item.to_dict() for item in self.items]}


def _first_review_period(profile: Profile, pre_birth: bool) -> tuple[Period, str]:
    """The first-review timescale that applies, and the meeting it is counted from."""
    timescales, meetings = profile.timescales, profile.meetings
    if pre_birth and timescales.first_review_pre_birth is not None:
        return timescales.first_review_pre_birth, f"pre-birth {meetings.initial_conference}"
    return timescales.first_review, meetings.initial_conference


def due_dates(
    profile: Profile,
    *,
    strategy_discussion: date | None,
    initial_conference: date | None,
    pre_birth: bool = False,
    reviews_held: Sequence[date] = (),
    upcoming_reviews: int = 2,
) -> Schedule:
    """Work out the statutory due dates from what has happened so far.

    Missing dates only mean fewer due dates: nothing here raises for a case that is incomplete.

    Args:
        profile: Supplies the timescales, the meeting names and the calendar.
        strategy_discussion: When the strategy discussion (Scotland: the inter-agency referral
            discussion) was held; gives the first conference's due date.
        initial_conference: When the initial conference was held; gives the first core group's
            and the first review's due dates.
        pre_birth: The conference was about an unborn child; uses ``first_review_pre_birth``
            when the profile sets one.
        reviews_held: Review conferences already held, the first review included, in any order.
        upcoming_reviews: How many later reviews to project after the last one held (or after
            the first review's due date when none has been held).

    Returns:
        The due dates. Each later review is due within ``later_reviews`` of the review before
        it: of the date it was held if it has been held, else of its due date.
    """
    timescales, meetings, calendar = profile.timescales, profile.meetings, profile.calendar
    source = timescales.source
    items: list[DueDate] = []

    if strategy_discussion is not None and timescales.first_conference is not None:
        period = timescales.first_conference
        items.append(
            DueDate(
                kind="first-conference",
                meeting=meetings.initial_conference,
                due=period.add_to(strategy_discussion, calendar),
                counted_from=strategy_discussion,
                rule=f"within {period} of the {meetings.strategy_discussion}",
                source=source,
            )
        )

    first_review_due: date | None = None
    if initial_conference is not None:
        if timescales.first_core_group is not None:
            period = timescales.first_core_group
            items.append(
                DueDate(
                    kind="first-core-group",
                    meeting=f"first {meetings.core_group}",
                    due=period.add_to(initial_conference, calendar),
                    counted_from=initial_conference,
                    rule=f"within {period} of the {meetings.initial_conference}",
                    source=source,
                )
            )
        period, counted_from_meeting = _first_review_period(profile, pre_birth)
        first_review_due = period.add_to(initial_conference, calendar)
        items.append(
            DueDate(
                kind="first-review",
                meeting=f"first {meetings.review_conference}",
                due=first_review_due,
                counted_from=initial_conference,
                rule=f"within {period} of the {counted_from_meeting}",
                source=source,
            )
        )

    later = timescales.later_reviews
    later_rule = f"within {later} of the previous {meetings.review_conference}"

    def later_review(previous: date) -> DueDate:
        return DueDate(
            kind="later-review",
            meeting=meetings.review_conference,
            due=later.add_to(previous, calendar),
            counted_from=previous,
            rule=later_rule,
            source=source,
        )

    held = sorted(reviews_held)
    # Reviews already held: each one sets the deadline of the next (the last of them included).
    items.extend(later_review(previous) for previous in held)
    # Then project forward from the last deadline, as if each review were held on its due date.
    anchor = items[-1].due if held else first_review_due
    projected = 1 if held else 0
    while anchor is not None and projected < upcoming_reviews:
        item = later_review(anchor)
        items.append(item)
        anchor = item.due
        projected += 1
    return Schedule(items=tuple(items))


def review_date_problems(
    profile: Profile,
    *,
    initial_conference: date | None,
    review_conference_dates: Sequence[date],
    agreement_date: date,
    pre_birth: bool,
    path_of: Callable[[int], str],
) -> list[Problem]:
    """Refuse review conference dates that break the profile's timescales.

    ``SP-REVIEW-LATE``: the first review conference is after the first review's due date,
    counted from the initial conference (or, when no initial conference date is given, from
    the date of the agreement: an agreement is never left unreviewed for longer).
    ``SP-REVIEW-GAP``: a review conference is more than ``later_reviews`` after the one before.

    Args:
        profile: Supplies the timescales, the meeting names and the calendar.
        initial_conference: When the initial conference was held, if known.
        review_conference_dates: The review conference dates, held or planned, in any order.
        agreement_date: The date of the agreement; the fallback starting point.
        pre_birth: The plan is for an unborn child (uses ``first_review_pre_birth`` if set).
        path_of: Gives the case-file path of the review conference date at an index of
            ``review_conference_dates``.

    Returns:
        Refusals, in date order. Messages hold dates and rules, never names or free text.
    """
    if not review_conference_dates:
        return []
    timescales, meetings, calendar = profile.timescales, profile.meetings, profile.calendar
    nation = profile.nation.display_name
    review = meetings.review_conference
    order = sorted(range(len(review_conference_dates)), key=lambda i: review_conference_dates[i])
    problems: list[Problem] = []

    period, counted_from_meeting = _first_review_period(profile, pre_birth)
    if initial_conference is not None:
        due = period.add_to(initial_conference, calendar)
        counted_from = f"the {counted_from_meeting}"
    else:
        due = period.add_to(agreement_date, calendar)
        counted_from = (
            f"the date of the agreement when no {meetings.initial_conference} date is given"
        )
    first = order[0]
    if review_conference_dates[first] > due:
        problems.append(
            Problem.refusal(
                "SP-REVIEW-LATE",
                path_of(first),
                f"The first {review} must be within {period} of {counted_from} "
                f"(by {format_date(due)} in {nation}). Bring it forward.",
                timescales.source,
            )
        )

    later = timescales.later_reviews
    for previous, current in itertools.pairwise(order):
        previous_date = review_conference_dates[previous]
        due = later.add_to(previous_date, calendar)
        if review_conference_dates[current] > due:
            problems.append(
                Problem.refusal(
                    "SP-REVIEW-GAP",
                    path_of(current),
                    f"Each {review} must be within {later} of the one before it. This one "
                    f"follows the one on {format_date(previous_date)}, so it is due by "
                    f"{format_date(due)} in {nation}. Bring it forward.",
                    timescales.source,
                )
            )
    return problems
