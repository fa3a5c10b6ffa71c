"""Reading and writing case files: strict, with paths, and round-tripping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safeplan
from safeplan.testing import example_agreement, example_data

ROOT = Path(__file__).resolve().parents[2]


def problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.from_dict(data)
    return [(p.code, p.path) for p in info.value.problems]


def test_unknown_keys_are_errors_with_a_suggestion() -> None:
    data = example_data()
    data["expectatons"] = []
    data["people"][1]["nmae"] = "x"
    found = problems(data)
    assert ("SP-FILE-UNKNOWN-FIELD", "$.expectatons") in found
    assert ("SP-FILE-UNKNOWN-FIELD", "$.people[1].nmae") in found
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.from_dict(data)
    assert "Did you mean 'expectations'?" in str(info.value)


def test_every_structural_problem_is_listed_at_once() -> None:
    data = example_data()
    data["date"] = "2 November 2026"
    data["people"][0]["contact_details"][1]["value"] = 7700900111
    data["people"][2]["agreed"] = "yes"
    data["version"] = {"number": "2"}
    data["plan"]["nation"] = "france"
    del data["plan"]["lead_practitioner"]
    data["children"] = {"sam": {}}
    found = problems(data)
    assert ("SP-FILE-TYPE", "$.date") in found
    assert ("SP-FILE-TYPE", "$.people[0].contact_details[1].value") in found
    assert ("SP-FILE-TYPE", "$.people[2].agreed") in found
    assert ("SP-FILE-TYPE", "$.version.number") in found
    assert ("SP-FILE-TYPE", "$.plan.nation") in found
    assert ("SP-FILE-MISSING-FIELD", "$.plan.lead_practitioner") in found
    assert ("SP-FILE-TYPE", "$.children") in found


def test_type_messages_never_repeat_the_value() -> None:
    data = example_data()
    data["people"][0]["contact_details"][1]["value"] = 7700900111
    data["people"][0]["name"] = ["Alex", "Carter"]
    data["date"] = "31/02/2026"
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.from_dict(data)
    text = str(info.value)
    for secret in ("7700900111", "Alex", "Carter", "31/02"):
        assert secret not in text
    assert "Put it in quotes" in text


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-1-5", "20260105", "2026-01-05T10:00"])
def test_bad_dates_are_errors(bad: str) -> None:
    data = example_data()
    data["date"] = bad
    assert problems(data) == [("SP-FILE-TYPE", "$.date")]


def test_yaml_reads_dates_and_only_true_false_as_booleans(tmp_path: Path) -> None:
    data = example_data()
    text = safeplan.dumps(safeplan.from_dict(data), "yaml")
    assert "date: '2027-01-28'" in text or "date: 2027-01-28" in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("with_plan: true", "with_plan: yes"), encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(path)
    assert [(p.code, p.path) for p in info.value.problems] == [("SP-FILE-TYPE", "$.end.with_plan")]
    path.write_text(text, encoding="utf-8")
    assert safeplan.load(path) == safeplan.from_dict(data)


def test_yaml_unquoted_phone_number_is_an_error_not_a_lost_zero(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = safeplan.dumps(example_agreement(), "yaml").replace("01632 960 001", "0161234567")
    assert "phone: 0161234567" in text  # YAML 1.1 reads this as an octal number
    path.write_text(text, encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(path)
    assert info.value.problems[0].path == "$.professionals[0].phone"


def test_yaml_duplicate_keys_and_syntax_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("reference: A\nreference: B\n", encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(path)
    # A repeated key is refused with its path and line, as in JSON (issue 11).
    assert info.value.codes == ("SP-FILE-DUPLICATE-KEY",)
    assert info.value.problems[0].path == "$.reference"
    assert "line 2" in str(info.value)
    path.write_text("reference: [unclosed\n", encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError, match="line"):
        safeplan.load(path)


def test_json_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{\n  "reference": "A",\n}', encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError, match="line 3"):
        safeplan.load(path)


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(tmp_path / "case.txt")
    assert info.value.codes == ("SP-FILE-FORMAT",)
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(tmp_path / "missing.json")
    assert info.value.codes == ("SP-FILE-UNREADABLE",)


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(safeplan.InvalidCaseError):
        safeplan.loads("[1, 2]")
    assert problems([1, 2]) == [("SP-FILE-TYPE", "$")]


def test_refusal_after_a_clean_read_is_a_refusal_not_a_read_error() -> None:
    data = example_data()
    del data["end"]
    with pytest.raises(safeplan.RefusedError):
        safeplan.from_dict(data)


def test_dump_is_plain_json_data_and_omits_defaults() -> None:
    dumped = safeplan.dump(example_agreement())
    json.dumps(dumped)  # plain data only
    assert dumped["plan"]["nation"] == "england"
    assert dumped["date"] == "2026-11-02"
    assert "overridden" not in dumped
    assert "print_code_word" not in dumped["safety_plans"][0]


def test_dump_load_round_trip_of_the_example() -> None:
    data = example_data()
    assert safeplan.dump(safeplan.from_dict(data)) == data


# Every free-text field, filled with any text at all: the round trip must keep it exactly.
FREE_TEXT = {
    "name",
    "relationship",
    "text",
    "what",
    "when",
    "how_checked",
    "support",
    "words",
    "reason",
    "value",
    "label",
    "where",
    "how_often",
    "notes",
    "explanation",
    "child_words",
    "code_word",
    "job_title",
    "hours",
    "description",
}


def _with_text(data: Any, draw: st.DrawFn) -> Any:
    if isinstance(data, dict):
        return {
            k: (
                draw(st.text(max_size=40))
                if k in FREE_TEXT and isinstance(v, str)
                else _with_text(v, draw)
            )
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_with_text(v, draw) for v in data]
    return data


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    data = _with_text(example_data(), draw)
    data["contingency"] = draw(
        st.lists(st.text(alphabet="abc XYZ.", min_size=1), min_size=1, max_size=3).filter(
            lambda xs: any(x.strip() for x in xs)
        )
    )
    data["safety_plans"][0]["print_code_word"] = draw(st.booleans())
    if draw(st.booleans()):
        data["version"] = {
            "number": 3,
            "replaces": 2,
            "changes": draw(st.lists(st.text(), min_size=1)),
        }
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_round_trip_any_text(data: dict[str, Any]) -> None:
    agreement = safeplan.from_dict(data)
    assert safeplan.from_dict(safeplan.dump(agreement)) == agreement
    for fmt in ("json", "yaml"):
        assert safeplan.loads(safeplan.dumps(agreement, fmt), fmt) == agreement  # type: ignore[arg-type]


def test_schema_accepts_the_example_and_rejects_unknown_keys() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = safeplan.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(example_data())) == []
    data = example_data()
    data["people"][0]["nmae"] = "x"
    assert list(validator.iter_errors(data))
    assert schema["properties"]["signatures"]["items"]["$ref"] == "#/$defs/Signature"
    statuses = (
        schema["$defs"]["SignatureStatus"]["enum"]
        if "SignatureStatus" in schema["$defs"]
        else schema["$defs"]["Signature"]["properties"]["status"]["enum"]
    )
    assert "reluctant" not in statuses


def test_schema_accepts_every_bundled_example() -> None:
    from safeplan._case.io import read_case_data

    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(safeplan.json_schema())
    files = sorted((ROOT / "examples").rglob("*.yaml"))
    assert files
    for path in files:
        data = json.loads(json.dumps(read_case_data(path), default=str))
        assert list(validator.iter_errors(data)) == [], path.name
