"""Write the table of UK bank holidays safeplan counts working days with:
``src/safeplan/_profiles/bank_holidays.json``.

The ``holidays`` package is the source (substitute days included); loading it costs about
0.1 s a process (it imports every country it knows), more than the rest of ``safeplan check``.
The table holds its answer for each nation and year from 2000 to 2050, the weekdays only, and
the version of ``holidays`` it came from: safeplan reads the table while that version is the one
installed, and asks ``holidays`` itself otherwise (or for a year outside the table), so a newer
``holidays`` with a newly announced bank holiday is never ignored.
``tests/profiles/test_calendar.py`` fails when the table and the installed package disagree.

Run from the repository root after upgrading ``holidays``::

    .venv/bin/python tools/make_bank_holidays.py
"""

from __future__ import annotations

import json
from datetime import date
from importlib import metadata
from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "safeplan" / "_profiles" / "bank_holidays.json"
FIRST, LAST = 2000, 2050
SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")


def weekdays(subdiv: str, year: int) -> list[date]:
    """The bank holidays of one year falling Monday to Friday, as safeplan asks for them."""
    calendar = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    return sorted(day for day in calendar if day.year == year and day.weekday() < 5)


def table() -> dict[str, object]:
    days: dict[str, dict[str, list[str]]] = {}
    for subdiv in SUBDIVISIONS:
        days[subdiv] = {
            str(year): [day.isoformat() for day in weekdays(subdiv, year)]
            for year in range(FIRST, LAST + 1)
        }
    return {"holidays": metadata.version("holidays"), "first": FIRST, "last": LAST, "days": days}


def main() -> None:
    OUT.write_text(json.dumps(table(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
