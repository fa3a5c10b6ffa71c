"""Files out: a copy's file name, the atomic write, and the folder :func:`render_all` keeps,
shared by the renderer and the batch.

File names come from the case's reference and the copy's stem (kind and recipient id, see
:func:`~safeplan._copies.safe_name`), never a name, and are ASCII, short and distinct even on a
disk that ignores case or normalises Unicode.

Imports: _copies, _errors, _problems.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._copies import safe_name
from ._errors import RefusedError
from ._problems import Problem

if TYPE_CHECKING:
    from ._case import WrittenAgreement
    from ._copies import Copy

__all__ = [
    "MANIFEST",
    "CopyFolder",
    "case_manifest",
    "file_name",
    "folder_name",
    "plain_docx_name",
    "read_case_manifest",
    "remove_atomic",
    "remove_listed",
    "write_atomic",
]

#: The manifest :func:`render_all` keeps in its output folder.
MANIFEST = ".safeplan-copies.json"


def file_name(agreement: WrittenAgreement, copy: Copy) -> str:
    """The file name of a copy: reference, version, kind and recipient id. Never a name.

    The reference keeps its letter case; like the id (:attr:`Copy.stem`), it is reduced to
    ASCII letters, digits, ``-`` and ``_`` with a short hash added when that changed it, so
    ``NX/CP/1`` and ``NX-CP-1`` do not share files.
    """
    ref = safe_name(agreement.reference, limit=60, keep_case=True)
    return f"{ref}-v{agreement.version.number}-{copy.stem}.docx"


def folder_name(stem: str, default: str) -> str:
    """A safe output folder name for a case file's stem: ``...yaml`` is a case like any other,
    but its folder is never ``..`` nor hidden, and never holds a path separator."""
    name = stem.replace("/", "_").replace("\\", "_").replace("\0", "_")
    plain = name.lstrip(".")
    return ("_" * (len(name) - len(plain)) + plain) or default


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_atomic(path: Path) -> bool:
    """Take a document away so that a reader sees it whole or not at all: it is first renamed
    to a hidden ``.NAME.XXXXXXXX.part`` (one atomic step; the batch's next run removes such
    leftovers if this one is killed), then deleted. Returns whether there was a file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError:
        return False
    os.close(fd)
    try:
        os.replace(path, tmp)
    except OSError:  # not there (or not a file): nothing to take away
        Path(tmp).unlink(missing_ok=True)
        return False
    Path(tmp).unlink(missing_ok=True)
    return True


class CopyFolder:
    """A folder :func:`render_all` writes copies into, with a manifest of what it wrote for
    each case (keyed by a hash of the case's reference, so it holds no case data).

    ``write`` writes a case's copies atomically, then removes the files it wrote for that case
    before and does not write now; ``clear`` removes every file it wrote for a case (when the
    case is refused). Only files the manifest lists for the case are ever removed, and a file
    the manifest lists for another case is never replaced.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(name: str) -> str:
        """How a disk that ignores case and normalises Unicode compares a file name."""
        return unicodedata.normalize("NFC", name).casefold()

    @staticmethod
    def _case(reference: str) -> str:
        return hashlib.sha256(reference.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def _read(self) -> dict[str, list[str]]:
        try:
            data = json.loads((self.folder / MANIFEST).read_bytes())
        except (OSError, ValueError):
            return {}
        cases = data.get("cases") if isinstance(data, dict) else None
        if not isinstance(cases, dict):
            return {}
        return {
            str(k): [n for n in v if plain_docx_name(n)]
            for k, v in cases.items()
            if isinstance(v, list)
        }

    def _save(self, cases: Mapping[str, list[str]]) -> None:
        data = {"format": 1, "cases": {k: sorted(v) for k, v in sorted(cases.items()) if v}}
        write_atomic(self.folder / MANIFEST, (json.dumps(data, indent=1) + "\n").encode("utf-8"))

    def write(self, reference: str, documents: Mapping[str, bytes]) -> list[Path]:
        """Write a case's documents; remove the ones written for it before and not now.

        Raises:
            RefusedError: A file name is one another case in this folder wrote
                (``SP-COPY-NAME-COLLISION``); nothing is written.
        """
        cases = self._read()
        me = self._case(reference)
        others = {self.key(n) for k, names in cases.items() if k != me for n in names}
        taken = [n for n in documents if self.key(n) in others]
        if taken:
            raise RefusedError(
                [
                    Problem.refusal(
                        "SP-COPY-NAME-COLLISION",
                        "$.reference",
                        "Another case rendered into this folder wrote a file of the same name "
                        "(their references differ only in case or punctuation), so this case "
                        "would replace that case's copy. Render it into another folder.",
                        "safeplan rendering",
                    )
                ]
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        paths = [write_atomic(self.folder / n, data) for n, data in documents.items()]
        written = {self.key(n) for n in documents}
        for old in cases.get(me, []):
            if self.key(old) not in written:
                remove_atomic(self.folder / old)
        cases[me] = list(documents)
        self._save(cases)
        return paths

    def clear(self, reference: str) -> tuple[str, ...]:
        """Remove every file written for a case before; returns their paths."""
        cases = self._read()
        me = self._case(reference)
        removed = tuple(
            str(self.folder / old) for old in cases.get(me, []) if remove_atomic(self.folder / old)
        )
        if me in cases:
            del cases[me]
            with contextlib.suppress(OSError):
                self._save(cases)
        return removed


def plain_docx_name(name: object) -> bool:
    """Whether a manifest's entry names a document in its own folder (nothing else is ever
    removed)."""
    return (
        isinstance(name, str)
        and name.endswith((".docx", ".pdf"))
        and Path(name).name == name
        and not name.startswith(".")
    )


# --- a batch case folder's manifest ----------------------------------------------------------


def case_manifest(key: str, hashes: Mapping[str, str]) -> bytes:
    """A batch case folder's manifest: the case's key and the hash of every document."""
    data = {"format": 1, "key": key, "outputs": dict(hashes)}
    return (json.dumps(data, sort_keys=True, indent=1) + "\n").encode("utf-8")


def read_case_manifest(path: Path) -> dict[str, Any]:
    """A batch case folder's manifest, or ``{}`` when there is none that can be read."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), dict):
        return {}
    return data


def remove_listed(manifest: Path) -> tuple[str, ...]:
    """Take away every document a batch case folder's manifest lists, each atomically
    (:func:`remove_atomic`), then record that none is left, so a later ``--resume`` renders
    the case afresh. Returns the names removed. A folder with no manifest is left as it is
    (and never created)."""
    previous = read_case_manifest(manifest)
    outputs = previous.get("outputs", {})
    if not outputs:
        return ()
    folder = manifest.parent
    removed = tuple(
        sorted(old for old in outputs if plain_docx_name(old) and remove_atomic(folder / old))
    )
    write_atomic(manifest, case_manifest(str(previous.get("key", "")), {}))
    return removed
