"""What changed, computed: ``safeplan.diff`` and ``safeplan diff OLD NEW`` give the lines a
social worker pastes into ``version.changes``; ``safeplan check NEW --previous OLD`` warns when
the typed list leaves a change out. The bundled v1/v2 pair of the Green/Reid example is the
worked case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from click.testing import CliRunner

import safeplan
from safeplan.cli import main
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "examples" / "green-reid-england-v1.yaml"
V2 = ROOT / "examples" / "green-reid-england.yaml"
NAMES = ("Alex", "Carter", "Jordan", "Sam", "Pat", "Robin", "Sally", "Paul", "Mia", "Leo")


def lines(old: Any, new: Any) -> list[str]:
    return [c.line for c in safeplan.diff(old, new) if not c.restricted]


def later(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` as version 2, replacing version 1."""
    data["version"] = {"number": 2, "replaces": 1, "changes": ["Something changed."]}
    return data


def test_the_bundled_pair_says_what_changed_in_plain_english() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    assert lines(v1, v2) == [
        "Reworded a term for Paul Reid: now “Paul will see Mia and Leo only at…”",
        "Northshire Family Contact Centre now checks Paul Reid's term “Paul will see Mia and Leo…”",
        "Changed how Paul Reid's term “Paul will see Mia and Leo…” is checked.",
        "Northshire Family Contact Centre now checks Paul Reid's term “Paul will not drink "
        "alcohol for…”",
        "Changed how Paul Reid's term “Paul will not drink alcohol for…” is checked.",
        "The commitment “Amira will visit Mia and Leo…” now says when: every two weeks.",
        "Added what Northshire County Council Children's Services will do: “Children's Services "
        "will pay for the family contact…”",
        "Time with Paul Reid moved from Jean's house to Northshire Family Contact Centre.",
        "Chris Adeyemi now supervises time with Paul Reid.",
        "Changed the notes on time with Paul Reid: now “Jean brings the children to the centre "
        "and…”",
        "Mia Green's own safety plan changed: what the grown-ups will do.",
        "Leo Green's own safety plan changed: what the grown-ups will do.",
    ]
    assert safeplan.diff(v1, v2) == safeplan.diff(v1, v2)  # deterministic
    assert safeplan.diff(v2, v2) == ()


def test_version_1_has_the_flaws_version_2_fixes() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    assert {p.code for p in safeplan.check(v1)} >= {
        "SP-COMMITMENT-NO-DATE",  # when Amira will visit
        "SP-CHILD-SAFETY-ON-ADULT-AT-RISK",  # "Mum and Grandma Jean will keep you safe"
    }
    warnings = {p.code for p in safeplan.check(v2) if p.severity is safeplan.Severity.WARNING}
    assert warnings == set()


def test_the_bundled_pairs_typed_list_leaves_nothing_out() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    assert [p for p in safeplan.check(v2, previous=v1) if p.code.startswith("SP-CHANGES")] == []


def test_a_typed_list_that_leaves_a_change_out_is_warned_about() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    without_plans = [c for c in v2.version.changes if "own plans" not in c]
    shorter = attrs.evolve(v2, version=attrs.evolve(v2.version, changes=without_plans))
    found = [p for p in safeplan.check(shorter, previous=v1) if p.code == "SP-CHANGES-NOT-LISTED"]
    assert [p.path for p in found] == ["$.safety_plans[0]", "$.safety_plans[1]"]
    assert all(p.severity is safeplan.Severity.WARNING for p in found)
    assert "since version 1, but the list of what changed (version.changes)" in found[0].message
    assert not any(name in p.message for p in found for name in NAMES)


def test_a_list_that_says_nothing_useful_misses_every_change() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    vague = attrs.evolve(v2, version=attrs.evolve(v2.version, changes=("Some updates.",)))
    found = [p for p in safeplan.check(vague, previous=v1) if p.code == "SP-CHANGES-NOT-LISTED"]
    assert len(found) == len(lines(v1, v2))


def test_dates_moved_people_added_and_terms_taken_out() -> None:
    old = safeplan.from_dict(example_data())
    data = later(example_data())
    data["reviews"][1]["date"] = "2027-01-21"
    data["end"]["date"] = "2027-01-21"
    data["people"].append(
        {"id": "aunt", "name": "Kim Carter", "role": "network-member", "relationship": "Sam's aunt"}
    )
    del data["expectations"][1]
    new = safeplan.from_dict(data)
    found = safeplan.diff(old, new)
    assert [c.line for c in found] == [
        "The agreement now ends on 21 January 2027 (it was 28 January 2027).",
        "Added Kim Carter, Sam's aunt, to this agreement.",
        "Took out a term for Jordan Carter: “Jordan will not go to Alex's home.”",
        "The review child protection conference on 28 January 2027 moved to 21 January 2027.",
    ]
    removed = next(c for c in found if c.kind is safeplan.ChangeKind.REMOVED)
    assert removed.path == "previous:$.expectations[1]"
    problems = [p for p in safeplan.check(new, previous=old) if p.code == "SP-CHANGES-NOT-LISTED"]
    taken = next(p for p in problems if "taken out" in p.message)
    assert taken.path == "$.version.changes"
    assert "(at $.expectations[1] in version 1)" in taken.message


