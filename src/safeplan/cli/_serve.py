"""``safeplan serve``: the HTTP service, for council systems not written in Python.

Needs the ``server`` extra (``pip install 'safeplan[server]'``); the command says so when it is
missing. Logs are JSON lines on standard error, with a request id and no case content.

Imports: safeplan, safeplan.server (the public faces; the server only when the command runs).
"""

from __future__ import annotations

from pathlib import Path

import click

from safeplan import SafeplanError

from ._options import reference_option, templates_option

__all__ = ["serve"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes (one per CPU is a good start).",
)
@click.option(
    "--tokens",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of bearer tokens, one a line. Without it the service is unauthenticated "
    "and listens on loopback only.",
)
@click.option(
    "--max-body",
    "max_body",
    type=click.IntRange(min=1),
    default=1_048_576,
    show_default=True,
    help="The largest request body accepted, in bytes.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.001),
    default=30.0,
    show_default=True,
    help="Seconds a request may take.",
)
@templates_option()
@reference_option()
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A council profile (YAML) requests may name, besides the nations'. Repeatable.",
)
@click.option(
    "--examples",
    "example_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of example case files the page offers (default: the bundled examples). "
    "Repeatable.",
)
@click.option("--no-page", is_flag=True, help="Serve the API only, no drafting page at /.")
@click.option("--marking", help="The protective marking (default: the profile's).")
@click.option("--no-pdf", is_flag=True, help="Do not offer PDF (no LibreOffice is started).")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
def serve(
    host: str,
    port: int,
    workers: int,
    tokens: Path | None,
    max_body: int,
    timeout: float,
    template_dirs: tuple[Path, ...],
    reference: Path | None,
    profiles: tuple[Path, ...],
    example_dirs: tuple[Path, ...],
    no_page: bool,
    marking: str | None,
    no_pdf: bool,
    log_level: str,
) -> None:
    """Serve the drafting page at / and the check and render API under /v1/ (see
    /v1/openapi.json).

    \b
    GET  /                the drafting page (open http://127.0.0.1:8000/ in a browser)
    POST /v1/check        refusals and findings of a case (JSON or YAML body)
    POST /v1/render       ?recipient=ID&format=docx|pdf, or ?format=zip&files=docx|pdf|both
    POST /v1/preview      what each copy holds and leaves out (JSON)
    GET  /v1/examples, /v1/templates, /v1/schema, /v1/profiles, /v1/health

    Without --tokens anyone on this computer can use it, so it listens on loopback only.
    """
    try:
        from safeplan.server import ServerConfig
        from safeplan.server import serve as run
    except ImportError:
        raise click.UsageError(
            "safeplan serve needs the server extra: pip install 'safeplan[server]'"
        ) from None
    try:
        config = ServerConfig(
            host=host,
            port=port,
            workers=workers,
            tokens=tokens,
            max_body_bytes=max_body,
            timeout_seconds=timeout,
            templates=template_dirs,
            reference=reference,
            profiles=profiles,
            protective_marking=marking,
            pdf=not no_pdf,
            examples=example_dirs,
            page=not no_page,
        )
        config.check()
        if tokens is None:
            where = f"[{host}]" if ":" in host else host
            page = f" The drafting page is at http://{where}:{port}/." if not no_page else ""
            click.echo(
                f"safeplan serve: UNAUTHENTICATED (no --tokens): anyone on this computer can "
                f"use http://{where}:{port}/v1/. Listening on loopback only.{page}",
                err=True,
            )
        run(config, log_level=log_level)
    except SafeplanError as err:
        raise click.UsageError(str(err)) from None
