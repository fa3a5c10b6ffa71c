"""A fuzz test of hostile council folders and case files (issue 15).

Hypothesis builds a working folder with a council template folder (layouts that loop, grow,
recurse or break; links out of the folder; pipes; pictures and reference DOCX files that are
huge, corrupt, folders or links) and case files (good, refused, unreadable, deeply nested, too
long, pipes, devices, folders named like cases, ``...yaml``, JSON Lines), then runs
``safeplan render``, ``check`` and ``templates check`` on them as a script would. Whatever it
builds:

* no traceback, and the exit code is 0, 1 or 2;
* no file outside ``--out`` is written or changed (the report, when asked for, is in ``--out``);
* no half-written file (``.NAME.*.part``, ``.report-part``) is left anywhere.

It runs in CI within a bounded time (the examples are derandomized, a tight council profile
keeps hostile layouts short, and a watchdog ends the run rather than let it hang). Set
``SAFEPLAN_FUZZ_EXAMPLES`` to run more (and random) examples locally.
"""

from __future__ import annotations

import faulthandler
import hashlib
import io
import json
import os
import shutil
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import safeplan
from safeplan.cli import main
from safeplan.testing import example_data

BUILTIN = Path(safeplan.__file__).parent / "templates"
EXAMPLES = int(os.environ.get("SAFEPLAN_FUZZ_EXAMPLES", "0"))
SECRET = "FUZZ-HOST-SECRET"

# --- what a hostile council folder may hold ------------------------------------------------------

SNIPPETS = [
    "<p>Local help: call 01632 960000.</p>",
    "<p>{{ agreement.reference }}</p>",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ 'a' * 10**9 }}",
    "{{ ([1] * 10**8) | length }}",
    "{{ 'x' | center(10**9) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{{ 7 ** (10**8) }}",
    "{% include 'partial.j2' %}",
    "{% include 'parts/secret.j2' %}",
    "{% import 'partial.j2' as m %}",
    "{{ ''.__class__.__mro__ }}",
    "{{ no_such_name }}",
    "{% for %}",
    "<p>{{ range(200000) | list | length }}</p>",
    "<bogus>",
    "{{ lipsum(10**6) }}",
]

PICTURES = ["good", "truncated", "huge-header", "not-png", "folder", "link-out", "pipe"]
REFERENCES = ["builtin", "garbage", "many-parts", "link-out", "folder", "empty"]
CASES = [
    "good.json",
    "good.yaml",
    "refused.json",
    "deep.json",
    "long-reference.json",
    "wrong-types.yaml",
    "garbage.json",
    "empty.yaml",
    "...yaml",
    "pipe.json",
    "folder.yaml",
    "device.json",
    "lines.jsonl",
    "latin1.json",
]


def png(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_header_png() -> bytes:
    header = struct.pack(">IIBBBBB", 90_000, 90_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 8))
        + _chunk(b"IEND", b"")
    )


