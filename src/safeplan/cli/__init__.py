"""The ``safeplan`` command. Every command is a thin caller of the public API.

Exit codes: 0 every case may be issued (or the command succeeded), 1 a case was refused or could
not be read, 2 a usage error. Reports go to standard output; progress and diagnostics to standard
error.

Imports: safeplan, safeplan.profiles, safeplan.server (the public faces only; the server only
when ``safeplan serve`` runs).
"""

from __future__ import annotations

import importlib
from typing import Any

import click

__all__ = ["main"]

# Each command's module, imported when the command runs (or help lists it): ``safeplan check``
# then never imports the batch runner, the PDF converter or the server.
_COMMANDS = {
    "check": "._check",
    "diff": "._diff",
    "render": "._render",
    "schedule": "._schedule",
    "schema": "._schema",
    "serve": "._serve",
    "templates": "._templates",
    "translate": "._translate",
}


class _LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented pattern for
    lazily loaded subcommands)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return super().get_command(ctx, cmd_name)
        command: Any = getattr(importlib.import_module(_COMMANDS[cmd_name], __name__), cmd_name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="safeplan", prog_name="safeplan")
def main() -> None:
    """Safer written agreements and child safety plans, rendered to Word."""
