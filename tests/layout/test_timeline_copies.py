"""What the copies say about the plan's timeline, read back from the DOCX.

The reviews table shows the meetings held and the meetings booked as a family would expect; the
plan's section says where the plan has been; "When this agreement ends" follows a plan that
stepped down; a pre-proceedings case heading to court never reads "before any court case".
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from typing import Any

import docx
import pytest

import safeplan
import safeplan.testing
from safeplan import Renderer

# The cases are built once, in the case room's tests (loaded by path: test folders are not
# packages).
_spec = importlib.util.spec_from_file_location(
    "timeline_cases", Path(__file__).parents[1] / "case" / "test_timeline.py"
)
assert _spec is not None and _spec.loader is not None
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
nine_month_update = _cases.nine_month_update
pre_birth_after_the_birth = _cases.pre_birth_after_the_birth
pre_proceedings = _cases.pre_proceedings
step_down_to_child_in_need = _cases.step_down_to_child_in_need

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of(data: bytes) -> str:
    """Every paragraph of the body, tables included, one a line."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.element.body.iter(f"{W}p")
    return "\n".join(docx.text.paragraph.Paragraph(p, document).text for p in paragraphs)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def tables(data: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(data))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


def table_headed(data: bytes, last: str) -> list[list[str]]:
    return next(t for t in tables(data) if t[0][-1] == last)


def render(renderer: Renderer, data: dict[str, Any], recipient: str = "mum") -> bytes:
    return renderer.render(safeplan.from_dict(data), recipient)


def test_the_reviews_block_shows_meetings_held_and_meetings_booked(renderer: Renderer) -> None:
    data = render(renderer, nine_month_update())
    assert table_headed(data, "What happened") == [
        ["Date", "Meeting", "What happened"],
        ["5 January 2026", "Strategy discussion", "Held"],
        ["20 January 2026", "Initial child protection conference", "Held"],
        ["29 January 2026", "Core group meeting", "Held"],
        [
            "16 April 2026",
            "Review child protection conference",
            "Held: the child protection plan continued.",
        ],
        ["17 September 2026", "Core group meeting", "Held"],
    ]
    assert table_headed(data, "Who leads it") == [
        ["Date", "Meeting", "Who leads it"],
        ["15 October 2026", "Review child protection conference", "Lee Moss"],
        ["12 November 2026", "Core group meeting", "Robin Shah"],
    ]
    text = text_of(data)
    assert text.index("Meetings that have taken place") < text.index("Meetings booked")


def test_a_meeting_that_did_not_take_place_says_so(renderer: Renderer) -> None:
    case = nine_month_update()
    case["reviews"][2]["held"] = False
    rows = table_headed(render(renderer, case), "What happened")
    assert ["17 September 2026", "Core group meeting", "Did not take place"] in rows


def test_a_step_down_to_child_in_need_reads_as_the_social_worker_expects(
    renderer: Renderer,
) -> None:
    text = text_of(render(renderer, step_down_to_child_in_need()))
    assert "on a child in need plan." in text
    assert (
        "At the review child protection conference on 28 January 2027, the child protection "
        "plan ended and a child in need plan took its place." in text
    )
    assert (
        "This agreement ends on 29 April 2027, or when the child in need plan ends, whichever "
        "comes first." in text
    )
    rows = table_headed(render(renderer, step_down_to_child_in_need()), "Who leads it")
    assert rows[1:] == [["29 April 2027", "Child in need review", "Robin Shah"]]


def test_when_this_agreement_ends_follows_a_plan_that_stepped_down(renderer: Renderer) -> None:
    case = safeplan.testing.example_data()
    case["reviews"][1]["held"] = True
    case["reviews"][1]["outcome"] = "stepped-down"
    text = text_of(render(renderer, case))
    end = text[text.index("When this agreement ends") :]
    end = end[: end.index("What will happen if the agreement is not kept")]
    assert (
        "At the review child protection conference on 28 January 2027, the child protection "
        "plan ended and a child in need plan took its place. This agreement ended then, with "
        "the plan." in end
    )
    assert "If a new plan follows, it will say what everyone will do next." in end
    assert "This agreement ends on" not in end
    # The meeting is in the table of meetings held, with what it decided.
    rows = table_headed(render(renderer, case), "What happened")
    assert rows[-1][-1] == (
        "Held: the child protection plan ended and a child in need plan took its place."
    )


