"""The codebase stays typed and linted: mypy strict and ruff run as part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return [found]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_mypy_strict_is_clean() -> None:
    done = _run([*_tool("mypy")])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_lint_is_clean() -> None:
    done = _run([*_tool("ruff"), "check", "src", "tests", "benchmarks"])
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean() -> None:
    done = _run([*_tool("ruff"), "format", "--check", "src", "tests", "benchmarks"])
    assert done.returncode == 0, done.stdout + done.stderr
