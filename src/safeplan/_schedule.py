"""Working days and the statutory due dates of the child protection process.

A :class:`WorkingCalendar` knows a nation's bank holidays (from the maintained ``holidays``
package, substitute days included) and a council's closure days. :func:`due_dates` turns a
profile's timescales into dated deadlines, and :func:`review_date_problems` refuses review
conference dates that break them.

Counting: the day something happens is day 0. "Within 15 working days of the strategy
discussion" is the 15th working day after it; "within 3 months" is the same day of the month
3 calendar months later, clamped to the end of a shorter month. Due dates in calendar days,
weeks or months are not moved off weekends: they are the last day allowed, not a proposal.
"""

from __future__ import annotations

import functools
import itertools
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Literal, TypeAlias

import attrs
import holidays

from ._problems import Problem, Severity
from ._profiles import Nation, Period, Profile

__all__ = [
    "DueDate",
    "DueKind",
    "Schedule",
    "WorkingCalendar",
    "add_months",
    "due_dates",
    "format_date",
    "review_date_problems",
    "working_calendar",
]

DueKind: TypeAlias = Literal["first-conference", "first-core-group", "first-review", "later-review"]

# The subdivisions of the holidays package's United Kingdom ("GB"), as of holidays 0.109.
_SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}

# Messages are English whatever the machine's locale, so month names are not taken from strftime.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: date) -> str:
    """Write a date as a person reads it in the UK, e.g. ``14 March 2027``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def add_months(start: date, months: int) -> date:
    """Add calendar months, clamping to the last day of a shorter month.

    31 January plus 1 month is 28 February (29 in a leap year); 30 November plus 3 months is
    28 or 29 February.
    """
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def _weekdays_up_to(day: date) -> int:
    """Count the Mondays to Fridays from 1 January of year 1 up to ``day`` inclusive."""
    # Ordinal 1 (1 January of year 1) was a Monday, so every block of 7 holds 5 weekdays.
    weeks, rest = divmod(day.toordinal(), 7)
    return 5 * weeks + min(rest, 5)


def _add_weekdays(start: date, count: int) -> date:
    """The ``count``-th Monday-to-Friday after ``start`` (``count`` >= 1)."""
    ordinal = start.toordinal()
    weekday = start.weekday()
    if weekday > 4:  # from a weekend, count as if from the Friday before
        ordinal -= weekday - 4
        weekday = 4
    weeks, rest = divmod(count, 5)
    ordinal += 7 * weeks
    if rest:
        ordinal += rest + (2 if weekday + rest > 4 else 0)
    return date.fromordinal(ordinal)


@functools.cache
def _bank_holiday_weekdays(nation: Nation, year: int) -> tuple[date, ...]:
    """The nation's bank holidays (substitutes included) of one year that fall Monday to Friday.

    Cached per nation and year: the ``holidays`` package computes a year in about a millisecond,
    too slow to repeat for every day counted, and the result never changes.
    """
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    return tuple(sorted(day for day in calendar if day.year == year and day.weekday() < 5))


def _to_nation(value: Nation | str) -> Nation:
    return Nation(value)


def _to_frozenset(days: Iterable[date]) -> frozenset[date]:
    return frozenset(days)


@attrs.frozen
class WorkingCalendar:
    """Which days are working days in a nation: not weekends, bank holidays or closure days.

    Args:
        nation: Whose bank holidays apply.
        closure_days: A council's own closure days (e.g. between Christmas and New Year).
        bank_holidays: Replaces the ``holidays`` package: a function giving the bank holidays of
            a year. For callers with their own authoritative calendar.

    Each year's non-working weekdays are worked out once, on first use, and kept; counting is
    then arithmetic plus a binary search, so adding 15 working days takes microseconds.
    """

    nation: Nation = attrs.field(converter=_to_nation)
    closure_days: frozenset[date] = attrs.field(
        default=frozenset(), converter=_to_frozenset, kw_only=True
    )
    bank_holidays: Callable[[int], Iterable[date]] | None = attrs.field(
        default=None, kw_only=True, repr=False
    )
    _years: dict[int, tuple[date, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )

    def _closed_weekdays(self, year: int) -> tuple[date, ...]:
        """The sorted weekdays of ``year`` that are not working days."""
        days = self._years.get(year)
        if days is None:
            if self.bank_holidays is None:
                holidays_of_year: Iterable[date] = _bank_holiday_weekdays(self.nation, year)
            else:
                holidays_of_year = self.bank_holidays(year)
            closed = {*holidays_of_year, *self.closure_days}
            days = tuple(sorted(d for d in closed if d.year == year and d.weekday() < 5))
            # Only this calendar's own memo; every value is derived from its frozen fields.
            self._years[year] = days
        return days

    def _closed_between(self, start: date, end: date) -> int:
        """How many non-working weekdays fall in ``(start, end]``."""
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._closed_weekdays(year)
            total += bisect_right(days, end) - bisect_right(days, start)
        return total

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day."""
        if day.weekday() > 4:
            return False
        days = self._closed_weekdays(day.year)
        index = bisect_left(days, day)
        return index == len(days) or days[index] != day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is day 0).

        Args:
            start: Any day, working or not.
            days: 0 or more. 0 returns ``start`` unchanged.

        Raises:
            ValueError: ``days`` is negative.
        """
        if days < 0:
            raise ValueError("days must be 0 or more")
        current, remaining = start, days
        while remaining:
            # Jump over weekdays by arithmetic, then go on by as many days as were closed.
            candidate = _add_weekdays(current, remaining)
            remaining = self._closed_between(current, candidate)
            current = candidate
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days fall after ``start`` up to and including ``end``.

        ``working_days_between(d, add_working_days(d, n)) == n``. Negative when ``end`` is
        before ``start``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
        return weekdays - self._closed_between(start, end)

    @staticmethod
    def add_months(start: date, months: int) -> date:
        """Add calendar months, clamped to the month's last day (see :func:`add_months`)."""
        return add_months(start, months)


@functools.cache
def working_calendar(
    nation: Nation, closure_days: frozenset[date] = frozenset()
) -> WorkingCalendar:
    """A shared calendar for a nation and a set of closure days (one per distinct pair)."""
    return WorkingCalendar(nation, closure_days=closure_days)


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
            Problem(
                code="SP-REVIEW-LATE",
                path=path_of(first),
                message=(
                    f"The first {review} must be within {period} of {counted_from} "
                    f"(by {format_date(due)} in {nation}). Bring it forward."
                ),
                source=timescales.source,
                severity=Severity.REFUSAL,
            )
        )

    later = timescales.later_reviews
    for previous, current in itertools.pairwise(order):
        previous_date = review_conference_dates[previous]
        due = later.add_to(previous_date, calendar)
        if review_conference_dates[current] > due:
            problems.append(
                Problem(
                    code="SP-REVIEW-GAP",
                    path=path_of(current),
                    message=(
                        f"Each {review} must be within {later} of the one before it. This one "
                        f"follows the one on {format_date(previous_date)}, so it is due by "
                        f"{format_date(due)} in {nation}. Bring it forward."
                    ),
                    source=timescales.source,
                    severity=Severity.REFUSAL,
                )
            )
    return problems
