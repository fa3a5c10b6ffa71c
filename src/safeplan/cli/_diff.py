"""``safeplan diff OLD NEW``: what changed between two versions of an agreement, as lines a
social worker can paste into the new version's ``version.changes``.

The lines come first, as a YAML list under ``changes:``. Changes that touch something not every
copy may hold (a confidential detail, an item kept from someone, a code word) follow as
comments: every copy prints ``version.changes``, so they belong in the case record instead.

Exit codes: 0 compared (with or without changes), 1 a file could not be read or is refused,
2 a usage error.

Imports: safeplan (the public faces only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from safeplan import Change, InvalidCaseError, RefusedError, WrittenAgreement, load
from safeplan import diff as changes_between

from ._options import format_option

__all__ = ["diff"]


@click.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option
def diff(old: Path, new: Path, output_format: str) -> None:
    """List what changed from OLD (an earlier version of a case) to NEW, in plain English.

    The lines can be pasted into NEW's version.changes. Lines marked as not for
    version.changes concern confidential details or items some copies must not hold.
    """
    before = _read(old)
    after = _read(new)
    found = changes_between(before, after)
    listed = [c for c in found if not c.restricted]
    kept = [c for c in found if c.restricted]
    if output_format == "json":
        payload = {
            "old": {"path": str(old), "version": before.version.number},
            "new": {"path": str(new), "version": after.version.number},
            "changes": [_entry(c) for c in found],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"# What changed from version {before.version.number} ({old.name}) to version "
        f"{after.version.number} ({new.name}): {len(listed)} "
        f"{'change' if len(listed) == 1 else 'changes'} for version.changes"
    )
    if listed:
        click.echo("changes:")
        for c in listed:
            click.echo(f"  - {_yaml(c.line)}")
    else:
        click.echo("changes: []")
    if kept:
        click.echo(
            f"# Not for version.changes, which every copy prints: {len(kept)} "
            f"{'change' if len(kept) == 1 else 'changes'} to a confidential detail or to "
            "something some copies must not hold. Record them in the case notes."
        )
        for c in kept:
            click.echo(f"#   - {c.line}")


def _read(path: Path) -> WrittenAgreement:
    try:
        return load(path)
    except (RefusedError, InvalidCaseError) as err:
        for p in err.problems:
            click.echo(f"{path}: {p.code} at {p.path}: {p.message}", err=True)
        click.echo(f"{path}: cannot be compared: it is refused or cannot be read", err=True)
        sys.exit(1)


def _entry(change: Change) -> dict[str, object]:
    return {
        "kind": change.kind.value,
        "path": change.path,
        "line": change.line,
        "for_version_changes": not change.restricted,
    }


def _yaml(line: str) -> str:
    """The line as a YAML scalar: plain when that reads back the same, else double-quoted."""
    plain = not (
        line[:1] in "!&*?|>'\"%@`{[#-," or ": " in line or " #" in line or line != line.strip()
    )
    return line if plain else json.dumps(line, ensure_ascii=False)
