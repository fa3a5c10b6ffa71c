"""The built-in layouts, compiled once per machine and kept between processes.

Compiling the built-in layouts costs about 0.1 s a process (jinja parses them and generates
Python), the largest single part of a ``safeplan check`` of one case. jinja's bytecode cache
keeps the compiled code in a folder; :class:`CompiledLayouts` keys each entry on everything the
compiled code depends on besides the layout's own text (which jinja checks itself): the jinja
and Python versions, the code of the environment that compiles it (its code generator and the
extension that translates fixed strings when a layout is compiled), the environment's kind, and
the language and its catalog, since the fixed strings are translated into the compiled code.

Only the built-in layouts are kept: a council's layouts are compiled in each process, so their
compile-time checks run every time. The folder is ``$SAFEPLAN_CACHE_DIR`` (empty: keep none),
else ``$XDG_CACHE_HOME/safeplan`` or ``~/.cache/safeplan``, with ``layouts/`` inside. It is used
only when it is this user's own and no one else may write to it (the entries are code this
process will run); anything that cannot be read or written there is compiled as before.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

__all__ = ["CompiledLayouts", "cache_folder", "compiled_layouts"]

# The modules whose code shapes what a layout compiles to.
_COMPILERS = ("environment.py", "limits.py", "compiled.py")


def cache_folder() -> Path | None:
    """Where compiled layouts are kept, or ``None`` (turned off, or no safe folder)."""
    configured = os.environ.get("SAFEPLAN_CACHE_DIR")
    if configured == "":
        return None
    try:
        if configured:
            base = Path(configured)
        else:
            xdg = os.environ.get("XDG_CACHE_HOME")
            base = (Path(xdg) if xdg else Path.home() / ".cache") / "safeplan"
        folder = base / "layouts"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return folder


def _catalog_digest(translations: gettext.NullTranslations) -> str:
    messages = getattr(translations, "_catalog", None)
    if not messages:
        return "none"
    h = hashlib.sha256()
    for key, value in sorted(messages.items(), key=repr):
        h.update(repr((key, value)).encode("utf-8"))
    return h.hexdigest()


def _compilers_digest() -> str:
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in _COMPILERS:
        h.update(name.encode())
        h.update((here / name).read_bytes())
    return h.hexdigest()


class CompiledLayouts(jinja2.BytecodeCache):
    """jinja's bytecode cache in a folder, keyed as the module's docs say."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        self.salt = salt

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        text = f"{self.salt}\0{name}\0{filename}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self.folder / f"{bucket.key}.layout", "rb") as fh:
                bucket.load_bytecode(fh)
        except OSError:
            bucket.reset()
        except Exception:  # a damaged entry: compiled again, and replaced
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                bucket.write_bytecode(fh)
            os.replace(tmp, self.folder / f"{bucket.key}.layout")
            tmp = None
        except OSError:
            pass  # kept for next time only if it can be; this process has its compiled code
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def compiled_layouts(
    kind: type[Any], language: str, translations: gettext.NullTranslations
) -> CompiledLayouts | None:
    """The cache for one environment of the built-in layouts, or ``None`` when none is kept."""
    folder = cache_folder()
    if folder is None:
        return None
    salt = "\0".join(
        (
            "safeplan-layouts-1",
            jinja2.__version__,
            sys.version,
            f"{kind.__module__}.{kind.__qualname__}",
            language,
            _catalog_digest(translations),
            _compilers_digest(),
        )
    )
    return CompiledLayouts(folder, salt)
