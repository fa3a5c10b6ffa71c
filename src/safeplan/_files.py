"""Files safeplan reads from folders it does not own: case folders and council template folders.

Three rules, written once: a path is read only when it is a regular file (a named pipe would
block the reader for ever, a device such as ``/dev/zero`` never ends), it is opened without
waiting (``O_NONBLOCK``: a file swapped for a pipe after the check still cannot hang), and a path
in a council folder is used only when it stays inside that folder once every symbolic link is
resolved (:func:`inside`).

Imports: nothing of safeplan.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["hash_file", "hash_tree", "inside", "kind_of", "numbered_lines", "open_nonblocking"]

_CHUNK = 1024 * 1024


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def open_nonblocking(path: str | os.PathLike[str]) -> IO[bytes]:
    """Open a file for reading without waiting for a writer (a pipe) or a terminal."""
    return open(path, "rb", opener=_opener)


def kind_of(mode: int) -> str:
    """What a file is, in words: ``a regular file``, ``a folder``, ``a named pipe`` ..."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def inside(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether ``path``, every symbolic link resolved, is ``root`` or within it."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def hash_tree(h: Any, root: Path) -> None:
    """Every file under ``root`` into a hash (names and bytes, in sorted order), for a key that
    changes when any of them does. Hidden files and ``__pycache__`` are left out; a symbolic
    link counts by where it points, and a pipe or device only as being there."""
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            path = Path(dirpath) / name
            rel = os.fsencode(path.relative_to(root).as_posix())
            h.update(len(rel).to_bytes(8, "big") + rel)
            hash_file(h, path)


def hash_file(h: Any, path: Path) -> None:
    """A file's bytes into a hash, streamed (see :func:`hash_tree` for what is not a file)."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            h.update(b"\0link\0" + os.fsencode(os.readlink(path)))
            return
        if not stat.S_ISREG(info.st_mode):
            h.update(b"\0special\0")
            return
        with open_nonblocking(path) as fh:
            h.update(info.st_size.to_bytes(8, "big"))
            while chunk := fh.read(_CHUNK):
                h.update(chunk)
    except OSError:
        h.update(b"\0unreadable\0")


def numbered_lines(fh: IO[bytes], longest: int) -> Iterator[tuple[int, bytes]]:
    """The lines of a file with their numbers (from 1), each cut at ``longest + 1`` bytes: a
    longer line is yielded that far (too long, for the reader to refuse) and the rest of it is
    skipped in pieces, never held whole."""
    number = 0
    while line := fh.readline(longest + 1):
        number += 1
        if len(line) > longest and not line.endswith(b"\n"):
            while (rest := fh.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
        yield number, line
