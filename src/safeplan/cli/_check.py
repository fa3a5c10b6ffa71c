"""``safeplan check``: say, in plain words, whether each case may be issued and why not."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .._errors import InvalidCaseError, RefusedError
from .._io import load
from .._problems import Problem
from ._options import expand_paths, format_option, paths_argument

__all__ = ["check"]


@click.command()
@paths_argument
@format_option
def check(paths: tuple[Path, ...], output_format: str) -> None:
    """Check case files (JSON or YAML; folders are searched) against the safety rules.

    Exit 0 when every case may be issued, 1 when any is refused or cannot be read.
    """
    results = []
    for path in expand_paths(paths):
        status, problems = _check_one(path)
        results.append({"path": str(path), "status": status, "problems": problems})
    failed = sum(r["status"] != "ok" for r in results)
    if output_format == "json":
        payload = {
            "cases": [
                {**r, "problems": [p.to_dict() for p in r["problems"]]}  # type: ignore[attr-defined]
                for r in results
            ],
            "summary": _summary(results),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for r in results:
            _print_text(r["path"], r["status"], r["problems"])  # type: ignore[arg-type]
        click.echo(_summary_line(results))
    sys.exit(1 if failed else 0)


def _check_one(path: Path) -> tuple[str, list[Problem]]:
    try:
        agreement = load(path)
    except RefusedError as err:
        return "refused", list(err.problems)
    except InvalidCaseError as err:
        return "unreadable", list(err.problems)
    return "ok", list(agreement.overridden)


_HEADINGS = {
    "ok": "may be issued",
    "refused": "REFUSED: this agreement cannot be issued",
    "unreadable": "UNREADABLE: this case file cannot be read",
}


def _print_text(path: str, status: str, problems: list[Problem]) -> None:
    click.echo(f"{path}: {_HEADINGS[status]}")
    for p in problems:
        click.echo(f"  {p.code} at {p.path}")
        click.echo(f"    {p.message}")
        if p.source:
            click.echo(f"    (from: {p.source})")
    click.echo("")


def _summary(results: list[dict[str, object]]) -> dict[str, int]:
    return {
        "checked": len(results),
        "may_be_issued": sum(r["status"] == "ok" for r in results),
        "refused": sum(r["status"] == "refused" for r in results),
        "unreadable": sum(r["status"] == "unreadable" for r in results),
    }


def _summary_line(results: list[dict[str, object]]) -> str:
    s = _summary(results)
    return (
        f"{s['checked']} checked: {s['may_be_issued']} may be issued, {s['refused']} refused, "
        f"{s['unreadable']} unreadable"
    )
