"""Odd files and faults in a batch and in case files (issue 15): named pipes, sockets, devices,
folders named like cases, a file called ``...yaml``, an empty input, an output folder that cannot
be written, and case files too large, too long or nested too deep. Each ends with a problem code
and a plain message, never a traceback or a hang, and ``check`` refuses what ``render`` would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import safeplan
from safeplan.cli import main
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent


def case(n: int = 0, **changes: Any) -> dict[str, Any]:
    data = example_data()
    data["reference"] = f"ODD-{n:04d}"
    data.update(changes)
    return data


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [*map(str, args)])


def run(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, so a hang fails the test instead of stopping it."""
    return subprocess.run(
        [sys.executable, "-m", "safeplan", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text[-2000:]


# --- only regular files are cases -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_named_pipe_among_the_cases_is_reported_and_the_batch_goes_on(
    tmp_path: Path, jobs: str
) -> None:
    cases = tmp_path / "cases"
    write(cases / "a-good.json", case(1))
    os.mkfifo(cases / "b-pipe.json")
    os.mkfifo(cases / "c-pipe.jsonl")
    write(cases / "d-good.json", case(2))
    done = run("render", cases, "--out", tmp_path / "out", "-j", jobs, timeout=120)
    no_traceback(done.stdout, done.stderr)
    assert done.returncode == 1
    assert done.stderr.count("SP-FILE-NOT-REGULAR") == 2
    assert "a named pipe" in done.stderr
    assert "2 rendered, 0 refused, 2 failed" in done.stderr
    assert list((tmp_path / "out" / "a-good").glob("*.docx"))
    assert list((tmp_path / "out" / "d-good").glob("*.docx"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_check_does_not_hang_on_a_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    done = run("check", tmp_path / "pipe.yaml", timeout=60)
    no_traceback(done.stdout, done.stderr)
    assert done.returncode == 1
    assert "SP-FILE-NOT-REGULAR" in done.stdout + done.stderr


def test_a_socket_a_device_and_a_folder_named_like_a_case_are_reported(tmp_path: Path) -> None:
    cases = tmp_path / "c"
    write(cases / "good.json", case(1))
    (cases / "folder.yaml").mkdir()
    write(cases / "folder.yaml" / "inside.json", case(2))  # not searched: it is "a case"
    (cases / "zero.json").symlink_to("/dev/zero")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # A socket path is short (108 bytes): bind from inside the folder.
    here = Path.cwd()
    os.chdir(cases)
    try:
        sock.bind("sock.json")
    finally:
        os.chdir(here)
    try:
        result = cli("render", cases, "--out", tmp_path / "out", "-j", "1")
    finally:
        sock.close()
    no_traceback(result.output)
    assert result.exit_code == 1
    for what in ("a folder", "a socket", "a device"):
        assert what in result.stderr
    assert result.stderr.count("SP-FILE-NOT-REGULAR") == 3
    assert "1 rendered, 0 refused, 3 failed" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good"]


def test_a_file_named_dot_dot_dot_yaml_is_a_case_like_any_other(tmp_path: Path) -> None:
    write(tmp_path / "good.json", case(1))
    odd = tmp_path / "...yaml"
    odd.write_text(json.dumps(case(2)), encoding="utf-8")  # JSON is YAML too
    out = tmp_path / "out"
    result = cli("render", tmp_path / "good.json", odd, "--out", out, "-j", "1")
    no_traceback(result.output)
    assert result.exit_code == 0, result.output
    assert "2 rendered, 0 refused, 0 failed" in result.stderr
    folders = sorted(p.name for p in out.iterdir())
    assert folders == ["__", "good"]  # never "..": nothing written outside --out
    assert list((out / "__").glob("ODD-0002-*.docx"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["...yaml", "good.json", "out"]


def test_a_backslash_in_a_file_name_gives_a_plain_folder(tmp_path: Path) -> None:
    odd = write(tmp_path / "a\\b.json", case(3))
    found = list(safeplan.find_cases([odd]))
    assert [c.folder for c in found] == ["a_b"]


# --- an empty input ----------------------------------------------------------------------------


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no cases here", encoding="utf-8")
    result = cli("render", tmp_path / "empty", "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert "no case file" in result.output and "--allow-empty" in result.output
    assert not (tmp_path / "out").exists()


def test_an_empty_folder_with_allow_empty_exits_0(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("render", tmp_path / "empty", "--out", tmp_path / "out", "--allow-empty")
    assert result.exit_code == 0, result.output
    assert "0 rendered, 0 refused, 0 failed" in result.stderr


# --- output folders and reports that cannot be written -----------------------------------------


def test_an_output_folder_that_cannot_be_created_fails_every_case_plainly(tmp_path: Path) -> None:
    write(tmp_path / "cases" / "a.json", case(1))
    write(tmp_path / "cases" / "b.json", case(2))
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    report = tmp_path / "r.json"
    result = cli(
        "render", tmp_path / "cases", "--out", tmp_path / "file" / "out", "--report", report
    )
    no_traceback(result.output)
    assert result.exit_code == 1
    assert result.stderr.count("SP-OUTPUT-UNWRITABLE") == 2
    assert "output folder cannot be created" in result.stderr
    assert "0 rendered, 0 refused, 2 failed" in result.stderr
    rows = json.loads(report.read_text(encoding="utf-8"))["cases"]
    assert [r["problems"][0]["code"] for r in rows] == ["SP-OUTPUT-UNWRITABLE"] * 2


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_output_folder_fails_every_case_plainly(tmp_path: Path) -> None:
    write(tmp_path / "cases" / "a.json", case(1))
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = cli("render", tmp_path / "cases", "--out", out, "-j", "1")
    finally:
        out.chmod(0o755)
    no_traceback(result.output)
    assert result.exit_code == 1
    assert "SP-OUTPUT-UNWRITABLE" in result.stderr


def test_a_write_refused_by_the_system_fails_the_case_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a read-only (or full, or vanished) output folder does to every write, as root too.
    write(tmp_path / "cases" / "a.json", case(1))
    write(tmp_path / "cases" / "b.json", case(2))

    def refuse(*_args: object, **_kwargs: object) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    result = cli("render", tmp_path / "cases", "--out", tmp_path / "out", "-j", "1")
    no_traceback(result.output)
    assert result.exit_code == 1
    assert result.stderr.count("SP-OUTPUT-UNWRITABLE") == 2
    assert "Permission denied" in result.stderr


def test_an_output_folder_that_vanishes_mid_batch_is_not_a_traceback(tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / "cases" / f"c{i}.json", case(i))
    out = tmp_path / "parent" / "out"
    results = []
    batch = safeplan.render_batch(safeplan.find_cases([tmp_path / "cases"]), out)
    for result in batch:
        results.append(result)
        if len(results) == 1:
            # The folder and its parent go away; in their place, a file.
            for p in sorted(out.rglob("*"), reverse=True):
                p.unlink() if not p.is_dir() else p.rmdir()
            out.rmdir()
            out.parent.rmdir()
            out.parent.write_text("in the way", encoding="utf-8")
    assert [r.status for r in results] == ["rendered", "failed", "failed"]
    assert {r.problems[0].code for r in results[1:]} == {"SP-OUTPUT-UNWRITABLE"}


def test_a_report_that_cannot_be_written_stops_before_rendering(tmp_path: Path) -> None:
    write(tmp_path / "cases" / "a.json", case(1))
    (tmp_path / "file").write_text("in the way", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "render", tmp_path / "cases", "--out", out, "--report", tmp_path / "file" / "r.json"
    )
    no_traceback(result.output)
    assert result.exit_code == 1
    assert "SP-REPORT-UNWRITABLE" in result.stderr
    assert not list(out.rglob("*.docx"))


# --- limits on case files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        (lambda d: d.update(reference="R" * 300), "SP-FILE-TOO-LONG", "$.reference"),
        (lambda d: d["people"][0].update(id="p" * 51), "SP-FILE-TOO-LONG", "$.people[0].id"),
        (lambda d: d["concerns"][0].update(text="x" * 10_001), "SP-FILE-TOO-LONG", None),
        (lambda d: d.update(people=d["people"] * 200), "SP-FILE-TOO-MANY", "$.people"),
    ],
)
def test_check_refuses_what_render_would(
    tmp_path: Path, change: Any, code: str, path: str | None
) -> None:
    data = case(7)
    change(data)
    file = write(tmp_path / "long.json", data)
    checked = cli("check", file)
    no_traceback(checked.output)
    assert checked.exit_code == 1
    assert code in checked.output
    if path is not None:
        assert path in checked.output
    rendered = cli("render", file, "--out", tmp_path / "out", "-j", "1")
    assert rendered.exit_code == 1 and code in rendered.stderr
    assert not list((tmp_path / "out").rglob("*.docx"))
    assert "x" * 50 not in checked.output + rendered.output  # never the text itself


def test_a_300_character_reference_once_passed_check_and_failed_at_render(tmp_path: Path) -> None:
    file = write(tmp_path / "ref.json", case(8, reference="R" * 300))
    assert cli("check", file).exit_code == 1
    problems = safeplan.validate(case(8, reference="R" * 300))
    assert [p.code for p in problems] == ["SP-FILE-TOO-LONG"]


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deeply_nested_files_are_refused_without_a_traceback(tmp_path: Path, suffix: str) -> None:
    depth = 100_000
    file = tmp_path / f"deep{suffix}"
    file.write_text('{"people": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    checked = cli("check", file)
    no_traceback(checked.output)
    assert checked.exit_code == 1
    assert "SP-FILE-TOO-DEEP" in checked.output or "SP-FILE-SYNTAX" in checked.output


def test_moderately_deep_data_is_refused_by_the_depth_limit() -> None:
    data = case(9)
    nested: list[Any] = []
    for _ in range(40):
        nested = [nested]
    data["people"] = nested
    problems = safeplan.validate(data)
    assert [p.code for p in problems] == ["SP-FILE-TOO-DEEP"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    file = tmp_path / "big.json"
    with file.open("w", encoding="utf-8") as fh:
        fh.write('{"reference": "' + "x" * (5 * 1024 * 1024) + '"}')
    checked = cli("check", file)
    assert checked.exit_code == 1 and "SP-FILE-TOO-LARGE" in checked.output
    with pytest.raises(safeplan.InvalidCaseError) as err:
        safeplan.loads(file.read_bytes())
    assert err.value.codes == ("SP-FILE-TOO-LARGE",)


def test_a_json_lines_line_over_the_size_limit_fails_alone(tmp_path: Path) -> None:
    lines = tmp_path / "many.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(case(1)) + "\n")
        fh.write('{"reference": "' + "x" * (5 * 1024 * 1024) + '"}\n')
        fh.write(json.dumps(case(3)) + "\n")
    results = list(safeplan.render_batch(safeplan.find_cases([lines]), tmp_path / "out"))
    assert [(r.line, r.status) for r in results] == [
        (1, "rendered"),
        (2, "failed"),
        (3, "rendered"),
    ]
    assert results[1].problems[0].code == "SP-FILE-TOO-LARGE"


def test_the_committed_schema_states_the_limits() -> None:
    schema = json.loads((ROOT / "schema" / "case-file.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["reference"]["maxLength"] == 50
    assert schema["properties"]["people"]["maxItems"] == 500
    person = schema["$defs"]["Person"]["properties"]
    assert person["id"]["maxLength"] == 50
    assert person["name"]["maxLength"] == 10_000
    assert "20 deep" in schema["$comment"]
