"""The bank holidays table (``_profiles/bank_holidays.json``) says what the ``holidays`` package
says, and is set aside when another version of ``holidays`` is installed."""

from __future__ import annotations

import json
from datetime import date
from importlib import metadata, resources

import holidays
import pytest

from safeplan._profiles import Nation, WorkingCalendar
from safeplan._profiles import calendar as cal

_SUBDIVISIONS = {"ENG": Nation.ENGLAND, "WLS": Nation.WALES, "SCT": Nation.SCOTLAND,
                 "NIR": Nation.NORTHERN_IRELAND}  # fmt: skip


def _table() -> dict:
    raw = resources.files("safeplan._profiles").joinpath("bank_holidays.json").read_text()
    return json.loads(raw)


def _from_holidays(subdiv: str, year: int) -> list[str]:
    days = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    return sorted(d.isoformat() for d in days if d.year == year and d.weekday() < 5)


def test_the_table_is_made_from_the_installed_holidays_package() -> None:
    # After upgrading holidays: .venv/bin/python tools/make_bank_holidays.py
    table = _table()
    assert table["holidays"] == metadata.version("holidays")
    assert cal.installed_version("holidays") == metadata.version("holidays")
    wrong = [
        (subdiv, year)
        for subdiv in _SUBDIVISIONS
        for year in range(table["first"], table["last"] + 1)
        if table["days"][subdiv][str(year)] != _from_holidays(subdiv, year)
    ]
    assert wrong == []


def test_known_bank_holidays_are_not_working_days() -> None:
    england, scotland = WorkingCalendar(Nation.ENGLAND), WorkingCalendar(Nation.SCOTLAND)
    assert not england.is_working_day(date(2026, 8, 31))  # summer bank holiday, England
    assert scotland.is_working_day(date(2026, 8, 31))  # not in Scotland
    assert not scotland.is_working_day(date(2026, 8, 3))  # Scotland's is the first Monday
    assert not england.is_working_day(date(2022, 9, 19))  # a one-off: the state funeral


@pytest.mark.parametrize("year", [1999, 2051])
def test_a_year_outside_the_table_asks_holidays(year: int) -> None:
    cal._bank_holiday_weekdays.cache_clear()
    got = [d.isoformat() for d in cal._bank_holiday_weekdays(Nation.WALES, year)]
    assert got == _from_holidays("WLS", year) and got


def test_another_holidays_version_sets_the_table_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    # A newer holidays may know a newly announced bank holiday: its answer wins.
    monkeypatch.setattr(cal, "installed_version", lambda package: "0.0-not-the-table")
    cal._table.cache_clear()
    cal._bank_holiday_weekdays.cache_clear()
    seen: list[int] = []
    real = holidays.country_holidays

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(kwargs["years"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(holidays, "country_holidays", spy)
    try:
        got = [d.isoformat() for d in cal._bank_holiday_weekdays(Nation.ENGLAND, 2026)]
        assert seen == [2026]
        assert got == _from_holidays("ENG", 2026)
    finally:
        cal._table.cache_clear()
        cal._bank_holiday_weekdays.cache_clear()
