"""``safeplan check``: say, in plain words, whether each case may be issued and why not."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs
import click

from .._errors import InvalidCaseError, RefusedError
from .._io import load
from .._problems import Problem
from ._options import expand_paths, format_option, paths_argument

__all__ = ["check"]

Status = Literal["ok", "refused", "unreadable"]


@attrs.frozen
class _Result:
    path: Path
    status: Status
    problems: tuple[Problem, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "problems": [p.to_dict() for p in self.problems],
        }


@click.command()
@paths_argument
@format_option
def check(paths: tuple[Path, ...], output_format: str) -> None:
    """Check case files (JSON or YAML; folders are searched) against the safety rules.

    Exit 0 when every case may be issued, 1 when any is refused or cannot be read.
    """
    results = [_check_one(path) for path in expand_paths(paths)]
    if output_format == "json":
        payload = {"cases": [r.to_dict() for r in results], "summary": _summary(results)}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for r in results:
            _print_text(r)
        click.echo(_summary_line(results))
    sys.exit(1 if any(r.status != "ok" for r in results) else 0)


def _check_one(path: Path) -> _Result:
    try:
        agreement = load(path)
    except RefusedError as err:
        return _Result(path, "refused", err.problems)
    except InvalidCaseError as err:
        return _Result(path, "unreadable", err.problems)
    return _Result(path, "ok", agreement.overridden)


_HEADINGS: dict[Status, str] = {
    "ok": "may be issued",
    "refused": "REFUSED: this agreement cannot be issued",
    "unreadable": "UNREADABLE: this case file cannot be read",
}


def _print_text(result: _Result) -> None:
    click.echo(f"{result.path}: {_HEADINGS[result.status]}")
    for p in result.problems:
        click.echo(f"  {p.code} at {p.path}")
        click.echo(f"    {p.message}")
        if p.source:
            click.echo(f"    (from: {p.source})")
    click.echo("")


def _summary(results: Sequence[_Result]) -> dict[str, int]:
    return {
        "checked": len(results),
        "may_be_issued": sum(r.status == "ok" for r in results),
        "refused": sum(r.status == "refused" for r in results),
        "unreadable": sum(r.status == "unreadable" for r in results),
    }


def _summary_line(results: Sequence[_Result]) -> str:
    s = _summary(results)
    return (
        f"{s['checked']} checked: {s['may_be_issued']} may be issued, {s['refused']} refused, "
        f"{s['unreadable']} unreadable"
    )
