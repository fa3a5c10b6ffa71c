"""The example cases the service offers (``GET /v1/examples``): invented cases a newcomer opens
first, from folders named at start or the bundled ones.

An example's name is its path in its folder without the suffix (``green-reid-england``,
``refused/victim-polices``); only names this module listed are ever read, so a request can
never name another file. Its title is the first sentence of the comment that opens it.

Imports: _resources (where the bundled examples are).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import attrs

from safeplan._resources import package_root

__all__ = ["Example", "bundled_examples", "find_examples"]

_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_MAX_BYTES = 4 * 1024 * 1024
_FIRST_SENTENCE = re.compile(r"^(.*?[.!?])(?:\s|$)")


@attrs.frozen(kw_only=True)
class Example:
    """One example case file.

    Attributes:
        name: Its path in its folder, without the suffix, ``/`` between folders.
        title: The first sentence of its opening comment (or its name).
        format: ``yaml`` or ``json``.
        path: The file.
    """

    name: str
    title: str
    format: str
    path: Path = attrs.field(repr=False)

    def read(self) -> bytes:
        """The file's bytes."""
        return self.path.read_bytes()

    def to_dict(self) -> dict[str, str]:
        """The example as listed by ``GET /v1/examples`` (never the file's place on disk)."""
        return {"name": self.name, "title": self.title, "format": self.format}


def bundled_examples() -> Path | None:
    """The examples that come with safeplan: inside the installed package (a wheel carries
    them), else ``examples/`` beside ``src/`` in a source checkout; ``None`` when neither."""
    root = package_root()
    for candidate in (root / "examples", root.parent.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return None


def _title(path: Path, name: str) -> str:
    lines: list[str] = []
    try:
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    break
                lines.append(line.lstrip("#").strip())
    except (OSError, UnicodeDecodeError):
        return name
    text = " ".join(lines).strip()
    m = _FIRST_SENTENCE.match(text)
    title = (m.group(1) if m else text) or name
    return title if len(title) <= 160 else title[:157].rstrip() + "..."


def _linked(folder: Path, rel: Path) -> bool:
    step = folder
    for part in rel.parts:
        step = step / part
        if step.is_symlink():
            return True
    return False


def find_examples(folders: Sequence[Path]) -> tuple[Example, ...]:
    """Every case file (``.yaml``, ``.yml``, ``.json``) in ``folders`` and their subfolders,
    sorted by name; a name found in an earlier folder wins. Symbolic links, hidden files and
    files over 4 MiB are left out."""
    found: dict[str, Example] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if (
                path.suffix not in _SUFFIXES
                or any(part.startswith(".") for part in rel.parts)
                or _linked(folder, rel)
                or not path.is_file()
                or path.stat().st_size > _MAX_BYTES
            ):
                continue
            name = rel.with_suffix("").as_posix()
            if name not in found:
                found[name] = Example(
                    name=name,
                    title=_title(path, name),
                    format=_SUFFIXES[path.suffix],
                    path=path,
                )
    return tuple(sorted(found.values(), key=lambda e: (e.name.count("/"), e.name)))
