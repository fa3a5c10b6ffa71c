"""The limits every case file keeps, and reading one from disk without hanging on it.

A case is a few kilobytes of text. The limits below are far above any real case and far below
what would exhaust memory or time; they are part of the case file schema (``maxLength``,
``maxItems``; see :mod:`.schema`), and :func:`check_limits` applies that same schema at load, so
``safeplan check`` refuses exactly what rendering would. They are fixed, not profile settings: a
case file's shape is the same for every council.

=========================  ====================================================================
file size                  :data:`MAX_FILE_BYTES` (a JSON Lines line, standard input too)
nesting                    :data:`MAX_DEPTH` mappings and lists inside each other
ids and the reference      :data:`MAX_ID` characters (they name files and folders)
free text                  :data:`MAX_TEXT` characters (concerns, terms, names, words)
other text                 :data:`MAX_SHORT` characters (titles, agencies, language tags)
lists                      :data:`MAX_ITEMS` items
=========================  ====================================================================

:func:`read_case_bytes` reads only a regular file: a named pipe, a socket, a device or a folder
named like a case is refused with ``SP-FILE-NOT-REGULAR`` before anything blocks on it (a pipe
is opened without waiting for a writer), and a file over the size limit with
``SP-FILE-TOO-LARGE`` before it is read.

Imports: _files, _errors, _problems.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

import attrs

from .._errors import InvalidCaseError
from .._files import kind_of, open_nonblocking
from .._problems import Problem

__all__ = [
    "ID_FIELDS",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_ID",
    "MAX_ITEMS",
    "MAX_SHORT",
    "MAX_TEXT",
    "file_too_large",
    "max_length",
    "read_case_bytes",
]

MAX_FILE_BYTES: Final = 4 * 1024 * 1024
MAX_DEPTH: Final = 20
MAX_ID: Final = 50
MAX_TEXT: Final = 10_000
MAX_SHORT: Final = 500
MAX_ITEMS: Final = 500

# Fields whose text names files and folders, or that other fields refer to.
ID_FIELDS: Final = frozenset({"id", "reference"})

_SOURCE = "safeplan case file format (safeplan schema)"


def max_length(field: attrs.Attribute[object]) -> int:
    """The longest text a field may hold: ids and the reference are short, free text (the
    fields kept out of every ``repr``, as personal data) long, anything else in between."""
    if field.name in ID_FIELDS:
        return MAX_ID
    if field.repr is False:
        return MAX_TEXT
    return MAX_SHORT


def file_too_large() -> InvalidCaseError:
    mib = MAX_FILE_BYTES // (1024 * 1024)
    return InvalidCaseError(
        [
            Problem.refusal(
                "SP-FILE-TOO-LARGE",
                "$",
                f"The case file is larger than {mib} MiB, far more than any case needs, so it "
                "was not read. Check that it is the right file.",
                _SOURCE,
            )
        ]
    )


def _not_regular(mode: int) -> InvalidCaseError:
    what = kind_of(mode)
    return InvalidCaseError(
        [
            Problem.refusal(
                "SP-FILE-NOT-REGULAR",
                "$",
                f"This is {what}, not a case file, so it was not read. Only regular files "
                "are read as cases.",
                _SOURCE,
            )
        ]
    )


def _unreadable(err: OSError) -> InvalidCaseError:
    return InvalidCaseError(
        [
            Problem.refusal(
                "SP-FILE-UNREADABLE",
                "$",
                f"The file cannot be opened ({err.strerror or 'unreadable'}).",
                _SOURCE,
            )
        ]
    )


def read_case_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a case file: a regular file no larger than :data:`MAX_FILE_BYTES`.

    Raises:
        InvalidCaseError: ``SP-FILE-NOT-REGULAR`` (a folder, pipe, socket or device),
            ``SP-FILE-TOO-LARGE`` or ``SP-FILE-UNREADABLE``.
    """
    p = Path(path)
    try:
        before = os.stat(p)  # a socket cannot be opened at all: say what it is instead
    except OSError as err:
        raise _unreadable(err) from None
    if not stat.S_ISREG(before.st_mode):
        raise _not_regular(before.st_mode)
    # Without waiting: a file swapped for a pipe after the stat must not block the batch.
    try:
        fh = open_nonblocking(p)
    except OSError as err:
        raise _unreadable(err) from None
    with fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode)
        try:
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            raise _unreadable(err) from None
    if len(data) > MAX_FILE_BYTES:
        raise file_too_large()
    return data
