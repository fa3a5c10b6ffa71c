"""``safeplan check``: say, in plain words, whether each case may be issued, why not, and what
would make it better.

Refusals come first (the case cannot be issued); then the findings of a case that may be
issued, warnings before advice. ``--strict`` makes warnings fail the check, for use before
issue or in a council's own pipeline; advice never fails it.

A case is checked as it will be rendered: every copy is rendered in memory with the same
layouts, reference DOCX and profile ``safeplan render`` would use (``--templates``,
``--reference``, ``--profile``, ``--marking``), so a copy that would leak a confidential detail
refuses the case here too (``SP-COPY-LEAK``), and check and render never disagree.

Imports: safeplan, safeplan.profiles (the public faces only).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import attrs
import click

from safeplan import (
    InvalidCaseError,
    Problem,
    ProfileError,
    RefusedError,
    RenderConfig,
    Renderer,
    SafeplanError,
    Severity,
    WrittenAgreement,
    load,
)
from safeplan import check as findings_of
from safeplan.profiles import Profile, load_profile

from ._options import (
    expand_paths,
    format_option,
    paths_argument,
    profile_problem,
    reference_option,
    templates_option,
)

__all__ = ["check"]

Status = Literal["ok", "refused", "unreadable"]


@attrs.frozen
class _Result:
    path: Path
    status: Status
    problems: tuple[Problem, ...]
    findings: tuple[Problem, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(p.severity is severity for p in self.findings)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "status": self.status,
            "problems": [p.to_dict() for p in self.problems],
            "findings": [p.to_dict() for p in self.findings],
        }


@click.command()
@paths_argument
@format_option
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) when any case has a warning, not only when it is refused.",
)
@click.option(
    "--profile",
    help="A council profile (a name or a YAML file) whose word lists and limits to use.",
)
@templates_option(
    "A folder of layouts, as for render: the copies are checked as they will be rendered."
)
@reference_option("A reference DOCX, as for render: its header, footer and parts are checked too.")
@click.option("--marking", help="The protective marking, as for render.")
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The earlier version the case replaces: warn about each change since it that "
    "version.changes does not mention. Give one case to check.",
)
def check(
    paths: tuple[Path, ...],
    output_format: str,
    strict: bool,
    profile: str | None,
    template_dirs: tuple[Path, ...],
    reference: Path | None,
    marking: str | None,
    previous: Path | None,
) -> None:
    """Check case files (JSON or YAML; folders are searched) against the safety rules, render
    every copy in memory as render would, and report what would make each agreement better.

    Exit 0 when every case may be issued, 1 when any is refused or cannot be read (or, with
    --strict, has a warning), 2 for a usage error.
    """
    loaded: Profile | None = None
    if profile is not None:
        try:
            loaded = load_profile(profile)
        except ProfileError as err:
            raise click.BadParameter(str(err), param_hint="--profile") from None
    config = RenderConfig(
        templates=template_dirs, reference=reference, profile=profile, protective_marking=marking
    )
    try:
        renderer = Renderer(config)
    except SafeplanError as err:
        raise click.UsageError(str(err)) from None
    cases = list(expand_paths(paths))
    earlier = None
    if previous is not None:
        if len(cases) != 1:
            raise click.UsageError("--previous compares one case with its earlier version.")
        try:
            earlier = load(previous)
        except (RefusedError, InvalidCaseError) as err:
            raise click.BadParameter(
                f"{previous} is refused or cannot be read ({err.problems[0].code})",
                param_hint="--previous",
            ) from None
    results = [_check_one(path, loaded, renderer, earlier) for path in cases]
    if output_format == "json":
        payload = {
            "cases": [r.to_dict() for r in results],
            "summary": _summary(results),
            "findings": _findings_summary(results),
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for r in results:
            _print_text(r)
        click.echo(_summary_line(results))
    failed = any(r.status != "ok" for r in results)
    if strict:
        failed = failed or any(r.count(Severity.WARNING) for r in results)
    sys.exit(1 if failed else 0)


def _check_one(
    path: Path,
    profile: Profile | None,
    renderer: Renderer,
    previous: WrittenAgreement | None = None,
) -> _Result:
    try:
        agreement = load(path)
    except RefusedError as err:
        return _Result(path, "refused", err.problems)
    except InvalidCaseError as err:
        return _Result(path, "unreadable", err.problems)
    try:
        findings = findings_of(
            agreement, profile=profile, previous=previous, templates=renderer.config.templates
        )
        # Every copy rendered in memory, as render would: a leak refuses the case here too.
        rendered = renderer.problems(agreement)
    except ProfileError as err:
        return _Result(path, "unreadable", (profile_problem(err),))
    refusals = tuple(p for p in rendered if p.severity is Severity.REFUSAL)
    more = [p for p in rendered if p.severity is not Severity.REFUSAL and p not in findings]
    merged = tuple(_in_order([*findings, *more]))
    return _Result(path, "refused" if refusals else "ok", refusals, merged)


def _in_order(found: list[Problem]) -> list[Problem]:
    rank = {Severity.REFUSAL: 0, Severity.WARNING: 1, Severity.ADVICE: 2}
    return sorted(found, key=lambda p: rank[p.severity])


_HEADINGS: dict[Status, str] = {
    "ok": "may be issued",
    "refused": "REFUSED: this agreement cannot be issued",
    "unreadable": "UNREADABLE: this case file cannot be read",
}

_GROUPS = (
    (Severity.WARNING, "Warnings: a reviewer would ask for these to be changed"),
    (Severity.ADVICE, "Advice: worth a look"),
)


def _print_text(result: _Result) -> None:
    heading = f"{result.path}: {_HEADINGS[result.status]}"
    if result.findings:
        heading += f" ({_plural(result.count(Severity.WARNING), 'warning')}, "
        heading += f"{_plural(result.count(Severity.ADVICE), 'piece', 'pieces')} of advice)"
    click.echo(heading)
    # A refused or unreadable case has only its refusals or reading errors; a case that may be
    # issued has only findings, shown in groups, warnings first.
    _print_problems(result.problems)
    for severity, title in _GROUPS:
        group = [p for p in result.findings if p.severity is severity]
        if group:
            click.echo(f"  {title}")
            _print_problems(group)
    click.echo("")


def _print_problems(problems: Sequence[Problem]) -> None:
    for p in problems:
        click.echo(f"  {p.code} at {p.path}")
        click.echo(f"    {p.message}")
        if p.source:
            click.echo(f"    (from: {p.source})")


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _summary(results: Sequence[_Result]) -> dict[str, int]:
    return {
        "checked": len(results),
        "may_be_issued": sum(r.status == "ok" for r in results),
        "refused": sum(r.status == "refused" for r in results),
        "unreadable": sum(r.status == "unreadable" for r in results),
    }


def _findings_summary(results: Sequence[_Result]) -> dict[str, int]:
    return {
        "warning": sum(r.count(Severity.WARNING) for r in results),
        "advice": sum(r.count(Severity.ADVICE) for r in results),
    }


def _summary_line(results: Sequence[_Result]) -> str:
    s = _summary(results)
    f = _findings_summary(results)
    line = (
        f"{s['checked']} checked: {s['may_be_issued']} may be issued, {s['refused']} refused, "
        f"{s['unreadable']} unreadable"
    )
    if f["warning"] or f["advice"]:
        line += (
            f"; findings: {_plural(f['warning'], 'warning')}, "
            f"{_plural(f['advice'], 'piece', 'pieces')} of advice"
        )
    return line