def test_an_agreement_ending_before_the_plan_keeps_its_own_end(renderer: Renderer) -> None:
    case = safeplan.testing.example_data()
    case["end"] = {"date": "2027-01-20", "with_plan": True}
    case["reviews"][1]["held"] = True
    case["reviews"][1]["outcome"] = "stepped-down"
    text = text_of(render(renderer, case))
    assert "This agreement ends on 20 January 2027" in text
    assert "This agreement ended then, with the plan." not in text


def test_a_pre_proceedings_case_heading_to_court_never_reads_before_any_court_case(
    renderer: Renderer,
) -> None:
    # Seen: "plan in the pre-proceedings stage (before any court case)" next to the case's own
    # hearing date.
    case = pre_proceedings()
    case["reviews"][3] = {"kind": "hearing", "date": "2027-02-09"}
    case["end"] = {"date": "2027-02-09", "with_plan": True}
    for recipient in ("mum", "dad", "sw"):
        text = text_of(render(renderer, case, recipient))
        assert "before any court case" not in text
        assert "Children's Services have applied to the family court." in text
        assert "The court hearing is on 9 February 2027." in text
        assert "on a pre-proceedings plan." in text
    rows = table_headed(render(renderer, case), "Who leads it")
    assert ["9 February 2027", "Court hearing", ""] in rows


def test_a_pre_proceedings_case_says_when_the_stage_started_and_when_it_decides(
    renderer: Renderer,
) -> None:
    text = text_of(render(renderer, pre_proceedings()))
    assert (
        "Pre-proceedings is the stage when Children's Services and the family work on the "
        "changes needed, to try to avoid a court case." in text
    )
    assert "before any court case" not in text
    assert (
        "It started on 2 November 2026, when Children's Services sent the letter before "
        "proceedings." in text
    )
    assert (
        "By 22 February 2027, Children's Services will decide whether this stage can end or "
        "whether to ask the family court to decide." in text
    )
    rows = table_headed(render(renderer, pre_proceedings()), "What happened")
    assert rows[1:] == [
        ["2 November 2026", "Letter before proceedings sent", "Sent"],
        ["10 November 2026", "Pre-proceedings meeting", "Held"],
    ]


def test_a_pre_birth_case_after_the_birth_prints_the_birth_not_the_due_date(
    renderer: Renderer,
) -> None:
    agreement = safeplan.from_dict(pre_birth_after_the_birth())
    copies = renderer.copies(agreement)
    assert all(c.recipient != "sam" for c in copies)  # a baby gets no child's version
    text = text_of(renderer.render(agreement, "mum"))
    assert "20 November 2026" in text
    assert "Not born yet" not in text


def test_the_timeline_reads_in_welsh(renderer: Renderer) -> None:
    case = step_down_to_child_in_need()
    case["people"][0]["preferred_language"] = "cy-GB"
    text = text_of(render(renderer, case))
    assert "Cyfarfodydd sydd wedi'u cynnal" in text
    assert "daeth y cynllun amddiffyn plant i ben a daeth cynllun plentyn mewn angen" in text


def test_a_pre_proceedings_case_past_sixteen_weeks_names_the_meeting_that_decides(
    renderer: Renderer,
) -> None:
    case = pre_proceedings()
    case["date"] = "2027-03-01"
    case["reviews"][2]["date"] = "2027-01-12"
    case["reviews"][3] = {"kind": "pre-proceedings-review", "date": "2027-03-15"}
    case["end"] = {"date": "2027-03-15", "with_plan": True}
    case["commitments"][1]["by_date"] = "2027-03-08"
    case["signatures"][0]["date"] = "2027-03-01"
    agreement = safeplan.from_dict(case)
    assert "SP-PRE-PROCEEDINGS-LONG" in [p.code for p in safeplan.check(agreement)]
    text = text_of(renderer.render(agreement, "mum"))
    assert "By 22 February 2027" not in text  # a date already past is no promise
    assert (
        "At the meeting on 15 March 2027, Children's Services will decide whether this stage "
        "can end or whether to ask the family court to decide." in text
    )
