"""What ``templates check`` finds in the files of a council's folder, before a batch meets them.

A template folder is read only inside itself, and only its regular files, within the limits
(``_layout/folders.py`` refuses anything else when rendering). This check lists every file the
renderer would refuse, with its path: a symbolic link that leads outside the folder (an error:
what it points at would reach every copy), one that stays inside (a warning: copying or zipping
the folder may lose it), a named pipe, socket or device, a layout or profile larger than the
limit, and a picture in ``icons/`` that is not a PNG within the limits that decodes.

Imports: _docx, _files, _errors, _problems.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Protocol

from .._docx import PackageLimits, check_picture
from .._errors import TemplateError
from .._files import inside, kind_of, open_nonblocking
from .._problems import Problem

__all__ = ["check_folder_files"]

_SOURCE = "safeplan templates check: a template folder is read only inside itself"
_SIZED = (".j2", ".yaml", ".yml")


class _Limits(PackageLimits, Protocol):
    @property
    def template_file_bytes(self) -> int: ...


def check_folder_files(folder: Path, limits: _Limits) -> list[Problem]:
    """Every file in ``folder`` the renderer would refuse or that may not survive a copy."""
    out: list[Problem] = []
    for dirpath, dirs, files in os.walk(folder):  # never follows a link to a folder
        dirs.sort()
        for name in sorted([*dirs, *files]):
            path = Path(dirpath) / name
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                out.append(_link(folder, path))
            elif stat.S_ISDIR(info.st_mode):
                continue
            elif not stat.S_ISREG(info.st_mode):
                out.append(
                    Problem.refusal(
                        "SP-TEMPLATE-SPECIAL-FILE",
                        str(path),
                        f"this is {kind_of(info.st_mode)}, not a file: safeplan reads only "
                        "regular files in a template folder. Remove it",
                        _SOURCE,
                    )
                )
            elif name.endswith(_SIZED) and info.st_size > limits.template_file_bytes:
                out.append(
                    Problem.refusal(
                        "SP-TEMPLATE-TOO-LARGE",
                        str(path),
                        f"the file is {info.st_size} bytes, more than the "
                        f"{limits.template_file_bytes} allowed for a layout or profile "
                        "(limits.template_file_bytes in the council profile, if it really must "
                        "be more)",
                        _SOURCE,
                    )
                )
    out.extend(_pictures(folder, limits))
    return out


def _link(folder: Path, path: Path) -> Problem:
    if not inside(folder, path):
        return Problem.refusal(
            "SP-TEMPLATE-SYMLINK",
            str(path),
            "a symbolic link that leads outside the template folder: safeplan refuses to read "
            "it, since whatever it points at would reach every copy. Copy the file into the "
            "folder instead",
            _SOURCE,
        )
    return Problem.warning(
        "SP-TEMPLATE-SYMLINK",
        str(path),
        "a symbolic link: it stays inside the folder, so it works, but copying or zipping the "
        "folder may lose it. Consider a copy of the file instead",
        _SOURCE,
    )


def _pictures(folder: Path, limits: PackageLimits) -> list[Problem]:
    icons = folder / "icons"
    if not icons.is_dir() or not inside(folder, icons):
        return []
    out = []
    for path in sorted(icons.glob("*.png")):
        if not inside(folder, path) or (path.is_symlink() and not path.exists()):
            continue  # reported as a link
        try:
            info = os.stat(path)
            if stat.S_ISDIR(info.st_mode):
                raise TemplateError(
                    "this is a folder where a picture should be: remove it, or put the "
                    "picture here instead",
                    template=str(path),
                )
            if not stat.S_ISREG(info.st_mode):
                continue  # reported as a special file
            with open_nonblocking(path) as fh:
                data = fh.read(limits.image_bytes + 1)
            check_picture(data, str(path), limits)
        except TemplateError as err:
            message = str(err).removeprefix(f"{path}: ")
            out.append(Problem.refusal("SP-TEMPLATE-PICTURE", str(path), message, _SOURCE))
        except OSError:
            continue
    return out
