"""The ``safeplan`` command. Every command is a thin caller of the public API.

Exit codes: 0 every case may be issued (or the command succeeded), 1 a case was refused or could
not be read, 2 a usage error. Reports go to standard output; progress and diagnostics to standard
error.

Imports: safeplan, safeplan.profiles, safeplan.server (the public faces only; the server only
when ``safeplan serve`` runs).
"""

from __future__ import annotations

import click

from ._check import check
from ._diff import diff
from ._render import render
from ._schedule import schedule
from ._schema import schema
from ._serve import serve
from ._templates import templates
from ._translate import translate

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="safeplan", prog_name="safeplan")
def main() -> None:
    """Safer written agreements and child safety plans, rendered to Word."""


main.add_command(check)
main.add_command(diff)
main.add_command(render)
main.add_command(schedule)
main.add_command(schema)
main.add_command(serve)
main.add_command(templates)
main.add_command(translate)
