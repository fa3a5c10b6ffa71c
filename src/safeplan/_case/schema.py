"""The JSON Schema (2020-12) of a case file, generated from the model so it cannot drift, and
the check of its limits at load.

The schema carries the limits of :mod:`.limits` (``maxLength`` on every text, ``maxItems`` on
every list); :func:`check_limits` walks a parsed case along the same schema, so what the schema
says is what loading refuses.

Imports: _problems.
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

from .._problems import Problem
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_ID, MAX_ITEMS, MAX_TEXT, max_length
from .model import Note, WrittenAgreement
from .translations import LANGUAGE_TAG, Translations

__all__ = ["check_limits", "json_schema"]

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
        if origin is Translations:
            return {
                "type": "object",
                "propertyNames": {"pattern": LANGUAGE_TAG.pattern, "maxLength": MAX_ID},
                "additionalProperties": self.type_schema(typing.get_args(t)[0]),
                "maxProperties": MAX_ITEMS,
            }
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
            text = {"type": "string", "maxLength": MAX_TEXT}
            return {"anyOf": [text, ref]} if t is Note else ref
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
            prop = _limited(self.type_schema(hints[f.name]), max_length(f))
            if f.name in docs:
                prop = {**prop, "description": docs[f.name]}
            elif f.name == "translations":
                prop = {**prop, "description": _TRANSLATIONS}
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


_TRANSLATIONS = (
    "This item's free text in other languages: for each language tag (cy, ur-GB), the "
    "translated fields. A copy in that language prints them, and the original only where a "
    "field has no translation."
)


def _limited(prop: dict[str, Any], length: int) -> dict[str, Any]:
    """``prop`` with the limits of its field: ``maxLength`` on text, ``maxItems`` on lists."""
    if "anyOf" in prop:
        return {**prop, "anyOf": [_limited(p, length) for p in prop["anyOf"]]}
    if prop.get("type") == "array":
        return {**prop, "maxItems": MAX_ITEMS, "items": _limited(prop["items"], length)}
    if prop.get("type") == "string" and "format" not in prop and "maxLength" not in prop:
        return {**prop, "maxLength": length}
    return prop


@functools.cache
def _schema() -> dict[str, Any]:
    b = _Builder()
    b.define(WrittenAgreement)
    root = dict(b.defs.pop(WrittenAgreement.__name__))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "safeplan case file",
        "$comment": (
            f"Besides maxLength and maxItems: a case file is at most {MAX_FILE_BYTES} bytes "
            f"and nests mappings and lists at most {MAX_DEPTH} deep."
        ),
        **root,
        "$defs": dict(sorted(b.defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file. A fresh copy each call."""
    return copy.deepcopy(_schema())


# --- limits at load ---------------------------------------------------------------------------

_SOURCE = "safeplan case file format (safeplan schema)"
_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "array": list,
    "object": dict,
    "null": type(None),
    "boolean": bool,
    "integer": int,
}


def _branch(schema: dict[str, Any] | None, value: object) -> dict[str, Any] | None:
    """The part of ``schema`` that describes ``value``: ``$ref`` followed, and of ``anyOf``
    the branch of the value's type."""
    defs = _schema()["$defs"]
    while schema is not None:
        if "$ref" in schema:
            schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in schema:
            schema = next((b for b in schema["anyOf"] if _matches(b, value)), None)
        else:
            return schema
    return None


def _matches(branch: dict[str, Any], value: object) -> bool:
    if "$ref" in branch or "anyOf" in branch:
        return isinstance(value, dict)
    kind = _TYPES.get(branch.get("type", ""))
    return kind is not None and isinstance(value, kind)


class _Node:
    """The schema's limits for one place in a case, compiled for a quick walk."""

    __slots__ = ("branches", "extra", "items", "max_items", "max_length", "props")

    def __init__(self) -> None:
        self.max_length: int | None = None
        self.max_items: int | None = None
        self.items: _Node | None = None
        self.props: dict[str, _Node] | None = None
        self.extra: _Node | None = None  # the values of a mapping keyed by anything
        self.branches: list[tuple[type | tuple[type, ...], _Node]] | None = None


