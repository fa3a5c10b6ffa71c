"""Reading and writing case files (JSON, YAML, plain dicts) through cattrs.

Reading is strict, with the rules every safeplan file follows (``_strict.py``): an unknown key,
a number where text belongs (``phone: 07700900123`` in YAML loses its leading zero), ``"yes"``
for a true/false field or a date in the wrong shape is an error with a path, never a silent
guess. Every structural problem is collected into one :class:`InvalidCaseError`; a case that
reads cleanly then meets the safety rules, which raise :class:`RefusedError`.

Imports: _strict, _errors, _problems.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, get_args

import attrs
import cattrs
import yaml
from cattrs.errors import AttributeValidationNote, ClassValidationError, IterableValidationError

from .._errors import InvalidCaseError, ProblemsError, RefusedError
from .._problems import Problem
from .._strict import (
    FIELD_NAME,
    DuplicateKeyError,
    KeyPath,
    ShapeError,
    YamlError,
    describe,
    dotted,
    failures,
    parse_json,
    parse_yaml,
    strict_converter,
)
from .limits import MAX_DEPTH, MAX_FILE_BYTES, file_too_large, read_case_bytes
from .model import Note, WrittenAgreement
from .schema import check_limits
from .translations import LANGUAGE_TAG, Translations

__all__ = ["Format", "dump", "dumps", "from_dict", "load", "loads", "validate"]

Format = Literal["json", "yaml"]

_SOURCE = "safeplan case file format (safeplan schema)"


def _make_converter() -> cattrs.Converter:
    conv = strict_converter(omit_if_default=True)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    for base in (enum.Enum, enum.StrEnum):
        conv.register_unstructure_hook(base, lambda e: e.value)
    conv.register_unstructure_hook_factory(
        lambda t: getattr(t, "__origin__", None) is tuple,
        lambda t: _unstructure_tuple(conv, get_args(t)[0]),
    )
    _translation_hooks(conv)  # first: the note's hook is built from the field hooks
    _note_hooks(conv)
    return conv


def _is_translations(t: Any) -> bool:
    return getattr(t, "__origin__", None) is Translations


def _translation_hooks(conv: cattrs.Converter) -> None:
    """``translations``: language tag to the item's words in that language, each read as
    strictly as the item (an unknown field is an error, with a suggestion)."""

    def structure_factory(t: Any) -> Callable[[object, Any], Translations[Any]]:
        words = get_args(t)[0]

        def structure(value: object, _: Any) -> Translations[Any]:
            if not isinstance(value, Mapping):
                raise ShapeError(
                    "a mapping of language tags to translated fields", found=describe(value)
                )
            out: dict[str, Any] = {}
            errors: list[Exception] = []
            for tag, item in value.items():
                if not isinstance(tag, str) or not LANGUAGE_TAG.match(tag):
                    # Named by where it is, never quoted: a bad key may be personal data.
                    errors.append(
                        ShapeError(
                            "a mapping whose keys are language tags such as cy or ur-GB",
                            hint="check the keys under translations",
                        )
                    )
                    continue
                try:
                    out[tag] = conv.structure(item, words)
                except Exception as err:  # collected, as cattrs collects a class's errors
                    err.add_note(AttributeValidationNote(f"language {tag}", tag, words))
                    errors.append(err)
            if errors:
                raise ClassValidationError("translations", errors, words)
            return Translations(out)  # the field's converter checks the tags

        return structure

    def unstructure(value: Translations[Any]) -> dict[str, Any]:
        return {tag: conv.unstructure(words, type(words)) for tag, words in value.items()}

    conv.register_structure_hook_factory(_is_translations, structure_factory)
    conv.register_unstructure_hook_func(_is_translations, unstructure)
    conv.register_unstructure_hook(Translations, unstructure)


def _note_hooks(conv: cattrs.Converter) -> None:
    """A note is written as plain text when it has no audience of its own, else as fields."""
    fields = conv.get_structure_hook(Note)
    unstructure_fields = conv.get_unstructure_hook(Note)

    def structure(value: object, _: type) -> Note:
        return Note(text=value) if isinstance(value, str) else fields(value, Note)

    def unstructure(note: Note) -> Any:
        if not note.withheld_from and not note.shared_with and not note.translations:
            return note.text
        return unstructure_fields(note)

    conv.register_structure_hook(Note, structure)
    conv.register_unstructure_hook(Note, unstructure)


def _unstructure_tuple(conv: cattrs.Converter, inner: Any) -> Callable[[tuple[Any, ...]], Any]:
    def unstructure(value: tuple[Any, ...]) -> list[Any]:
        return [conv.unstructure(v, inner) for v in value]

    return unstructure


_converter = _make_converter()


# --- errors into problems -------------------------------------------------------------------


def _problems_from(exc: BaseException) -> list[Problem]:
    out: list[Problem] = []
    for failure in failures(exc):
        path = dotted(failure.path, "$")
        if failure.kind == "unknown":
            hint = f" Did you mean '{failure.suggestion}'?" if failure.suggestion else ""
            key = failure.path[-1] if failure.path else ""
            if isinstance(key, str) and FIELD_NAME.match(key):
                message = f"This field is not part of a safeplan case file.{hint}"
            else:
                # A key that is not a field name may be personal data (an address typed as a
                # key): it is named by where it is, never quoted.
                path = dotted(failure.path[:-1], "$")
                message = (
                    "This set of fields has an unknown field, which is not part of a safeplan "
                    f"case file.{hint}"
                )
            out.append(
                Problem.refusal(
                    "SP-FILE-UNKNOWN-FIELD", path, f"{message} Nothing was read from it.", _SOURCE
                )
            )
        elif failure.kind == "missing":
            out.append(
                Problem.refusal("SP-FILE-MISSING-FIELD", path, "This field is required.", _SOURCE)
            )
        elif isinstance(failure.error, ProblemsError):
            # A nested constructor's problems carry paths relative to that object.
            out += [
                attrs.evolve(p, path=path + p.path[1:] if p.path.startswith("$") else p.path)
                for p in failure.error.problems
            ]
        elif isinstance(failure.error, ShapeError):
            out.append(Problem.refusal(failure.error.code, path, failure.error.sentence, _SOURCE))
        else:
            out.append(
                Problem.refusal(
                    "SP-FILE-INVALID",
                    path,
                    "This value cannot be read. Check its type against the case file schema.",
                    _SOURCE,
                )
            )
    return out


# --- public API -----------------------------------------------------------------------------


def from_dict(data: Mapping[str, Any]) -> WrittenAgreement:
    """Build an agreement from plain data (as parsed from JSON or YAML).

    Raises:
        InvalidCaseError: The data has unknown keys, wrong types or bad dates. Every problem is
            listed, each with its path.
        RefusedError: The data reads cleanly but breaks a safety rule.
    """
    _check_limits(data)
    try:
        return _converter.structure(data, WrittenAgreement)
    except ProblemsError:
        raise
    except (ClassValidationError, IterableValidationError, ShapeError, KeyError) as err:
        refused = _top_level_refusal(err)
        if refused is not None:
            raise refused from None
        raise InvalidCaseError(_problems_from(err)) from None


def _check_limits(data: object) -> None:
    # The schema's limits (text length, list sizes, nesting), before anything else reads it.
    problems = check_limits(data)
    if problems:
        raise InvalidCaseError(problems)


def _top_level_refusal(err: Exception) -> RefusedError | None:
    # cattrs wraps the agreement's own constructor in its error group; a refusal raised there
    # (every field read cleanly, the safety rules said no) is a refusal, not a reading error.
    found = list(failures(err))
    if len(found) == 1 and found[0].path == () and isinstance(found[0].error, RefusedError):
        return found[0].error
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
    # Only a regular file within the size limit: a named pipe must never hang the reader.
    return _parse(read_case_bytes(p), fmt)


def format_of(path: Path) -> Format:
    """The format a case file's name says it holds."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise InvalidCaseError(
        [
            Problem.refusal(
                "SP-FILE-FORMAT", "$", "A case file must end in .json, .yaml or .yml.", _SOURCE
            )
        ]
    )


