"""Where safeplan's own files live in the installed package: the built-in templates folder
(layouts, the reference DOCX, icons), the built-in profiles and the message catalogs; and which
version of a dependency is installed (the tables made from one are used only with it).

Every module that reads a packaged file asks here, so the answer is written once.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

__all__ = [
    "builtin_profiles",
    "builtin_reference",
    "builtin_templates",
    "installed_version",
    "locales",
    "package_root",
]


def installed_version(package: str) -> str | None:
    """The installed version of ``package`` (its import name is also its distribution's),
    read from its ``.dist-info`` folder's name without importing it: ``importlib.metadata``,
    or importing the package only to ask, would cost more than a table made from it saves."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    found = list(Path(spec.origin).parent.parent.glob(f"{package}-*.dist-info"))
    if len(found) != 1:
        return None
    return found[0].name[len(package) + 1 : -len(".dist-info")]


@functools.cache
def package_root() -> Path:
    """The installed ``safeplan`` package folder."""
    # This module's folder: importlib.resources would import tempfile, shutil, random, bz2
    # and lzma (about 8 ms a process) to say the same of a package installed as files.
    return Path(__file__).resolve().parent


def builtin_templates() -> Path:
    """The built-in layouts, ``reference.docx`` and ``icons/``: searched after a council's
    template folders."""
    return package_root() / "templates"


def builtin_reference() -> Path:
    """The built-in reference DOCX (styles, fonts, page size, header and footer)."""
    return builtin_templates() / "reference.docx"


def builtin_profiles() -> Path:
    """The built-in nation profiles (``england.yaml`` and so on)."""
    return package_root() / "profiles"


def locales() -> Path:
    """The message catalogs: ``messages.pot`` and ``<language>/LC_MESSAGES/messages.po``."""
    return package_root() / "locales"
