"""The OPC package: namespaces, relationship types, relationships parts and zip writing.

Zip members are written by hand with fixed timestamps (1980-01-01) and a fixed order, so the same
parts always give the same bytes; static members are deflated once (by :mod:`.reference`) and a
document only deflates what changed.

Imports: nothing of safeplan but this room's text.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import Final, NamedTuple

from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

from .text import escape

__all__ = [
    "BEST",
    "CT_NS",
    "DECL",
    "FAST",
    "PIC",
    "PKG_REL",
    "RT",
    "R_NS",
    "WML",
    "WP",
    "A",
    "Entry",
    "Rel",
    "W",
    "read_rels",
    "rel_xml",
    "rels_part",
    "rels_part_name",
    "w_tag",
    "zip_entry",
    "zip_package",
]

# --------------------------------------------------------------------------------------------

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC: Final = "http://schemas.openxmlformats.org/drawingml/2006/picture"
PKG_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
RT: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WML: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DECL: Final = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def w_tag(local: str) -> str:
    return f"{{{W}}}{local}"


# --- zip writing --------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------

_DOS_DATE: Final = (0 << 9) | (1 << 5) | 1  # 1980-01-01
# Per-document parts are deflated fast (level 1 costs a quarter of level 6 for a few per cent
# more bytes); static parts are deflated once, so they get the best level.
FAST: Final = 1
BEST: Final = 9
_STORE_BELOW: Final = 2048


class Entry(NamedTuple):
    """One zip member, ready to write: local header plus data, and the central record prefix."""

    name: bytes
    local: bytes
    central: bytes


def zip_entry(name: str, data: bytes, *, deflate: bool = True, level: int = FAST) -> Entry:
    crc = zlib.crc32(data)
    method = 0
    payload = data
    # Setting up deflate for a small part costs more than the bytes it saves.
    if deflate and (level == BEST or len(data) > _STORE_BELOW):
        packed = zlib.compress(data, level, -15)
        if len(packed) < len(data):
            method, payload = 8, packed
    raw = name.encode("utf-8")
    local = (
        struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50, 20, 0, method, 0, _DOS_DATE, crc, len(payload), len(data), len(raw), 0,
        )
        + raw
        + payload
    )  # fmt: skip
    central = struct.pack(
        "<IHHHHHHIIIHHHHHI",
        0x02014B50, 20, 20, 0, method, 0, _DOS_DATE, crc, len(payload), len(data), len(raw),
        0, 0, 0, 0, 0,
    )  # fmt: skip
    return Entry(raw, local, central)


def zip_package(entries: Iterable[Entry]) -> bytes:
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for e in entries:
        chunks.append(e.local)
        central.append(e.central + struct.pack("<I", offset) + e.name)
        offset += len(e.local)
        count += 1
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), offset, 0)
    chunks.append(directory)
    chunks.append(end)
    return b"".join(chunks)


# --- relationships ------------------------------------------------------------------------


def rels_part_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


class Rel(NamedTuple):
    id: str
    type: str
    target: str  # part name for internal targets, the URI as given for external ones
    external: bool


def read_rels(zf: zipfile.ZipFile, part: str, names: set[str]) -> list[Rel]:
    rels_name = rels_part_name(part)
    if rels_name not in names:
        return []
    root = etree.fromstring(zf.read(rels_name))
    base = posixpath.dirname(part)
    out = []
    for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            )
        out.append(Rel(rel.get("Id", ""), rel.get("Type", ""), target, external))
    return out


def rel_xml(rid: str, rtype: str, target: str, *, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return (
        f'<Relationship Id="{escape(rid)}" Type="{escape(rtype)}" Target="{escape(target)}"{mode}/>'
    )


def rels_part(items: Iterable[str]) -> str:
    return f'{DECL}<Relationships xmlns="{PKG_REL}">{"".join(items)}</Relationships>'
