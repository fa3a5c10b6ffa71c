"""The one strict reader of YAML and of plain data, shared by case files and profiles.

YAML (:func:`parse_yaml`): the safe loader (libyaml's when PyYAML has it) with YAML 1.2
booleans, so only ``true`` and ``false`` are true/false (``on``, ``no``, ``yes`` stay text); a
repeated key is an error (``duplicate key 'name'``, with its line), and so is a key that is a
list or a mapping; merge keys (``<<``) work, and a key written out wins over a merged one. A
date that does not exist (``2026-02-30``) stays text, so the field's own rule reports it with
the field's path.

Structuring (:func:`strict_converter`): a cattrs converter with one set of rules for plain
values. Text must be text (a number is never quietly turned into text: ``07700900123`` would
lose its zero); a whole number must be a whole number (true/false is not 1); true/false is
only for yes-or-no fields; a date is written ``YYYY-MM-DD``, is a real date and has no time; an
enumeration or a literal takes one of its values; a list is a list (text is not a list of its
letters); a set of keys is a mapping; unknown keys are errors. A broken rule raises
:class:`ShapeError`, which names the rule and the kind of value found, never the value.

:func:`failures` flattens cattrs' tree of errors into one :class:`Failure` per problem, with its
key path. Each reader words them for its audience with the same words: a case file's problem
is a sentence shown beside the field (:attr:`ShapeError.sentence`: "Must be text, but is a
number. Put it in quotes."), a profile's a clause after the file and key
(:attr:`ShapeError.clause`: "council.yaml: helplines[0].number: must be text (put it in
quotes)").

The functions cattrs generates to structure each class are compiled once per machine and kept
(:mod:`._codecache`).

Imports: _codecache.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal, TypeAlias, get_args, get_origin

import attrs
import cattrs
import cattrs.gen
import yaml
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._codecache import install

install(cattrs.gen)

__all__ = [
    "FIELD_NAME",
    "DuplicateKeyError",
    "Failure",
    "KeyPath",
    "ShapeError",
    "StrictLoader",
    "YamlError",
    "describe",
    "dotted",
    "failures",
    "parse_json",
    "parse_yaml",
    "strict_converter",
]

PathPart: TypeAlias = str | int
KeyPath: TypeAlias = tuple[PathPart, ...]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What a key must look like to be quoted in a message or shown in a path: a key that does not
#: (an address typed as a key, say) may be personal data, and is called "an unknown field".
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_DATE_RULE = "a date written as YYYY-MM-DD"


# --- YAML ------------------------------------------------------------------------------------

# libyaml's parser when PyYAML was built with it (the wheels are): about 10x faster.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"


class StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """YAML's safe loader with YAML 1.2 booleans, refusing repeated keys and keys that are not
    plain values.

    YAML 1.1 reads ``on``, ``off``, ``yes``, ``no``, ``y`` and ``n`` as true/false, so
    ``end: {on: 2027-01-28}`` or a language code ``no`` would silently change meaning. A
    repeated key is an error: otherwise the second value silently wins.
    """


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == _MERGE:
            continue  # merged keys may be overridden by the ones written out
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool | dt.date | None):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a word, not a list or mapping", key_node.start_mark
            )
        if key in seen:
            raise _Duplicate(key, key_node.start_mark)
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    return mapping


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> object:
    # PyYAML raises a bare ValueError for a date that does not exist, such as 2026-02-30. Kept
    # as text, it meets the field's own rule, which names the field.
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _Duplicate(yaml.constructor.ConstructorError):
    def __init__(self, key: object, mark: Any) -> None:
        shown = str(key) if FIELD_NAME.match(str(key)) else "(an unknown field)"
        super().__init__(None, None, f"duplicate key {shown!r}", mark)
        self.key = key
        self.mark = mark
        self.shown = f"duplicate key {shown!r}"


class YamlError(ValueError):
    """The text is not YAML the strict loader accepts. ``line`` and ``column`` count from 1.

    ``problem`` never quotes the text beyond a key that looks like a field name. For a key
    given twice, ``duplicate`` holds the key and ``path`` where it is.
    """

    def __init__(
        self,
        problem: str,
        line: int | None,
        column: int | None,
        *,
        duplicate: object = None,
        path: KeyPath | None = None,
    ) -> None:
        self.problem = problem
        self.line = line
        self.column = column
        self.duplicate = duplicate
        self.path = path
        super().__init__(problem)


class DuplicateKeyError(ValueError):
    """A JSON object gives a key twice (the second would silently win). ``path`` is where,
    ``key`` the key."""

    def __init__(self, key: str, path: KeyPath) -> None:
        self.key = key
        self.path = path
        super().__init__("duplicate key")


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _unquoted(problem: str) -> str:
    # PyYAML's problems can quote the text (an alias, a character, a tag): only what looks
    # like a field name stays.
    return _QUOTED.sub(
        lambda m: m.group(0) if FIELD_NAME.match(m.group(1) or m.group(2) or "") else "a value",
        problem,
    )


def parse_yaml(text: str | bytes) -> Any:
    """Parse YAML text with :class:`StrictLoader`.

    Raises:
        YamlError: The text is not valid YAML, repeats a key, or has a key that is a list or
            a mapping. Carries the problem and, when known, its line and column.
        UnicodeDecodeError: Bytes that are not UTF-8.
    """
    try:
        return yaml.load(text, Loader=StrictLoader)  # a SafeLoader: never arbitrary objects
    except _Duplicate as err:
        mark = err.mark
        raise YamlError(
            err.shown,
            mark.line + 1,
            mark.column + 1,
            duplicate=err.key,
            path=_path_to_mark(text, mark),
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or getattr(err, "context", None)
        raise YamlError(
            _unquoted(problem or "it cannot be parsed"),
            mark.line + 1 if mark is not None else None,
            mark.column + 1 if mark is not None else None,
        ) from None


def _path_to_mark(text: str | bytes, mark: Any) -> KeyPath | None:
    """The key path of the mapping holding the key node at ``mark`` (for a repeated key):
    composed again, on the error path only."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None

    def find(node: Any, path: KeyPath) -> KeyPath | None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if key_node.start_mark.index == mark.index:
                    return path
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                found = find(value, (*path, key))
                if found is not None:
                    return found
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found = find(item, (*path, i))
                if found is not None:
                    return found
        return None

    return find(root, ()) if root is not None else None