def _parse(text: str | bytes, format: Format) -> Mapping[str, Any]:
    if len(text) > MAX_FILE_BYTES:
        raise file_too_large()
    try:
        data = parse_json(text) if format == "json" else parse_yaml(text)
    except RecursionError:  # json's parser recurses once per level
        message = (
            f"Lists and sets of fields are nested far more than {MAX_DEPTH} deep; a case file "
            "never needs that, so it was not read. Check that it is the right file."
        )
        problem = Problem.refusal("SP-FILE-TOO-DEEP", "$", message, _SOURCE)
        raise InvalidCaseError([problem]) from None
    except json.JSONDecodeError as err:
        raise _syntax(f"The JSON is not valid at line {err.lineno}, column {err.colno}.") from None
    except DuplicateKeyError as err:
        raise _duplicate(err.key, err.path, None) from None
    except YamlError as err:
        if err.duplicate is not None and err.path is not None:
            raise _duplicate(err.duplicate, err.path, err.line) from None
        where = f" at line {err.line}, column {err.column}" if err.line is not None else ""
        raise _syntax(f"The YAML is not valid{where}: {err.problem}.") from None
    except UnicodeDecodeError:
        raise _syntax("The file is not UTF-8 text.") from None
    if not isinstance(data, Mapping):
        raise _syntax("A case file must hold a set of fields at the top level.")
    return data


def _duplicate(key: object, where: KeyPath, line: int | None) -> InvalidCaseError:
    """A key given twice: the second would silently replace the first (``confidential:
    true`` then ``confidential: false`` prints her address), so the file is refused."""
    at = f" (line {line})" if line is not None else ""
    if isinstance(key, str) and FIELD_NAME.match(key):
        path = dotted((*where, key), "$")
        message = f"The field '{key}' is given twice here{at}"
    else:
        path = dotted(where, "$")
        message = f"This set of fields gives the same field twice{at}"
    return InvalidCaseError(
        [
            Problem.refusal(
                "SP-FILE-DUPLICATE-KEY",
                path,
                f"{message}. The second would silently replace the first: keep one.",
                _SOURCE,
            )
        ]
    )


def _syntax(message: str) -> InvalidCaseError:
    return InvalidCaseError([Problem.refusal("SP-FILE-SYNTAX", "$", message, _SOURCE)])


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
