"""The case-file schema serves form builders: titles, descriptions, defaults, labelled choices,
and references between people marked so a form can offer a choice of person."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

import safeplan
from safeplan._case.io import read_case_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"


def _schema() -> dict[str, Any]:
    return safeplan.json_schema()


def _objects(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "WrittenAgreement", schema
    yield from schema["$defs"].items()


def test_every_object_and_field_has_a_title_and_a_description() -> None:
    for name, obj in _objects(_schema()):
        assert obj["title"] and obj["description"], name
        for field, prop in obj["properties"].items():
            assert prop["title"], f"{name}.{field}"
            assert prop.get("description"), f"{name}.{field} has no description"
    props = _schema()["$defs"]["Child"]["properties"]
    assert props["date_of_birth"]["title"] == "Date of birth"
    assert _schema()["title"] == "safeplan case file"


def test_defaults_are_given_and_valid() -> None:
    schema = _schema()
    expectation = schema["$defs"]["Expectation"]["properties"]
    assert expectation["kind"]["default"] == "action"
    assert expectation["withheld_from"]["default"] == []
    for name, obj in _objects(schema):
        for field, prop in obj["properties"].items():
            assert field not in obj.get("required", []) or "default" not in prop, field
            if "default" in prop:
                sub = {**prop, "$defs": schema["$defs"]}
                jsonschema.validate(prop["default"], sub), f"{name}.{field}"


def test_every_choice_has_a_label() -> None:
    role = _schema()["$defs"]["Person"]["properties"]["role"]
    assert role["enum"][0] == "adult-at-risk"
    labels = {o["const"]: o["title"] for o in role["oneOf"]}
    assert labels["person-causing-harm"] == "Person causing harm"
    kinds = _schema()["$defs"]["ContactDetail"]["properties"]["kind"]
    assert {o["const"]: o["title"] for o in kinds["oneOf"]}["gp"] == "GP"
    text = json.dumps(_schema())
    assert text.count('"enum"') == text.count('"oneOf"')


def test_the_enriched_schema_still_validates_every_example() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        data = json.loads(json.dumps(read_case_data(path), default=str))
        assert list(validator.iter_errors(data)) == [], path


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, (*path, i))
    elif isinstance(node, str):
        yield path


def _marked(schema: dict[str, Any], path: tuple[Any, ...]) -> list[str] | None:
    """The x-safeplan-ref of the field at ``path`` in the data, walking the schema."""
    node: dict[str, Any] = schema
    mark = None
    for step in path:
        node = _resolve(schema, node)
        if isinstance(step, int):
            node = _resolve(schema, node)["items"]
        else:
            node = node["properties"][step]
            mark = node.get("x-safeplan-ref")
    return mark


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node:
            options = node["anyOf"]
            refs = [o for o in options if "$ref" in o]
            node = refs[0] if refs else next(o for o in options if o.get("type") != "null")
        else:
            return node


def test_the_marked_references_are_exactly_the_fields_the_rules_check() -> None:
    # Put an id no one has into each text field of a full example in turn: the fields where
    # that is refused as SP-REF-UNKNOWN are the references, and each must be marked.
    data = json.loads(json.dumps(read_case_data(EXAMPLE), default=str))
    schema = _schema()
    for path in _leaves(data):
        changed = copy.deepcopy(data)
        node = changed
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = "zz-no-one"
        where = "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path)
        refused = any(
            p.code == "SP-REF-UNKNOWN" and p.path == where for p in safeplan.validate(changed)
        )
        mark = _marked(schema, path)
        assert bool(mark) == refused, f"{where}: marked {mark}, refused {refused}"
        if mark:
            # The id of an entry from a list the mark names is accepted there.
            group = mark[0]
            node[path[-1]] = data[group][0]["id"]
            problems = safeplan.validate(changed)
            assert not any(p.code == "SP-REF-UNKNOWN" and p.path == where for p in problems)


def test_audience_lists_take_ids_and_roles() -> None:
    prop = _schema()["$defs"]["Concern"]["properties"]["withheld_from"]
    assert prop["x-safeplan-ref"] == ["people", "children", "professionals"]
    assert prop["x-safeplan-roles"] is True
