"""Options and helpers shared by several commands."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import click

__all__ = ["CASE_SUFFIXES", "expand_paths", "format_option", "paths_argument"]

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


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; folders searched (recursively, in sorted order) for case files."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CASE_SUFFIXES
            )
        else:
            yield path
