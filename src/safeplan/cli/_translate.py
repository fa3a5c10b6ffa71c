"""``safeplan translate``: a translator's round trip for a case's own text.

``translate export CASE --to cy`` writes the case's text that has no Welsh translation as a
gettext catalog (PO), which translation services and CAT tools take; ``translate import CASE
FILE`` writes the translations back into the case file, refusing a catalog for another case,
version or language, or one changed after export, and reporting strings missing, stale (changed
in the case since the export) or extra.

Imports: safeplan (the public face only).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from safeplan import (
    InvalidCaseError,
    Problem,
    RefusedError,
    TranslationError,
    export_translations,
    import_translations,
    load,
)

__all__ = ["translate"]


@click.group()
def translate() -> None:
    """A translator's round trip: the case's text out as a PO catalog, translations back in."""


@translate.command("export")
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "language", required=True, help="The language to translate into: cy, ur.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the catalog here (default: standard output).",
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Every translatable string of the case, with the translations it has (a revision); "
    "default: the untranslated strings the copies in that language print.",
)
def export(case: Path, language: str, out: Path | None, everything: bool) -> None:
    """Write the case's text that has no translation in a language as a PO catalog.

    Each entry's context is the field's path in the case file; its note says what kind of text
    it is and which copies print it, never another field's text. Exit 0 when written, 1 when
    the case cannot be read, 2 for a usage error.
    """
    try:
        agreement = load(case)
    except (InvalidCaseError, RefusedError) as err:
        _print_problems(case, err.problems)
        sys.exit(1)
    try:
        data = export_translations(agreement, language, everything=everything)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--to") from None
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        click.echo(f"{out}", err=True)


@translate.command("import")
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("catalog", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "language", help="Refuse a catalog that is not in this language.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
@click.option("--strict", is_flag=True, help="Exit 1 when any string is missing, stale or extra.")
def import_(case: Path, catalog: Path, language: str | None, dry_run: bool, strict: bool) -> None:
    """Write a translated PO catalog's translations into the case file it was exported from.

    A catalog for another case, version or language, or whose exported strings were changed,
    is refused and nothing is written. Strings left untranslated, changed in the case since
    the export, or for fields the case does not have are listed on standard error and not
    written. Exit 0 when imported, 1 when refused (or, with --strict, anything was listed).
    """
    try:
        report = import_translations(case, catalog, language=language, dry_run=dry_run)
    except (TranslationError, InvalidCaseError, RefusedError) as err:
        _print_problems(case, err.problems)
        click.echo(f"{case}: nothing was imported", err=True)
        sys.exit(1)
    _print_problems(case, report.problems)
    verb = "would import" if dry_run else "imported"
    click.echo(
        f"{case}: {verb} {len(report.imported)} translations ({report.language}); "
        f"{len(report.missing)} missing, {len(report.stale)} stale, {len(report.extra)} extra",
        err=True,
    )
    listed = report.missing or report.stale or report.extra
    sys.exit(1 if strict and listed else 0)


def _print_problems(case: Path, problems: tuple[Problem, ...]) -> None:
    for p in problems:
        click.echo(f"{case}: {p.code} at {p.path}", err=True)
        click.echo(f"  {p.message}", err=True)
