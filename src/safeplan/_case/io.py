"""Reading and writing case files (JSON, YAML, plain dicts) through cattrs.

Structuring is strict: an unknown key, a number where text belongs (``phone: 07700900123`` in
YAML loses its leading zero), ``"yes"`` for a true/false field or a date in the wrong shape is an
error with a path, never a silent guess. Every structural problem is collected into one
:class:`InvalidCaseError`; a case that reads cleanly then meets the safety rules, which raise
:class:`RefusedError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import os
import re
import types
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .._errors import InvalidCaseError, ProblemsError, RefusedError
from .._problems import Problem
from .model import WrittenAgreement

__all__ = ["Format", "dump", "dumps", "from_dict", "load", "loads", "validate"]

Format = Literal["json", "yaml"]
T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SOURCE = "safeplan case file format (safeplan schema)"


class _ShapeError(ValueError):
    """A value of the wrong shape. The message describes the rule, never the value."""

    code = "SP-FILE-TYPE"


def _describe(value: object) -> str:
    # Names the kind of value found, never the value itself.
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a set of fields"
    if isinstance(value, dt.date):
        return "a date"
    return "something else"


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        hint = " Put it in quotes." if isinstance(value, int | float) else ""
        raise _ShapeError(f"Must be text, but is {_describe(value)}.{hint}")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ShapeError(f"Must be a whole number, but is {_describe(value)}.")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError(f"Must be true or false, but is {_describe(value)}.")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        raise _ShapeError("Must be a date (YYYY-MM-DD) without a time.")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _ShapeError("Must be a real date in the form YYYY-MM-DD.") from None
    raise _ShapeError(f"Must be a date in the form YYYY-MM-DD, but is {_describe(value)}.")


def _structure_enum(value: object, cls: type[enum.Enum]) -> enum.Enum:
    if isinstance(value, str):
        # The member cls(value) returns first looks up (the enum's own value table).
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member
        try:
            return cls(value)
        except ValueError:
            pass
    allowed = ", ".join(str(m.value) for m in cls)
    raise _ShapeError(f"Must be one of: {allowed}.")


def _tuple_hook(
    converter: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], tuple[Any, ...]]]:
    def factory(cl: type) -> Callable[[object, type], tuple[Any, ...]]:
        inner = get_args(cl)[0]
        hooks: list[Callable[[Any, Any], Any]] = []  # the item hook, found on first use

        def structure(value: object, _: type) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _ShapeError(f"Must be a list, but is {_describe(value)}.")
            if not hooks:
                # What converter.structure(item, inner) would dispatch to, every time.
                hooks.append(converter.get_structure_hook(inner))
            hook = hooks[0]
            items: list[Any] = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    items.append(hook(item, inner))
                except Exception as err:  # collected, re-raised as a group with the index
                    err.__notes__ = [*getattr(err, "__notes__", []), _IndexNote(i)]
                    errors.append(err)
            if errors:
                raise IterableValidationError("list items", errors, cl)
            return tuple(items)

        return structure

    return factory


class _IndexNote(str):
    """Which list item an error came from (a note, as cattrs adds to its own errors)."""

    item_index: int

    def __new__(cls, index: int) -> _IndexNote:
        note = super().__new__(cls, f"Structuring item @ index {index}")
        note.item_index = index
        return note


def _is_tuple(cl: Any) -> bool:
    return get_origin(cl) is tuple


def _is_optional(cl: Any) -> bool:
    # ``X | None`` (or ``Optional[X]``), as cattrs tells them apart.
    args = get_args(cl)
    return (
        get_origin(cl) in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args
    )


def _optional_hook(
    converter: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], Any]]:
    """cattrs' own handling of ``X | None`` (None stays None, else X's hook), with X's hook
    found once instead of on every value."""

    def factory(cl: type) -> Callable[[object, type], Any]:
        first, second = get_args(cl)
        other = first if second is type(None) else second
        hooks: list[Callable[[Any, Any], Any]] = []

        def structure(value: object, _: type) -> Any:
            if value is None:
                return None
            if not hooks:
                hooks.append(converter.get_structure_hook(other))
            return hooks[0](value, other)

        return structure

    return factory


def _class_hook(
    converter: cattrs.Converter, base: Callable[[type], Callable[[Any, type], Any]]
) -> Callable[[type], Callable[[Any, type], Any]]:
    def factory(cl: type) -> Callable[[Any, type], Any]:
        inner = base(cl)

        def structure(value: Any, t: type) -> Any:
            if type(value) is not dict and not isinstance(value, Mapping):
                raise _ShapeError(f"Must be a set of fields, but is {_describe(value)}.")
            return inner(value, t)

        return structure

    return factory


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True, omit_if_default=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    # Registered on StrEnum as well as Enum: a StrEnum is also a str, and cattrs would otherwise
    # hand it to the str hook and keep a plain string.
    for base in (enum.Enum, enum.StrEnum):
        conv.register_structure_hook(base, _structure_enum)
        conv.register_unstructure_hook(base, lambda e: e.value)
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook(conv))
    conv.register_structure_hook_factory(_is_optional, _optional_hook(conv))
    conv.register_unstructure_hook_factory(
        _is_tuple, lambda t: _unstructure_tuple(conv, get_args(t)[0])
    )
    # cattrs' own attrs-class structuring, behind a check that the value is a mapping at all.
    conv.register_structure_hook_factory(
        attrs.has, _class_hook(conv, conv.gen_structure_attrs_fromdict)
    )
    return conv


def _unstructure_tuple(conv: cattrs.Converter, inner: Any) -> Callable[[tuple[Any, ...]], Any]:
    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        return [conv.unstructure(v, inner) for v in value]

    return unstructure


_converter = _make_converter()


# --- errors into problems -------------------------------------------------------------------


def _problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    if isinstance(exc, ProblemsError):
        return [attrs.evolve(p, path=_join(path, p.path)) for p in exc.problems]
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [f.name for f in attrs.fields(exc.cl) if f.init] if attrs.has(exc.cl) else []
        out = []
        for key in sorted(str(k) for k in exc.extra_fields):
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f" Did you mean '{guess[0]}'?" if guess else ""
            out.append(
                Problem(
                    code="SP-FILE-UNKNOWN-FIELD",
                    path=f"{path}.{key}",
                    message=f"This field is not part of a safeplan case file.{hint} "
                    "Nothing was read from it.",
                    source=_SOURCE,
                )
            )
        return out
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out = []
        for sub in exc.exceptions:
            out += _problems_from(sub, _path_of(sub, path))
        return out
    if isinstance(exc, KeyError):
        return [
            Problem(
                code="SP-FILE-MISSING-FIELD",
                path=path,
                message="This field is required.",
                source=_SOURCE,
            )
        ]
    if isinstance(exc, _ShapeError):
        return [Problem(code=exc.code, path=path, message=str(exc), source=_SOURCE)]
    return [
        Problem(
            code="SP-FILE-INVALID",
            path=path,
            message="This value cannot be read. Check its type against the case file schema.",
            source=_SOURCE,
        )
    ]


def _join(prefix: str, path: str) -> str:
    # A ProblemsError raised by a nested constructor carries paths relative to that object.
    return prefix + path[1:] if path.startswith("$") else path


def _path_of(exc: BaseException, path: str) -> str:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return f"{path}.{note.name}"
        if isinstance(note, IterableValidationNote):
            return f"{path}[{note.index}]"
        if isinstance(note, _IndexNote):
            return f"{path}[{note.item_index}]"
    return path


# --- public API -----------------------------------------------------------------------------


def from_dict(data: Mapping[str, Any]) -> WrittenAgreement:
    """Build an agreement from plain data (as parsed from JSON or YAML).

    Raises:
        InvalidCaseError: The data has unknown keys, wrong types or bad dates. Every problem is
            listed, each with its path.
        RefusedError: The data reads cleanly but breaks a safety rule.
    """
    try:
        return _converter.structure(data, WrittenAgreement)
    except ProblemsError:
        raise
    except (ClassValidationError, IterableValidationError, _ShapeError, KeyError) as err:
        refused = _top_level_refusal(err)
        if refused is not None:
            raise refused from None
        raise InvalidCaseError(_problems_from(err)) from None


def _top_level_refusal(err: Exception) -> RefusedError | None:
    # cattrs wraps the agreement's own constructor in its error group; a refusal raised there
    # (every field read cleanly, the safety rules said no) is a refusal, not a reading error.
    if isinstance(err, ClassValidationError) and len(err.exceptions) == 1:
        only = err.exceptions[0]
        if isinstance(only, RefusedError) and _path_of(only, "$") == "$":
            return only
    return None


def loads(text: str | bytes, format: Format = "json") -> WrittenAgreement:
    """Read an agreement from JSON or YAML text. Errors as :func:`from_dict`, plus syntax."""
    return from_dict(_parse(text, format))


def load(path: str | os.PathLike[str]) -> WrittenAgreement:
    """Read an agreement from a ``.json``, ``.yaml`` or ``.yml`` file."""
    return from_dict(read_case_data(path))


def read_case_data(path: str | os.PathLike[str]) -> Mapping[str, Any]:
    """Parse a case file into plain data, without building the agreement."""
    p = Path(path)
    fmt = format_of(p)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise InvalidCaseError(
            [
                Problem(
                    code="SP-FILE-UNREADABLE",
                    path="$",
                    message=f"The file cannot be opened ({err.strerror or 'unreadable'}).",
                    source=_SOURCE,
                )
            ]
        ) from None
    return _parse(raw, fmt)


def format_of(path: Path) -> Format:
    """The format a case file's name says it holds."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise InvalidCaseError(
        [
            Problem(
                code="SP-FILE-FORMAT",
                path="$",
                message="A case file must end in .json, .yaml or .yml.",
                source=_SOURCE,
            )
        ]
    )


