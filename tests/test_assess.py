"""The embedder's kit: assess() gives refusals and findings together, every error and problem
turns into the same JSON, and paths come as JSON Pointers a web form can use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import safeplan
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent


def test_a_case_that_may_be_issued_has_findings_and_no_refusals() -> None:
    text = (ROOT / "examples/refused/victim-polices.yaml").read_text(encoding="utf-8")
    refused = safeplan.assess(text, format="yaml")
    assert refused.status == "refused" and not refused.may_issue
    assert "SP-POLICING" in {p.code for p in refused.refusals}
    assert refused.findings == ()

    data = example_data()
    data["expectations"][0]["what"] = "Paul will engage with services appropriately."
    result = safeplan.assess(data)
    assert result.status == "ok" and result.may_issue
    assert result.refusals == ()
    assert "SP-VAGUE-WORDING" in {f.code for f in result.findings}
    # Warnings before advice, and the same findings check() gives, plus the renderer's.
    severities = [f.severity for f in result.findings]
    assert severities == sorted(severities, key=["warning", "advice"].index)
    assert set(safeplan.check(result.agreement)) <= set(result.findings)  # type: ignore[arg-type]


def test_assess_takes_data_text_or_an_agreement_alike() -> None:
    agreement = safeplan.load(ROOT / "examples/green-reid-england.yaml")
    from_agreement = safeplan.assess(agreement)
    from_text = safeplan.assess(safeplan.dumps(agreement, "json"))
    from_yaml = safeplan.assess(
        (ROOT / "examples/green-reid-england.yaml").read_text(encoding="utf-8"), format="yaml"
    )
    assert from_agreement.to_dict() == from_text.to_dict() == from_yaml.to_dict()


def test_an_unreadable_case_is_a_result_not_an_exception() -> None:
    data = example_data()
    data["reviews"][0]["dtae"] = "2026-01-01"
    result = safeplan.assess(data)
    assert result.status == "unreadable"
    assert [p.code for p in result.refusals] == ["SP-FILE-UNKNOWN-FIELD"]
    assert result.refusals[0].pointer == "/reviews/0/dtae"
    assert safeplan.assess("{not json").status == "unreadable"


def test_the_dict_is_json_and_never_holds_the_case() -> None:
    data = example_data()
    del data["end"]
    out = safeplan.assess(data).to_dict()
    text = json.dumps(out)
    assert out["status"] == "refused" and out["may_issue"] is False
    assert out["refusals"][0]["code"] == "SP-END-MISSING"
    assert out["refusals"][0]["pointer"] == "/end"
    assert out["counts"] == {"refusal": 1, "warning": 0, "advice": 0}
    for person in data["people"]:
        assert person["name"] not in text
    assert data["reference"] not in text


def test_a_profile_that_cannot_be_read_is_a_refusal_that_names_it() -> None:
    result = safeplan.assess(example_data(), profile="no-such-profile")
    assert not result.may_issue
    assert [p.code for p in result.refusals] == ["SP-PROFILE-ERROR"]


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("$", ""),
        ("$.end", "/end"),
        (
            "$.people[1].contact_details[0].visible_to[2]",
            "/people/1/contact_details/0/visible_to/2",
        ),
        ("$.odd/key~", "/odd~1key~0"),
        ("council/agreement.xml.j2:12", None),
    ],
)
def test_problem_paths_become_json_pointers(path: str, pointer: str | None) -> None:
    problem = safeplan.Problem.refusal("SP-X", path, "A message.")
    assert problem.pointer == pointer
    assert problem.to_dict()["pointer"] == pointer


def test_a_pointer_finds_the_field_in_the_data() -> None:
    data = example_data()
    data["expectations"][1]["who"] = "nobody-of-this-case"
    problem = next(p for p in safeplan.validate(data) if p.code == "SP-REF-UNKNOWN")
    node = data
    for step in problem.pointer.split("/")[1:]:  # type: ignore[union-attr]
        node = node[int(step)] if isinstance(node, list) else node[step]
    assert node == "nobody-of-this-case"


def test_every_error_has_to_dict_in_one_shape() -> None:
    errors: list[safeplan.SafeplanError] = [
        safeplan.RefusedError([safeplan.Problem.refusal("SP-END-MISSING", "$.end", "Say when.")]),
        safeplan.InvalidCaseError([safeplan.Problem.refusal("SP-FILE-X", "$.a", "Bad.")]),
        safeplan.ProfileError("no profile called 'x'"),
        safeplan.TemplateError("unknown name", template="council/agreement.xml.j2", line=4),
        safeplan.RenderError("That recipient has no copy in this case."),
        safeplan.ConfidentialLeakError("A detail would leak.", path="$.concerns[0]", recipient="r"),
        safeplan.PdfError("LibreOffice (soffice) was not found."),
    ]
    for err in errors:
        out = err.to_dict()
        assert set(out) >= {"error", "code", "message", "problems"}, type(err)
        assert out["error"] == type(err).__name__
        assert out["code"].startswith("SP-")
        assert out["problems"] and all(p["code"] and p["message"] for p in out["problems"])
        json.dumps(out)
    leak = errors[5].to_dict()
    assert leak["problems"][0]["pointer"] == "/concerns/0"
    assert leak["code"] == "SP-COPY-LEAK"
    assert errors[3].to_dict()["line"] == 4


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_assess_reads_the_audience_once_and_finds_what_check_and_the_renderer_find(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import safeplan._assess as assess_module
    from safeplan._copies import audience_of

    agreement = safeplan.load(path)
    # The long way: check(), then the renderer's own findings, each reading the audience.
    expected = list(safeplan.check(agreement))
    expected += [f for f in safeplan.Renderer().findings(agreement) if f not in expected]
    order = ["refusal", "warning", "advice"]
    expected.sort(key=lambda f: order.index(f.severity.value))
    calls: list[object] = []

    def counted(case: safeplan.WrittenAgreement) -> object:
        calls.append(case)
        return audience_of(case)

    monkeypatch.setattr(assess_module, "audience_of", counted)
    result = safeplan.assess(agreement)
    assert result.findings == tuple(expected)
    assert len(calls) == 1
