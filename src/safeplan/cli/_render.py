"""``safeplan render``: every copy of each case as DOCX or tagged PDF (or both), one case or ten
thousand.

Standard output carries machine output only: the path of every document in place (one a line),
or with ``--out -`` the document itself. Progress, each refused or failed case, and the summary
line go to standard error. PDFs come from one LibreOffice kept running for the whole run.

Imports: safeplan (the public faces only).
"""

from __future__ import annotations

import contextlib
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal, NoReturn, TextIO

import attrs
import click

from safeplan import (
    BatchCase,
    BatchReport,
    CaseResult,
    PdfConverter,
    PdfError,
    RenderConfig,
    Renderer,
    SafeplanError,
    batch_pool,
    find_cases,
    render_batch,
    render_case,
)

from ._options import reference_option, templates_option

__all__ = ["render"]

Format = Literal["docx", "pdf", "both"]

_HEADINGS = {
    "refused": "REFUSED: nothing was rendered",
    "failed": "FAILED: nothing was rendered",
}


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="CASES...")
@click.option(
    "--out",
    required=True,
    metavar="DIR|-",
    help="Folder to write into (each case in OUT/<case file stem>/), or - to write one "
    "copy of one case to standard output.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per CPU). 1 renders in this process.",
)
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Cases sent to a worker at a time (with --jobs).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["docx", "pdf", "both"]),
    default="docx",
    show_default=True,
    help="docx; pdf (tagged, accessible, made by LibreOffice); or both side by side.",
)
@click.option("--resume", is_flag=True, help="Skip cases whose documents are up to date.")
@click.option("--dry-run", is_flag=True, help="Read, check and render, but write nothing.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a report of every case to this .json or .csv file.",
)
@click.option(
    "--recipient",
    metavar="ID",
    help="With --out -: whose copy to write (default: the professional copy).",
)
@templates_option()
@reference_option()
@click.option("--profile", help="A council profile (a name or a YAML file).")
@click.option("--marking", help="The protective marking (default: the profile's).")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse a case whose children's text has easy-read findings (long sentences, long "
    "words, acronyms, passive voice) instead of rendering it.",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Exit 0 when CASES hold no case file (default: a usage error, exit 2).",
)
def render(
    inputs: tuple[str, ...],
    out: str,
    jobs: int | None,
    chunk_size: int,
    output_format: Format,
    resume: bool,
    dry_run: bool,
    report: Path | None,
    recipient: str | None,
    template_dirs: tuple[Path, ...],
    reference: Path | None,
    profile: str | None,
    marking: str | None,
    strict: bool,
    allow_empty: bool,
) -> None:
    """Render every copy of each case (adults', children's and the professional copy) to DOCX.

    CASES are files (.json, .yaml, .yml), folders (searched recursively), globs (quote them:
    "cases/**/*.yaml"), JSON Lines files (.jsonl: one case a line, written to
    OUT/<stem>-<line>/) and - (one case on standard input, written to OUT/stdin/).

    A bad case never stops the batch: it is reported on standard error and in --report, and
    the others render. Standard output lists the documents in place, one path a line. With
    --out -, exactly one case is read and one copy written (the professional copy, or
    --recipient's).

    Only regular files are read: a named pipe, socket, device or folder named like a case is
    reported (SP-FILE-NOT-REGULAR) and skipped. CASES that hold no case file at all are a usage
    error unless --allow-empty is given.

    --format pdf or both makes each copy's PDF with one LibreOffice kept running for the
    run (install libreoffice-writer-nogui and python3-uno). A case whose PDF cannot be made
    fails, and none of its documents is left in place.

    Exit 0 when every case rendered, 1 when any was refused or failed (or the output folder or
    report cannot be written), 2 for a usage error, 130 when interrupted (every file written is
    whole; --resume carries on).
    """
    if out == "-":
        if resume:
            raise click.UsageError("--resume needs an output folder, not -.")
        if output_format == "both":
            raise click.UsageError("--out - writes one document: --format docx or pdf.")
    elif recipient is not None:
        raise click.UsageError("--recipient chooses the copy for --out - only.")
    if report is not None and report.suffix.lower() not in (".json", ".csv"):
        raise click.BadParameter("must end in .json or .csv", param_hint="--report")
    if out != "-" and Path(out).exists() and not Path(out).is_dir():
        raise click.BadParameter("is a file, not a folder", param_hint="--out")
    config = RenderConfig(
        templates=template_dirs,
        reference=reference,
        profile=profile,
        protective_marking=marking,
        strict=strict,
    )
    try:
        Renderer(config)
    except SafeplanError as err:
        raise click.UsageError(str(err)) from None
    pdf: PdfConverter | None = None
    if output_format != "docx" and not dry_run:
        try:
            pdf = PdfConverter()
        except PdfError as err:
            raise click.UsageError(str(err)) from None
    try:
        cases = find_cases(inputs)
    except (OSError, ValueError) as err:
        raise click.BadParameter(str(err), param_hint="CASES") from None
    if out != "-":
        first = next(cases, None)
        if first is None and not allow_empty:
            raise click.UsageError(
                "CASES hold no case file (.json, .yaml, .yml or .jsonl). Check the folder or "
                "pattern, or pass --allow-empty if an empty batch is expected."
            )
        cases = itertools.chain([] if first is None else [first], cases)
    try:
        with _report_file(report, dry_run) as rep, contextlib.ExitStack() as stack:
            if pdf is not None:
                stack.callback(pdf.close)
            pdfs = _Pdfs(pdf, output_format)
            if out == "-":
                failed = _to_stdout(cases, config, recipient, dry_run, rep, pdfs)
            else:
                failed = _to_folder(
                    inputs, cases, Path(out), config, (jobs, chunk_size), resume, dry_run, rep, pdfs
                )
    except KeyboardInterrupt:
        click.echo(
            "Interrupted. Every file written is whole; run again with --resume to carry on.",
            err=True,
        )
        sys.exit(130)
    sys.exit(1 if failed else 0)


