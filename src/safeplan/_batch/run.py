"""Running a batch: work items sent to an executor (several cases a task), the worker's
read-load-render, the writing of each case's folder (on the worker, or here when the workers
return the documents), the keys that make a resumed run skip what is up to date, and the
process pool.

Imports: _render, _output, _copies, _case, _files, _resources, _errors.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import os
import signal
import threading
import time
import unicodedata
from collections.abc import Generator, Iterable
from concurrent.futures import Executor, Future
from pathlib import Path

import attrs

from .._case import CopyKind
from .._copies import Copy
from .._errors import InvalidCaseError, RefusedError, RenderError
from .._files import hash_file, hash_tree
from .._output import (
    case_manifest,
    file_name,
    plain_docx_name,
    read_case_manifest,
    remove_atomic,
    remove_listed,
    write_atomic,
)
from .._render import RenderConfig, Renderer
from .._resources import package_root
from .cases import MANIFEST, BatchCase, CaseResult, Status, _remove_if_partial

__all__ = ["batch_pool", "render_batch", "render_case"]


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
            files as this process, unless ``return_documents``. The executor is not shut down
            here.
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