def _parse(text: str | bytes, format: Format) -> Mapping[str, Any]:
    try:
        data = json.loads(text) if format == "json" else yaml.load(text, Loader=_StrictLoader)
    except json.JSONDecodeError as err:
        raise _syntax(f"The JSON is not valid at line {err.lineno}, column {err.colno}.") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or "it cannot be parsed"
        raise _syntax(f"The YAML is not valid{where}: {problem}.") from None
    except UnicodeDecodeError:
        raise _syntax("The file is not UTF-8 text.") from None
    if not isinstance(data, Mapping):
        raise _syntax("A case file must hold a set of fields at the top level.")
    return data


def _syntax(message: str) -> InvalidCaseError:
    return InvalidCaseError(
        [Problem(code="SP-FILE-SYNTAX", path="$", message=message, source=_SOURCE)]
    )


# libyaml's parser when PyYAML was built with it (the wheels are): about 10x faster.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML's safe loader with YAML 1.2 booleans, refusing duplicate keys.

    YAML 1.1 reads ``on``, ``off``, ``yes``, ``no``, ``y`` and ``n`` as true/false, so
    ``end: {on: 2027-01-28}`` or a language code ``no`` would silently change meaning. Only
    ``true`` and ``false`` are booleans here. A repeated key is an error: otherwise the second
    value silently wins.
    """


_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "a key appears twice", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def dump(agreement: WrittenAgreement) -> dict[str, Any]:
    """The agreement as plain JSON-ready data. ``from_dict(dump(a)) == a``."""
    data: dict[str, Any] = _converter.unstructure(agreement, WrittenAgreement)
    return data


def dumps(agreement: WrittenAgreement, format: Format = "json") -> str:
    """The agreement as JSON or YAML text."""
    data = dump(agreement)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


class _Dumper(yaml.SafeDumper):
    """The safe dumper, double-quoting text with Unicode line breaks.

    PyYAML writes NEL (U+0085) and the Unicode line and paragraph separators raw inside single
    quotes, where a reader folds them; in double quotes they are escaped and survive.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if any(ch in value for ch in "\x85\u2028\u2029"):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def validate(data: Mapping[str, Any] | WrittenAgreement) -> list[Problem]:
    """Every refusal for a case, as data, without raising. Empty when it may be issued."""
    if isinstance(data, WrittenAgreement):
        return []
    try:
        from_dict(data)
    except ProblemsError as err:
        return list(err.problems)
    return []
