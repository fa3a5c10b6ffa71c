"""The batch's report: a tally, and every case as JSON or CSV, written atomically.

Imports: nothing of safeplan but this room.
"""

from __future__ import annotations

import collections
import csv
import json
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from .cases import _REPORT_PART, _REPORT_SUFFIX, CaseResult, _remove_if_partial

__all__ = ["BatchReport"]


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
