"""What every test shares: a working folder of its own, a folder of its own for the compiled
built-in layouts (never the user's cache), and a way to stand the safety-detail detector aside.

Each test runs in a fresh, empty folder (not the clone it was started from), so no test depends
on what is lying in the working folder (``out/`` left by the README's first command, say) and
nothing a test writes to a relative path lands in the clone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from safeplan._copies import audience as audience_module


@pytest.fixture(autouse=True)
def _own_working_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(autouse=True, scope="session")
def _own_layout_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Set for the whole run, so subprocesses the tests start use it too.
    before = os.environ.get("SAFEPLAN_CACHE_DIR")
    os.environ["SAFEPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("safeplan-cache"))
    yield
    if before is None:
        os.environ.pop("SAFEPLAN_CACHE_DIR", None)
    else:
        os.environ["SAFEPLAN_CACHE_DIR"] = before


@pytest.fixture
def no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety-detail detector finds nothing, so free text reaches the person causing
    harm's copy and the leak check alone is tested (the detector would keep such text out of
    that copy altogether, which is safe too, but not what these tests are about)."""

    def nothing(*_: Any, **__: Any) -> tuple[Any, ...]:
        return ()

    monkeypatch.setattr(audience_module, "safety_details", nothing)
