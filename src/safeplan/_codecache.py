"""The code attrs and cattrs generate for safeplan's classes, compiled once per machine.

attrs writes the methods of every class (``__init__``, ``__eq__``, ``__hash__`` ...) as Python
source and compiles it when the class is made; cattrs does the same for the function that
structures a class, on its first use. For safeplan's ~150 classes that is about 60 ms of
``compile`` in each process, the largest part of a ``safeplan check`` of one case after the
imports themselves. Neither library offers a cache, but both call the built-in ``compile`` by
name from one module (``attr._make``, ``cattrs.gen``): :func:`install` gives those modules a
``compile`` that looks the source up first.

Compiling is a pure function of the source text, the file name, the mode, the compiler flags
(the ``__future__`` features the caller passes on) and the optimisation level, so an entry is
keyed on exactly those, the source in full: a class whose generated source changed in any way
(a new field, another attrs) is a new key and is compiled. One part of attrs' source changes
from process to process: ``__hash__`` starts from a number made from the class's name with
Python's randomised string hash. It is kept as a placeholder (:data:`_PLACEHOLDER`) and this
process's number put in its place in the code on every use, which gives the code ``compile``
would, but for where the line table says the number ends on its line (the placeholder's
width, not the number's): that is the position of the one instruction that loads it, which
cannot fail, so no traceback ever shows it. ``tests/test_codecache.py`` compares the code with
``compile``'s for every class, under several hash seeds. Only the code generated for
safeplan's own classes is kept (its file name names a ``safeplan.`` module); any other call is
passed to ``compile`` untouched. Nothing in an entry comes from a case: the sources are made
from the classes' definitions only.

The entries are kept in one file per Python version (``code/<tag>-<version>.marshal``) in the
folder the compiled layouts use: ``$SAFEPLAN_CACHE_DIR`` (empty: keep none), else
``$XDG_CACHE_HOME/safeplan`` or ``~/.cache/safeplan``, used only when it is this user's own and
no one else may write to it (the entries are code this process will run). The file is read on
the first compile and written once at exit when something new was compiled (atomically; at
most :data:`MAX_ENTRIES` entries: those this process used first). A file that cannot be read is
ignored and replaced.

Imports: nothing of safeplan.
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import contextlib
import importlib.machinery
import marshal
import os
import re
import stat
import sys
import threading
import types
from typing import Any

__all__ = ["MAX_ENTRIES", "cache_file", "install", "install_on_import"]

#: The most entries kept in the file (safeplan has about 130 generated sources).
MAX_ENTRIES = 1000

_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
# The generated files' names: "<attrs generated methods safeplan._case.model.Person>",
# "<cattrs generated structure safeplan._case.model.Person>".
_PREFIXES = ("<attrs generated ", "<cattrs generated ")

_Key = tuple[str, str, str, int, int]

# attrs' __hash__: ``return hash((\n        <the class's number>,\n  self.a, ...``.
_SALT = re.compile(r"hash\(\(\n[ ]*(-?[0-9]+),\n")
# In place of the number in a kept entry: a constant no generated method holds.
_PLACEHOLDER = 7_777_777_777_777_777_777

_lock = threading.Lock()
_entries: dict[_Key, types.CodeType] | None = None  # read from the file on first use
_used: dict[_Key, types.CodeType] = {}  # what this process looked up, in order
_added = False  # something was compiled that the file did not hold


def cache_file() -> str | None:
    """The file the compiled code is kept in, or ``None`` (turned off, or no safe folder)."""
    configured = os.environ.get("SAFEPLAN_CACHE_DIR")
    if configured == "":
        return None
    try:
        if configured:
            base = configured
        else:
            home = os.path.expanduser("~")
            if home.startswith("~"):  # no home folder
                return None
            xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
            base = os.path.join(xdg, "safeplan")
        folder = os.path.join(base, "code")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    tag = sys.implementation.cache_tag or sys.implementation.name
    return os.path.join(folder, f"{tag}-{sys.hexversion:x}.marshal")


def _read(path: str | None) -> dict[_Key, types.CodeType]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return {}
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return {}
            data = marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: code
        for key, code in data.items()
        if isinstance(key, tuple) and len(key) == 5 and isinstance(code, types.CodeType)
    }


def _write(path: str) -> None:
    """Keep this process's entries first, then the file's others, up to the limit."""
    with _lock:
        merged = dict(_used)
        for key, code in (_entries or {}).items():
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, code)
        data = marshal.dumps(dict(list(merged.items())[:MAX_ENTRIES]))
    import tempfile  # only at exit, and only when something was compiled

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # kept for next time only if it can be
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _ours(filename: object) -> bool:
    return isinstance(filename, str) and filename.startswith(_PREFIXES) and " safeplan." in filename


def _compile(
    source: Any,
    filename: Any,
    mode: Any,
    flags: int = 0,
    dont_inherit: bool = False,
    optimize: int = -1,
    **more: Any,
) -> Any:
    """``compile``, with safeplan's generated sources looked up first. The caller's
    ``__future__`` features are passed on as ``compile`` itself would take them."""
    if not dont_inherit:
        flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
    if more or not isinstance(source, str) or mode != "exec" or not _ours(filename):
        return builtins.compile(source, filename, mode, flags, True, optimize, **more)
    global _entries, _added
    salt = None
    found = _SALT.search(source)
    if found is not None and str(_PLACEHOLDER) not in source:
        salt = int(found.group(1))
        source = f"{source[: found.start(1)]}{_PLACEHOLDER}{source[found.end(1) :]}"
    level = sys.flags.optimize if optimize == -1 else optimize
    key: _Key = (source, filename, mode, flags, level)
    with _lock:
        if _entries is None:
            _entries = _read(cache_file())
        code = _entries.get(key)
    if code is None:
        code = builtins.compile(source, filename, mode, flags, True, optimize)
        with _lock:
            if not _added:
                path = cache_file()
                if path is not None:
                    atexit.register(_write, path)
            _added = True
    with _lock:
        _used.setdefault(key, code)
    return code if salt is None else _with_salt(code, salt)


def _with_salt(code: types.CodeType, salt: int) -> types.CodeType:
    """The code with the placeholder constant replaced by this process's number, in it and
    in the code of every function it defines."""
    consts = tuple(
        salt
        if type(c) is int and c == _PLACEHOLDER
        else _with_salt(c, salt)
        if isinstance(c, types.CodeType)
        else c
        for c in code.co_consts
    )
    return code if consts == code.co_consts else code.replace(co_consts=consts)


def install(*modules: types.ModuleType) -> None:
    """Give each module (``attr._make``, ``cattrs.gen``) the caching ``compile``."""
    for module in modules:
        module.compile = _compile  # type: ignore[attr-defined]


def install_on_import(name: str) -> None:
    """:func:`install` into module ``name`` (``attr._make``) now if it is loaded, else as soon
    as it is: ``import safeplan`` need not import attrs itself for the hook to be in place
    before the first of the package's classes is made."""
    if name in sys.modules:
        install(sys.modules[name])
    elif not any(isinstance(f, _InstallOnImport) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _InstallOnImport(name))


class _InstallOnImport:
    """A finder first in ``sys.meta_path`` until one module is imported: it finds the module
    as the path finder would, and installs the hook when the module has run. Anything it
    cannot follow (a module found by another finder) is left to the import system, unhooked."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != self.name:
            return None
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        loader: Any = getattr(spec, "loader", None)
        if spec is None or not hasattr(loader, "exec_module"):
            return None
        run = loader.exec_module

        def exec_module(module: types.ModuleType) -> None:
            run(module)
            install(module)

        loader.exec_module = exec_module
        return spec