@contextlib.contextmanager
def _report_file(path: Path | None, dry_run: bool) -> Iterator[BatchReport]:
    """The batch report; a report file that cannot be written stops the command with a problem
    code and exit 1 (before anything is rendered, or after, saying the documents are there)."""
    rep = BatchReport(path, dry_run=dry_run)
    try:
        rep.__enter__()
    except OSError as err:
        _stop(
            "SP-REPORT-UNWRITABLE",
            f"The report {path} cannot be written ({err.strerror or type(err).__name__}), so "
            "nothing was rendered.",
        )
    try:
        yield rep
    except BaseException as exc:
        rep.__exit__(type(exc), exc, exc.__traceback__)
        raise
    try:
        rep.__exit__(None, None, None)
    except OSError as err:
        _stop(
            "SP-REPORT-UNWRITABLE",
            f"Every case was handled, but the report {path} could not be written "
            f"({err.strerror or type(err).__name__}).",
        )


def _stop(code: str, message: str) -> NoReturn:
    click.echo(f"safeplan render: {code}: {message}", err=True)
    sys.exit(1)


def _to_folder(
    inputs: tuple[str, ...],
    cases: Iterator[BatchCase],
    out: Path,
    config: RenderConfig,
    workers: tuple[int | None, int],
    resume: bool,
    dry_run: bool,
    rep: BatchReport,
    pdfs: _Pdfs,
) -> int:
    total = _count(inputs) if sys.stderr.isatty() else None
    jobs, chunk_size = workers
    pool = batch_pool(jobs, config=config) if jobs != 1 else None
    results = render_batch(
        cases,
        out,
        config=config,
        executor=pool,
        resume=resume,
        dry_run=dry_run,
        chunk_size=chunk_size,
    )
    # closing() first: on Ctrl-C the cases not yet started are cancelled before the pool waits.
    with (
        pool or contextlib.nullcontext(),
        _progress(total, sys.stderr) as advance,
        contextlib.closing(results),
    ):
        for done in results:
            result = pdfs.add(done, out / done.folder) if done.ok and not dry_run else done
            rep.add(result)
            if result.ok and not dry_run:
                for name in result.outputs:
                    click.echo(str(out / result.folder / name))
            if not result.ok or result.findings or result.removed:
                _explain(result, redraw=total is not None)
            advance()
    click.echo(_summary_line(rep, dry_run), err=True)
    return rep.summary["refused"] + rep.summary["failed"]


