"""``safeplan schema``: print the JSON Schema of a case file.

Imports: safeplan (the public faces only).
"""

from __future__ import annotations

import json

import click

from safeplan import json_schema

__all__ = ["schema"]


@click.command()
def schema() -> None:
    """Print the JSON Schema (2020-12) of a case file."""
    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
