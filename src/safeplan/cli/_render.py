"""``safeplan render``: write every copy of each case as DOCX, atomically."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .._errors import InvalidCaseError, RefusedError, SafeplanError
from .._io import load
from .._render import RenderConfig, Renderer
from ._options import expand_paths, paths_argument

__all__ = ["render"]


@click.command()
@paths_argument
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the documents into (created if missing).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of layouts searched before the built-in ones. Repeat to stack folders.",
)
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A reference DOCX with the council's styles, fonts and logo.",
)
@click.option("--profile", help="A council profile (a name or a YAML file).")
@click.option("--marking", help="The protective marking (default: the profile's).")
def render(
    paths: tuple[Path, ...],
    out_dir: Path,
    template_dirs: tuple[Path, ...],
    reference: Path | None,
    profile: str | None,
    marking: str | None,
) -> None:
    """Render every copy of each case (adults' and the professional copy) to DOCX.

    A refused or unreadable case renders nothing and says why; the others still render.
    Exit 0 when every case rendered, 1 when any did not.
    """
    try:
        renderer = Renderer(
            RenderConfig(
                templates=template_dirs,
                reference=reference,
                profile=profile,
                protective_marking=marking,
            )
        )
    except SafeplanError as err:
        raise click.UsageError(str(err)) from None
    rendered = refused = failed = 0
    for path in expand_paths(paths):
        try:
            agreement = load(path)
            written = renderer.render_all(agreement, out_dir / path.stem)
        except RefusedError as err:
            refused += 1
            _report(path, "REFUSED: nothing was rendered", err.problems)
            continue
        except InvalidCaseError as err:
            failed += 1
            _report(path, "UNREADABLE: nothing was rendered", err.problems)
            continue
        except SafeplanError as err:
            failed += 1
            click.echo(f"{path}: FAILED: nothing was rendered\n  {err}\n", err=False)
            continue
        rendered += 1
        click.echo(f"{path}: {len(written)} copies")
        for out in written:
            click.echo(f"  wrote {out}")
    click.echo(f"{rendered} rendered, {refused} refused, {failed} failed")
    sys.exit(1 if refused or failed else 0)


def _report(path: Path, heading: str, problems: object) -> None:
    click.echo(f"{path}: {heading}")
    for p in problems:  # type: ignore[attr-defined]
        click.echo(f"  {p.code} at {p.path}")
        click.echo(f"    {p.message}")
    click.echo("")
