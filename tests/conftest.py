"""What every test shares: a working folder of its own.

Each test runs in a fresh, empty folder (not the clone it was started from), so no test depends
on what is lying in the working folder (``out/`` left by the README's first command, say) and
nothing a test writes to a relative path lands in the clone.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_working_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