class _Marked(dict[str, Any]):
    """A JSON object that gave some keys twice (read again to say where)."""

    twice: tuple[str, ...] = ()


class _Repeated(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Repeated
    return out


def _marked_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = _Marked(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        twice = []
        for key, _ in pairs:
            if key in seen:
                twice.append(key)
            seen.add(key)
        out.twice = tuple(twice)
    return out


def parse_json(text: str | bytes) -> Any:
    """Parse JSON, refusing an object that gives a key twice (as YAML does).

    Raises:
        json.JSONDecodeError: The text is not JSON.
        DuplicateKeyError: A key is given twice; carries the first such key and its path.
        UnicodeDecodeError: Bytes that are not UTF-8.
    """
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except _Repeated:
        pass
    data = json.loads(text, object_pairs_hook=_marked_pairs)
    found = _first_twice(data, ())
    if found is None:  # pragma: no cover - the first parse found one
        raise DuplicateKeyError("", ())
    raise DuplicateKeyError(*found)


def _first_twice(value: Any, path: KeyPath) -> tuple[str, KeyPath] | None:
    if isinstance(value, _Marked) and value.twice:
        return value.twice[0], path
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _first_twice(item, (*path, key))
        if found is not None:
            return found
    return None


# --- plain values ----------------------------------------------------------------------------


def describe(value: object) -> str:
    """The kind of a value, in words ("a number", "text"), never the value itself."""
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
        return "a mapping"
    if isinstance(value, dt.datetime):
        return "a date with a time"
    if isinstance(value, dt.date):
        return "a date"
    return "something else"


class ShapeError(ValueError):
    """A value breaks a rule for plain values. Names the rule and the kind of value found.

    Attributes:
        expected: What the value must be, such as ``text`` or ``one of england, wales``.
        found: The kind of value found (see :func:`describe`), or ``None`` when the kind was
            right but the value is not allowed.
        hint: How to put it right, such as ``put it in quotes``.
    """

    code = "SP-FILE-TYPE"

    def __init__(self, expected: str, *, found: str | None = None, hint: str | None = None):
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self.sentence)

    @property
    def sentence(self) -> str:
        """The rule as a sentence: ``Must be text, but is a number. Put it in quotes.``"""
        text = f"Must be {self.expected}"
        if self.found is not None:
            text += f", but is {self.found}"
        if self.hint:
            text += f". {self.hint[0].upper()}{self.hint[1:]}"
        return text + "."

    @property
    def clause(self) -> str:
        """The rule as a clause: ``must be text (put it in quotes)``."""
        return f"must be {self.expected}" + (f" ({self.hint})" if self.hint else "")


def _structure_str(value: object, _: object) -> str:
    if not isinstance(value, str):
        # YAML reads 999, true and 2026-01-05 as a number, true/false and a date.
        plain = isinstance(value, int | float | dt.date)
        raise ShapeError("text", found=describe(value), hint="put it in quotes" if plain else None)
    return value


def _structure_int(value: object, _: object) -> int:
    # bool is an int in Python; true must not become 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ShapeError("a whole number", found=describe(value))
    return value


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ShapeError("a number", found=describe(value))
    return float(value)


def _structure_bool(value: object, _: object) -> bool:
    if not isinstance(value, bool):
        raise ShapeError("true or false", found=describe(value))
    return value


def _structure_date(value: object, _: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ShapeError(f"a real {_DATE_RULE.removeprefix('a ')}") from None
    raise ShapeError(_DATE_RULE, found=describe(value))


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
    raise ShapeError("one of " + ", ".join(str(m.value) for m in cls))


def _is_literal(type_: object) -> bool:
    return get_origin(type_) is Literal


def _structure_literal(value: object, type_: object) -> object:
    choices = get_args(type_)
    if value not in choices or isinstance(value, bool):
        raise ShapeError("one of " + ", ".join(map(str, choices)))
    return value


class _IndexNote(str):
    """Which list item an error came from (a note, as cattrs adds to its own errors)."""

    item_index: int

    def __new__(cls, index: int) -> _IndexNote:
        note = super().__new__(cls, f"Structuring item @ index {index}")
        note.item_index = index
        return note


def _is_tuple(cl: Any) -> bool:
    return get_origin(cl) is tuple


def _tuple_hook(
    converter: cattrs.Converter,
) -> Callable[[type], Callable[[object, type], tuple[Any, ...]]]:
    def factory(cl: type) -> Callable[[object, type], tuple[Any, ...]]:
        inner = get_args(cl)[0]
        hooks: list[Callable[[Any, Any], Any]] = []  # the item hook, found on first use

        def structure(value: object, _: type) -> tuple[Any, ...]:
            # cattrs would turn text into a tuple of its letters: a list is required.
            if not isinstance(value, list | tuple):
                raise ShapeError("a list", found=describe(value))
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
                raise ShapeError("a mapping of keys to values", found=describe(value))
            return inner(value, t)

        return structure

    return factory


def strict_converter(**options: Any) -> cattrs.Converter:
    """A cattrs converter that structures with the strict rules for plain values, refusing
    unknown keys and collecting every problem. ``options`` go to :class:`cattrs.Converter`."""
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True, **options)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.date, _structure_date)
    # Registered on StrEnum as well as Enum: a StrEnum is also a str, and cattrs would otherwise
    # hand it to the str hook and keep a plain string.
    for base in (enum.Enum, enum.StrEnum):
        conv.register_structure_hook(base, _structure_enum)
    conv.register_structure_hook_func(_is_literal, _structure_literal)
    conv.register_structure_hook_factory(_is_tuple, _tuple_hook(conv))
    conv.register_structure_hook_factory(_is_optional, _optional_hook(conv))
    # cattrs' own attrs-class structuring, behind a check that the value is a mapping at all.
    conv.register_structure_hook_factory(
        attrs.has, _class_hook(conv, conv.gen_structure_attrs_fromdict)
    )
    return conv


