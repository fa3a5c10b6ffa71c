"""The JSON Schema (2020-12) of a case file, generated from the model so it cannot drift.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import inspect
import re
import types
import typing
from typing import Any

import attrs

from .model import Note, WrittenAgreement

__all__ = ["json_schema"]

SCHEMA_ID = "https://safeplan.invalid/schema/case-file.json"


def _field_docs(cls: type) -> dict[str, str]:
    """Descriptions of fields from the class docstring's ``Attributes:`` section."""
    doc = inspect.getdoc(cls) or ""
    out: dict[str, str] = {}
    if "Attributes:" not in doc:
        return out
    section = doc.split("Attributes:", 1)[1]
    current: str | None = None
    for line in section.splitlines():
        m = re.match(r"^\s{4}(\w+):\s*(.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current and line.startswith("        "):
            out[current] += " " + line.strip()
        elif line.strip() and not line.startswith(" "):
            break
    return out


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def type_schema(self, t: Any) -> dict[str, Any]:
        origin = typing.get_origin(t)
        if origin in (types.UnionType, typing.Union):
            args = [a for a in typing.get_args(t) if a is not type(None)]
            inner = (
                self.type_schema(args[0])
                if len(args) == 1
                else {"anyOf": [self.type_schema(a) for a in args]}
            )
            return {"anyOf": [inner, {"type": "null"}]}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(typing.get_args(t)[0])}
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is dt.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"enum": [m.value for m in t]}
        if attrs.has(t):
            self.define(t)
            ref = {"$ref": f"#/$defs/{t.__name__}"}
            # A note may also be written as its text alone.
            return {"anyOf": [{"type": "string"}, ref]} if t is Note else ref
        raise TypeError(f"no schema for {t!r}")  # a model change the schema must learn

    def define(self, cls: type) -> None:
        name = cls.__name__
        if name in self.defs:
            return
        self.defs[name] = {}  # placeholder against recursion
        hints = typing.get_type_hints(cls)
        docs = _field_docs(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        for f in attrs.fields(cls):
            if not f.init:
                continue
            prop = self.type_schema(hints[f.name])
            if f.name in docs:
                prop = {**prop, "description": docs[f.name]}
            props[f.name] = prop
            if f.default is attrs.NOTHING:
                required.append(f.name)
        schema: dict[str, Any] = {
            "type": "object",
            "description": _summary(cls),
            "properties": props,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        self.defs[name] = schema


@functools.cache
def _schema() -> dict[str, Any]:
    b = _Builder()
    b.define(WrittenAgreement)
    root = dict(b.defs.pop(WrittenAgreement.__name__))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "safeplan case file",
        **root,
        "$defs": dict(sorted(b.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file. A fresh copy each call."""
    return copy.deepcopy(_schema())
