"""``safeplan schedule``: the statutory due dates of each case, and whether its meetings meet them.

The due dates come from the plan's timeline (meetings held and booked) and the nation's profile
(or ``--profile``), counted in working days where the guidance says so. Each is shown beside the
case's own meeting for it: met, late, not booked yet, or (for a deadline that fell before the
agreement) overdue when no meeting is listed by then.

Imports: safeplan, safeplan.profiles (the public faces only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

import attrs
import click

from safeplan import (
    Deadline,
    InvalidCaseError,
    Problem,
    ProfileError,
    RefusedError,
    deadlines,
    load,
)
from safeplan.profiles import Profile, format_date, resolve_profile

from ._options import expand_paths, format_option, paths_argument, profile_option, profile_problem

__all__ = ["schedule"]


@click.command()
@paths_argument
@format_option
@profile_option("A council profile (a name or a YAML file) to use instead.")
def schedule(paths: tuple[Path, ...], output_format: str, profile: Profile | None) -> None:
    """Print the due dates of each case (JSON or YAML; folders are searched): when the first
    conference, the first core group and each review conference must be held, and whether the
    dates in the case meet them.

    Exit 0 when every case was read, 1 when any is refused or cannot be read.
    """
    cases = [_schedule_one(path, profile) for path in expand_paths(paths)]
    if output_format == "json":
        click.echo(json.dumps({"cases": [c.to_dict() for c in cases]}, indent=2))
    else:
        for case in cases:
            _print_text(case)
    sys.exit(1 if any(c.status != "ok" for c in cases) else 0)


@attrs.frozen
class _Case:
    path: Path
    status: Literal["ok", "refused", "unreadable"]
    profile: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    problems: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "profile": self.profile,
            "deadlines": [d.to_dict() for d in self.deadlines],
            "problems": [p.to_dict() for p in self.problems],
        }


def _schedule_one(path: Path, profile: Profile | None) -> _Case:
    try:
        agreement = load(path)
        used = resolve_profile(agreement, profile)
        return _Case(path, "ok", used.name, deadlines(agreement, profile=used))
    except RefusedError as err:
        return _Case(path, "refused", problems=err.problems)
    except InvalidCaseError as err:
        return _Case(path, "unreadable", problems=err.problems)
    except ProfileError as err:
        return _Case(path, "unreadable", problems=(profile_problem(err),))


def _print_text(case: _Case) -> None:
    if case.status != "ok":
        click.echo(f"{case.path}: {case.status.upper()}: no schedule")
        for p in case.problems:
            click.echo(f"  {p.code} at {p.path}")
            click.echo(f"    {p.message}")
        click.echo("")
        return
    click.echo(f"{case.path}: due dates (profile: {case.profile})")
    if not case.deadlines:
        click.echo(
            "  No statutory due dates: the plan gives no strategy discussion or initial "
            "conference date."
        )
    sources: list[str] = []
    for d in case.deadlines:
        _print_deadline(d)
        if d.source not in sources:
            sources.append(d.source)
    for source in sources:
        click.echo(f"  (from: {source})")
    click.echo("")


def _print_deadline(d: Deadline) -> None:
    when = " (before this agreement)" if d.history else ""
    click.echo(f"  {d.meeting}: due by {format_date(d.due)}{when}")
    click.echo(f"    {d.rule} ({format_date(d.counted_from)})")
    status = d.status
    if d.booked is None:
        click.echo("    not listed" if d.history else "    not booked yet")
        return
    what = "held" if d.held else "booked"
    if status == "met":
        click.echo(f"    {what} {format_date(d.booked)} at {d.path}: meets it")
    elif status == "overdue":
        click.echo(
            f"    OVERDUE: none listed by the due date; the next is {what} "
            f"{format_date(d.booked)} at {d.path}"
        )
    else:
        late = (d.booked - d.due).days
        click.echo(
            f"    {what} {format_date(d.booked)} at {d.path}: LATE, {late} "
            f"day{'' if late == 1 else 's'} after the due date"
        )
