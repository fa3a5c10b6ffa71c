"""No test depends on the state of the working folder: the README's two commands, run one after
the other in one clone, both pass (the first leaves ``out/`` behind)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_test_runs_in_a_fresh_empty_working_folder() -> None:
    # tests/conftest.py moves each test into a folder of its own, so a relative path a test
    # (or the code under test) writes to never lands in the clone, and nothing left there by
    # hand can change a result.
    here = Path.cwd()
    assert here != ROOT and ROOT not in here.parents
    assert list(here.iterdir()) == []


def test_the_batch_tests_pass_beside_the_out_folder_the_readme_leaves(tmp_path: Path) -> None:
    # The README's first command renders the examples to out/ in the clone; the second runs the
    # suite from the same folder. Here: a working folder holding out/, and the tests that once
    # looked for out/ in the working folder.
    clone = tmp_path / "clone"
    (clone / "out" / "green-reid-england").mkdir(parents=True)
    (clone / "out" / "green-reid-england" / "x.docx").write_bytes(b"left by command one")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            "-k", "usage_errors_exit_2", str(ROOT / "tests" / "test_batch.py"),
        ],
        cwd=clone, capture_output=True, text=True, check=False, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
    # And nothing was written into the folder it ran from.
    assert sorted(p.name for p in clone.iterdir()) == ["out"]