# --- errors into failures --------------------------------------------------------------------


@attrs.frozen
class Failure:
    """One problem found while structuring.

    Attributes:
        path: Where, as keys and list indexes from the top.
        kind: ``unknown`` (a key the type does not have), ``missing`` (a required key is not
            there) or ``value`` (a value broke a rule).
        error: For ``value``: the exception the rule raised (a :class:`ShapeError`, or the
            reader's own).
        suggestion: For ``unknown``: the closest key the type has, if one is close.
    """

    path: KeyPath
    kind: Literal["unknown", "missing", "value"]
    error: BaseException | None = None
    suggestion: str | None = None


def failures(exc: BaseException, path: KeyPath = ()) -> Iterator[Failure]:
    """Every problem in a cattrs error (or any exception a structuring raised), in order."""
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [f.name for f in attrs.fields(exc.cl) if f.init] if attrs.has(exc.cl) else []
        for key in sorted(str(k) for k in exc.extra_fields):
            close = difflib.get_close_matches(key, known, n=1)
            yield Failure((*path, key), "unknown", suggestion=close[0] if close else None)
    elif isinstance(exc, ClassValidationError | IterableValidationError):
        for sub in exc.exceptions:
            yield from failures(sub, _path_of(sub, path))
    elif isinstance(exc, KeyError):
        yield Failure(path, "missing")
    else:
        yield Failure(path, "value", error=exc)


def _path_of(exc: BaseException, path: KeyPath) -> KeyPath:
    for note in getattr(exc, "__notes__", []):
        if isinstance(note, AttributeValidationNote):
            return (*path, note.name)
        if isinstance(note, IterableValidationNote):
            return (*path, note.index)
        if isinstance(note, _IndexNote):
            return (*path, note.item_index)
    return path


def dotted(path: KeyPath, root: str = "") -> str:
    """A key path as text: ``timescales.first_review`` (or ``$.people[2].name`` with root
    ``$``); ``(top level)`` for the empty path without a root."""
    text = root
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"
