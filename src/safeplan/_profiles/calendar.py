"""Working days: a nation's bank holidays and a council's closure days, and calendar months.

A :class:`WorkingCalendar` knows a nation's bank holidays (from the maintained ``holidays``
package, substitute days included; its answers for 2000-2050 kept in ``bank_holidays.json``
while that version of it is installed) and a council's closure days. Counting: the day something
happens is day 0; "within 15 working days" is the 15th working day after it. Months are added
as calendar months, clamped to the end of a shorter month. :func:`format_date` writes a date the
way messages print it.

Imports: the nation (this room), _resources.
"""

from __future__ import annotations

import functools
import json
from bisect import bisect_left, bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from .._resources import installed_version
from .nation import Nation

__all__ = ["WorkingCalendar", "add_months", "format_date", "working_calendar"]

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
    too slow to repeat for every day counted, and the result never changes. Its answers for
    2000-2050 are kept in ``bank_holidays.json`` (``tools/make_bank_holidays.py``), read while
    the installed ``holidays`` is the version they came from: loading the package costs about
    0.1 s a process, more than the rest of a check.
    """
    table = _table()
    if table is not None and str(year) in table["days"][_SUBDIVISIONS[nation]]:
        return tuple(date.fromisoformat(d) for d in table["days"][_SUBDIVISIONS[nation]][str(year)])
    import holidays  # imports every country it knows: only for a year the table lacks

    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[nation], years=year)
    return tuple(sorted(day for day in calendar if day.year == year and day.weekday() < 5))


@functools.cache
def _table() -> dict[str, Any] | None:
    """The bank holidays table, or ``None`` when the installed ``holidays`` is not the version
    it was made from (a newer one may know a newly announced bank holiday)."""
    try:
        raw = Path(__file__).with_name("bank_holidays.json").read_text("utf-8")
        table: dict[str, Any] = json.loads(raw)
        made_from = table["holidays"]
    except (OSError, ValueError, KeyError):  # not there, or damaged: ask holidays itself
        return None
    return table if installed_version("holidays") == made_from else None


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
