"""Template folders: how a layout, a reference DOCX and a picture are found.

How a layout name is found
==========================

The renderer searches the template folders it is given, first to last, then the built-in
layouts, and uses the first file with that name. A folder's ``agreement.xml.j2`` therefore
replaces the built-in one, and uses jinja inheritance to change only some blocks. Two names
reach past that search:

``safeplan/agreement.xml.j2``
    Always the built-in layout, whatever the folders hold.
``super/agreement.xml.j2``
    The same layout from the folders *after* the one this template lives in (else the built-in
    one). With ``--templates team --templates council``, team's layout extends
    ``super/agreement.xml.j2`` and gets council's, which extends the built-in one; neither needs
    to know where the other is installed.

A layout that extends its own name (``{% extends "agreement.xml.j2" %}`` inside
``agreement.xml.j2``) means the same as ``super/``: a template can never extend itself. So
``safeplan/`` and ``super/`` are reserved: a folder cannot hold subfolders with those names.

A folder is read only inside itself
===================================

Every layout (extended, included or imported), the reference DOCX and every picture a council
folder gives is used only when, every symbolic link resolved, it is a regular file inside that
folder, no larger than the limits allow. A link that leads out (to a host file, say) is refused
with a :class:`~safeplan.TemplateError` naming the file; it is never followed, so no copy can
carry what it points at. ``templates check`` reports such files before a batch runs.

Imports: _docx, _files, _errors, _resources.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from .._docx import PackageLimits, check_picture
from .._errors import TemplateError
from .._files import inside, kind_of, open_nonblocking
from .._resources import builtin_templates

__all__ = [
    "BUILTIN_PREFIX",
    "SUPER_PREFIX",
    "LayoutLoader",
    "folder_reference",
    "icon_files",
    "read_icons",
    "safe_file",
    "template_files",
]

BUILTIN_PREFIX = "safeplan/"

SUPER_PREFIX = "super/"


class LayoutLoader(jinja2.BaseLoader):
    """Template folders over the built-in layouts, with ``safeplan/`` and ``super/`` names.

    A template is known inside the loader by a *canonical* name that says which folder it came
    from (``@0/agreement.xml.j2`` for the first folder, ``safeplan/agreement.xml.j2`` for the
    built-in one), so that :meth:`join` can find the layout below any template.

    Args:
        folders: The caller's template folders, searched first to last.
        builtin: The folder of built-in layouts, searched last.
    """

    def __init__(
        self, folders: Sequence[Path], builtin: Path, *, max_file_bytes: int | None = None
    ) -> None:
        self.max_file_bytes = max_file_bytes
        self.layers: tuple[Path, ...] = (*folders, builtin)
        self._loaders = tuple(jinja2.FileSystemLoader(str(f)) for f in self.layers)
        self._found: dict[tuple[str, int], int | None] = {}

    @property
    def builtin(self) -> int:
        """The index of the built-in layouts among :attr:`layers`."""
        return len(self.layers) - 1

    def layer_of(self, name: str, start: int = 0) -> int | None:
        """The first layer at or after ``start`` holding ``name``; ``None`` if none does."""
        key = (name, start)
        if key not in self._found:
            # Remembered: a renderer's folders do not change while it runs (auto_reload is off).
            self._found[key] = next(
                (i for i in range(start, len(self.layers)) if self._has(i, name)), None
            )
        return self._found[key]

    def _has(self, layer: int, name: str) -> bool:
        try:
            pieces = split_template_path(name)
        except jinja2.TemplateNotFound:  # ".." in the name: never outside a folder
            return False
        return os.path.isfile(os.path.join(self.layers[layer], *pieces))

    def canonical(self, layer: int, name: str) -> str:
        """The name under which ``name`` from ``layer`` is loaded."""
        if layer == self.builtin:
            return BUILTIN_PREFIX + name
        return f"@{layer}/{name}"

    def resolve(self, name: str) -> tuple[int | None, str]:
        """Which layer a (plain or canonical) name loads from, and the name inside it."""
        if name.startswith(BUILTIN_PREFIX):
            return self.builtin, name[len(BUILTIN_PREFIX) :]
        if name.startswith("@"):
            index, _, rest = name[1:].partition("/")
            if index.isdigit() and int(index) < len(self.layers) and rest:
                return int(index), rest
            return None, name
        if name.startswith(SUPER_PREFIX):  # only meaningful inside a template: see join()
            return None, name
        return self.layer_of(name), name

    def join(self, template: str, parent: str) -> str:
        """The name ``template`` means when ``parent`` extends, includes or imports it."""
        layer, own = self.resolve(parent)
        if layer is None:
            return template
        if template.startswith(SUPER_PREFIX):
            wanted = template[len(SUPER_PREFIX) :]
        elif template == own:
            wanted = template  # a template never extends itself: the one below is meant
        else:
            return template
        below = self.layer_of(wanted, layer + 1)
        return SUPER_PREFIX + wanted if below is None else self.canonical(below, wanted)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        layer, name = self.resolve(template)
        if layer is None:
            raise jinja2.TemplateNotFound(template)
        if layer != self.builtin:
            # A council folder: never followed out of itself, never a pipe, never too large.
            with contextlib.suppress(jinja2.TemplateNotFound):
                path = Path(self.layers[layer], *split_template_path(name))
                if os.path.lexists(path):
                    safe_file(self.layers[layer], path, self.max_file_bytes, "layout")
        return self._loaders[layer].get_source(environment, name)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for layer, loader in enumerate(self._loaders):
            for name in loader.list_templates():
                names.add(name)
                if layer == self.builtin:
                    names.add(BUILTIN_PREFIX + name)
        return sorted(names)

    def files(self, layer: int) -> Iterator[tuple[str, Path]]:
        """Every layout file of one layer (``*.j2``), by name, in sorted order."""
        root = self.layers[layer]
        for name in sorted(self._loaders[layer].list_templates()):
            if name.endswith(".j2"):
                yield name, root.joinpath(*name.split("/"))


def safe_file(folder: Path, path: Path, max_bytes: int | None, what: str) -> None:
    """Check a file a council folder gives before it is read: inside the folder once every
    link is resolved, a regular file, and no larger than ``max_bytes``.

    Raises:
        TemplateError: Naming the file and what is wrong with it.
    """
    if not inside(folder, path):
        raise TemplateError(
            f"the {what} is a symbolic link that leads outside its template folder, so it is "
            "not read: a template folder is read only inside itself. Copy the file into the "
            "folder instead",
            template=str(path),
        )
    try:
        info = os.stat(path)
    except OSError as err:
        raise TemplateError(
            f"the {what} cannot be opened ({err.strerror or type(err).__name__})",
            template=str(path),
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise TemplateError(
            f"the {what} is {kind_of(info.st_mode)}, not a file", template=str(path)
        )
    if max_bytes is not None and info.st_size > max_bytes:
        raise TemplateError(
            f"the {what} is {info.st_size} bytes, more than the {max_bytes} allowed "
            "(limits.template_file_bytes in the council profile, if it really must be more)",
            template=str(path),
        )


def folder_reference(folders: Sequence[Path]) -> Path | None:
    """``reference.docx`` from the first template folder that has one.

    Raises:
        TemplateError: It leads outside its folder, or is a folder or a pipe, not a file.
    """
    for folder in folders:
        path = folder / "reference.docx"
        if os.path.lexists(path):
            safe_file(folder, path, None, "reference DOCX")
            return path
    return None


def icon_files(folders: Sequence[Path], *, strict: bool = True) -> dict[str, Path]:
    """Pictures by name (``phone`` for ``icons/phone.png``): the built-in ones, each replaced by
    the picture of the same name in a template folder (the first folder wins).

    Raises:
        TemplateError: A council's picture (or its ``icons`` folder) leads outside its template
            folder, or is not a file (a folder named ``phone.png``, say). With ``strict=False``
            such a picture is left out instead (``templates check`` reports it).
    """
    found: dict[str, Path] = {}
    builtin = builtin_templates()
    for folder in (builtin, *reversed(folders)):
        icons = folder / "icons"
        try:
            if folder != builtin and os.path.lexists(icons) and not inside(folder, icons):
                safe_file(folder, icons, None, "icons folder")
        except TemplateError:
            if strict:
                raise
            continue
        if icons.is_dir():
            for png in sorted(icons.glob("*.png")):
                try:
                    if folder != builtin:
                        safe_file(folder, png, None, "picture")
                except TemplateError:
                    if strict:
                        raise
                    continue
                found[png.stem] = png
    return found


def read_icons(folders: Sequence[Path], limits: PackageLimits) -> dict[str, bytes]:
    """Every picture by name, read and checked (a PNG within the limits that decodes).

    Raises:
        TemplateError: A picture breaks a rule of :func:`icon_files` or of
            :func:`~safeplan._docx.check_picture`; the message names the file.
    """
    out: dict[str, bytes] = {}
    builtin = builtin_templates() / "icons"
    for name, path in icon_files(folders).items():
        if path.parent == builtin:
            out[name] = path.read_bytes()  # shipped with the code, trusted like it
            continue
        try:
            with open_nonblocking(path) as fh:
                data = fh.read(limits.image_bytes + 1)
        except OSError as err:
            raise TemplateError(
                f"the picture cannot be opened ({err.strerror or type(err).__name__})",
                template=str(path),
            ) from None
        check_picture(data, str(path), limits)
        out[name] = data
    return out


def template_files(folders: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Every layout (``*.j2``) in the folders, in the order ``templates check`` reads them."""
    loader = LayoutLoader([Path(f) for f in folders], builtin_templates())
    return [path for layer in range(loader.builtin) for _, path in loader.files(layer)]
