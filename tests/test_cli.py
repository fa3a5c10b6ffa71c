"""The command line, as a script or a person would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import safeplan
from safeplan.cli import main
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_accepts_every_bundled_example(runner: CliRunner) -> None:
    accepted = sorted(EXAMPLES.glob("*.yaml"))
    assert len(accepted) >= 1
    result = runner.invoke(main, ["check", *map(str, accepted)])
    assert result.exit_code == 0, result.output
    assert f"{len(accepted)} checked: {len(accepted)} may be issued" in result.output


def test_check_refuses_every_bundled_refused_draft(runner: CliRunner) -> None:
    refused = sorted((EXAMPLES / "refused").glob("*.yaml"))
    assert len(refused) >= 3
    for path in refused:
        result = runner.invoke(main, ["check", str(path)])
        assert result.exit_code == 1, path.name
        assert "REFUSED" in result.output, path.name
        assert "UNREADABLE" not in result.output, path.name


def test_a_bad_file_is_reported_and_the_others_still_checked(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = write(tmp_path / "a-good.json", example_data())
    bad = tmp_path / "b-bad.json"
    bad.write_text("{not json", encoding="utf-8")
    data = example_data()
    del data["end"]
    refused = write(tmp_path / "c-refused.json", data)
    result = runner.invoke(main, ["check", str(good), str(bad), str(refused)])
    assert result.exit_code == 1
    assert f"{good}: may be issued" in result.output
    assert f"{bad}: UNREADABLE" in result.output
    assert f"{refused}: REFUSED" in result.output
    assert "SP-END-MISSING at $.end" in result.output
    assert "3 checked: 1 may be issued, 1 refused, 1 unreadable" in result.output
    assert "Traceback" not in result.output


def test_check_searches_folders(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "one.json", example_data())
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    result = runner.invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 checked: 1 may be issued" in result.output


def test_check_json_output_for_machines(runner: CliRunner, tmp_path: Path) -> None:
    data = example_data()
    data["commitments"] = []
    path = write(tmp_path / "case.json", data)
    result = runner.invoke(main, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"] == {"checked": 1, "may_be_issued": 0, "refused": 1, "unreadable": 0}
    [case] = report["cases"]
    assert case["status"] == "refused"
    assert case["problems"][0]["code"] == "SP-COMMITMENTS-MISSING"
    assert case["problems"][0]["path"] == "$.commitments"
    assert case["problems"][0]["severity"] == "refusal"


def test_check_never_prints_personal_data(runner: CliRunner, tmp_path: Path) -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": "Alex will not allow Jordan in."})
    data["people"][0]["contact_details"][0]["value"] = 12
    path = write(tmp_path / "case.json", data)
    result = runner.invoke(main, ["check", str(path)])
    for secret in ("Alex", "Jordan", "Carter", "Birch"):
        assert secret not in result.output


def test_usage_errors_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["check"]).exit_code == 2
    assert runner.invoke(main, ["check", str(tmp_path / "missing.json")]).exit_code == 2
    assert runner.invoke(main, ["check", "--format", "xml", str(EXAMPLES)]).exit_code == 2
    assert runner.invoke(main, ["no-such-command"]).exit_code == 2


def test_schema_command_prints_the_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == safeplan.json_schema()


def test_schema_file_in_the_repository_is_current() -> None:
    committed = json.loads((ROOT / "schema" / "case-file.schema.json").read_text("utf-8"))
    assert committed == safeplan.json_schema(), (
        "run: safeplan schema > schema/case-file.schema.json"
    )


def test_the_installed_command_runs_in_its_own_process() -> None:
    script = Path(sys.executable).parent / "safeplan"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "safeplan"]
    refused = sorted((EXAMPLES / "refused").glob("*.yaml"))
    assert len(refused) >= 3
    done = subprocess.run(
        [*command, "check", *map(str, refused)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert "REFUSED" in done.stdout
    assert "Traceback" not in done.stderr
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "safeplan" in done.stdout
