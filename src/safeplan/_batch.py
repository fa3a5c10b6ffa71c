"""Batch production: thousands of cases rendered in parallel, nothing lost, nothing half-written.

::

    files, folders, globs, .jsonl ──find_cases──▶ BatchCase (a path, or one line's text)
        ──executor.submit──▶ worker: read ─▶ load ─▶ up to date? ─▶ render every copy in memory
        ─▶ write each file atomically ─▶ write the case's manifest last ──▶ CaseResult

A work item is small and picklable (a path or a line of text, the :class:`RenderConfig` and a
few flags), so any :class:`concurrent.futures.Executor` can run it: :func:`batch_pool` (the
standard library's process pool, as the command line uses), or a cluster's executor such as
Dask's ``distributed.Client.get_executor()``. safeplan knows nothing about the cluster; every
worker needs the case files, the templates and the output folder on storage it can see. Each
worker process builds one :class:`Renderer` per configuration and keeps it.

Resuming: each case folder holds a small manifest (``.safeplan-batch.json``) written after its
documents. It records a key (a SHA-256 of the case's bytes, the installed safeplan's code,
layouts and profiles, the configured templates, reference, profile name and marking, and the
profile that applies to the case) and the hash of every document. A case whose key and
documents match is *up to date* and is not rendered again. A run killed at any moment leaves
whole files or none (temporary files are ``.NAME.*.part`` and are removed by the next run), and
the documents are deterministic, so a resumed run ends with the same bytes as an uninterrupted
one. A case that is refused (or can no longer be read) has the documents of its earlier runs
removed, so a refusal never stands beside stale copies.

Imports: _render, _output, _copies, _case, _files, _resources, _errors, _problems.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import functools
import glob
import hashlib
import json
import os
import re
import signal
import stat
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

import attrs

from ._case import (
    MAX_FILE_BYTES,
    CopyKind,
    Format,
    WrittenAgreement,
    format_of,
    loads,
    read_case_bytes,
)
from ._copies import Copy
from ._errors import (
    ConfidentialLeakError,
    InvalidCaseError,
    RefusedError,
    RenderError,
    SafeplanError,
)
from ._files import hash_file, hash_tree, numbered_lines, open_nonblocking
from ._output import (
    case_manifest,
    file_name,
    folder_name,
    plain_docx_name,
    read_case_manifest,
    remove_atomic,
    remove_listed,
    write_atomic,
)
from ._problems import Problem
from ._render import RenderConfig, Renderer, problems_of
from ._resources import package_root

__all__ = [
    "BatchCase",
    "BatchReport",
    "CaseResult",
    "Status",
    "batch_pool",
    "find_cases",
    "render_batch",
    "render_case",
]

Status = Literal["rendered", "up-to-date", "valid", "refused", "failed"]
"""What happened to a case: ``rendered`` (written now), ``up-to-date`` (skipped on resume),
``valid`` (a dry run rendered it in memory), ``refused`` (a safety rule, or a copy that would
leak a confidential detail), ``failed`` (unreadable, a broken layout or profile, a write
error)."""

CASE_SUFFIXES = (".json", ".yaml", ".yml")
JSONL_SUFFIX = ".jsonl"
MANIFEST = ".safeplan-batch.json"

_SOURCE = "safeplan batch production"
_OK: frozenset[str] = frozenset({"rendered", "up-to-date", "valid"})
# mkstemp's names: the prefix, eight characters from [a-z0-9_], the suffix.
_PART = re.compile(r"^\..+\.[a-z0-9_]{8}\.part$")
# The report's own temporary file: named apart from the documents' so that the clean-up of a
# killed run's documents never deletes the report of the run in progress (it may live inside
# the output folder).
_REPORT_SUFFIX = ".report-part"
_REPORT_PART = re.compile(r"^\..+\.[a-z0-9_]{8}\.report-part$")
_GLOB_MAGIC = re.compile(r"[*?[]")


def _folder_name(_instance: object, _attribute: object, value: str) -> None:
    if not value or value in (".", "..") or "/" in value or "\\" in value or "\0" in value:
        raise ValueError("A case's output folder must be a single, plain folder name.")


@attrs.frozen(kw_only=True)
class BatchCase:
    """One case to render in a batch: where it came from and where its documents go.

    Attributes:
        source: How reports name the case: its path, ``PATH:LINE`` for a JSON Lines line, or
            ``-`` for standard input.
        folder: The name of its output folder (one level under the batch's output folder).
        path: The file to read (read by the worker), or ``None`` when ``text`` holds the case.
        text: The case itself (a JSON Lines line, standard input). Never shown in a ``repr``.
        format: ``json`` or ``yaml``; ``None`` to go by the file name's suffix.
        line: The line number in a JSON Lines file.
    """

    source: str
    folder: str = attrs.field(validator=_folder_name)
    path: Path | None = None
    text: bytes | None = attrs.field(default=None, repr=False)
    format: Format | None = None
    line: int | None = None

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> BatchCase:
        """A case file (``.json``, ``.yaml``, ``.yml``); its documents go in a folder named
        after the file's stem."""
        p = Path(path)
        return cls(source=str(p), folder=folder_name(p.stem, "case"), path=p)

    @classmethod
    def from_text(
        cls, text: str | bytes, *, source: str, folder: str, format: Format | None = None
    ) -> BatchCase:
        """A case held in memory. ``format=None`` reads JSON when the text starts with ``{``,
        YAML otherwise."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        if format is None:
            format = "json" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "yaml"
        return cls(source=source, folder=folder, text=data, format=format)

    def read(self) -> bytes:
        """The case's bytes.

        Raises:
            InvalidCaseError: The file cannot be opened (``SP-FILE-UNREADABLE``), is not a
                regular file (``SP-FILE-NOT-REGULAR``) or is too large (``SP-FILE-TOO-LARGE``).
        """
        if self.text is not None:
            return self.text
        if self.path is None:
            raise InvalidCaseError(
                [Problem.refusal("SP-FILE-UNREADABLE", "$", "This case has no content.", _SOURCE)]
            )
        # A regular file only (a named pipe would hang the batch), within the size limit.
        return read_case_bytes(self.path)

    def load(self) -> WrittenAgreement:
        """Read and build the agreement.

        Raises:
            InvalidCaseError: The case cannot be read.
            RefusedError: The case breaks a safety rule.
        """
        return self._load(self.read())

    def _load(self, raw: bytes) -> WrittenAgreement:
        fmt = self.format
        if fmt is None:
            fmt = format_of(self.path) if self.path is not None else "json"
        return loads(raw, fmt)


@attrs.frozen(kw_only=True)
class CaseResult:
    """What became of one case. Holds no personal data: a path, file names, codes, messages.

    Attributes:
        source: The case's :attr:`BatchCase.source`.
        line: Its line in a JSON Lines file, if it came from one.
        folder: Its output folder's name.
        status: See :data:`Status`.
        outputs: The documents' file names (written, up to date, or those a dry run would
            write), in copy order.
        problems: Why it was refused or failed.
        findings: What a social worker should know about a rendered case: a child's copy the
            case asks for that is withheld (and why), items kept out of a person causing harm's
            copy for a safety detail, easy-read problems in a child's text, a translation that
            awaits review.
        removed: Documents from earlier runs of the case taken out of its folder (file
            names): all of them when the case is now refused or unreadable, else those it no
            longer produces (a recipient removed, a child's copy now withheld).
    """

    source: str
    line: int | None = None
    folder: str
    status: Status
    outputs: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    findings: tuple[Problem, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the case's documents are (or would be) in place."""
        return self.status in _OK

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON-ready data."""
        return {
            "source": self.source,
            "line": self.line,
            "folder": self.folder,
            "status": self.status,
            "outputs": list(self.outputs),
            "problems": [p.to_dict() for p in self.problems],
            "findings": [p.to_dict() for p in self.findings],
            "removed": list(self.removed),
        }

    @classmethod
    def of(cls, case: BatchCase, status: Status, **details: Any) -> CaseResult:
        """The result for ``case``: its source, line and folder, a status and any details."""
        return cls(source=case.source, line=case.line, folder=case.folder, status=status, **details)

    @classmethod
    def failed(cls, case: BatchCase, code: str, message: str) -> CaseResult:
        """A case that failed for a reason of the batch's own (not a refusal)."""
        return cls.of(case, "failed", problems=(Problem.refusal(code, "$", message, _SOURCE),))

    @classmethod
    def from_error(cls, case: BatchCase, err: BaseException) -> CaseResult:
        """The result for a case stopped by ``err``: ``refused`` for a safety rule or a
        confidential-leak refusal, ``failed`` for anything else. Never quotes case data."""
        status: Status = "failed"
        if isinstance(err, RefusedError | ConfidentialLeakError):
            status, problems = "refused", problems_of(err)
        elif isinstance(err, SafeplanError):
            problems = problems_of(err)
        elif isinstance(err, OSError):
            reason = err.strerror or type(err).__name__
            problems = (
                Problem.refusal(
                    "SP-OUTPUT-UNWRITABLE",
                    "$",
                    f"The documents could not be written ({reason}).",
                    _SOURCE,
                ),
            )
        else:
            # A bug: its message may quote a value, so only its type is named.
            problems = (
                Problem.refusal(
                    "SP-INTERNAL",
                    "$",
                    f"An unexpected error ({type(err).__name__}) stopped this case. Nothing "
                    "new was written for it. Please report this as a safeplan bug.",
                    _SOURCE,
                ),
            )
        return cls.of(case, status, problems=tuple(problems))


# --- finding cases --------------------------------------------------------------------------


def find_cases(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[BatchCase]:
    """Every case named by files, folders, globs, JSON Lines files and ``-`` (standard input).

    Folders are searched recursively (in sorted order, hidden files and folders skipped) for
    ``.json``, ``.yaml``, ``.yml`` and ``.jsonl`` files. A glob (``"cases/**/*.yaml"``) is
    expanded here, so a script may pass it quoted. A ``.jsonl`` file holds one case per line;
    its cases' folders are ``STEM-LINE`` (blank lines are skipped, numbering counts every
    line). ``-`` reads one case (JSON or YAML) from standard input into the folder ``stdin``.
    A file named twice is read once.

    The inputs are checked before this returns; cases are then produced lazily, so a JSON Lines
    file of any size is streamed.

    Raises:
        FileNotFoundError: An input does not exist, or a glob matches nothing.
        ValueError: ``-`` is given more than once.
    """
    sources: list[Path | None] = []  # None: standard input
    for raw in inputs:
        text = os.fspath(raw)
        if text == "-":
            if None in sources:
                raise ValueError("'-' (standard input) can be given only once.")
            sources.append(None)
            continue
        path = Path(text)
        if path.exists():
            sources += _expand(path)
        elif _GLOB_MAGIC.search(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise FileNotFoundError(f"{text}: no file matches this pattern")
            for match in matches:
                sources += _expand(Path(match))
        else:
            raise FileNotFoundError(f"{text}: no such file or folder")
    return _cases(sources)


def _expand(path: Path) -> list[Path | None]:
    if not path.is_dir():
        return [path]
    found: list[Path | None] = []
    for root, dirs, files in os.walk(path):
        # A folder named like a case (cases/x.yaml/) is reported as a case that is not a
        # regular file, and not searched: whoever named it meant a case.
        named = sorted(d for d in dirs if not d.startswith(".") and _case_name(d))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _case_name(d))
        for name in sorted([*files, *named]):
            if not name.startswith(".") and _case_name(name):
                found.append(Path(root) / name)
    return found


def _case_name(name: str) -> bool:
    return name.lower().endswith((*CASE_SUFFIXES, JSONL_SUFFIX))


def _cases(sources: list[Path | None]) -> Iterator[BatchCase]:
    seen: set[Path] = set()
    for path in sources:
        if path is None:
            yield BatchCase.from_text(_stdin_bytes(), source="-", folder="stdin")
            continue
        resolved = path.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if path.suffix.lower() == JSONL_SUFFIX:
            yield from _lines(path)
        else:
            yield BatchCase.from_path(path)


def _stdin_bytes() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        data: bytes = stream.read()
        return data
    return sys.stdin.read().encode("utf-8")


def _lines(path: Path) -> Iterator[BatchCase]:
    stem = folder_name(path.stem, "cases")
    fh: IO[bytes] | None = None
    try:
        # Only a regular file is opened (a named pipe would block here), without waiting.
        if stat.S_ISREG(os.stat(path).st_mode):
            fh = open_nonblocking(path)  # closed by the with below
    except OSError:
        fh = None
    if fh is None:
        # Reported by the worker, which reads the file as a case: SP-FILE-NOT-REGULAR or
        # SP-FILE-UNREADABLE.
        yield BatchCase(source=str(path), folder=stem, path=path)
        return
    with fh:
        for number, line in numbered_lines(fh, MAX_FILE_BYTES):
            if line.strip():
                yield BatchCase(
                    source=f"{path}:{number}",
                    folder=f"{stem}-{number}",
                    text=line.rstrip(b"\r\n"),
                    format="json",
                    line=number,
                )


# --- running a batch ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Job:
    """What a worker is sent: picklable, small, no open files.

    ``returned``: the worker renders in memory and hands the documents back (the caller read
    the case and writes the files); ``known`` is then the case folder's manifest key and
    documents, when every document it lists is still in place (for ``resume``).
    """

    case: BatchCase
    out_dir: str
    config: RenderConfig
    run_key: str
    resume: bool
    dry_run: bool
    returned: bool = False
    known: tuple[str, tuple[str, ...]] | None = None


@attrs.frozen(kw_only=True)
class _Made:
    """A case as a worker made it, before anything is written: its result, and for a rendered
    case the manifest key and the documents (never shown in a ``repr``: they are the case)."""

    result: CaseResult
    key: str | None = None
    documents: tuple[bytes, ...] = attrs.field(default=(), repr=False)
    remove_earlier: bool = False  # refused or unreadable now: earlier documents must go


class _Chunk:
    """Cases sent to a worker as one task; ``entry`` is the task (or, run in this process,
    its results) once submitted."""

    def __init__(self) -> None:
        self.jobs: list[_Job] = []
        self.entry: Future[list[CaseResult | _Made]] | list[CaseResult | _Made] | None = None


def render_batch(
    cases: Iterable[BatchCase],
    out_dir: str | os.PathLike[str],
    *,
    config: RenderConfig | None = None,
    executor: Executor | None = None,
    resume: bool = False,
    dry_run: bool = False,
    max_pending: int | None = None,
    chunk_size: int = 1,
    return_documents: bool = False,
) -> Generator[CaseResult, None, None]:
    """Render every copy of every case into ``out_dir/<case folder>/``, yielding one result
    per case in input order.

    A bad case (unreadable, refused, a broken layout, a copy refused for a confidential leak,
    a write error, a worker that died) is a result, never an exception: the batch goes on.
    Within a case it is all or nothing: every copy is rendered in memory before any is
    written. Every file is written atomically; stale ``.*.part`` files left by a killed run
    are removed first. When a case is rendered again, documents its previous manifest listed
    that it no longer produces (a recipient removed, a new version, a child's copy now
    withheld) are removed; when it is now refused or cannot be read, every document its
    manifest listed is removed, so none is left beside the refusal. Each removal is atomic (the
    file is renamed out of sight, then deleted) and listed in the result's ``removed``; no other
    file is ever deleted. Two cases with the same output folder (``a/case.json`` and
    ``b/case.yaml``) never overwrite each other: the second fails with ``SP-BATCH-COLLISION``.

    This is a generator: nothing happens until it is iterated, and stopping early cancels
    the cases not yet started.

    Args:
        cases: From :func:`find_cases`, or built with :class:`BatchCase`. Consumed lazily.
        out_dir: The output folder (created if missing).
        config: How to render (default: the built-in layouts and the nation's profile).
        executor: Where to run each case. ``None`` runs them one by one in this process.
            Any :class:`concurrent.futures.Executor` works: :func:`batch_pool`, a
            ``ProcessPoolExecutor`` of your own, or a cluster's (Dask's
            ``Client.get_executor()``, a Ray-backed executor). Work items are picklable; each
            worker process builds and keeps one renderer. Remote workers must see the same
            files as this process. The executor is not shut down here.
        resume: Skip cases whose documents are up to date (see the module's docs).
        dry_run: Read, check and render in memory; write and delete nothing.
        max_pending: How many cases may be submitted and not yet collected (bounds memory).
            Default: four tasks per CPU (of ``chunk_size`` cases each), at least 8 cases.
            Raise it for a large cluster.
        chunk_size: How many cases each task carries (default 1). On a cluster, where
            sending a task costs a few milliseconds, 8 to 32 cases a task keep the workers
            busy; the results still come back one per case, in order.
        return_documents: The workers render in memory and return the documents; this
            process reads every case, sends its bytes, and writes the files (atomically, with
            the manifests and removals, exactly as a worker would). The workers then need no
            file system shared with this one: only safeplan installed, and the configured
            template folders and reference DOCX at the same paths.

    Yields:
        One :class:`CaseResult` per case, in the order of ``cases``.
    """
    config = config or RenderConfig()
    out = Path(out_dir)
    unwritable = None if dry_run else _prepare_output(out)
    if unwritable is not None:
        # Nothing can be written: every case says so, and none is rendered for nothing.
        for case in cases:
            yield CaseResult.failed(case, "SP-OUTPUT-UNWRITABLE", unwritable)
        return
    if chunk_size < 1:
        raise ValueError("chunk_size must be 1 or more")
    run_key = _run_key(config)
    window = 0 if executor is None else max(chunk_size, max_pending or _default_window(chunk_size))
    seen: dict[str, str] = {}
    pending: collections.deque[tuple[BatchCase, CaseResult | tuple[_Chunk, int]]] = (
        collections.deque()
    )
    chunk = _Chunk()
    sent_chunks: list[_Chunk] = []

    def submit(ready: _Chunk) -> None:
        jobs = tuple(ready.jobs)
        if executor is None:
            ready.entry = _work_chunk(jobs)
            return
        try:
            ready.entry = executor.submit(_work_chunk, jobs)
            sent_chunks.append(ready)
        except Exception as err:  # a broken or shut-down executor
            ready.entry = [_worker_failed(job.case, err) for job in jobs]

    def collect(case: BatchCase, entry: CaseResult | tuple[_Chunk, int]) -> CaseResult:
        if isinstance(entry, CaseResult):
            return entry
        held, index = entry
        if held.entry is None:
            submit(held)
        made = _collect(case, held, index)
        if isinstance(made, CaseResult):
            return made
        try:  # this process writes what a worker returned
            return _write(out / case.folder, made, dry_run)
        except Exception as err:
            return CaseResult.from_error(case, err)

    try:
        for case in cases:
            other = seen.get(_folder_key(case.folder))
            if other is not None:
                pending.append((case, _collision(case, other)))
            else:
                seen[_folder_key(case.folder)] = case.source
                job = _job(case, out, config, run_key, resume, dry_run, return_documents)
                if isinstance(job, CaseResult):
                    pending.append((case, job))
                else:
                    chunk.jobs.append(job)
                    pending.append((case, (chunk, len(chunk.jobs) - 1)))
                    if len(chunk.jobs) >= chunk_size:
                        submit(chunk)
                        chunk = _Chunk()
            while len(pending) > window:
                yield collect(*pending.popleft())
        if chunk.jobs:
            submit(chunk)
        while pending:
            yield collect(*pending.popleft())
    finally:
        for held in sent_chunks:
            if isinstance(held.entry, Future):
                held.entry.cancel()


def _job(
    case: BatchCase,
    out: Path,
    config: RenderConfig,
    run_key: str,
    resume: bool,
    dry_run: bool,
    returned: bool,
) -> _Job | CaseResult:
    """The work item for ``case``; when the workers return documents, the case's bytes are
    read here (and an unreadable case is its result at once)."""
    # Absolute paths: a worker's working folder need not be this process's.
    sent = case if case.path is None else attrs.evolve(case, path=case.path.absolute())
    known = None
    if returned:
        try:
            sent = attrs.evolve(sent, text=sent.read())
        except Exception as err:
            return CaseResult.from_error(case, err)
        known = _intact(out / case.folder) if resume else None
    return _Job(
        case=sent,
        out_dir=str(out.absolute()),
        config=config,
        run_key=run_key,
        resume=resume,
        dry_run=dry_run,
        returned=returned,
        known=known,
    )


def render_case(
    case: BatchCase, *, config: RenderConfig | None = None, recipient: str | None = None
) -> tuple[CaseResult, bytes | None]:
    """Render one copy of one case to bytes, with the batch's reporting (for ``--out -``).

    Args:
        case: The case.
        config: How to render.
        recipient: The recipient whose copy to render; ``None`` for the professional copy.

    Returns:
        The result (``rendered`` with the copy's file name, or why not) and the DOCX bytes
        (``None`` unless rendered). Never raises for a bad case.
    """
    try:
        agreement = case.load()
        renderer = _renderer(config or RenderConfig())
        chosen = _pick(renderer.copies(agreement), recipient)
        data = renderer.render(agreement, chosen)
    except Exception as err:
        return CaseResult.from_error(case, err), None
    result = CaseResult.of(
        case,
        "rendered",
        outputs=(file_name(agreement, chosen),),
        findings=renderer.findings(agreement),
    )
    return result, data


def _pick(available: tuple[Copy, ...], recipient: str | None) -> Copy:
    for c in available:
        if (c.kind is CopyKind.PROFESSIONAL) if recipient is None else (c.recipient == recipient):
            return c
    raise RenderError(
        "That recipient has no copy in this case. Choose one of the recipients the case names."
    )


def _default_window(chunk_size: int = 1) -> int:
    return max(8, 4 * (os.cpu_count() or 1) * chunk_size)


def _collect(case: BatchCase, chunk: _Chunk, index: int) -> CaseResult | _Made:
    entry = chunk.entry
    try:
        results = entry if isinstance(entry, list) else entry.result()  # type: ignore[union-attr]
        return results[index]
    except Exception as err:  # the worker died, the task could not be sent, cancelled
        return _worker_failed(case, err)


def _worker_failed(case: BatchCase, err: BaseException) -> CaseResult:
    return CaseResult.failed(
        case,
        "SP-BATCH-WORKER",
        f"The worker rendering this case stopped ({type(err).__name__}). Run the batch again "
        "with --resume to retry it.",
    )


def _folder_key(folder: str) -> str:
    """How a disk that ignores case and normalises Unicode (Windows, macOS) compares a folder
    name: ``Case`` and ``case``, or ``siân`` composed and decomposed, are one folder there."""
    return unicodedata.normalize("NFC", folder).casefold()


def _collision(case: BatchCase, other: str) -> CaseResult:
    return CaseResult.failed(
        case,
        "SP-BATCH-COLLISION",
        f"Another case in this batch ({other}) writes to the same output folder "
        f"'{case.folder}', so this one was not rendered. Rename one of the files.",
    )


# --- in the worker --------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _renderer(config: RenderConfig) -> Renderer:
    # One per worker process and configuration: layouts and the reference are read once.
    return Renderer(config)


def _work_chunk(jobs: tuple[_Job, ...]) -> list[CaseResult | _Made]:
    """A task: each case of the chunk in turn, one result (or made case) each."""
    return [_work(job) for job in jobs]


def _work(job: _Job) -> CaseResult | _Made:
    try:
        made = _make(job)
        if job.returned:
            return made
        return _write(Path(job.out_dir) / job.case.folder, made, job.dry_run)
    except Exception as err:  # every failure is the case's result; the batch goes on
        return CaseResult.from_error(job.case, err)


def _make(job: _Job) -> _Made:
    """Read, load and render one case in memory; nothing is written or removed here."""
    case = job.case
    folder = Path(job.out_dir) / case.folder
    raw = case.read()
    try:
        agreement = case._load(raw)
    except (RefusedError, InvalidCaseError) as err:
        # The case as it stands now cannot be issued: its earlier documents must not stay.
        return _Made(result=CaseResult.from_error(case, err), remove_earlier=True)
    renderer = _renderer(job.config)
    key = _case_key(job.run_key, raw, renderer.profile(agreement))
    copies = renderer.copies(agreement)
    names = tuple(file_name(agreement, c) for c in copies)
    if job.resume and (
        job.known == (key, tuple(sorted(names)))
        if job.returned
        else _up_to_date(folder, key, names)
    ):
        findings = renderer.findings(agreement)
        return _Made(result=CaseResult.of(case, "up-to-date", outputs=names, findings=findings))
    done = renderer.render_case(agreement)
    if not done.ok:
        # Refused (a copy would leak, a strict refusal) or failed (a broken layout): nothing
        # new is written; a refused case's earlier documents are taken away.
        status: Status = "refused" if done.status == "refused" else "failed"
        result = CaseResult.of(case, status, problems=done.problems)
        return _Made(result=result, remove_earlier=status == "refused")
    if job.dry_run:
        return _Made(
            result=CaseResult.of(case, "valid", outputs=done.names, findings=done.findings)
        )
    result = CaseResult.of(case, "rendered", outputs=done.names, findings=done.findings)
    return _Made(result=result, key=key, documents=done.documents)


def _write(folder: Path, made: _Made, dry_run: bool) -> CaseResult:
    """Write a made case into its folder: each document atomically, documents the case no
    longer produces removed, the manifest last; or, for a case refused now, its earlier
    documents removed."""
    if dry_run:
        return made.result
    if made.remove_earlier:
        return attrs.evolve(made.result, removed=remove_listed(folder / MANIFEST))
    if made.key is None:
        return made.result
    previous = read_case_manifest(folder / MANIFEST)
    hashes: dict[str, str] = {}
    for name, data in zip(made.result.outputs, made.documents, strict=True):
        write_atomic(folder / name, data)
        hashes[name] = hashlib.sha256(data).hexdigest()
    removed = tuple(
        old
        for old in previous.get("outputs", {})
        if old not in hashes and plain_docx_name(old) and remove_atomic(folder / old)
    )
    # Written last: a run killed before this point renders the case again next time.
    write_atomic(folder / MANIFEST, case_manifest(made.key, hashes))
    return attrs.evolve(made.result, removed=removed)


def _intact(folder: Path) -> tuple[str, tuple[str, ...]] | None:
    """The manifest's key and documents, when every document it lists is in place unchanged
    (what a worker that cannot see the folder needs to say a case is up to date)."""
    manifest = read_case_manifest(folder / MANIFEST)
    outputs = manifest.get("outputs", {})
    key = manifest.get("key")
    if not isinstance(key, str) or not outputs:
        return None
    for name, digest in outputs.items():
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
    return key, tuple(sorted(outputs))


def _up_to_date(folder: Path, key: str, names: tuple[str, ...]) -> bool:
    manifest = read_case_manifest(folder / MANIFEST)
    outputs = manifest.get("outputs", {})
    if manifest.get("key") != key or sorted(outputs) != sorted(names):
        return False
    for name in names:
        try:
            data = (folder / name).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != outputs[name]:
            return False
    return True


# --- keys -----------------------------------------------------------------------------------


def _case_key(run_key: str, raw: bytes, profile: object) -> str:
    h = hashlib.sha256()
    for part in (run_key.encode(), hashlib.sha256(raw).digest(), repr(profile).encode("utf-8")):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _run_key(config: RenderConfig) -> str:
    """What every case's output depends on besides the case and its profile. Computed afresh
    for each batch: a layout edited between two batches must be noticed."""
    h = hashlib.sha256(b"safeplan-batch-1\0")
    hash_tree(h, package_root())
    for folder in config.templates:
        h.update(b"templates\0")
        hash_tree(h, folder)
    if config.reference is not None:
        h.update(b"reference\0")
        hash_file(h, config.reference)
    h.update(repr((config.profile, config.protective_marking)).encode("utf-8"))
    return h.hexdigest()


# --- the output folder ----------------------------------------------------------------------


def _prepare_output(out: Path) -> str | None:
    """Create the output folder and remove a killed run's leftovers; why not, if it cannot be
    created (read-only, under a file, gone with its parent)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        reason = err.strerror or type(err).__name__
        return (
            f"The output folder cannot be created ({reason}), so nothing was written. Choose "
            "a folder this account can write to."
        )
    _remove_partial_files(out)
    return None


def _remove_partial_files(out_dir: Path) -> int:
    """Remove the temporary ``.NAME.XXXXXXXX.part`` files a killed run left in ``out_dir`` and
    its case folders. Returns how many were removed."""
    removed = 0
    try:
        top = list(os.scandir(out_dir))
    except OSError:
        return 0
    for entry in top:
        if entry.is_dir(follow_symlinks=False):
            try:
                inner = list(os.scandir(entry.path))
            except OSError:
                continue
            for sub in inner:
                removed += _remove_if_partial(sub)
        else:
            removed += _remove_if_partial(entry)
    return removed


def _remove_if_partial(entry: os.DirEntry[str], pattern: re.Pattern[str] = _PART) -> int:
    if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
        try:
            os.unlink(entry.path)
        except OSError:
            return 0
        return 1
    return 0


# --- the process pool -----------------------------------------------------------------------


def batch_pool(jobs: int | None = None, *, config: RenderConfig | None = None) -> Executor:
    """A process pool for :func:`render_batch`, as ``safeplan render --jobs N`` uses.

    Its workers ignore Ctrl-C (the parent stops the batch; a case in progress finishes), exit
    by themselves if the parent is killed, and build their renderer as they start.

    Args:
        jobs: How many worker processes (default: the CPUs this process may use).
        config: The configuration to prepare a renderer for in each worker.
    """
    # concurrent.futures.process (and multiprocessing) only when a pool is made.
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=jobs or _available_cpus(),
        initializer=_start_worker,
        initargs=(config or RenderConfig(),),
    )


def _available_cpus() -> int:
    """The CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return os.cpu_count() or 1


def _start_worker(config: RenderConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    threading.Thread(
        target=_exit_with_parent, args=(parent,), daemon=True, name="safeplan-parent-watch"
    ).start()
    # A broken configuration is reported per case, with the case, when the renderer is needed.
    with contextlib.suppress(Exception):
        _renderer(config)


def _exit_with_parent(parent: int) -> None:
    # A worker orphaned by a killed parent would otherwise wait on its queue for ever.
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


# --- reports --------------------------------------------------------------------------------

_CSV_COLUMNS = (
    "source",
    "line",
    "folder",
    "status",
    "outputs",
    "codes",
    "paths",
    "messages",
    "findings",
    "removed",
)


class BatchReport:
    """A tally of a batch and, given a path, a machine-readable report: JSON or CSV by the
    file's extension.

    Every case is listed with its status, its documents' file names or its problems' codes,
    paths and messages; never personal data. Rows are streamed to a temporary file beside
    ``path``, which replaces ``path`` atomically when the ``with`` block ends without an
    exception (and is removed otherwise)::

        with BatchReport("report.json") as report:
            for result in render_batch(find_cases(["cases/"]), "out"):
                report.add(result)
        print(report.summary)

    JSON: ``{"dry_run": ..., "cases": [CaseResult.to_dict(), ...], "summary": {...}}``.
    CSV: one row per case (columns ``source, line, folder, status, outputs, codes, paths,
    messages, findings, removed``); lists are joined with newlines inside a cell.

    Args:
        path: The report file, or ``None`` to count only.
        dry_run: Recorded in a JSON report.

    Raises:
        ValueError: The file name does not end in ``.json`` or ``.csv``.
    """

    def __init__(self, path: str | os.PathLike[str] | None, *, dry_run: bool = False) -> None:
        self.path = None if path is None else Path(path)
        self.kind = "" if self.path is None else self.path.suffix.lower()[1:]
        if self.path is not None and self.kind not in ("json", "csv"):
            raise ValueError("A report's file name must end in .json or .csv.")
        self.dry_run = dry_run
        self.counts: collections.Counter[str] = collections.Counter()
        self.documents = 0
        self._fh: IO[str] | None = None
        self._tmp: Path | None = None
        self._writer: Any = None

    @property
    def summary(self) -> dict[str, int]:
        """Counts so far: cases, each status, and documents (written, up to date or, in a dry
        run, that would be written)."""
        return {
            "cases": sum(self.counts.values()),
            "rendered": self.counts["rendered"],
            "up_to_date": self.counts["up-to-date"],
            "valid": self.counts["valid"],
            "refused": self.counts["refused"],
            "failed": self.counts["failed"],
            "documents": self.documents,
        }

    def __enter__(self) -> BatchReport:
        if self.path is None:
            return self
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        for entry in os.scandir(folder):
            if entry.name.startswith(f".{self.path.name}."):
                _remove_if_partial(entry, _REPORT_PART)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=_REPORT_SUFFIX)
        self._tmp = Path(tmp)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        if self.kind == "csv":
            self._writer = csv.writer(self._fh)
            self._writer.writerow(_CSV_COLUMNS)
        else:
            self._fh.write(f'{{"dry_run": {json.dumps(self.dry_run)}, "cases": [')
        return self

    def add(self, result: CaseResult) -> None:
        """Count one case and, with a report file, write its entry."""
        first = not self.counts
        self.counts[result.status] += 1
        if result.ok:
            self.documents += len(result.outputs)
        if self._fh is None:
            if self.path is not None:
                raise RuntimeError("Use the report in a with block.")
            return
        if self._writer is not None:
            self._writer.writerow(
                (
                    result.source,
                    "" if result.line is None else result.line,
                    result.folder,
                    result.status,
                    "\n".join(result.outputs),
                    "\n".join(p.code for p in result.problems),
                    "\n".join(p.path for p in result.problems),
                    "\n".join(p.message for p in result.problems),
                    "\n".join(f"{p.code} at {p.path}: {p.message}" for p in result.findings),
                    "\n".join(result.removed),
                )
            )
        else:
            self._fh.write(("\n  " if first else ",\n  ") + json.dumps(result.to_dict()))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        fh, tmp, path = self._fh, self._tmp, self.path
        self._fh = self._tmp = self._writer = None
        if fh is None or tmp is None or path is None:
            return
        try:
            if exc_type is None:
                if self.kind == "json":
                    fh.write(f'\n],\n"summary": {json.dumps(self.summary)}}}\n')
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
                os.replace(tmp, path)
        finally:
            fh.close()
            tmp.unlink(missing_ok=True)