def _to_stdout(
    cases: Iterator[BatchCase],
    config: RenderConfig,
    recipient: str | None,
    dry_run: bool,
    rep: BatchReport,
    pdfs: _Pdfs,
) -> int:
    first = next(cases, None)
    if first is None:
        raise click.BadParameter("no case found", param_hint="CASES")
    if next(cases, None) is not None:
        raise click.BadParameter("--out - writes one case; these name several", param_hint="CASES")
    stdout: BinaryIO = sys.stdout.buffer
    if not dry_run and stdout.isatty():
        raise click.UsageError("Standard output is a terminal: redirect it to a file or a pipe.")
    result, data = render_case(first, config=config, recipient=recipient)
    result = attrs.evolve(result, folder="-")
    if data is not None and pdfs.converter is not None:
        try:
            data = pdfs.converter.convert(data)
            result = attrs.evolve(result, outputs=tuple(_pdf_name(n) for n in result.outputs))
        except PdfError as err:
            data = None
            result = attrs.evolve(result, status="failed", outputs=(), problems=err.as_problems())
    if result.ok and dry_run:
        result = attrs.evolve(result, status="valid")
    rep.add(result)
    if not result.ok or result.findings:
        _explain(result)
    if data is not None and not dry_run:
        stdout.write(data)
        stdout.flush()
        which = f"the copy for {recipient}" if recipient else "the professional copy"
        click.echo(
            f"{first.source}: wrote {which} ({result.outputs[0]}) to standard output; "
            "--recipient ID writes another",
            err=True,
        )
    click.echo(_summary_line(rep, dry_run), err=True)
    return 0 if result.ok else 1


# --- PDF -------------------------------------------------------------------------------------


def _pdf_name(name: str) -> str:
    return str(Path(name).with_suffix(".pdf"))


@attrs.frozen
class _Pdfs:
    """Makes the PDFs of each rendered case, beside (``both``) or instead of (``pdf``) its
    DOCX files, with the run's one converter."""

    converter: PdfConverter | None
    output_format: Format

    def add(self, result: CaseResult, folder: Path) -> CaseResult:
        if self.converter is None:
            return result
        made: list[Path] = []
        try:
            for name in result.outputs:
                source, target = folder / name, folder / _pdf_name(name)
                fresh = (
                    result.status == "up-to-date"
                    and target.is_file()
                    and target.stat().st_mtime >= source.stat().st_mtime
                )
                if not fresh:
                    self.converter.convert_file(source, target)
                made.append(target)
        except PdfError as err:
            # Nothing of a case is left half-issued: its PDFs, and its DOCX files too when
            # only PDFs were asked for.
            for path in made:
                path.unlink(missing_ok=True)
            if self.output_format == "pdf":
                for name in result.outputs:
                    (folder / name).unlink(missing_ok=True)
            return attrs.evolve(result, status="failed", outputs=(), problems=err.as_problems())
        pdf_names = tuple(p.name for p in made)
        if self.output_format == "pdf":
            for name in result.outputs:
                (folder / name).unlink(missing_ok=True)
            return attrs.evolve(result, outputs=pdf_names)
        return attrs.evolve(result, outputs=(*result.outputs, *pdf_names))


# --- helpers ---------------------------------------------------------------------------------


def _count(inputs: tuple[str, ...]) -> int:
    # For the progress bar only (a terminal): a second, cheap pass that reads no case file.
    named = [i for i in inputs if i != "-"]
    return sum(1 for _ in find_cases(named)) + (len(inputs) - len(named))


@contextlib.contextmanager
def _progress(total: int | None, stream: TextIO) -> Iterator[Callable[[], None]]:
    if total is None:
        yield lambda: None
        return
    with click.progressbar(length=total, label="Rendering", file=stream, show_pos=True) as bar:
        yield lambda: bar.update(1)


def _explain(result: CaseResult, *, redraw: bool = False) -> None:
    """A refused or failed case and why; or a rendered case's findings (a withheld copy)."""
    prefix = "\r\x1b[K" if redraw else ""
    if result.ok:
        n = len(result.findings)
        heading = f"{result.status}, with {n} finding{'s' if n != 1 else ''}"
    else:
        heading = _HEADINGS[result.status]
    lines = [f"{prefix}{result.source}: {heading}"]
    for p in (*result.problems, *result.findings):
        lines.append(f"  {p.code} at {p.path}")
        lines.append(f"    {p.message}")
    if result.removed:
        n = len(result.removed)
        lines.append(
            f"  removed {n} document{'s' if n != 1 else ''} of an earlier run from "
            f"{result.folder}/, so none is left beside this result"
        )
    click.echo("\n".join(lines), err=True)


def _summary_line(rep: BatchReport, dry_run: bool) -> str:
    s = rep.summary
    done = s["rendered"] + s["up_to_date"] + s["valid"]
    verb = "would render" if dry_run else "rendered"
    fresh = f" ({s['up_to_date']} already up to date)" if s["up_to_date"] else ""
    line = f"{done} {verb}{fresh}, {s['refused']} refused, {s['failed']} failed"
    return line + ("; dry run: nothing written" if dry_run else "")
