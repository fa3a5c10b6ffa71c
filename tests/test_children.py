"""Children's versions, read back as a child (and the adult reading with them) would see them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import safeplan
from safeplan import Renderer
from safeplan.model import CopyKind
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
GREEN = ROOT / "examples" / "green-reid-england.yaml"
JONES = ROOT / "examples" / "jones-unborn-wales.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


@pytest.fixture(scope="module")
def green() -> safeplan.WrittenAgreement:
    return safeplan.load(GREEN)


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    out = []
    for p in document.element.body.iter(f"{W}p"):
        out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(out)


def all_parts_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(
            zf.read(n).decode("utf-8", errors="replace")
            for n in zf.namelist()
            if not n.endswith(".png")
        )


def test_each_child_old_enough_gets_a_copy(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    children = [c.recipient for c in renderer.copies(green) if c.kind is CopyKind.CHILD]
    assert children == ["mia", "leo"]
    assert renderer.withheld(green) == ()


def test_the_childs_copy_says_what_a_child_needs(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    text = text_of(renderer.render(green, "mia"))
    assert "My safety plan" in text
    assert "For Mia Green" in text
    assert "Dad hurt Mum, and that was scary for you." in text
    assert "What happened is not your fault." in text
    assert "You cannot stop it. It is not your job to stop it." in text
    assert "Mum" in text and "Grandma Jean" in text
    assert "Grandma Jean's house" in text
    assert "If someone is getting hurt, call 999. Ask for the police." in text
    assert "press 55" in text
    assert "0800 1111" in text
    assert "In December, Amira Khan will check how things are going." in text
    assert "In January 2027, Amira Khan will check how things are going." in text
    assert "I like seeing Dad at the centre." in text
    assert "Amira Khan, your social worker" in text


def test_the_youngest_band_is_read_with_an_adult_and_its_steps_are_written_for_that(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    # Under 7, the steps are written for reading together, never dropped (tests/test_children_
    # safety.py has the rest).
    text = text_of(renderer.render(green, "leo"))  # Leo is 6
    assert "Read this with a grown-up you trust." in text
    assert "Tell one of your safe grown-ups." in text
    assert "With your grown-up: practise calling 999" in text
    assert "Call 999. Ask for the police." not in text  # not the words written for an 8-year-old
    assert "0800 1111" in text  # Childline is for every child


def test_a_young_person_is_spoken_to_as_one(renderer: Renderer) -> None:
    data = example_data()
    data["children"][0]["date_of_birth"] = "2011-01-01"  # 15
    text = text_of(renderer.render(safeplan.from_dict(data), "sam"))
    assert "Your safety plan" in text
    assert "Your safe adults" in text
    assert "grown-up" not in text


def test_band_can_be_overridden_for_additional_needs(renderer: Renderer) -> None:
    data = example_data()
    data["children"][0]["date_of_birth"] = "2011-01-01"  # 15
    data["safety_plans"][0]["age_band"] = "5-7"
    text = text_of(renderer.render(safeplan.from_dict(data), "sam"))
    assert "Read this with a grown-up you trust." in text


def test_nothing_adult_or_confidential_reaches_a_childs_copy(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    for child in ("mia", "leo"):
        everything = all_parts_text(renderer.render(green, child))
        for forbidden in (
            "pushed Sally",  # the adults' concerns
            "Change Programme, a course",  # the adults' obligations in adult wording
            "core group meeting within five",  # the contingency
            "14 Alder Close",
            "NX4 7QP",
            "07700 900 481",  # the adult at risk's confidential details
            "3 Mill Lane",  # a third party's address
            "Eastbridge Motors",  # a workplace
            "pineapple",  # the code word, not allowed to be printed
            "OFFICIAL-SENSITIVE</w:t></w:r></w:p></w:hdr",  # no frightening header
        ):
            assert forbidden not in everything, (child, forbidden)


def test_the_code_word_is_printed_only_when_allowed(renderer: Renderer) -> None:
    data = example_data()
    data["safety_plans"][0]["print_code_word"] = True
    agreement = safeplan.from_dict(data)
    assert "blue kite" in text_of(renderer.render(agreement, "sam"))
    for copy in renderer.copies(agreement):
        if copy.kind is not CopyKind.CHILD:
            assert "blue kite" not in all_parts_text(renderer.render(agreement, copy))


def test_childrens_headings_are_real_headings(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    document = docx.Document(io.BytesIO(renderer.render(green, "mia")))
    style = document.styles["Child Heading"]
    assert style.base_style is not None
    assert style.base_style.name == "Heading 1"
    headings = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in document.element.body.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
        and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == style.style_id
    ]
    assert headings[:3] == [
        "Why grown-ups are helping",
        "It is not your fault",
        "Your safe grown-ups",
    ]


def test_pictures_support_the_text_and_all_have_alt_text(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    data = renderer.render(green, "mia")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    pictures = body.findall(f".//{WP}docPr")
    assert len(pictures) >= 8
    assert all(p.get("descr") for p in pictures)
    assert "A telephone" in {p.get("descr") for p in pictures}
    assert len(media) == len({p.get("descr") for p in pictures})  # each picture stored once


def test_text_is_at_least_14_point_and_larger_for_the_youngest(
    renderer: Renderer, green: safeplan.WrittenAgreement
) -> None:
    def sizes(data: bytes) -> set[float]:
        document = docx.Document(io.BytesIO(data))
        found = set()
        for p in document.paragraphs:
            if not p.text.strip():
                continue
            style = p.style
            size = None
            while style is not None and size is None:
                size = style.font.size
                style = style.base_style
            found.add(size.pt if size is not None else 12.0)
        return found

    older = sizes(renderer.render(green, "mia"))
    younger = sizes(renderer.render(green, "leo"))
    assert min(older) >= 14
    assert min(younger) >= 18
    assert min(younger) > min(older)


def test_unborn_children_and_babies_get_no_copy_and_the_run_says_why(renderer: Renderer) -> None:
    jones = safeplan.load(JONES)
    kinds = {(c.kind, c.recipient) for c in renderer.copies(jones)}
    assert (CopyKind.CHILD, "osian") in kinds
    data = example_data()
    data["children"].append({"id": "baby", "name": "Baby Carter", "expected_date": "2027-03-01"})
    data["children"].append({"id": "tot", "name": "Tot Carter", "date_of_birth": "2024-05-01"})
    data["recipients"] += [{"person": "baby", "copy": "child"}, {"person": "tot", "copy": "child"}]
    agreement = safeplan.from_dict(data)
    withheld = {c.recipient: p for c, p in renderer.withheld(agreement)}
    assert set(withheld) == {"baby", "tot"}
    assert "not born yet" in withheld["baby"].message
    assert "younger than 5" in withheld["tot"].message
    with pytest.raises(safeplan.RenderError, match="not born yet"):
        renderer.render(agreement, "baby")


def test_a_child_living_with_the_person_causing_harm_gets_no_printed_plan_without_an_override(
    renderer: Renderer,
) -> None:
    data = example_data()
    data["children"][0]["lives_with"] = ["mum", "dad"]
    agreement = safeplan.from_dict(data)
    [(copy, problem)] = renderer.withheld(agreement)
    assert copy.recipient == "sam"
    assert "lives with the person causing harm" in problem.message
    assert problem.path == "$.safety_plans[0].print_override"
    data["safety_plans"][0]["print_override"] = {
        "rule": "SP-CHILD-PRINT",
        "target": "$.safety_plans[0]",
        "reason": "Sam keeps it at school, with the teacher he trusts.",
        "authorised_by": "sw",
        "date": "2026-11-02",
    }
    agreement = safeplan.from_dict(data)
    assert renderer.withheld(agreement) == ()
    assert "My safety plan" in text_of(renderer.render(agreement, "sam"))


def test_cli_render_writes_childrens_copies_and_says_why_one_is_withheld(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeplan.cli import main

    result = CliRunner().invoke(main, ["render", str(JONES), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / JONES.stem).iterdir())
    assert any("child-osian" in n for n in written)
    assert not any("baby" in n for n in written)


# --- easy read --------------------------------------------------------------------------------


def test_easy_read_findings_on_child_facing_text(renderer: Renderer) -> None:
    data = example_data()
    plan = data["safety_plans"][0]
    plan["explanation"] = (
        "Your dad hurt your mum in the kitchen last month and the police came to the house "
        "and everyone was very frightened about what might happen next."
    )
    plan["what_to_do"] = ["You will be collected by Nan.", "Ring the NSPCC."]
    plan["grown_ups_will"] = ["Robin will coordinate a multidisciplinary intervention."]
    plan["child_words"] = "Dad was very unreasonable and it was unbelievably horrible."
    agreement = safeplan.from_dict(data)
    found = {(p.code, p.path) for p in safeplan.check(agreement)}
    assert ("SP-EASY-READ-LONG-SENTENCE", "$.safety_plans[0].explanation") in found
    assert ("SP-EASY-READ-PASSIVE", "$.safety_plans[0].what_to_do[0]") in found
    assert ("SP-EASY-READ-ACRONYM", "$.safety_plans[0].what_to_do[1]") in found
    assert ("SP-EASY-READ-LONG-WORD", "$.safety_plans[0].grown_ups_will[0]") in found
    assert not any(path.endswith("child_words") for _, path in found)  # the child's own words
    shown = [p for p in renderer.findings(agreement) if p.code.startswith("SP-EASY-READ")]
    assert len(shown) == 4
    for p in shown:
        assert "Nan" not in p.message and "Robin" not in p.message


def test_strict_refuses_a_childs_copy_with_easy_read_findings() -> None:
    data = example_data()
    data["safety_plans"][0]["what_to_do"] = ["You will be collected by Nan."]
    agreement = safeplan.from_dict(data)
    strict = Renderer(safeplan.RenderConfig(strict=True))
    with pytest.raises(safeplan.RefusedError) as info:
        strict.render(agreement, "sam")
    assert info.value.codes == ("SP-EASY-READ-PASSIVE",)
    assert strict.render(agreement, "mum")  # the adults' copies are not easy-read documents
    assert Renderer().render(agreement, "sam")  # without --strict it renders


def test_bundled_childrens_plans_are_easy_read(renderer: Renderer) -> None:
    for path in (GREEN, JONES):
        agreement = safeplan.load(path)
        easy = [p for p in renderer.findings(agreement) if p.code.startswith("SP-EASY-READ")]
        assert easy == [], (path.name, easy)


def test_cli_render_strict_refuses_a_case_whose_childrens_text_is_not_easy_read(
    tmp_path: Path,
) -> None:
    import json

    from click.testing import CliRunner

    from safeplan.cli import main

    data = example_data()
    data["safety_plans"][0]["what_to_do"] = ["You will be collected by Nan."]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    strict = CliRunner().invoke(main, ["render", str(case), "--out", str(out), "--strict"])
    assert strict.exit_code == 1
    assert "SP-EASY-READ-PASSIVE" in strict.output
    assert not out.exists() or not any(out.rglob("*.docx"))
    relaxed = CliRunner().invoke(main, ["render", str(case), "--out", str(out), "--jobs", "1"])
    assert relaxed.exit_code == 0, relaxed.output
    assert any(out.rglob("*child-sam.docx"))