def _compile(schema: dict[str, Any], defs: dict[str, Any], done: dict[str, _Node]) -> _Node:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in done:
            done[name] = _Node()  # placed first: a definition may refer to itself
            compiled = _compile(defs[name], defs, done)
            for slot in _Node.__slots__:
                setattr(done[name], slot, getattr(compiled, slot))
        return done[name]
    node = _Node()
    if "anyOf" in schema:
        node.branches = [
            (
                dict if ("$ref" in b or "anyOf" in b) else _TYPES.get(b.get("type", ""), ()),
                _compile(b, defs, done),
            )
            for b in schema["anyOf"]
        ]
    node.max_length = schema.get("maxLength")
    node.max_items = schema.get("maxItems")
    if "items" in schema:
        node.items = _compile(schema["items"], defs, done)
    if "properties" in schema:
        node.props = {k: _compile(v, defs, done) for k, v in schema["properties"].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        node.extra = _compile(schema["additionalProperties"], defs, done)
    node.max_items = node.max_items or schema.get("maxProperties")
    return node


def _kind(branch: dict[str, Any]) -> type | tuple[type, ...]:
    """The Python type of values an ``anyOf`` branch describes (``()``: none)."""
    if "$ref" in branch or "anyOf" in branch:
        return dict
    return _TYPES.get(branch.get("type", ""), ())


@functools.cache
def _root_node() -> _Node:
    schema = _schema()
    return _compile(schema, schema["$defs"], {})


def _within(value: object, node: _Node | None, depth: int) -> bool:
    """Whether ``value`` keeps every limit (quick: no paths). Recursion is bounded by the
    depth limit, so a deep file cannot exhaust the stack."""
    if depth > MAX_DEPTH:
        return False
    while node is not None and node.branches is not None:
        node = next((n for kind, n in node.branches if isinstance(value, kind)), None)
    if isinstance(value, str):
        limit = node.max_length if node is not None else None
        return limit is None or len(value) <= limit
    if isinstance(value, list):
        if node is not None and node.max_items is not None and len(value) > node.max_items:
            return False
        items = node.items if node is not None else None
        for item in value:  # noqa: SIM110  # a loop: all() over a generator is slower here
            if not _within(item, items, depth + 1):
                return False
        return True
    if isinstance(value, dict):
        props = node.props if node is not None else None
        extra = node.extra if node is not None else None
        if extra is not None:
            if node is not None and node.max_items is not None and len(value) > node.max_items:
                return False
            return all(_within(item, extra, depth + 1) for item in value.values())
        for key, item in value.items():
            if not _within(item, props.get(key) if props is not None else None, depth + 1):
                return False
    return True


def check_limits(data: object) -> list[Problem]:
    """Every place a parsed case breaks the schema's limits: text too long, a list too long,
    nesting too deep. A quick walk first; only a case that breaks a limit is walked again, to
    say where (without recursion: a hostile file may nest deeply)."""
    if _within(data, _root_node(), 0):
        return []
    problems: list[Problem] = []
    stack: list[tuple[object, dict[str, Any] | None, str, int]] = [(data, _schema(), "$", 0)]
    too_deep = False
    while stack:
        value, schema, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            if not too_deep:  # once: the rest of a deep pile says nothing new
                too_deep = True
                problems.append(
                    Problem.refusal(
                        "SP-FILE-TOO-DEEP",
                        path,
                        f"Lists and sets of fields are nested more than {MAX_DEPTH} deep here; "
                        "a case file never needs that. Check that it is the right file.",
                        _SOURCE,
                    )
                )
            continue
        part = _branch(schema, value)
        if isinstance(value, str):
            limit = part.get("maxLength") if part else None
            if limit is not None and len(value) > limit:
                problems.append(_too_long(path, limit))
        elif isinstance(value, list):
            limit = part.get("maxItems") if part else None
            if limit is not None and len(value) > limit:
                problems.append(
                    Problem.refusal(
                        "SP-FILE-TOO-MANY",
                        path,
                        f"This list has more than {limit} entries, the most a case file may "
                        "hold in one list.",
                        _SOURCE,
                    )
                )
            items = part.get("items") if part else None
            for i in reversed(range(min(len(value), limit or len(value)))):
                stack.append((value[i], items, f"{path}[{i}]", depth + 1))
        elif (
            isinstance(value, dict) and part and isinstance(part.get("additionalProperties"), dict)
        ):
            # translations: any language tag, each holding the item's translated fields.
            extra = part["additionalProperties"]
            for key in reversed(list(value)):
                known = isinstance(key, str) and LANGUAGE_TAG.match(key) is not None
                inner = f"{path}.{key}" if known else path
                stack.append((value[key], extra, inner, depth + 1))
        elif isinstance(value, dict):
            props = part.get("properties", {}) if part else {}
            for key in reversed(list(value)):
                # An unknown key is reported when the case is read; its value is still
                # walked for depth, under the path of the mapping holding it.
                known = isinstance(key, str) and key in props
                inner = f"{path}.{key}" if known else path
                stack.append((value[key], props.get(key) if known else None, inner, depth + 1))
    return problems


def _too_long(path: str, limit: int) -> Problem:
    if limit == MAX_ID:
        what = "an id or reference, which names files and folders"
    elif limit == MAX_TEXT:
        what = "a piece of free text"
    else:
        what = "this field"
    return Problem.refusal(
        "SP-FILE-TOO-LONG",
        path,
        f"This text is longer than {limit} characters, the most for {what}. Shorten it.",
        _SOURCE,
    )
