"""The kept code of attrs' and cattrs' generated methods is the code ``compile`` gives.

Each test runs fresh interpreters against its own cache folder: the first compiles and keeps
every generated source, the second must find them all and get, for every one, a code object
equal to compiling the source as the library wrote it in that process (attrs' ``__hash__``
number differs from process to process: with another ``PYTHONHASHSEED``), but for the end
column of the one instruction that loads that number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"

# In the child: record every source the hook saw, with what it returned and what plain
# compile returns, then use the package as a check does.
_PROBE = f"""
import builtins, dis, json, sys, types
import safeplan._codecache as cc
seen = []
original = cc._compile

def same(a, b):
    # Equal code, but for where the line table says attrs' hash number ends (the placeholder's
    # width): only at an instruction that loads a whole number, and only its end column.
    if a == b:
        return True
    if len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        if isinstance(x, types.CodeType) and isinstance(y, types.CodeType):
            if not same(x, y):
                return False
        elif type(x) is not type(y) or x != y:
            return False
    if a.replace(co_consts=b.co_consts, co_linetable=b.co_linetable) != b:
        return False
    for i, j in zip(dis.get_instructions(a), dis.get_instructions(b), strict=True):
        if i.positions == j.positions:
            continue
        if i.opname != "LOAD_CONST" or type(i.argval) is not int:
            return False
        if i.positions[:3] != j.positions[:3]:
            return False
    return True

def probe(source, filename, mode):
    # As the library's own call would: its __future__ features passed on.
    flags = sys._getframe(1).f_code.co_flags & cc._FUTURE_FLAGS
    code = original(source, filename, mode, flags, True)
    if cc._ours(filename) and mode == "exec":
        plain = builtins.compile(source, filename, mode, flags, True)
        seen.append((filename, same(code, plain)))
    return code
cc._compile = probe
import attr._make, cattrs.gen
cc.install(attr._make, cattrs.gen)
import safeplan
from safeplan import Renderer, RenderConfig, check, load
agreement = load({str(EXAMPLE)!r})
check(agreement)
Renderer(RenderConfig()).problems(agreement)
print(json.dumps({{"seen": seen, "added": cc._added, "used": len(cc._used)}}))
"""


def _run(cache: Path, seed: str = "1") -> dict[str, object]:
    env = {**os.environ, "SAFEPLAN_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_a_second_process_finds_every_source_and_gets_the_code_compile_gives(
    tmp_path: Path,
) -> None:
    first = _run(tmp_path)
    assert first["added"] is True
    assert list((tmp_path / "code").glob("*.marshal"))
    second = _run(tmp_path)
    assert second["added"] is False  # every generated source was found
    seen = second["seen"]
    assert isinstance(seen, list) and len(seen) > 100
    kinds = {name.split(" ")[0] for name, _ in seen}
    assert kinds == {"<attrs", "<cattrs"}
    assert [name for name, same in seen if not same] == []
    # Another process's string hash gives attrs' __hash__ another number: the same entries are
    # found, and the code is still what compile gives.
    for seed in ("2", "3"):
        other = _run(tmp_path, seed)
        assert other["added"] is False
        found = other["seen"]
        assert isinstance(found, list) and len(found) == len(seen)
        assert [name for name, same in found if not same] == []


def test_other_code_and_a_damaged_file_are_compiled_as_usual(tmp_path: Path) -> None:
    import safeplan._codecache as cc

    folder = tmp_path / "code"
    folder.mkdir(mode=0o700)
    env = {**os.environ, "SAFEPLAN_CACHE_DIR": str(tmp_path)}
    path_code = "import safeplan._codecache as cc; print(cc.cache_file())"
    out = subprocess.run(
        [sys.executable, "-c", path_code], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()
    Path(out).write_bytes(b"not marshal data")
    assert cc._read(out) == {}
    again = _run(tmp_path)  # a damaged file is ignored and replaced
    assert again["added"] is True
    assert _run(tmp_path)["added"] is False
    # A class outside safeplan is never kept.
    assert not cc._ours("<attrs generated methods mymodule.Thing>")
    assert cc._ours("<attrs generated methods safeplan._case.model.Person>")


def test_no_cache_folder_means_nothing_is_kept(tmp_path: Path) -> None:
    env = {**os.environ, "SAFEPLAN_CACHE_DIR": ""}
    code = "import safeplan._codecache as cc; print(cc.cache_file())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "None"


def test_the_file_is_kept_beside_the_compiled_layouts_in_a_folder_of_this_users_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import safeplan._codecache as cc

    monkeypatch.delenv("SAFEPLAN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    found = cc.cache_file()
    assert found is not None and Path(found).parent == tmp_path / "safeplan" / "code"
    # A folder others may write to is never used: its entries would be code this process runs.
    (tmp_path / "safeplan" / "code").chmod(0o777)
    assert cc.cache_file() is None


def test_the_hook_goes_into_attrs_whether_it_is_imported_before_or_after_safeplan() -> None:
    check = (
        "import attr._make, safeplan._codecache as cc\n"
        "from safeplan._case import WrittenAgreement\n"
        "print(attr._make.compile is cc._compile, len(cc._used) > 50)\n"
    )
    for first in ("import safeplan\n", "import attrs\nimport safeplan\n"):
        done = subprocess.run(
            [sys.executable, "-c", first + check], capture_output=True, text=True, check=True
        )
        assert done.stdout.split() == ["True", "True"], first
