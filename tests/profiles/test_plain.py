"""A well-formed profile is built without cattrs' code generation (``_profiles/plain.py``), to
the very same value the strict converter builds; anything else falls back to the strict
converter, whose messages stay as they were."""

from __future__ import annotations

import copy
import datetime as dt
import enum
from pathlib import Path
from typing import Any

import attrs
import pytest

from safeplan._errors import ProfileError
from safeplan._profiles import Nation, load_profile
from safeplan._profiles import profile as profile_module
from safeplan._profiles.plain import NotPlain, structure_plain
from safeplan._profiles.profile import _CONVERTER, Profile

ROOT = Path(__file__).resolve().parents[2]
COUNCIL = ROOT / "templates" / "northshire" / "council.yaml"


def _merged(chain: list[Any]) -> dict[str, Any]:
    """The data _build structures (every profile of the chain merged), caught on its way in."""
    seen: list[dict[str, Any]] = []
    original = structure_plain

    def spy(value: Any, cls: type, converter: Any) -> Any:
        seen.append(copy.deepcopy(value))
        return original(value, cls, converter)

    setattr(profile_module, "structure_plain", spy)  # noqa: B010 - the module's own name
    try:
        profile_module._build(chain)
    finally:
        setattr(profile_module, "structure_plain", original)  # noqa: B010
    return seen[0]


def _shape(value: Any) -> Any:
    """A value with the type of every part kept: 1 and 1.0 differ, a str and a StrEnum differ."""
    if attrs.has(type(value)):
        return (
            type(value).__name__,
            {f.name: _shape(getattr(value, f.name)) for f in attrs.fields(type(value))},
        )
    if isinstance(value, tuple):
        return ("tuple", [_shape(v) for v in value])
    if isinstance(value, enum.Enum | str | int | float | bool | dt.date) or value is None:
        return (type(value).__name__, value)
    raise AssertionError(f"a type the comparison does not know: {type(value)}")  # fmt: skip


def _chains() -> list[tuple[str, list[Any]]]:
    chains = [
        (nation.value, profile_module._chain(profile_module._builtin_source(nation.value), ()))
        for nation in Nation
    ]
    chains.append(("council", profile_module._chain(profile_module._file_source(COUNCIL), ())))
    return chains


@pytest.mark.parametrize(
    ("name", "chain"), _chains(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_the_plain_walk_builds_what_the_strict_converter_builds(
    name: str, chain: list[Any]
) -> None:
    merged = _merged(chain)
    plain = structure_plain(copy.deepcopy(merged), Profile, _CONVERTER)  # no fallback here
    strict = _CONVERTER.structure(copy.deepcopy(merged), Profile)
    assert plain == strict
    assert _shape(plain) == _shape(strict)


def _england() -> dict[str, Any]:
    chain = profile_module._chain(profile_module._builtin_source("england"), ())
    return _merged(chain)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(unknown_key=1),
        lambda d: d["timescales"].update(first_review={"amount": 5}),  # a missing key
        lambda d: d["timescales"]["first_review"].update(amount="5"),  # text for a number
        lambda d: d["timescales"]["first_review"].update(amount=True),
        lambda d: d["timescales"]["first_review"].update(amount=0),  # a validator's refusal
        lambda d: d["timescales"]["first_review"].update(unit="fortnights"),
        lambda d: d.update(nation="mercia"),
        lambda d: d.update(categories="neglect"),  # text for a list
        lambda d: d.update(helplines={"name": "x"}),
        lambda d: d["helplines"][0].update(name=7),
        lambda d: d.update(closure_days=["2026-13-01"]),
        lambda d: d.update(easy_read=None),
        lambda d: d.update(limits=[]),
    ],
)
def test_what_the_strict_converter_refuses_the_plain_walk_refuses(spoil: Any) -> None:
    data = _england()
    spoil(data)
    with pytest.raises(NotPlain):
        structure_plain(copy.deepcopy(data), Profile, _CONVERTER)
    with pytest.raises(Exception):  # noqa: B017,PT011 - cattrs' errors, or a validator's
        _CONVERTER.structure(copy.deepcopy(data), Profile)


def test_a_broken_council_profile_still_gets_the_strict_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "extends: england\ntimescales:\n  first_review:\n    amount: x\n    unit: weeks\n"
    )
    with pytest.raises(
        ProfileError, match=r"timescales\.first_review\.amount: must be a whole number"
    ):
        load_profile(bad)
