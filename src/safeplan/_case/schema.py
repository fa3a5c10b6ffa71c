"""The JSON Schema (2020-12) of a case file, generated from the model so it cannot drift, and
the check of its limits at load.

The schema carries the limits of :mod:`.limits` (``maxLength`` on every text, ``maxItems`` on
every list); :func:`check_limits` walks a parsed case along the same schema, so what the schema
says is what loading refuses.

The schema is written for form builders as well as validators: every object and field has a
``title`` and a ``description`` (from the model's docstrings), fields with a default say it,
every choice carries a label (``oneOf`` of ``const`` and ``title``, beside the plain ``enum``),
and a field that holds the id of someone else in the case says whose: ``"x-safeplan-ref":
["people"]`` lists the arrays (``people``, ``children``, ``professionals``, ``agencies``) whose
ids it takes, so a form can offer a choice of person; ``"x-safeplan-roles": true`` where a role
name (``person-causing-harm``) is accepted too.

Imports: _problems.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import inspect
import json
import re
import types
import typing
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .._problems import Problem
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_ID, MAX_ITEMS, MAX_TEXT, max_length
from .limits_tree import DEFS as KEPT_DEFS
from .limits_tree import FINGERPRINT as KEPT_FINGERPRINT
from .limits_tree import ROOT as KEPT_ROOT
from .model import Note, WrittenAgreement
from .translations import LANGUAGE_TAG, Translations

__all__ = ["REFERENCES", "check_limits", "json_schema"]

SCHEMA_ID = "https://safeplan.invalid/schema/case-file.json"

PEOPLE, CHILDREN, PROS, AGENCIES = "people", "children", "professionals", "agencies"
_ANYONE = (PEOPLE, CHILDREN, PROS)

# Fields holding ids of other entries, and which lists those ids come from. The refusal rules
# (SP-REF-UNKNOWN) check the same fields; a test checks the two agree.
REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Plan", "lead_practitioner"): (PROS,),
    ("Professional", "agency"): (AGENCIES,),
    ("Child", "lives_with"): (PEOPLE,),
    ("ContactDetail", "visible_to"): _ANYONE,
    ("Concern", "by"): (PEOPLE, CHILDREN),
    ("Strength", "person"): (PEOPLE, CHILDREN),
    ("Expectation", "who"): (PEOPLE,),
    ("Expectation", "about"): (PEOPLE, CHILDREN),
    ("Expectation", "checked_by"): (PROS, AGENCIES),
    ("Commitment", "agency"): (AGENCIES,),
    ("Commitment", "by"): (PROS,),
    ("ContactArrangement", "children"): (CHILDREN,),
    ("ContactArrangement", "adult"): (PEOPLE,),
    ("ContactArrangement", "supervised_by"): (PEOPLE, PROS),
    ("ContactArrangement", "third_party"): (PEOPLE,),
    ("Review", "chaired_by"): (PROS,),
    ("Participation", "drafted_by"): (PROS,),
    ("Participation", "approved_by"): (PROS,),
    ("Participation", "drafted_with"): _ANYONE,
    ("View", "person"): _ANYONE,
    ("Signature", "person"): (PEOPLE, PROS),
    ("Recipient", "person"): _ANYONE,
    ("Override", "authorised_by"): (PROS,),
    ("ChildSafetyPlan", "child"): (CHILDREN,),
    ("ChildSafetyPlan", "safe_adults"): (PEOPLE,),
    ("CheckIn", "who"): (PEOPLE, PROS),
}
# Audience lists take ids of anyone and role names.
_AUDIENCE_FIELDS = frozenset({"withheld_from", "shared_with"})

# Labels where the value, spelt out, would read wrongly.
_LABELS = {
    "gp": "GP",
    "childrens-services": "Children's services",
    "signed-with-reservations": "Signed with reservations",
}
_WORDS = {"gp": "GP", "id": "ID", "fgc": "FGC"}

# Descriptions for fields the model's docstrings leave out (the docstring wins when it has one).
_GENERIC = {
    "id": 'A short key the rest of the file uses to refer to this entry ("mum", "sw1").',
    "name": "The name as it is printed.",
    "phone": "A phone number, as text (quote it in YAML).",
    "email": "An email address.",
    "date": "The date (YYYY-MM-DD).",
    "withheld_from": "Ids or roles whose copies must not hold this item.",
    "shared_with": "Ids or roles who may see it although safeplan's safe defaults would keep "
    "it from them.",
    "kind": "What kind of entry this is.",
    "person": "The id of the person this is about.",
    "text": "In plain words, naming who did what.",
    "contact_details": "Addresses, phones, schools and other details, each marked confidential "
    "or not and with who may see it.",
    "preferred_language": "A language tag such as en, cy or ur.",
    "language": "The language of the text, as a tag such as en-GB or cy.",
    "reason": "Why, in plain words.",
    "agency": "The id of an agency in agencies.",
}
_SPECIFIC = {
    ("WrittenAgreement", "reference"): "The council's reference for the agreement. It is "
    "printed on every copy, so it must not hold a name.",
    ("WrittenAgreement", "date"): "The date of the agreement (YYYY-MM-DD).",
    ("WrittenAgreement", "starts"): "The day the agreement applies from (YYYY-MM-DD); "
    "default: its date.",
    ("WrittenAgreement", "language"): "The language the case's text is written in.",
    ("WrittenAgreement", "version"): "Which version this is, and what it replaces.",
    ("WrittenAgreement", "plan"): "The plan the agreement belongs to.",
    ("WrittenAgreement", "people"): "The adults: the adult at risk, the person causing harm, "
    "parents and carers, safe adults, the network.",
    ("WrittenAgreement", "children"): "The children on the plan, unborn children included.",
    ("WrittenAgreement", "professionals"): "The professionals working with the family.",
    ("WrittenAgreement", "agencies"): "The agencies those professionals work for.",
    ("WrittenAgreement", "concerns"): "What has happened and why the agreement is needed.",
    ("WrittenAgreement", "strengths"): "What is going well, and protective efforts.",
    ("WrittenAgreement", "expectations"): "What each adult will do.",
    ("WrittenAgreement", "commitments"): "What the agencies will do.",
    ("WrittenAgreement", "contact_arrangements"): "How the children see an adult.",
    ("WrittenAgreement", "reviews"): "Meetings held and booked at which the agreement is checked.",
    ("WrittenAgreement", "end"): "When the agreement ends.",
    ("WrittenAgreement", "contingency"): "What happens if things do not improve.",
    ("WrittenAgreement", "terms"): "General terms everyone should know.",
    ("WrittenAgreement", "participation"): "How the agreement was drafted, and with whom.",
    ("WrittenAgreement", "views"): "What the family and the children said, in their words.",
    ("WrittenAgreement", "signatures"): "How each person responded to the agreement.",
    ("WrittenAgreement", "support_contacts"): "Services and helplines the copies list.",
    ("WrittenAgreement", "recipients"): "Who receives a copy, which copy and in what language.",
    ("WrittenAgreement", "safety_plans"): "One safety plan for each child who gets a copy.",
    ("WrittenAgreement", "overrides"): "Refusals overridden, each with a reason and who "
    "authorised it.",
    ("Agency", "kind"): "What the agency does.",
    ("CheckIn", "who"): "The id of the professional or adult who checks in.",
    ("Child", "date_of_birth"): "The child's date of birth (or expected_date, not both).",
    ("Child", "expected_date"): "For an unborn child: the expected date of birth.",
    ("Child", "lives_with"): "Ids of the adults the child lives with.",
    ("Child", "additional_needs"): "Needs the child's copy and the plan must meet.",
    ("ChildSafetyPlan", "print_code_word"): "Print the code word in the child's copy. Off "
    "unless a professional decides it is safe.",
    ("Commitment", "by"): "The id of the professional who will do it.",
    ("Commitment", "what"): "What the agency will do, in plain words.",
    ("Commitment", "when"): 'When or how often ("every two weeks").',
    ("Commitment", "by_date"): "The date by which it is done.",
    ("Concern", "by"): "Ids of the people whose actions the concern is about.",
    ("Concern", "date"): "When it happened, if known.",
    ("ContactArrangement", "children"): "Ids of the children the contact is with.",
    ("ContactArrangement", "adult"): "The id of the adult the children see.",
    ("ContactArrangement", "where"): "Where contact takes place.",
    ("ContactArrangement", "how_often"): "How often contact takes place.",
    ("ContactArrangement", "supervised_by"): "The id of the professional or agreed adult who "
    "supervises contact.",
    ("ContactArrangement", "through_third_party"): "Arrangements go through a third party, not "
    "between the parents.",
    ("ContactArrangement", "third_party"): "The id of the adult who is the third party; they "
    "must have agreed.",
    ("ContactArrangement", "notes"): "Anything else about the arrangement.",
    ("ContactDetail", "kind"): "What the detail is: address, phone, school, GP and so on.",
    ("ContactDetail", "value"): "The detail itself.",
    ("ContactDetail", "label"): 'A label such as "refuge" or "work".',
    ("ContactDetail", "confidential"): "Shown only to professionals, to the person it belongs "
    "to and to those in visible_to.",
    ("ContactDetail", "visible_to"): "Ids of those who may see a confidential detail.",
    ("End", "date"): "The date the agreement ends.",
    ("End", "with_plan"): "The agreement ends when the plan ends (whichever comes first, with "
    "a date).",
    ("Participation", "drafted_by"): "The id of the professional who drafted it.",
    ("Participation", "drafted_with"): "Ids of those who drafted it with them.",
    ("Participation", "family_group_conference"): "A family group conference was held.",
    ("Participation", "family_group_conference_offered"): "A family group conference was offered.",
    ("Participation", "interpreter"): "Whether an interpreter was needed, offered and used.",
    ("Participation", "legal_advice_offered"): "The family was told they may get legal advice "
    "before signing.",
    ("Participation", "time_to_read_days"): "Days the family had to read it before signing.",
    ("Person", "date_of_birth"): "The adult's date of birth, if needed.",
    ("Professional", "job_title"): "The professional's job title.",
    ("Recipient", "person"): "The id of who receives the copy.",
    ("Recipient", "copy"): "Which copy they receive.",
    ("Recipient", "language"): "The copy's language (default: the person's preferred one).",
    ("Review", "kind"): "Which meeting this is.",
    ("Review", "chaired_by"): "The id of the professional who chairs it.",
    ("Signature", "person"): "The id of the person responding.",
    ("Signature", "status"): 'How they responded. There is no "reluctant".',
    ("Signature", "date"): "When they responded.",
    ("Signature", "reason"): "Their reasons, in their words, when they declined or signed with "
    "reservations.",
    ("Strength", "person"): "The id of the person this strength is about.",
    ("Strength", "protective"): "A protective effort of the adult at risk (Safe & Together).",
    ("SupportContact", "hours"): "When the service can be reached.",
    ("SupportContact", "description"): "What the service does, in plain words.",
    ("SupportContact", "for_roles"): "Roles whose copies list it (empty: everyone's).",
    ("Version", "number"): "The version number, from 1.",
    ("Version", "replaces"): "The version this one replaces.",
    ("Version", "changes"): "What changed since the version it replaces.",
    ("View", "person"): "The id of whose view it is.",
    ("View", "words"): "Their words.",
    ("View", "confidential"): "Shown only in the professional copy and the person's own copy.",
}


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


def _title(name: str) -> str:
    """``date_of_birth`` reads "Date of birth"; ``ContactArrangement`` "Contact arrangement"."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ")
    out = [_WORDS.get(w.lower(), w.lower()) for w in words.split()]
    return " ".join(out)[:1].upper() + " ".join(out)[1:]


