"""The cases of a batch and what became of each: :class:`BatchCase`, :class:`CaseResult`,
and :func:`find_cases` (files, folders, globs, JSON Lines, standard input).

Imports: _case, _output, _files, _errors, _problems, _render.
"""

from __future__ import annotations

import glob
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

import attrs

from .._case import (
    MAX_FILE_BYTES,
    Format,
    WrittenAgreement,
    format_of,
    loads,
    read_case_bytes,
)
from .._errors import (
    ConfidentialLeakError,
    InvalidCaseError,
    RefusedError,
    SafeplanError,
)
from .._files import numbered_lines, open_nonblocking
from .._output import (
    folder_name,
)
from .._problems import Problem
from .._render import problems_of

__all__ = [
    "CASE_SUFFIXES",
    "JSONL_SUFFIX",
    "MANIFEST",
    "BatchCase",
    "CaseResult",
    "Status",
    "find_cases",
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


def _remove_if_partial(entry: os.DirEntry[str], pattern: re.Pattern[str] = _PART) -> int:
    if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
        try:
            os.unlink(entry.path)
        except OSError:
            return 0
        return 1
    return 0
