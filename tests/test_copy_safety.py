"""Issue 11, "What was seen": each way the person causing harm's copy could help him find or
track the adult at risk and the children, reproduced as a user would meet it.

Every test reads what a user gets (files on disk, the text of every part of a DOCX, the
command line's output, the batch report), never internal calls.
"""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree  # type: ignore[import-untyped]  # no stubs in the venv

import safeplan
from safeplan import BatchCase, ConfidentialLeakError, RenderConfig, Renderer
from safeplan._i18n import catalog
from safeplan.cli import main
from safeplan.model import CopyKind

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GREEN_REID = EXAMPLES / "green-reid-england.yaml"
JONES = EXAMPLES / "jones-unborn-wales.yaml"
AHMED = EXAMPLES / "ahmed-pre-proceedings-england.yaml"
REFERENCE = ROOT / "src" / "safeplan" / "templates" / "reference.docx"

# Reproduced before the fix: every test here failed on the code the issue was filed against.


def example(path: Path = GREEN_REID) -> dict[str, Any]:
    # As JSON would give it: dates as text.
    data: dict[str, Any] = json.loads(
        json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str)
    )
    return data


def every_text(data: bytes) -> str:
    """The text of every part of a DOCX (XML text and attribute values, and file names),
    normalised as a reader sees it: NFKC, invisible characters removed, spaces collapsed."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            out.append(name)
            raw = zf.read(name)
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(raw)
                for el in root.iter():
                    if el.text:
                        out.append(el.text)
                    out.extend(str(v) for v in el.attrib.values())
                # Runs split a sentence across several w:t: join a paragraph's runs too.
                for p in root.iter("{*}p"):
                    out.append("".join(t.text or "" for t in p.iter("{*}t")))
    text = unicodedata.normalize("NFKC", "\n".join(out))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def body_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return (
        "\n".join(p.text for p in document.paragraphs)
        + "\n"
        + "\n".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
    )


def copy_for(renderer: Renderer, agreement: safeplan.WrittenAgreement, recipient: str) -> bytes:
    return renderer.render(agreement, recipient)


# --- two recipients, one file -----------------------------------------------------------------


def _two_ids(data: dict[str, Any], harmful: str, at_risk: str) -> dict[str, Any]:
    """The green-reid case with the two adults' ids replaced, the person causing harm's
    recipient listed first."""
    text = json.dumps(data)
    text = text.replace('"paul"', json.dumps(harmful)).replace('"sally"', json.dumps(at_risk))
    out: dict[str, Any] = json.loads(text)
    recipients = out["recipients"]
    recipients.sort(key=lambda r: 0 if r["person"] == harmful else 1)
    return out


@pytest.mark.parametrize(
    ("harmful", "at_risk"),
    [
        ("paul.", "paul"),  # a trailing full stop
        ("Paul", "paul"),  # the same under case folding (Windows shares, OneDrive)
        ("siôn", "siân"),  # Welsh names
        ("павел", "саша"),  # two ids in a non-Latin script
        ("ab" * 24 + "x", "ab" * 24 + "y"),  # long ids (49 characters) that differ only at the end
    ],
)
def test_two_recipients_never_share_a_file(tmp_path: Path, harmful: str, at_risk: str) -> None:
    data = _two_ids(example(), harmful, at_risk)
    agreement = safeplan.from_dict(data)
    paths = safeplan.render_all(agreement, tmp_path / "out")
    names = [p.name for p in paths]
    # Every copy has a file of its own, distinct even on a case-insensitive, normalising disk.
    folded = {unicodedata.normalize("NFC", n).casefold() for n in names}
    assert len(folded) == len(names) == len(Renderer().copies(agreement))
    on_disk = sorted(p.name for p in (tmp_path / "out").glob("*.docx"))
    assert on_disk == sorted(names)
    for name in names:
        assert name.isascii() and len(name.encode()) <= 120
        assert not set(name) & set('<>:"/\\|?*')
    # The file for the person causing harm holds his copy, not hers.
    renderer = Renderer()
    his = next(
        p for c, p in zip(renderer.copies(agreement), paths, strict=True) if c.recipient == harmful
    )
    text = body_text(his.read_bytes())
    assert "This copy is for Paul Reid." in text
    assert "Alder Close" not in every_text(his.read_bytes())


def test_two_recipients_in_a_batch_get_two_files_and_the_report_says_so(tmp_path: Path) -> None:
    data = _two_ids(example(), "paul.", "paul")
    case = BatchCase.from_text(json.dumps(data), source="case.json", folder="case")
    (result,) = safeplan.render_batch([case], tmp_path / "out")
    assert result.status == "rendered"
    on_disk = sorted(p.name for p in (tmp_path / "out" / "case").glob("*.docx"))
    assert on_disk == sorted(result.outputs)
    assert len(on_disk) == len(Renderer().copies(safeplan.from_dict(data)))


def test_case_folders_equal_under_case_folding_collide(tmp_path: Path) -> None:
    data = example()
    cases = [
        BatchCase.from_text(json.dumps(data), source="a/Case.json", folder="Case"),
        BatchCase.from_text(json.dumps(data), source="b/case.json", folder="case"),
        # The same name with its accent composed and decomposed (macOS writes the second).
        BatchCase.from_text(json.dumps(data), source="c.json", folder="si\u00e2n"),
        BatchCase.from_text(json.dumps(data), source="d.json", folder="sia\u0302n"),
    ]
    results = list(safeplan.render_batch(cases, tmp_path / "out"))
    assert [r.status for r in results] == ["rendered", "failed", "rendered", "failed"]
    assert results[1].problems[0].code == "SP-BATCH-COLLISION"
    assert results[3].problems[0].code == "SP-BATCH-COLLISION"


# --- JSON duplicate keys ----------------------------------------------------------------------


def test_json_duplicate_keys_are_refused_with_their_path(tmp_path: Path) -> None:
    data = example()
    text = json.dumps(data)
    # "confidential": true, "confidential": false -- the last would win silently.
    marked = '"confidential": true'
    assert marked in text
    text = text.replace(marked, '"confidential": true, "confidential": false', 1)
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(safeplan.InvalidCaseError) as info:
        safeplan.load(path)
    (problem,) = info.value.problems
    assert problem.code == "SP-FILE-DUPLICATE-KEY"
    assert problem.path == "$.people[0].contact_details[0].confidential"
    with pytest.raises(safeplan.InvalidCaseError):
        safeplan.loads(text, "json")
    # The command line refuses it too, and the batch never renders it.
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1 and "SP-FILE-DUPLICATE-KEY" in result.output
    (res,) = safeplan.render_batch([BatchCase.from_path(path)], tmp_path / "out")
    assert res.status == "failed" and res.problems[0].code == "SP-FILE-DUPLICATE-KEY"


# --- free text goes to him unchanged ----------------------------------------------------------

# What the issue saw in his copies of the bundled examples, as words of those sentences.
SEEN_IN_HIS_COPY = {
    JONES: [
        "referred Cerys to MARAC",
        "MARAC agreed a safety plan with the refuge",
        "non-molestation order",
        "kept Osian at his own school",
        "collects him from school on Wednesdays",
        "health centre near the refuge",
        "I don't want Rhys to know where we live",
    ],
    GREEN_REID: [
        "kept Mia and Leo at the same school",
        "help her with her own safety plan, housing and legal advice",
    ],
    AHMED: [
        "apply for a non-molestation order",
        "took Zara to his sister Farah's house",
        "Baby Steps parenting group",
    ],
}


NOTICE = (
    "Some parts of this agreement are not in your copy, to keep everyone safe. The "
    "professionals working with your family have the full agreement. If you have a question "
    "about this, ask %(lead)s."
)


def _harmful_copies(path: Path) -> list[tuple[safeplan.Copy, bytes]]:
    agreement = safeplan.load(path)
    renderer = Renderer()
    harmful = {p.id for p in agreement.people if p.role.value == "person-causing-harm"}
    return [
        (c, renderer.render(agreement, c))
        for c in renderer.copies(agreement)
        if c.recipient in harmful
    ]


@pytest.mark.parametrize("path", sorted(SEEN_IN_HIS_COPY), ids=lambda p: p.stem)
def test_his_copy_of_each_example_holds_none_of_what_the_issue_saw(path: Path) -> None:
    copies = _harmful_copies(path)
    assert copies
    for copy, data in copies:
        text = every_text(data)
        for words in SEEN_IN_HIS_COPY[path]:
            assert words not in text, (copy.recipient, words)
        # His copy says, near the start, in his language, that parts are not in it, without
        # saying which.
        notice = catalog(copy.language).translations.gettext(NOTICE) % {"lead": ""}
        first = body_text(data)[:800]
        assert notice[:30] in first
    # Every sentence is still in the professional copy.
    agreement = safeplan.load(path)
    professional = every_text(Renderer().render(agreement, None))
    for words in SEEN_IN_HIS_COPY[path]:
        assert words in professional


# --- the leak check is defeated by ordinary typing --------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "Paul waited outside Northtown Primary on Monday.",  # the school without "School"
        "Paul rang the Alder Road practice asking for Mia's records.",  # the GP, in other words
        "Paul phoned 0044 7700 900481 forty times.",  # her number with the country code
        "Paul phoned +44 (0)7700 900 481 forty times.",
        "Paul phoned ０７７００ ９００４８１ forty times.",  # full-width digits
        "Paul was seen in 14 Alder Cl.",  # a street abbreviated
        "Paul was seen near nx47qp.",  # a postcode without its space, in lower case
        "Paul waited outside North\u00adtown Primary School.",  # a soft hyphen from Word
        "Paul waited outside Northtown Pri\u200dmary School.",  # a zero-width joiner
        "Paul was seen in 14 Alder\u200b Close.",  # a zero-width space
    ],
)
def test_ordinary_typing_does_not_defeat_the_leak_check(typed: str, no_detector: None) -> None:
    data = example()
    data["concerns"].append({"text": typed, "by": ["paul"]})
    agreement = safeplan.from_dict(data)
    renderer = Renderer()
    with pytest.raises(ConfidentialLeakError) as info:
        renderer.render(agreement, "paul")
    assert info.value.path == "$.concerns[3].text"
    for secret in ("Northtown", "Alder", "7700", "NX4", "Paul", "Sally"):
        assert secret.casefold() not in str(info.value).casefold()


@pytest.mark.parametrize("refuge", ["Sanctuary", "The Haven"])
def test_a_one_word_refuge_name_counts(refuge: str, no_detector: None) -> None:
    data = example(JONES)
    data["people"][0]["contact_details"][0]["value"] = f"{refuge}, 7 Ffordd yr Orsaf, NX21 8BW"
    word = refuge.split()[-1]
    data["concerns"].append({"text": f"Rhys asked a friend where {word} is.", "by": ["rhys"]})
    agreement = safeplan.from_dict(data)
    with pytest.raises(ConfidentialLeakError) as info:
        Renderer().render(agreement, "rhys")
    assert info.value.path == f"$.concerns[{len(data['concerns']) - 1}].text"


# --- the child's code word --------------------------------------------------------------------


def test_a_code_word_written_in_free_text_is_never_printed(no_detector: None) -> None:
    data = example()
    data["contingency"].append("If Mia says 'pineapple' on the phone, Jean will call 999.")
    agreement = safeplan.from_dict(data)
    renderer = Renderer()
    for recipient in ("paul", "sally", "jean", None):
        with pytest.raises(ConfidentialLeakError) as info:
            renderer.render(agreement, recipient)
        assert info.value.path == "$.contingency[4].text"
        assert "code word" in str(info.value) and "pineapple" not in str(info.value)
    # Leo's copy does not carry the agreement's contingency, so it renders without it.
    assert "pineapple" not in every_text(renderer.render(agreement, "leo"))


def test_a_sibling_copy_never_prints_another_child_code_word() -> None:
    data = example()
    data["safety_plans"][1]["grown_ups_will"].append("Grandma Jean knows Mia's word, pineapple.")
    agreement = safeplan.from_dict(data)
    with pytest.raises(ConfidentialLeakError) as info:
        Renderer().render(agreement, "leo")
    assert "code word" in str(info.value)
    assert (
        info.value.path
        == f"$.safety_plans[1].grown_ups_will[{len(data['safety_plans'][1]['grown_ups_will']) - 1}]"
    )


# --- the council's reference DOCX -------------------------------------------------------------


@pytest.mark.parametrize("where", ["header", "footer"])
def test_the_reference_docx_header_and_footer_are_checked(tmp_path: Path, where: str) -> None:
    document = docx.Document(str(REFERENCE))
    part = getattr(document.sections[0], where)
    part.is_linked_to_previous = False
    # A real agreement saved as the council's template: her address left in the header.
    part.paragraphs[0].text = "Sally Green, 14 Alder Close, Northtown NX4 7QP"
    reference = tmp_path / "council.docx"
    document.save(str(reference))
    renderer = Renderer(RenderConfig(reference=reference))
    agreement = safeplan.load(GREEN_REID)
    with pytest.raises(ConfidentialLeakError) as info:
        renderer.render(agreement, "paul")
    assert "reference" in str(info.value) and "Alder" not in str(info.value)
    # Her own copy and the professional copy may carry it.
    assert "Alder Close" in every_text(renderer.render(agreement, "sally"))


@pytest.mark.parametrize(
    "markup",
    [
        '<image src="bubble-text" alt="Drop-in at 14 Alder Close"/>',  # alt text
        "<p>Drop-in sessions at NX4 7QP.</p>",  # a council's own words
    ],
)
def test_a_council_layout_that_would_print_her_details_is_refused(
    tmp_path: Path, markup: str
) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}'
        f"{{% block support %}}{{{{ super() }}}}{markup}{{% endblock %}}",
        encoding="utf-8",
    )
    renderer = Renderer(RenderConfig(templates=[folder]))
    agreement = safeplan.load(GREEN_REID)
    with pytest.raises(ConfidentialLeakError) as info:
        renderer.render(agreement, "paul")
    assert info.value.path == "$" and "layout" in str(info.value)
    assert "Alder" not in str(info.value) and "NX4" not in str(info.value)
    renderer.render(agreement, "sally")


# --- stale copies -----------------------------------------------------------------------------


def his_own_term(data: dict[str, Any]) -> None:
    """Her street in one of his own terms: that always reaches his copy, so it is refused."""
    data["expectations"][1]["what"] = "Paul will not go to 14 Alder Close."


@pytest.mark.parametrize("how", ["refused", "leaks"])
def test_a_refused_case_leaves_no_earlier_copy_beside_the_refusal(tmp_path: Path, how: str) -> None:
    case = tmp_path / "cases" / "green.json"
    case.parent.mkdir()
    data = example()
    case.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    report = tmp_path / "first.json"
    assert CliRunner().invoke(main, ["render", str(case), "--out", str(out)]).exit_code == 0
    before = sorted(p.name for p in (out / "green").glob("*.docx"))
    assert before
    if how == "refused":
        del data["end"]
    else:
        his_own_term(data)
    case.write_text(json.dumps(data), encoding="utf-8")
    report = tmp_path / "second.json"
    result = CliRunner().invoke(
        main, ["render", str(case), "--out", str(out), "--report", str(report)]
    )
    assert result.exit_code == 1
    assert list((out / "green").glob("*.docx")) == []
    assert not [p for p in (out / "green").iterdir() if p.name.endswith(".part")]
    (entry,) = json.loads(report.read_text("utf-8"))["cases"]
    assert entry["status"] == "refused"
    assert sorted(entry["removed"]) == before


def test_render_all_removes_its_earlier_copies_when_a_copy_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    data = example()
    first = safeplan.render_all(safeplan.from_dict(data), out)
    assert first
    his_own_term(data)
    with pytest.raises(ConfidentialLeakError):
        safeplan.render_all(safeplan.from_dict(data), out)
    assert list(out.glob("*.docx")) == []


# --- personal data in messages ----------------------------------------------------------------


def test_an_address_typed_as_a_key_is_never_echoed(tmp_path: Path) -> None:
    text = GREEN_REID.read_text("utf-8").replace(
        "    role: adult-at-risk\n", "    role: adult-at-risk\n    14 Alder Close: home\n", 1
    )
    case = tmp_path / "cases" / "green.yaml"
    case.parent.mkdir()
    case.write_text(text, encoding="utf-8")
    runner = CliRunner()
    outputs = [
        runner.invoke(main, ["check", str(case)]),
        runner.invoke(main, ["check", "--format", "json", str(case)]),
        runner.invoke(
            main,
            [
                "render",
                str(case),
                "--out",
                str(tmp_path / "out"),
                "--report",
                str(tmp_path / "r.csv"),
            ],
        ),
    ]
    seen = "\n".join(r.output + (r.stderr if r.stderr_bytes else "") for r in outputs)
    seen += (tmp_path / "r.csv").read_text("utf-8")
    assert "SP-FILE-UNKNOWN-FIELD" in seen
    assert "Alder" not in seen
    assert "$.people[0]" in seen and "an unknown field" in seen


# --- check says yes, render says no -----------------------------------------------------------


def test_check_refuses_what_render_would_refuse(tmp_path: Path) -> None:
    data = example()
    his_own_term(data)
    case = tmp_path / "green.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(case)])
    rendered = CliRunner().invoke(main, ["render", str(case), "--out", str(tmp_path / "out")])
    assert rendered.exit_code == 1
    assert checked.exit_code == 1
    assert "SP-COPY-LEAK" in checked.output
    assert "$.expectations[1].what" in checked.output
    assert "Alder" not in checked.output


def test_check_and_render_take_the_same_reference(tmp_path: Path) -> None:
    document = docx.Document(str(REFERENCE))
    document.sections[0].footer.paragraphs[0].text = "Mobile 07700 900 481"
    reference = tmp_path / "council.docx"
    document.save(str(reference))
    checked = CliRunner().invoke(main, ["check", str(GREEN_REID), "--reference", str(reference)])
    assert checked.exit_code == 1 and "SP-COPY-LEAK" in checked.output


def test_every_copy_kind_is_covered() -> None:
    # Guards the tests above: the example has copies of every kind.
    kinds = {c.kind for c in Renderer().copies(safeplan.load(GREEN_REID))}
    assert kinds == set(CopyKind)