def many_parts_docx() -> bytes:
    out = io.BytesIO()
    base = (BUILTIN / "reference.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        for i in range(60):
            dst.writestr(f"customXml/item{i}.xml", b"<a/>")
    return out.getvalue()


TIGHT_PROFILE = (
    "extends: england\nname: fuzzcouncil\nlimits:\n"
    "  layout_seconds: 2\n  layout_loop_iterations: 20000\n"
    "  layout_output_characters: 300000\n  reference_parts: 50\n"
)


def build_council(root: Path, outside: Path, spec: dict[str, Any]) -> Path:
    folder = root / "council"
    folder.mkdir()
    body = "\n".join(spec["snippets"])
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n{% block support %}\n'
        + body
        + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    (folder / "council.yaml").write_text(TIGHT_PROFILE, encoding="utf-8")
    partial = folder / "partial.j2"
    if spec["partial"] == "link-out":
        partial.symlink_to(outside / "secret.j2")
    elif spec["partial"] == "pipe":
        os.mkfifo(partial)
    elif spec["partial"] == "file":
        partial.write_text("<p>A partial</p>{% macro x() %}x{% endmacro %}", encoding="utf-8")
    if spec["parts-link"]:
        (folder / "parts").symlink_to(outside, target_is_directory=True)
    picture = spec["picture"]
    if picture is not None:
        icons = folder / "icons"
        icons.mkdir()
        target = icons / "phone.png"
        if picture == "good":
            target.write_bytes(png())
        elif picture == "truncated":
            target.write_bytes(png(32, 32)[:60])
        elif picture == "huge-header":
            target.write_bytes(huge_header_png())
        elif picture == "not-png":
            target.write_bytes(b"not a picture at all")
        elif picture == "folder":
            target.mkdir()
        elif picture == "link-out":
            target.symlink_to(outside / "picture.png")
        elif picture == "pipe":
            os.mkfifo(target)
    reference = spec["reference"]
    if reference is not None:
        target = folder / "reference.docx"
        if reference == "builtin":
            shutil.copyfile(BUILTIN / "reference.docx", target)
        elif reference == "garbage":
            target.write_bytes(b"PK\x03\x04 this is no zip")
        elif reference == "many-parts":
            target.write_bytes(many_parts_docx())
        elif reference == "link-out":
            target.symlink_to(outside / "reference.docx")
        elif reference == "folder":
            target.mkdir()
        elif reference == "empty":
            target.write_bytes(b"")
    return folder


def build_case(cases: Path, name: str, n: int) -> None:
    data = example_data()
    data["reference"] = f"FUZZ-{n:03d}"
    path = cases / name
    if name == "good.json":
        path.write_text(json.dumps(data), encoding="utf-8")
    elif name in ("good.yaml", "...yaml"):
        path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    elif name == "refused.json":
        del data["end"]
        path.write_text(json.dumps(data), encoding="utf-8")
    elif name == "deep.json":
        path.write_text('{"people": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    elif name == "long-reference.json":
        data["reference"] = "R" * 300
        path.write_text(json.dumps(data), encoding="utf-8")
    elif name == "wrong-types.yaml":
        path.write_text("reference: 12\npeople: no\nend: {on: yes}\n", encoding="utf-8")
    elif name == "garbage.json":
        path.write_bytes(b"\x00\xff{]]" * 10)
    elif name == "empty.yaml":
        path.write_bytes(b"")
    elif name == "pipe.json":
        os.mkfifo(path)
    elif name == "folder.yaml":
        path.mkdir()
    elif name == "device.json":
        path.symlink_to("/dev/zero")
    elif name == "lines.jsonl":
        good = json.dumps({**data, "reference": f"FUZZ-L{n:03d}"})
        path.write_text(good + "\n\nnot json\n[1, 2]\n" + good + "\n", encoding="utf-8")
    elif name == "latin1.json":
        path.write_bytes(json.dumps({"reference": "caf\xe9"}).encode("latin-1"))


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    """Every entry under ``root`` but ``skip``: its kind and, for a file, a hash of its bytes."""
    found: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        here = Path(dirpath)
        dirs[:] = [d for d in dirs if here / d != skip]
        for name in [*dirs, *files]:
            path = here / name
            info = os.lstat(path)
            key = path.relative_to(root).as_posix()
            if os.path.islink(path):
                found[key] = "link:" + os.readlink(path)
            elif path.is_file() and not path.is_symlink():
                if (info.st_mode & 0o170000) == 0o100000:
                    found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = f"mode:{info.st_mode:o}"
    return found


def leftovers(root: Path) -> list[str]:
    return [
        p.as_posix()
        for p in root.rglob("*")
        if p.name.endswith((".part", ".report-part")) and p.name.startswith(".")
    ]


@pytest.fixture(scope="module")
def watchdog() -> Iterator[None]:
    # A hang would stop CI for 90 minutes; a traceback of every thread after 10 minutes is
    # better. Cancelled when the module's tests end.
    faulthandler.dump_traceback_later(600, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


council_specs = st.fixed_dictionaries(
    {
        "snippets": st.lists(st.sampled_from(SNIPPETS), min_size=0, max_size=3),
        "partial": st.sampled_from([None, "file", "link-out", "pipe"]),
        "parts-link": st.booleans(),
        "picture": st.one_of(st.none(), st.sampled_from(PICTURES)),
        "reference": st.one_of(st.none(), st.sampled_from(REFERENCES)),
    }
)
case_specs = st.lists(st.sampled_from(CASES), min_size=0, max_size=6, unique=True)
run_specs = st.fixed_dictionaries(
    {
        "templates": st.booleans(),
        "profile": st.booleans(),
        "report": st.sampled_from([None, "run.json", "run.csv", "deep/run.json"]),
        "resume": st.booleans(),
        "dry_run": st.booleans(),
        "allow_empty": st.booleans(),
        "twice": st.booleans(),
        "inputs": st.sampled_from(["folder", "files", "glob"]),
    }
)


_RUN: dict[str, Any] = {
    "templates": True,
    "profile": False,
    "report": None,
    "resume": False,
    "dry_run": False,
    "allow_empty": False,
    "twice": False,
    "inputs": "folder",
}


@settings(
    max_examples=EXAMPLES or 40,
    derandomize=not EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(council=council_specs, names=case_specs, run=run_specs)
# Every known hostile input at least once, whatever the random search finds besides.
@example(
    council={
        "snippets": [SNIPPETS[1], SNIPPETS[11], SNIPPETS[3]],
        "partial": "link-out",
        "parts-link": True,
        "picture": "folder",
        "reference": "many-parts",
    },
    names=CASES,
    run={**_RUN, "templates": False, "inputs": "files", "report": "run.json", "twice": True},
)
@example(
    council={
        "snippets": [SNIPPETS[1], SNIPPETS[11], SNIPPETS[12]],
        "partial": "link-out",
        "parts-link": True,
        "picture": "good",
        "reference": "builtin",
    },
    names=CASES,
    run={**_RUN, "profile": True, "inputs": "files", "report": "run.csv"},
)
@example(
    council={
        "snippets": SNIPPETS[2:4],
        "partial": "pipe",
        "parts-link": False,
        "picture": "huge-header",
        "reference": "link-out",
    },
    names=CASES,
    run={**_RUN, "templates": True, "profile": True, "report": "deep/run.csv"},
)
@example(
    council={
        "snippets": [SNIPPETS[0], SNIPPETS[12]],
        "partial": "file",
        "parts-link": True,
        "picture": "good",
        "reference": "builtin",
    },
    names=["good.json", "...yaml", "lines.jsonl", "pipe.json"],
    run={**_RUN, "templates": True, "profile": True, "inputs": "glob", "resume": True},
)
@example(
    council={
        "snippets": SNIPPETS[4:11],
        "partial": None,
        "parts-link": False,
        "picture": "truncated",
        "reference": None,
    },
    names=["good.yaml", "refused.json"],
    run={**_RUN, "templates": True, "profile": True, "dry_run": True},
)
@example(
    council={
        "snippets": [],
        "partial": None,
        "parts-link": False,
        "picture": None,
        "reference": "garbage",
    },
    names=[],
    run={**_RUN, "templates": True},
)
def test_hostile_folders_and_cases_never_give_a_traceback(
    watchdog: None, council: dict[str, Any], names: list[str], run: dict[str, Any]
) -> None:
    root = Path(tempfile.mkdtemp(prefix="safeplan-fuzz-"))
    try:
        _one_run(root, council, names, run)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _one_run(root: Path, council: dict[str, Any], names: list[str], run: dict[str, Any]) -> None:
    outside = root / "host"
    outside.mkdir()
    (outside / "secret.j2").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (outside / "picture.png").write_bytes(png())
    shutil.copyfile(BUILTIN / "reference.docx", outside / "reference.docx")
    folder = build_council(root, outside, council)
    cases = root / "cases"
    cases.mkdir()
    for n, name in enumerate(names):
        build_case(cases, name, n)
    out = root / "out"
    before = snapshot(root, out)

    if run["inputs"] == "files" and names:  # named one by one, hidden names too
        inputs = [str(cases / name) for name in names]
    elif run["inputs"] == "glob":
        inputs = [str(cases / "*")]
    else:
        inputs = [str(cases)]
    args = ["render", *inputs, "--out", str(out), "-j", "1"]
    if run["templates"]:
        args += ["--templates", str(folder)]
    if run["profile"]:
        args += ["--profile", str(folder / "council.yaml")]
    if run["report"]:
        args += ["--report", str(out / run["report"])]
    for flag in ("resume", "dry_run", "allow_empty"):
        if run[flag]:
            args.append("--" + flag.replace("_", "-"))
    runner = CliRunner()
    for _ in range(2 if run["twice"] else 1):
        result = runner.invoke(main, args)
        _plain_end(result, args)
        if "--templates" in args and result.exit_code in (0, 1):
            # Whatever the folder holds, no copy carries a file from outside it.
            for docx_path in out.rglob("*.docx"):
                with zipfile.ZipFile(docx_path) as zf:
                    for part in zf.namelist():
                        assert SECRET.encode() not in zf.read(part)

    for command in (
        ["check", *inputs] if names else None,
        ["templates", "check", str(folder)],
        ["templates", "check", str(folder), "--profile", str(folder / "council.yaml")],
    ):
        if command is not None:
            _plain_end(runner.invoke(main, command), command)

    assert snapshot(root, out) == before, "a file outside --out was written or changed"
    assert leftovers(root) == []


def _plain_end(result: Any, args: list[str]) -> None:
    text = result.output
    where = " ".join(args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{where}: {type(result.exception).__name__}") from result.exception
    assert result.exit_code in (0, 1, 2), (where, result.exit_code, text[-2000:])
    assert "Traceback" not in text, (where, text[-3000:])
    assert SECRET not in text
