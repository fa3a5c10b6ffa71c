"""Files out: a copy's file name and the atomic write, shared by the renderer and the batch.

Imports: nothing of safeplan (the case and the copy only as types).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._case import WrittenAgreement
    from ._copies import Copy

__all__ = ["file_name", "folder_name", "write_atomic"]


def file_name(agreement: WrittenAgreement, copy: Copy) -> str:
    """The file name of a copy: reference, version, kind and recipient id. Never a name."""
    ref = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in agreement.reference)
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
