"""Structuring a well-formed profile without cattrs' code generation.

cattrs writes and compiles a structuring function for each attrs class the first time it meets
it (about 10 ms for the profile's classes, paid by every process that reads a profile, the
built-in one included). :func:`structure_plain` walks the same classes directly: each field by
its name, a nested attrs class by recursion, ``tuple[X, ...]`` and ``X | None`` as the strict
converter's hooks take them, and every other type (text, numbers, dates, enums, literals) by
the strict converter's own hook for it, so each plain value passes the same rule.

It only ever says yes to what the strict converter also accepts, and then builds the same
value: anything it does not expect (an unknown or missing key, a value of the wrong shape, a
type it does not walk, a validator's refusal) raises :class:`NotPlain`, and the caller then
structures with the strict converter, which names every problem as before.
``tests/profiles/test_plain.py`` compares both on every built-in profile.

Imports: nothing of safeplan (the converter is given).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, get_args, get_origin

import attrs
import cattrs

__all__ = ["NotPlain", "structure_plain"]


class NotPlain(Exception):
    """The data is not something this walk takes: structure it with the strict converter."""


def structure_plain(value: Any, cls: type, converter: cattrs.Converter) -> Any:
    """``converter.structure(value, cls)`` for well-formed data, or :class:`NotPlain`.

    Args:
        value: The data read from YAML (mappings, lists and plain values).
        cls: The attrs class to build.
        converter: The strict converter (``_strict.strict_converter``) whose hooks the plain
            values go through.
    """
    try:
        return _structure(value, cls, converter)
    except NotPlain:
        raise
    except Exception as err:  # a plain value's rule, or a class's validator, said no
        raise NotPlain(type(err).__name__) from None


def _structure(value: Any, t: Any, converter: cattrs.Converter) -> Any:
    if isinstance(t, type) and attrs.has(t):
        return _structure_class(value, t, converter)
    origin = get_origin(t)
    if origin is tuple:
        args = get_args(t)
        if len(args) != 2 or args[1] is not Ellipsis or not isinstance(value, list | tuple):
            raise NotPlain("a tuple")
        return tuple(_structure(item, args[0], converter) for item in value)
    if origin in (typing.Union, types.UnionType):
        args = get_args(t)
        if len(args) != 2 or type(None) not in args:
            raise NotPlain("a union")
        if value is None:
            return None
        return _structure(value, args[0] if args[1] is type(None) else args[1], converter)
    if origin is not None and origin is not typing.Literal:
        raise NotPlain("a generic type")  # dict[...], list[...]: not walked here
    if isinstance(t, type) and issubclass(t, Mapping | list | tuple):
        raise NotPlain("a container")
    hook: Callable[[Any, Any], Any] = converter.get_structure_hook(t)
    return hook(value, t)


def _structure_class(value: Any, cls: type, converter: cattrs.Converter) -> Any:
    if not isinstance(value, Mapping):
        raise NotPlain("a mapping")
    attrs.resolve_types(cls)  # once per class (attrs keeps it); cattrs would do the same
    fields = [f for f in attrs.fields(cls) if f.init]
    if any(f.alias != f.name for f in fields):
        raise NotPlain("a field with an alias")
    names = {f.name for f in fields}
    if not set(value) <= names:
        raise NotPlain("an unknown key")
    kwargs = {
        f.name: _structure(value[f.name], f.type, converter) for f in fields if f.name in value
    }
    return cls(**kwargs)
