"""``safeplan templates``: a council's layouts and branding, without writing Python.

``init`` writes a folder to start from; ``check`` finds what would break a batch, with file and
line, before anything is rendered; ``context`` prints what a layout can use.

Imports: safeplan, safeplan.profiles (the public faces only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from safeplan import (
    Problem,
    Severity,
    check_templates,
    init_templates,
    template_context_markdown,
    template_files,
)
from safeplan.profiles import Profile, builtin_profile_names

from ._options import format_option, profile_option, reference_option

__all__ = ["templates"]


@click.group()
def templates() -> None:
    """A council's own layouts, branding and profile: start a folder, check it.

    Give the folder to the renderer with --templates FOLDER (and the profile with --profile).
    """


@templates.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--nation",
    type=click.Choice(builtin_profile_names()),
    default="england",
    show_default=True,
    help="The nation profile the council profile extends.",
)
@click.option("--name", help="The council profile's name (default: the folder's name).")
def init(folder: Path, nation: str, name: str | None) -> None:
    """Write a template folder to start from: an example layout, the reference DOCX to rebrand,
    a council profile and a README in plain words.

    Prints the files written. Exit 0 when written, 1 when a file is already there (nothing is
    written), 2 for a usage error.
    """
    try:
        written = init_templates(folder, nation=nation, name=name)
    except FileExistsError as err:
        click.echo(f"safeplan templates init: {err}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(str(path))
    click.echo(
        f"Next: read {folder / 'README.txt'}, then run: safeplan templates check {folder}",
        err=True,
    )


@templates.command("check")
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@reference_option(
    "The reference DOCX to check styles against (default: the folder's reference.docx, "
    "else the built-in one)."
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Check translations for this language only (repeat; default: every language "
    "safeplan has a catalog for). --language en checks none.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings (missing translations) too.")
@profile_option(
    "The council profile whose limits the folder's files must keep (file sizes, the reference "
    "DOCX, pictures), as safeplan render --profile uses them. Default: the default limits."
)
@format_option
def check(
    folders: tuple[Path, ...],
    reference: Path | None,
    languages: tuple[str, ...],
    strict: bool,
    profile: Profile | None,
    output_format: str,
) -> None:
    """Check template folders before a batch: every problem as FILE:LINE: problem.

    FOLDERS are given in the order --templates takes them (the first wins). Finds syntax
    errors, names and fields a layout cannot use, styles missing from the reference DOCX,
    unknown markup, attempts to reach past the sandbox, strings missing from a catalog,
    symbolic links (an error when one leads outside the folder), pipes and devices, and
    files, a reference DOCX or pictures over the limits.

    Exit 0 when there are no errors (warnings alone, unless --strict), 1 when there are, 2 for
    a usage error.
    """
    try:
        problems = check_templates(
            folders, reference=reference, languages=languages or None, profile=profile
        )
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--language") from None
    files = template_files(folders)
    errors = sum(p.severity is not Severity.WARNING for p in problems)
    warnings = len(problems) - errors
    summary = _summary(len(files), errors, warnings)
    if output_format == "json":
        payload = {
            "problems": [_as_dict(p) for p in problems],
            "summary": {"files": len(files), "errors": errors, "warnings": warnings},
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for p in problems:
            kind = "warning" if p.severity is Severity.WARNING else "error"
            click.echo(f"{p.path}: {kind}: {p.message} [{p.code}]")
        click.echo(summary)
    sys.exit(1 if errors or (strict and warnings) else 0)


@templates.command("context")
def context() -> None:
    """Print what a layout can use (the names, filters and every field), as Markdown."""
    click.echo(template_context_markdown(), nl=False)


def _as_dict(p: Problem) -> dict[str, object]:
    file, _, line = p.path.rpartition(":")
    found = line.isdigit() and bool(file)
    return {
        **p.to_dict(),
        "file": file if found else p.path,
        "line": int(line) if found else None,
    }


def _summary(files: int, errors: int, warnings: int) -> str:
    checked = f"{files} layout{'' if files == 1 else 's'} checked"
    if not errors and not warnings:
        return f"{checked}: no problems"
    parts = [f"{errors} error{'' if errors == 1 else 's'}"]
    parts.append(f"{warnings} warning{'' if warnings == 1 else 's'}")
    return f"{checked}: {', '.join(parts)}"
