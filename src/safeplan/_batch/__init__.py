"""Batch production: thousands of cases rendered in parallel, nothing lost, nothing half-written.

::

    files, folders, globs, .jsonl ──find_cases──▶ BatchCase (a path, or one line's text)
        ──executor.submit──▶ worker: read ─▶ load ─▶ up to date? ─▶ render every copy in memory
        ─▶ write each file atomically ─▶ write the case's manifest last ──▶ CaseResult

A work item is small and picklable (a path or a line of text, the :class:`RenderConfig` and a
few flags), so any :class:`concurrent.futures.Executor` can run it: :func:`batch_pool` (the
standard library's process pool, as the command line uses), or a cluster's executor such as
Dask's ``distributed.Client.get_executor()``. safeplan knows nothing about the cluster. Several
cases can go in one task (``chunk_size``). Either every worker sees the case files, the templates
and the output folder, or (``return_documents``) this process reads the cases, the workers only
render, and this process writes what they return, so a cluster needs no shared file system
(docs/cluster.md). Each worker process builds one :class:`Renderer` per configuration and keeps
it.

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

from .cases import BatchCase, CaseResult, Status, find_cases
from .report import BatchReport
from .run import batch_pool, render_batch, render_case

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
