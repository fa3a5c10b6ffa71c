"""Fixtures shared by the tests."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan._copies import audience as audience_module


@pytest.fixture
def no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The safety-detail detector finds nothing, so free text reaches the person causing
    harm's copy and the leak check alone is tested (the detector would keep such text out of
    that copy altogether, which is safe too, but not what these tests are about)."""

    def nothing(*_: Any, **__: Any) -> tuple[Any, ...]:
        return ()

    monkeypatch.setattr(audience_module, "safety_details", nothing)
