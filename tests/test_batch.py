"""Batch production: folders, globs, JSON Lines and pipes in; every case accounted for; nothing
half-written, even when the run is killed."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

import safeplan
from safeplan import BatchCase, BatchReport, CaseResult, RenderConfig
from safeplan.cli import main
from safeplan.testing import example_data

# Every name, address and number in the example case: none may reach a report or a file name.
PERSONAL = (
    "Alex",
    "Jordan",
    "Carter",
    "Robin",
    "Shah",
    "Lee Moss",
    "Birch",
    "NX1",
    "07700",
    "Northtown",
)


def case_data(n: int = 0, **changes: Any) -> dict[str, Any]:
    data = example_data()
    data["reference"] = f"BATCH-{n:04d}"
    data.update(changes)
    return data


def refused_data(n: int = 0) -> dict[str, Any]:
    data = case_data(n)
    del data["end"]
    return data


def leaking_data(n: int = 0) -> dict[str, Any]:
    """Valid, but one of his own terms names the adult at risk's hidden street: her abuser's
    copy is refused (his own terms always reach his copy, whatever the detector finds)."""
    data = case_data(n)
    data["expectations"][1]["what"] = "Jordan will not go to 9 Birch Road."
    return data


def write_json(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_cases(folder: Path, n: int, start: int = 0) -> list[Path]:
    return [write_json(folder / f"case-{i:04d}.json", case_data(i)) for i in range(start, n)]


def render(*args: str | Path, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["render", *map(str, args)], input=input)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def docx_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.docx"))


def assert_opens(path: Path | bytes) -> None:
    data = path.read_bytes() if isinstance(path, Path) else path
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
    assert docx.Document(io.BytesIO(data)).paragraphs


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    write_cases(folder, 3)
    return folder


# --- inputs ---------------------------------------------------------------------------------


def test_a_folder_renders_every_case_into_its_own_folder(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = render(cases, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["case-0000", "case-0001", "case-0002"]
    written = docx_files(out)
    assert len(written) >= 6
    # Standard output lists exactly the documents in place, for scripts.
    assert sorted(result.stdout.split()) == sorted(map(str, written))
    assert result.stderr.strip().endswith("3 rendered, 0 refused, 0 failed")
    for path in written:
        assert_opens(path)


def test_a_quoted_glob_is_expanded_by_safeplan(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = render(str(cases / "case-000[02].json"), "--out", out, "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["case-0000", "case-0002"]
    recursive = render(str(tmp_path / "**" / "*.json"), "--out", tmp_path / "out2", "-j", "1")
    assert recursive.exit_code == 0
    assert "3 rendered" in recursive.stderr


def test_json_lines_a_bad_line_is_reported_by_number_and_the_others_render(
    tmp_path: Path,
) -> None:
    lines = [
        json.dumps(case_data(1)),
        "",  # blank lines are skipped, but still counted
        "{this is not json",
        json.dumps(refused_data(2)),
        json.dumps(case_data(3)),
    ]
    source = tmp_path / "year.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = render(source, "--out", out, "-j", "1", "--report", tmp_path / "r.json")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["year-1", "year-5"]
    assert f"{source}:3: FAILED" in result.stderr
    assert "SP-FILE-SYNTAX" in result.stderr
    assert f"{source}:4: REFUSED" in result.stderr
    assert "SP-END-MISSING at $.end" in result.stderr
    assert "2 rendered, 1 refused, 1 failed" in result.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [(c["line"], c["status"]) for c in report["cases"]] == [
        (1, "rendered"),
        (3, "failed"),
        (4, "refused"),
        (5, "rendered"),
    ]


def test_standard_input_to_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = render("-", "--out", out, "-j", "1", input=json.dumps(case_data()).encode())
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["stdin"]
    assert docx_files(out / "stdin")


def test_yaml_on_standard_input_to_standard_output(tmp_path: Path) -> None:
    text = safeplan.dumps(safeplan.from_dict(case_data()), "yaml").encode()
    result = render("-", "--out", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"PK")
    assert_opens(result.stdout_bytes)
    # The professional copy by default: it names the lead practitioner's agency's services.
    assert "professional" in result.stderr
    assert result.stdout_bytes == safeplan.render(safeplan.from_dict(case_data()))


def test_out_dash_writes_the_chosen_recipients_copy(cases: Path) -> None:
    result = render(cases / "case-0000.json", "--out", "-", "--recipient", "mum")
    assert result.exit_code == 0, result.stderr
    agreement = safeplan.load(cases / "case-0000.json")
    assert result.stdout_bytes == safeplan.render(agreement, "mum")
    assert "adult-mum" in result.stderr
    unknown = render(cases / "case-0000.json", "--out", "-", "--recipient", "nobody")
    assert unknown.exit_code == 1
    assert unknown.stdout_bytes == b""
    assert "SP-RENDER-ERROR" in unknown.stderr


def test_out_dash_takes_exactly_one_case(cases: Path) -> None:
    result = render(cases, "--out", "-")
    assert result.exit_code == 2
    assert "one case" in result.stderr
    assert result.stdout_bytes == b""


def test_out_dash_for_a_refused_case_writes_nothing(tmp_path: Path) -> None:
    result = render("-", "--out", "-", input=json.dumps(refused_data()).encode())
    assert result.exit_code == 1
    assert result.stdout_bytes == b""
    assert "SP-END-MISSING" in result.stderr
    assert "0 rendered, 1 refused, 0 failed" in result.stderr


# --- parallel -------------------------------------------------------------------------------


def test_two_jobs_give_byte_identical_files_to_one(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    write_cases(folder, 8)
    write_json(folder / "refused.json", refused_data(99))
    one = render(folder, "--out", tmp_path / "one", "--jobs", "1")
    two = render(folder, "--out", tmp_path / "two", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout.replace("/one/", "/") == two.stdout.replace("/two/", "/")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert len(docx_files(tmp_path / "two")) >= 16


def test_the_api_takes_any_executor(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    write_cases(folder, 5)
    write_json(folder / "z-refused.json", refused_data(9))
    serial = list(safeplan.render_batch(safeplan.find_cases([folder]), tmp_path / "a"))
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = safeplan.render_batch(
            safeplan.find_cases([folder]), tmp_path / "b", executor=pool, max_pending=2
        )
        parallel = list(results)
    assert [r.status for r in parallel] == ["rendered"] * 5 + ["refused"]
    assert parallel == serial
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_a_dead_worker_fails_its_case_and_the_report_stays_complete(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    write_cases(folder, 3)
    pool = ProcessPoolExecutor(max_workers=1)
    pool.shutdown()  # every submit now fails
    results = list(
        safeplan.render_batch(safeplan.find_cases([folder]), tmp_path / "out", executor=pool)
    )
    assert [r.status for r in results] == ["failed"] * 3
    assert {p.code for r in results for p in r.problems} == {"SP-BATCH-WORKER"}


# --- the report -----------------------------------------------------------------------------


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    write_json(folder / "a-good.json", case_data(1))
    write_json(folder / "b-refused.json", refused_data(2))
    (folder / "c-broken.yaml").write_text("people: [unclosed", encoding="utf-8")
    write_json(folder / "d-leak.json", leaking_data(4))
    return folder


def test_json_report_lists_every_case(mixed: Path, tmp_path: Path) -> None:
    report = tmp_path / "reports" / "run.json"
    result = render(mixed, "--out", tmp_path / "out", "--report", report, "-j", "2")
    assert result.exit_code == 1
    data = json.loads(report.read_text("utf-8"))
    assert data["dry_run"] is False
    by_name = {Path(c["source"]).name: c for c in data["cases"]}
    assert list(by_name) == ["a-good.json", "b-refused.json", "c-broken.yaml", "d-leak.json"]
    good = by_name["a-good.json"]
    assert good["status"] == "rendered" and good["folder"] == "a-good"
    assert good["outputs"] and all(n.startswith("BATCH-0001-v1-") for n in good["outputs"])
    assert set(good["outputs"]) == {p.name for p in (tmp_path / "out" / "a-good").glob("*.docx")}
    assert by_name["b-refused.json"]["status"] == "refused"
    assert by_name["b-refused.json"]["problems"][0]["code"] == "SP-END-MISSING"
    assert by_name["c-broken.yaml"]["status"] == "failed"
    assert by_name["c-broken.yaml"]["problems"][0]["code"] == "SP-FILE-SYNTAX"
    leak = by_name["d-leak.json"]
    assert leak["status"] == "refused" and leak["outputs"] == []
    assert leak["problems"][0]["code"] == "SP-COPY-LEAK"
    assert leak["problems"][0]["path"].startswith("$.expectations[1]")
    # A refused copy leaves the case's other copies unissued too.
    assert not (tmp_path / "out" / "d-leak").exists()
    assert data["summary"] == {
        "cases": 4,
        "rendered": 1,
        "up_to_date": 0,
        "valid": 0,
        "refused": 2,
        "failed": 1,
        "documents": len(good["outputs"]),
    }
    assert "1 rendered, 2 refused, 1 failed" in result.stderr


def test_csv_report_has_one_row_per_case(mixed: Path, tmp_path: Path) -> None:
    report = tmp_path / "run.csv"
    result = render(mixed, "--out", tmp_path / "out", "--report", report, "-j", "1")
    assert result.exit_code == 1
    with report.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [Path(r["source"]).name for r in rows] == [
        "a-good.json",
        "b-refused.json",
        "c-broken.yaml",
        "d-leak.json",
    ]
    assert [r["status"] for r in rows] == ["rendered", "refused", "failed", "refused"]
    assert len(rows[0]["outputs"].splitlines()) == len(docx_files(tmp_path / "out"))
    assert rows[1]["codes"] == "SP-END-MISSING" and rows[1]["paths"] == "$.end"
    assert rows[3]["codes"] == "SP-COPY-LEAK" and "confidential" in rows[3]["messages"]


def test_report_needs_json_or_csv(cases: Path, tmp_path: Path) -> None:
    result = render(cases, "--out", tmp_path / "out", "--report", tmp_path / "r.txt")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_no_personal_data_in_reports_output_names_or_messages(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in ("r.json", "r.csv"):
        result = render(mixed, "--out", out, "--report", tmp_path / name, "-j", "1")
        text = (tmp_path / name).read_text("utf-8") + result.stdout + result.stderr
        for secret in PERSONAL:
            assert secret not in text, (name, secret)
    names = " ".join(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert names
    for secret in PERSONAL:
        assert secret not in names


# --- dry run, resume, what is on disk -------------------------------------------------------


def test_dry_run_writes_nothing(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = render(mixed, "--out", out, "--dry-run", "--report", tmp_path / "r.json", "-j", "1")
    assert result.exit_code == 1
    assert not out.exists()
    assert result.stdout == ""
    assert "1 would render, 2 refused, 1 failed; dry run: nothing written" in result.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["dry_run"] is True
    assert report["cases"][0]["status"] == "valid" and report["cases"][0]["outputs"]


def test_resume_skips_up_to_date_cases_and_redoes_changed_ones(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(cases, "--out", out, "-j", "1").exit_code == 0
    before = {p: p.stat().st_mtime_ns for p in docx_files(out)}
    again = render(cases, "--out", out, "--resume", "-j", "1", "--report", tmp_path / "r.json")
    assert again.exit_code == 0
    assert "3 rendered (3 already up to date), 0 refused, 0 failed" in again.stderr
    assert {p: p.stat().st_mtime_ns for p in docx_files(out)} == before
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [c["status"] for c in report["cases"]] == ["up-to-date"] * 3

    # A changed case is rendered again; so is a document that was tampered with.
    changed = case_data(1)
    changed["version"] = {"number": 2, "replaces": 1, "changes": ["Reviews moved to Mondays."]}
    write_json(cases / "case-0001.json", changed)
    tampered = next((out / "case-0002").glob("*.docx"))
    tampered.write_bytes(b"not a docx")
    third = render(cases, "--out", out, "--resume", "-j", "1", "--report", tmp_path / "r.json")
    assert third.exit_code == 0, third.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [c["status"] for c in report["cases"]] == ["up-to-date", "rendered", "rendered"]
    assert_opens(tampered)
    # The replaced version's documents are gone; only version 2 remains for that case.
    names = sorted(p.name for p in (out / "case-0001").glob("*.docx"))
    assert names and all("-v2-" in n for n in names)


def test_resume_redoes_everything_when_the_templates_change(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(cases, "--out", out, "-j", "1").exit_code == 0
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    again = render(cases, "--out", out, "--resume", "-j", "1", "--templates", layouts)
    assert "already up to date" not in again.stderr
    (layouts / "notes.txt").write_text("a council's own layouts live here", encoding="utf-8")
    third = render(cases, "--out", out, "--resume", "-j", "1", "--templates", layouts)
    assert "already up to date" not in third.stderr
    fourth = render(cases, "--out", out, "--resume", "-j", "1", "--templates", layouts)
    assert "3 already up to date" in fourth.stderr


def test_stale_part_files_are_removed_and_other_files_kept(cases: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "case-0000").mkdir(parents=True)
    stale = [
        out / "case-0000" / ".BATCH-0000-v1-adult-mum.docx.a1b2c3d4.part",
        out / ".r.json.zz_9y8x7.part",
    ]
    for p in stale:
        p.write_bytes(b"half a file")
    keep = [out / "case-0000" / "notes.part", out / "case-0000" / "letter.docx"]
    for p in keep:
        p.write_bytes(b"someone else's")
    result = render(cases, "--out", out, "-j", "1")
    assert result.exit_code == 0
    assert not any(p.exists() for p in stale)
    assert all(p.read_bytes() == b"someone else's" for p in keep)


def test_two_cases_with_one_folder_never_overwrite_each_other(tmp_path: Path) -> None:
    write_json(tmp_path / "a" / "case.json", case_data(1))
    write_json(tmp_path / "b" / "case.json", case_data(2))
    out = tmp_path / "out"
    result = render(tmp_path / "a", tmp_path / "b", "--out", out, "-j", "1")
    assert result.exit_code == 1
    assert "SP-BATCH-COLLISION" in result.stderr
    assert all(p.name.startswith("BATCH-0001-") for p in docx_files(out))
    # The same file named twice is one case, not a collision.
    twice = render(tmp_path / "a", tmp_path / "a" / "case.json", "--out", out, "-j", "1")
    assert twice.exit_code == 0
    assert "1 rendered" in twice.stderr


def test_a_broken_layout_fails_every_case_but_stops_nothing(cases: Path, tmp_path: Path) -> None:
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "agreement.xml.j2").write_text("{{ no_such_thing }}", encoding="utf-8")
    result = render(cases, "--out", tmp_path / "out", "--templates", layouts, "-j", "2")
    assert result.exit_code == 1
    assert result.stderr.count("SP-TEMPLATE-ERROR") == 3
    assert "0 rendered, 0 refused, 3 failed" in result.stderr
    assert "Traceback" not in result.output


def test_an_unreadable_file_fails_alone(cases: Path, tmp_path: Path) -> None:
    (cases / "case-0001.json").unlink()
    (cases / "case-0001.json").symlink_to(tmp_path / "gone.json")
    result = render(cases, "--out", tmp_path / "out", "-j", "1")
    assert result.exit_code == 1
    assert f"{cases / 'case-0001.json'}: FAILED" in result.stderr
    assert "SP-FILE-UNREADABLE" in result.stderr
    assert "2 rendered, 0 refused, 1 failed" in result.stderr


# --- exit codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--out", "out"],
        ["{missing}", "--out", "out"],
        ["{cases}/*.nothing", "--out", "out"],
        ["{cases}", "--out", "out", "--jobs", "0"],
        ["{cases}", "--out", "out", "--recipient", "mum"],
        ["{cases}/case-0000.json", "--out", "-", "--resume"],
        ["-", "-", "--out", "out"],
        ["{cases}", "--out", "{cases}/case-0000.json"],
    ],
)
def test_usage_errors_exit_2(args: list[str], cases: Path, tmp_path: Path) -> None:
    filled = [a.format(cases=cases, missing=tmp_path / "missing") for a in args]
    result = CliRunner().invoke(main, ["render", *filled])
    assert result.exit_code == 2, result.output
    # A usage error writes nothing: not even the relative "out" folder (the working folder is
    # the test's own, see conftest.py).
    assert list(Path.cwd().iterdir()) == []


def test_exit_0_only_when_every_case_renders(cases: Path, tmp_path: Path) -> None:
    assert render(cases, "--out", tmp_path / "o1", "-j", "1").exit_code == 0
    write_json(cases / "z.json", refused_data(5))
    assert render(cases, "--out", tmp_path / "o2", "-j", "1").exit_code == 1


# --- killed and run again -------------------------------------------------------------------


def _command() -> list[str]:
    return [sys.executable, "-m", "safeplan"]


@pytest.fixture(scope="module")
def frozen_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment that runs a snapshot of the package: the resume key covers safeplan's
    own code and data, so all runs of one test must use the same code even if the working tree
    changes under them."""
    root = tmp_path_factory.mktemp("frozen")
    shutil.copytree(
        Path(safeplan.__file__).parent,
        root / "safeplan",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return {**os.environ, "PYTHONPATH": str(root)}


def _live_processes(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies are done)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def many(
    tmp_path_factory: pytest.TempPathFactory, frozen_env: dict[str, str]
) -> tuple[Path, dict[str, bytes]]:
    """300 small cases (most with the professional copy only) and an uninterrupted run's files."""
    folder = tmp_path_factory.mktemp("many")
    for i in range(300):
        data = case_data(i)
        if i % 10:
            data["recipients"] = [{"person": "sw", "copy": "professional"}]
        write_json(folder / f"case-{i:04d}.json", data)
    whole = tmp_path_factory.mktemp("whole")
    done = subprocess.run(
        [*_command(), "render", str(folder), "--out", str(whole), "--jobs", "2"],
        capture_output=True,
        check=False,
        env=frozen_env,
    )
    assert done.returncode == 0, done.stderr
    return folder, tree(whole)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("kill", ["parent", "process-group"])
def test_sigkill_then_resume_ends_with_the_same_files(
    kill: str, many: tuple[Path, dict[str, bytes]], frozen_env: dict[str, str], tmp_path: Path
) -> None:
    cases, expected = many
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [*_command(), "render", str(cases), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=frozen_env,
    )
    manifests = lambda: len(list(out.glob("*/.safeplan-batch.json")))  # noqa: E731
    assert _wait_for(lambda: manifests() >= 20, timeout=60)
    if kill == "parent":
        os.kill(proc.pid, signal.SIGKILL)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    # Orphaned workers notice their parent has gone and stop by themselves.
    assert _wait_for(lambda: not _live_processes(proc.pid), timeout=10)
    assert 20 <= manifests() < 300, "the run was not stopped part-way"

    # What a killed run leaves is whole or absent: every document there opens.
    for path in docx_files(out):
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None

    again = subprocess.run(
        [*_command(), "render", str(cases), "--out", str(out), "--jobs", "2", "--resume"],
        capture_output=True,
        text=True,
        check=False,
        env=frozen_env,
    )
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stderr
    assert not list(out.rglob("*.part"))
    assert tree(out) == expected
    for path in docx_files(out):
        assert_opens(path)


# --- the API --------------------------------------------------------------------------------


def test_find_cases_in_order_and_lazily(tmp_path: Path) -> None:
    write_json(tmp_path / "in" / "b.json", case_data(2))
    write_json(tmp_path / "in" / "sub" / "a.json", case_data(1))
    write_json(tmp_path / "in" / ".hidden" / "x.json", case_data(3))
    (tmp_path / "in" / "notes.txt").write_text("not a case", encoding="utf-8")
    (tmp_path / "in" / "two.jsonl").write_text(
        json.dumps(case_data(4)) + "\n\n" + json.dumps(case_data(5)) + "\n", encoding="utf-8"
    )
    found = list(safeplan.find_cases([tmp_path / "in"]))
    assert [(c.folder, c.line) for c in found] == [
        ("b", None),
        ("two-1", 1),
        ("two-3", 3),
        ("a", None),
    ]
    assert "text" not in repr(found[1]) or "BATCH" not in repr(found[1])
    with pytest.raises(FileNotFoundError):
        safeplan.find_cases([tmp_path / "nope"])


def test_a_batch_case_from_text_and_its_result(tmp_path: Path) -> None:
    case = BatchCase.from_text(json.dumps(refused_data()), source="form", folder="form-1")
    result = list(safeplan.render_batch([case], tmp_path / "out", config=RenderConfig()))
    assert result == [
        CaseResult(
            source="form",
            folder="form-1",
            status="refused",
            problems=result[0].problems,
        )
    ]
    assert not result[0].ok
    with pytest.raises(ValueError, match="folder"):
        BatchCase.from_text("{}", source="x", folder="../escape")


def test_batch_report_counts_without_a_file(tmp_path: Path) -> None:
    with BatchReport(None) as report:
        for result in safeplan.render_batch(
            [BatchCase.from_text(json.dumps(case_data()), source="s", folder="f")],
            tmp_path / "out",
            dry_run=True,
        ):
            report.add(result)
    assert report.summary["valid"] == 1 and report.summary["documents"] >= 2
    assert not (tmp_path / "out").exists()


def test_a_report_is_not_left_half_written_when_the_batch_is_interrupted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.json"
    path.write_text("the previous report", encoding="utf-8")

    def interrupted() -> None:
        with BatchReport(path) as report:
            report.add(CaseResult(source="s", folder="f", status="rendered", outputs=("a.docx",)))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert path.read_text("utf-8") == "the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


# --- hostile folders and faults (issue 15) ----------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("where", ["run.json", "sub/run.csv", "case-0001/run.json"])
def test_the_report_may_live_inside_the_output_folder(
    cases: Path, tmp_path: Path, jobs: str, where: str
) -> None:
    out = tmp_path / "out"
    report = out / where
    result = render(cases, "--out", out, "--report", report, "-j", jobs)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    text = report.read_text(encoding="utf-8")
    assert text.count("BATCH-000") >= 3 or text.count("case-000") >= 3
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    assert len(docx_files(out)) == 3 * len(docx_files(out / "case-0000"))
