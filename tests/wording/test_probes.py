"""The wording readers on the engineer's own probe sentences (tests/data/wording_probes.yaml).

Not a measurement: the sentences were written while the readers were built, to try forms the
blind sets might not hold (typos, dialect, reported speech, lists, passives, terms of the
agreement's own). They guard against a change that breaks one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from safeplan._profiles import nation_profile
from safeplan._wording import Cast, Level, outlives, policing, vague_wording

PROBES = yaml.safe_load(
    (Path(__file__).parent.parent / "data" / "wording_probes.yaml").read_text(encoding="utf-8")
)
THIRD_ROUND_AT_RISK = (
    *("Tom", "Daniel", "Luis", "Mark", "Chris", "Ahmed", "Priya", "Ngozi", "Gulsen", "Yasmin"),
    *("Oksana", "Siân", "Bronwen", "Ceri", "Aisha", "Fatima", "Jo", "Ms Okoro", "Ms Begum"),
)
THIRD_ROUND_HARM = (
    *("Kerry", "Stacey", "Carla", "Lee", "Jordan", "Layla", "Raj", "Emeka", "Mehmet", "Omar"),
    *("Andriy", "Gareth", "Rhys", "Kwame", "Imran", "Kim", "Mr Okoro", "Mr Khan"),
)
CAST = Cast.from_roles(
    {
        "Sally": "adult-at-risk",
        "Ms Green": "adult-at-risk",
        "Mum": "adult-at-risk",
        "Mam": "adult-at-risk",
        "Mammy": "adult-at-risk",
        "Paul": "person-causing-harm",
        "Mr Reid": "person-causing-harm",
        "Dad": "person-causing-harm",
        "Da": "person-causing-harm",
        "Mia": "child",
        "Leo": "child",
        "Jean": "network-member",
        "Nan": "network-member",
        "Amira": "professional",
        "Beth": "professional",
        # the third round's families
        **dict.fromkeys(THIRD_ROUND_AT_RISK, "adult-at-risk"),
        **dict.fromkeys(THIRD_ROUND_HARM, "person-causing-harm"),
    }
)


def _id(probe: dict[str, Any]) -> str:
    return str(probe["text"])[:60]


@pytest.mark.parametrize("probe", PROBES["policing"], ids=_id)
def test_policing_probe(probe: dict[str, Any]) -> None:
    holder = None if probe["holder"] == "none" else probe["holder"]
    verdict = policing(probe["text"], CAST, holder=holder)
    got = "quiet" if verdict is None else "refuse" if verdict.level is Level.REFUSE else "warn"
    if probe["expect"] == "refuse-or-warn":
        assert got != "quiet"
    else:
        assert got == probe["expect"], verdict


@pytest.mark.parametrize("probe", PROBES["outlives"], ids=_id)
def test_outlives_probe(probe: dict[str, Any]) -> None:
    assert (outlives(probe["text"]) is not None) is probe["outlives"]


@pytest.mark.parametrize("probe", PROBES["vague"], ids=_id)
def test_vague_probe(probe: dict[str, Any]) -> None:
    found = vague_wording(probe["text"], nation_profile("england").vague_terms)
    assert bool(found) is probe["vague"], found