def test_a_term_with_an_id_is_followed_through_a_rewording() -> None:
    data = example_data()
    data["expectations"][0]["id"] = "course"
    old = safeplan.from_dict(data)
    data = later(data)
    data["expectations"][0]["what"] = "Jordan will go to the Change Programme every Wednesday."
    data["expectations"][0]["when"] = "Every Wednesday evening"
    found = lines(old, safeplan.from_dict(data))
    assert found == [
        "Reworded a term for Jordan Carter: now “Jordan will go to the Change Programme every…”",
        "Jordan Carter's term “Jordan will go to the Change…” now says when: Every Wednesday "
        "evening.",
    ]


def test_a_confidential_detail_never_reaches_the_lines_for_every_copy() -> None:
    old = safeplan.from_dict(example_data())
    data = later(example_data())
    data["people"][0]["contact_details"][0]["value"] = "4 Elm Row, Southtown NX8 1ZZ"
    new = safeplan.from_dict(data)
    found = safeplan.diff(old, new)
    assert [(c.line, c.restricted) for c in found] == [("Alex Carter's home changed.", True)]
    assert "Elm Row" not in repr(found) and "Elm Row" not in found[0].line
    # Not in the list every copy prints, so check does not ask for it there.
    assert not [p for p in safeplan.check(new, previous=old) if p.code.startswith("SP-CHANGES")]


def test_an_item_kept_from_someone_is_for_the_case_record_only() -> None:
    old = safeplan.from_dict(example_data())
    data = later(example_data())
    data["contingency"].append(
        {"text": "Alex can go to the refuge if she needs to.", "withheld_from": ["dad"]}
    )
    found = safeplan.diff(old, safeplan.from_dict(data))
    assert [c.restricted for c in found] == [True]


def test_a_code_word_change_is_never_a_line_for_every_copy() -> None:
    old = safeplan.from_dict(example_data())
    data = later(example_data())
    data["safety_plans"][0]["code_word"] = "green dragon"
    found = safeplan.diff(old, safeplan.from_dict(data))
    assert [(c.line, c.restricted) for c in found] == [
        ("The code word in Sam Carter's plan changed.", True)
    ]


def test_a_previous_file_that_is_not_the_replaced_version_is_named() -> None:
    v1, v2 = safeplan.load(V1), safeplan.load(V2)
    found = {p.code: p for p in safeplan.check(v1, previous=v2)}
    assert found["SP-PREVIOUS-VERSION"].path == "$.version.number"


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_safeplan_diff_prints_lines_to_paste_into_version_changes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(V1), str(V2)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "# What changed from version 1 (green-reid-england-v1.yaml) to version 2 "
        "(green-reid-england.yaml): 12 changes for version.changes\nchanges:\n"
    )
    pasted = yaml.safe_load(result.output)["changes"]
    assert pasted == lines(safeplan.load(V1), safeplan.load(V2))


def test_safeplan_diff_keeps_restricted_changes_out_of_the_list(
    runner: CliRunner, tmp_path: Path
) -> None:
    old = tmp_path / "v1.json"
    old.write_text(json.dumps(example_data()))
    data = later(example_data())
    data["people"][0]["contact_details"][1]["value"] = "07700 900 999"
    data["reviews"][0]["date"] = "2026-11-13"
    new = tmp_path / "v2.json"
    new.write_text(json.dumps(data))
    result = runner.invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    parsed = yaml.safe_load(result.output)
    assert parsed["changes"] == [
        "The core group meeting on 12 November 2026 moved to 13 November 2026."
    ]
    assert "#   - Alex Carter's mobile changed." in result.output
    assert "07700 900 999" not in result.output
    as_json = json.loads(
        runner.invoke(main, ["diff", "--format", "json", str(old), str(new)]).output
    )
    assert [c["for_version_changes"] for c in as_json["changes"]] == [False, True]


def test_safeplan_diff_refuses_to_compare_a_file_it_cannot_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("reference: [unclosed\n")
    result = runner.invoke(main, ["diff", str(bad), str(V2)])
    assert result.exit_code == 1
    assert "cannot be compared" in result.output


def test_check_with_previous(runner: CliRunner, tmp_path: Path) -> None:
    ok = runner.invoke(main, ["check", str(V2), "--previous", str(V1), "--strict"])
    assert ok.exit_code == 0, ok.output
    data = safeplan.dump(safeplan.load(V2))
    data["version"]["changes"] = data["version"]["changes"][:1]
    short = tmp_path / "v2.json"
    short.write_text(json.dumps(data, default=str))
    warned = runner.invoke(main, ["check", str(short), "--previous", str(V1), "--strict"])
    assert warned.exit_code == 1
    assert "SP-CHANGES-NOT-LISTED at $.safety_plans[0]" in warned.output
    two = runner.invoke(main, ["check", str(V1), str(V2), "--previous", str(V1)])
    assert two.exit_code == 2
    assert "--previous compares one case" in two.output


def test_the_readme_shows_safeplan_diff_on_the_bundled_pair(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ safeplan diff examples/green-reid-england-v1.yaml ")[1]
    shown = block.split("\n$ ")[0].split("\n", 1)[1].rstrip("\n")
    monkeypatch.chdir(ROOT)  # the README's command runs from the top of the repository
    result = runner.invoke(main, ["diff", "examples/green-reid-england-v1.yaml", str(V2)])
    assert shown == result.output.rstrip("\n")
