"""Grammar that fits the family: one child is one child, in English and in Welsh.

Each case is rendered with one, two and five children and the copies are read back as a parent
would read them. Welsh counts with its own plural rules (babel's: 1, 2, 3 and 6 have forms of
their own), so the sentences chosen here change with the count in both languages.
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
import pytest

import safeplan
from safeplan import Renderer
from safeplan.testing import example_data

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIRST_NAMES = ["Sam", "Ria", "Tom", "Ava", "Ben"]


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")
    )


def family(count: int, *, language: str = "en-GB") -> safeplan.WrittenAgreement:
    """The example case with ``count`` children, every one on the plan and seeing Dad at the
    family centre; the copies go to Mum in ``language``."""
    data: dict[str, Any] = example_data()
    first = data["children"][0]
    data["children"] = [
        {**first, "id": f"c{i}", "name": f"{FIRST_NAMES[i]} Carter"} for i in range(count)
    ]
    ids = [c["id"] for c in data["children"]]
    data["contact_arrangements"][0]["children"] = ids
    data["views"] = [{"person": i, "words": "I want Dad to stop shouting."} for i in ids]
    data["safety_plans"] = []
    data["recipients"] = [
        {"person": "mum", "copy": "adult", "language": language},
        {"person": "sw", "copy": "professional"},
    ]
    if language.startswith("cy"):
        data["plan"]["nation"] = "wales"
    return safeplan.from_dict(data)


def copy_for_mum(renderer: Renderer, count: int, language: str = "en-GB") -> str:
    return text_of(renderer.render(family(count, language=language), "mum"))


def test_one_child_is_one_child(renderer: Renderer) -> None:
    text = copy_for_mum(renderer, 1)
    assert "Sam Carter is on a child protection plan." in text
    assert "Sam Carter are on" not in text
    assert "\nThe child\n" in text  # the heading over the table of children
    assert "What has been done to keep the child safe" in text
    assert "How the child will see family members" in text
    assert "Child: Sam Carter" in text
    assert "the children" not in text.replace("the children's", "")
    assert "The children" not in text


@pytest.mark.parametrize("count", [2, 5])
def test_two_or_five_children_are_many(renderer: Renderer, count: int) -> None:
    text = copy_for_mum(renderer, count)
    names = [f"{n} Carter" for n in FIRST_NAMES[:count]]
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    assert f"{joined} are on a child protection plan." in text
    assert "\nThe children\n" in text
    assert "What has been done to keep the children safe" in text
    assert "How the children will see family members" in text
    assert f"Children: {joined}" in text
    assert " is on a child protection plan" not in text


def test_days_to_read_are_counted(renderer: Renderer) -> None:
    data = example_data()
    data["participation"]["time_to_read_days"] = 1
    one = text_of(renderer.render(safeplan.from_dict(data), "mum"))
    data["participation"]["time_to_read_days"] = 7
    seven = text_of(renderer.render(safeplan.from_dict(data), "mum"))
    assert "Everyone had 1 day to read it before being asked to sign." in one
    assert "Everyone had 7 days to read it before being asked to sign." in seven


# --- Welsh ----------------------------------------------------------------------------------
# Welsh names a child "plentyn" and children "plant"; the heading over the table of children
# and the line about contact change with the number, through the catalog's five plural forms.


def test_welsh_one_child(renderer: Renderer) -> None:
    text = copy_for_mum(renderer, 1, "cy-GB")
    assert "\nY plentyn\n" in text
    assert "Plentyn: Sam Carter" in text
    assert "Sut bydd y plentyn yn gweld aelodau o'r teulu" in text
    assert "Y plant" not in text


@pytest.mark.parametrize("count", [2, 5])
def test_welsh_two_or_five_children(renderer: Renderer, count: int) -> None:
    text = copy_for_mum(renderer, count, "cy-GB")
    names = [f"{n} Carter" for n in FIRST_NAMES[:count]]
    joined = ", ".join(names[:-1]) + " a " + names[-1]
    assert "\nY plant\n" in text
    assert f"Plant: {joined}" in text
    assert "Sut bydd y plant yn gweld aelodau o'r teulu" in text
    assert "Y plentyn" not in text


def test_welsh_counts_days_with_its_own_forms(renderer: Renderer) -> None:
    # Welsh keeps the noun singular after a number and mutates it after "2": 1 diwrnod,
    # 2 ddiwrnod, 7 diwrnod; the catalog's forms for 1, 2 and "other" say so.
    found = {}
    for days in (1, 2, 7):
        data = example_data()
        data["plan"]["nation"] = "wales"
        data["recipients"][0] = {"person": "mum", "copy": "adult", "language": "cy-GB"}
        data["participation"]["time_to_read_days"] = days
        text = text_of(renderer.render(safeplan.from_dict(data), "mum"))
        found[days] = re.search(r"Cafodd pawb (\d+ \w+) i'w ddarllen", text)
    assert {d: m.group(1) if m else None for d, m in found.items()} == {
        1: "1 diwrnod",
        2: "2 ddiwrnod",
        7: "7 diwrnod",
    }
