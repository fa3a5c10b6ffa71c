"""Options and helpers shared by several commands.

Imports: safeplan, safeplan.profiles (the public faces only).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from safeplan import Problem, ProfileError
from safeplan.profiles import Profile, load_profile

__all__ = [
    "CASE_SUFFIXES",
    "expand_paths",
    "format_option",
    "paths_argument",
    "profile_option",
    "profile_problem",
    "reference_option",
    "templates_option",
]

CASE_SUFFIXES = (".json", ".yaml", ".yml")

paths_argument = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)


def templates_option(
    help_text: str = "A folder of layouts searched before the built-in ones. Repeat to stack "
    "folders.",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--templates FOLDER`` (repeatable), given to the command as ``template_dirs``."""
    return click.option(
        "--templates",
        "template_dirs",
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help=help_text,
    )


def reference_option(
    help_text: str = "A reference DOCX with the council's styles, fonts and logo.",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--reference FILE``: a reference DOCX."""
    return click.option(
        "--reference",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=help_text,
    )


def _load_profile(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> Profile | None:
    # A profile that cannot be read is a usage error, reported before any case is touched.
    if value is None:
        return None
    try:
        return load_profile(value)
    except ProfileError as err:
        raise click.BadParameter(str(err)) from None


def profile_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--profile NAME|FILE``: a council profile, loaded (and checked) before the command runs."""
    return click.option("--profile", callback=_load_profile, help=help_text)


def profile_problem(err: ProfileError) -> Problem:
    """A case whose profile cannot be used, as the problem ``check`` and ``schedule`` report."""
    return Problem.refusal(
        "SP-PROFILE",
        "$.plan.profile",
        f"The case's profile cannot be used: {err}",
        "safeplan profiles",
    )


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders searched (recursively, in sorted order) for case files."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CASE_SUFFIXES
            )
        else:
            yield path