def _label(value: str) -> str:
    return _LABELS.get(value, _title(value))


def _default(field: Any) -> tuple[bool, Any]:
    """The field's default as JSON, when it has one JSON can say."""
    default = field.default
    if default is attrs.NOTHING:
        return False, None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            return False, None
        default = default.factory()
    if isinstance(default, enum.Enum):
        return True, default.value
    if isinstance(default, tuple | list) and not default:
        return True, []
    if default is None or isinstance(default, bool | int | str):
        return True, default
    return False, None


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
            values = [m.value for m in t]
            return {
                "type": "string",
                "enum": values,
                "oneOf": [{"const": v, "title": _label(v)} for v in values],
            }
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
            prop = {
                "title": _title(f.name),
                **_limited(self.type_schema(hints[f.name]), max_length(f)),
            }
            described = (
                docs.get(f.name)
                or _SPECIFIC.get((name, f.name))
                or _GENERIC.get(f.name)
                or (_TRANSLATIONS if f.name == "translations" else None)
            )
            if described:
                prop["description"] = described
            has_default, default = _default(f)
            if has_default:
                prop["default"] = default
            refs = REFERENCES.get((name, f.name))
            if f.name in _AUDIENCE_FIELDS:
                refs = _ANYONE
                prop["x-safeplan-roles"] = True
            if refs:
                prop["x-safeplan-ref"] = list(refs)
            props[f.name] = prop
            if f.default is attrs.NOTHING:
                required.append(f.name)
        schema: dict[str, Any] = {
            "type": "object",
            "title": _title(name),
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
        "$comment": (
            f"Besides maxLength and maxItems: a case file is at most {MAX_FILE_BYTES} bytes "
            f"and nests mappings and lists at most {MAX_DEPTH} deep."
        ),
        **root,
        "title": "safeplan case file",
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

    __slots__ = (
        "branches",
        "extra",
        "items",
        "max_items",
        "max_length",
        "props",
        "str_limit",
        "typed",
    )

    def __init__(self) -> None:
        self.max_length: int | None = None
        self.max_items: int | None = None
        self.items: _Node | None = None
        self.props: dict[str, _Node] | None = None
        self.extra: _Node | None = None  # the values of a mapping keyed by anything
        self.branches: list[tuple[type | tuple[type, ...], _Node]] | None = None
        # Filled once the whole tree is compiled (:func:`_settle`): the node that describes a
        # value of each built-in type (its anyOf branch followed), and a string's limit here.
        self.typed: dict[type, _Node | None] = {}
        self.str_limit: int | None = None


# The types a parsed case holds; a value of another type (a subclass) takes the slow path.
_BUILT_IN = (str, list, dict, int, float, bool, type(None))


def _resolve(node: _Node | None, kind: type) -> _Node | None:
    """The node for a value of type ``kind``: ``anyOf`` branches followed, the first whose type
    the value is an instance of."""
    while node is not None and node.branches is not None:
        node = next((n for k, n in node.branches if issubclass(kind, k)), None)
    return node


def _settle(root: _Node) -> _Node:
    """Fill each node's ``typed`` and ``str_limit`` (after compiling: definitions refer to
    themselves)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.typed = {kind: _resolve(node, kind) for kind in _BUILT_IN}
        as_text = node.typed[str]
        node.str_limit = as_text.max_length if as_text is not None else None
        stack += [n for _, n in node.branches or ()]
        stack += [n for n in (node.items, node.extra) if n is not None]
        stack += list((node.props or {}).values())
    return root


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
    if _fingerprint() == KEPT_FINGERPRINT:
        defs = {name: json.loads(spec) for name, spec in KEPT_DEFS.items()}
        return _settle(_from_spec(json.loads(KEPT_ROOT), defs, {}))
    # The kept tree is not of this model (an edited model, or no sources to read): build it.
    return _settle(_compile_schema()[0])


def _compile_schema() -> tuple[_Node, dict[str, _Node]]:
    """The limits tree compiled from the schema, and its nodes for definitions by name."""
    schema = _schema()
    done: dict[str, _Node] = {}
    return _compile(schema, schema["$defs"], done), done


# --- the limits tree, kept in the source ------------------------------------------------------
#
# Building the schema (type hints of ~40 classes, their docstrings) costs ~10 ms, all of it
# for a check_limits that needs only the types and limits. limits_tree.py keeps the compiled
# tree as plain tuples, with a fingerprint of the sources it was made from; when those change
# the tree is built as before (slower, never different), and a test says to make it again.

_SOURCES = ("model.py", "kinds.py", "translations.py", "limits.py", "schema.py")
_KINDS: dict[str, type | tuple[type, ...]] = {
    "dict": dict,
    "none": (),
    **{t.__name__: t for t in (str, list, bool, int, type(None))},
}
_KIND_NAMES = {v: k for k, v in _KINDS.items()}

# [max_length, max_items, items, props, extra, branches], or ["$", name] for a definition.
Spec = Sequence[Any]


def _fingerprint() -> str | None:
    """A checksum of the sources the tree is made from, or None when they cannot be read."""
    folder = Path(__file__).parent
    try:
        data = b"".join((folder / name).read_bytes() for name in _SOURCES)
    except OSError:
        return None
    return f"{zlib.crc32(data):08x}-{len(data)}"


def _spec(node: _Node | None, names: dict[int, str], top: bool = False) -> Spec | None:
    if node is None:
        return None
    if not top and id(node) in names:
        return ("$", names[id(node)])
    return (
        node.max_length,
        node.max_items,
        _spec(node.items, names),
        tuple((k, _spec(v, names)) for k, v in node.props.items())
        if node.props is not None
        else None,
        _spec(node.extra, names),
        tuple((_KIND_NAMES[kind], _spec(n, names)) for kind, n in node.branches)
        if node.branches is not None
        else None,
    )


def _from_spec(spec: Spec, defs: dict[str, Spec], done: dict[str, _Node]) -> _Node:
    if spec[0] == "$":
        name = spec[1]
        if name not in done:
            done[name] = _Node()  # placed first: a definition may refer to itself
            built = _from_spec(defs[name], defs, done)
            for slot in _Node.__slots__:
                setattr(done[name], slot, getattr(built, slot))
        return done[name]
    max_length, max_items, items, props, extra, branches = spec
    node = _Node()
    node.max_length = max_length
    node.max_items = max_items
    node.items = _from_spec(items, defs, done) if items is not None else None
    if props is not None:
        node.props = {k: _from_spec(v, defs, done) for k, v in props}
    node.extra = _from_spec(extra, defs, done) if extra is not None else None
    if branches is not None:
        node.branches = [(_KINDS[k], _from_spec(v, defs, done)) for k, v in branches]
    return node


def limits_tree_source(head: str) -> str:
    """The source of limits_tree.py: ``head`` (its docstring), then the tree compiled from the
    schema now (each definition as JSON text: a line each) and the fingerprint of the sources
    it is made from."""
    root, done = _compile_schema()
    names = {id(node): name for name, node in done.items()}

    def text(node: _Node) -> str:
        return repr(json.dumps(_spec(node, names, top=True), separators=(",", ":")))

    lines = [head.rstrip("\n"), "", f"FINGERPRINT = {_fingerprint()!r}", ""]
    lines += [f"ROOT = {text(root)}", "", "DEFS: dict[str, str] = {"]
    lines += [f"    {name!r}: {text(node)}," for name, node in sorted(done.items())]
    lines += ["}", ""]
    return "\n".join(lines)


def _within(value: object, node: _Node | None, depth: int) -> bool:
    """Whether ``value`` keeps every limit (quick: no paths). Recursion is bounded by the
    depth limit, so a deep file cannot exhaust the stack.

    One pass; the strings of a list or a mapping (most of a case) are checked in its loop,
    without a call each. ``tests/case/test_limits_walk.py`` keeps the plain walk this replaced
    and compares the two."""
    if depth > MAX_DEPTH:
        return False
    if node is not None:
        kind = type(value)
        node = node.typed[kind] if kind in node.typed else _resolve(node, kind)
    if isinstance(value, str):
        limit = node.max_length if node is not None else None
        return limit is None or len(value) <= limit
    if isinstance(value, list):
        if node is None:
            items = None
        elif node.max_items is not None and len(value) > node.max_items:
            return False
        else:
            items = node.items
        if value and depth >= MAX_DEPTH:
            return False  # every item is one deeper than the limit
        text_limit = items.str_limit if items is not None else None
        for item in value:
            if type(item) is str:
                if text_limit is not None and len(item) > text_limit:
                    return False
            elif not _within(item, items, depth + 1):
                return False
        return True
    if isinstance(value, dict):
        props = node.props if node is not None else None
        extra = node.extra if node is not None else None
        if extra is not None:
            if node is not None and node.max_items is not None and len(value) > node.max_items:
                return False
            return all(_within(item, extra, depth + 1) for item in value.values())
        if value and depth >= MAX_DEPTH:
            return False
        for key, item in value.items():
            child = props.get(key) if props is not None else None
            if type(item) is str:
                limit = child.str_limit if child is not None else None
                if limit is not None and len(item) > limit:
                    return False
            elif not _within(item, child, depth + 1):
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
