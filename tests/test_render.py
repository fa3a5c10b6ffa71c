"""Rendered written agreements, read back as a social worker and a family would see them."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import safeplan
from safeplan import ConfidentialLeakError, Copy, RenderConfig, Renderer
from safeplan.model import CopyKind
from safeplan.testing import example_agreement, example_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in the body, tables included, in order."""
    document = docx.Document(io.BytesIO(data))
    out: list[tuple[str, str]] = []
    body = document.element.body
    for p in body.iter(f"{W}p"):
        para = docx.text.paragraph.Paragraph(p, document)
        out.append((para.style.name if para.style is not None else "", para.text))
    return out


def text_of(data: bytes) -> str:
    return "\n".join(t for _, t in paragraphs(data))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def leaks(data: bytes, value: str) -> list[str]:
    """Every part of the file holding the value, raw or XML-escaped."""
    forms = {value, escape(value), escape(value, {'"': "&quot;", "'": "&apos;"})}
    found = []
    for name, content in parts(data).items():
        text = content.decode("utf-8", errors="replace")
        if any(f in text for f in forms):
            found.append(name)
    return found


def headings(data: bytes) -> list[tuple[int, str]]:
    return [
        (int(style.rsplit(" ", 1)[1]), text)
        for style, text in paragraphs(data)
        if style.startswith("Heading ")
    ]


# --- what is in a copy ----------------------------------------------------------------------


def test_adult_copy_has_every_section_in_order(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    titles = [t for level, t in headings(data) if level == 1]
    assert titles == [
        "What this document is",
        "Who this agreement is about",
        "Why we are worried",
        "What has been done to keep the child safe",
        "What each person will do",
        "What the professionals will do",
        "How the child will see family members",
        "How and when this agreement will be checked",
        "When this agreement ends",
        "What will happen if the agreement is not kept",
        "How this agreement was made",
        "What people said, in their own words",
        "Help and support",
        "If you are unhappy",
        "Signatures",
    ]
    first = paragraphs(data)[0]
    assert first == ("Title", "Written agreement")


def test_heading_levels_never_skip(renderer: Renderer) -> None:
    for path in EXAMPLES:
        agreement = safeplan.load(path)
        for copy in renderer.copies(agreement):
            if copy.kind is CopyKind.CHILD:
                continue  # children's headings: tests/test_children.py
            levels = [level for level, _ in headings(renderer.render(agreement, copy))]
            assert levels[0] == 1
            for before, after in itertools.pairwise(levels):
                assert after <= before + 1, (path.name, copy)


def test_person_causing_harm_comes_first(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    level2 = [t for level, t in headings(data) if level == 2]
    jordan = level2.index("What Jordan Carter will do")
    assert "What Alex Carter will do" not in level2  # she holds no expectations here
    text = text_of(data)
    assert "Jordan will go to a domestic abuse behaviour-change course every week." in text
    assert "When: Every Wednesday from 11 November 2026" in text
    assert "Who checks: Robin Shah. The course tells Robin whether Jordan came." in text
    assert "Help offered: Robin has made the referral." in text
    assert jordan >= 0


def test_what_is_said_about_the_document(renderer: Renderer) -> None:
    text = text_of(renderer.render(example_agreement(), "dad"))
    assert "It is not a legal contract." in text
    assert "A piece of paper does not keep anyone safe." in text
    assert "It may be shown to a court" in text
    assert "You do not have to sign it." in text
    assert "This copy is for Jordan Carter." in text


def test_dates_in_words_and_the_end(renderer: Renderer) -> None:
    text = text_of(renderer.render(example_agreement(), "mum"))
    assert (
        "This agreement ends on 28 January 2027, or when the child protection plan ends, "
        "whichever comes first." in text
    )
    assert "It does not continue after Children's Services stop being involved." in text
    assert "2027-01-28" not in text


def test_review_table_has_a_repeating_header_row(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    document = docx.Document(io.BytesIO(data))
    review = next(t for t in document.tables if t.rows[0].cells[-1].text == "Who leads it")
    assert [c.text for c in review.rows[0].cells] == ["Date", "Meeting", "Who leads it"]
    assert [c.text for c in review.rows[1].cells] == [
        "12 November 2026",
        "Core group meeting",
        "Robin Shah",
    ]
    assert review.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None


def test_lists_are_real_word_lists(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    body = parts(data)["word/document.xml"]
    tree = etree.fromstring(body)
    numbered = tree.findall(f".//{W}numPr")
    assert len(numbered) > 10
    assert "•" not in text_of(data)


def test_signatures_show_reasons_and_never_reluctant(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    text = text_of(data)
    section = text[text.index("\nSignatures\n") :]
    assert "Alex Carter\nSam's mother\nSigned on 2 November 2026." in section
    assert "Jordan Carter\nSam's father\nDecided not to sign, on 3 November 2026." in section
    assert "Their reasons, in their words: “I want to talk to a solicitor first.”" in section
    assert "reluctan" not in text.lower()


def test_what_changed_since_the_earlier_draft(renderer: Renderer) -> None:
    data = example_data()
    data["version"] = {"number": 2, "replaces": 1, "changes": ["Contact moved to Saturdays."]}
    text = text_of(renderer.render(safeplan.from_dict(data), "mum"))
    assert "What has changed since version 1" in text
    assert "Contact moved to Saturdays." in text
    assert "This is version 2. It replaces version 1." in text
    assert "What has changed" not in text_of(renderer.render(example_agreement(), "mum"))


def test_an_override_is_shown_in_every_copy(renderer: Renderer) -> None:
    data = example_data()
    data["expectations"].append({"who": "mum", "what": "Alex will not let Jordan in."})
    data["overrides"] = [
        {
            "rule": "SP-POLICING",
            "target": "$.expectations[2]",
            "reason": "Alex asked for this herself after advice from her support worker.",
            "authorised_by": "sw",
            "date": "2026-11-02",
        }
    ]
    agreement = safeplan.from_dict(data)
    for copy in renderer.copies(agreement):
        if copy.kind is CopyKind.CHILD:
            continue  # a child's copy never shows the adults' agreement
        text = text_of(renderer.render(agreement, copy))
        assert "A decision professionals have recorded" in text
        assert "Robin Shah decided to keep it on 2 November 2026" in text
        assert "Alex asked for this herself" in text


def test_helplines_come_from_the_profile_by_audience(renderer: Renderer) -> None:
    agreement = example_agreement()
    victim = text_of(renderer.render(agreement, "mum"))
    harmful = text_of(renderer.render(agreement, "dad"))
    professional = text_of(renderer.render(agreement, None))
    assert "0808 2000 247" in victim and "0808 2000 247" not in harmful
    assert "0808 802 4040" in harmful and "0808 802 4040" not in victim
    assert "0808 2000 247" in professional and "0808 802 4040" in professional
    assert "999" in victim


def test_footer_header_marking_and_properties(renderer: Renderer) -> None:
    data = renderer.render(example_agreement(), "mum")
    files = parts(data)
    footer = b"".join(v for k, v in files.items() if k.startswith("word/footer"))
    header = b"".join(v for k, v in files.items() if k.startswith("word/header"))
    assert b"PAGE" in footer and b"NUMPAGES" in footer
    assert b"TEST-CP-0001" in footer
    assert b"OFFICIAL-SENSITIVE" in header and b"OFFICIAL-SENSITIVE" in footer
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Written agreement TEST-CP-0001 (version 1)"
    assert props.language == "en-GB"
    core = files["docProps/core.xml"].decode()
    for secret in ("Alex", "Jordan", "Carter", "Sam"):
        assert secret not in core
    styles = files["word/styles.xml"].decode()
    assert 'w:val="en-GB"' in styles


def test_marking_is_configurable() -> None:
    data = Renderer(RenderConfig(protective_marking="OFFICIAL")).render(example_agreement(), "mum")
    header = b"".join(v for k, v in parts(data).items() if k.startswith("word/header"))
    assert b"OFFICIAL" in header and b"OFFICIAL-SENSITIVE" not in header


def test_output_is_deterministic() -> None:
    agreement = example_agreement()
    first = Renderer().render(agreement, "mum")
    second = Renderer().render(safeplan.from_dict(example_data()), "mum")
    assert first == second
    for path in EXAMPLES:
        a = safeplan.load(path)
        assert safeplan.render(a) == safeplan.render(safeplan.load(path))


# --- confidentiality ------------------------------------------------------------------------


def confidential_values(agreement: safeplan.WrittenAgreement) -> list[tuple[str, str]]:
    out = []
    for owner in (*agreement.people, *agreement.children):
        for d in owner.contact_details:
            if d.confidential:
                out.append((owner.id, d.value))
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_person_causing_harm_copy_holds_no_confidential_detail(path: Path) -> None:
    agreement = safeplan.load(path)
    renderer = Renderer()
    harmful = {p.id for p in agreement.people if p.role.value == "person-causing-harm"}
    hidden = [(o, v) for o, v in confidential_values(agreement) if o not in harmful]
    assert hidden, "each example has confidential details to protect"
    checked = 0
    for copy in renderer.copies(agreement):
        data = renderer.render(agreement, copy)
        for _, value in hidden:
            if copy.recipient in harmful:
                assert leaks(data, value) == [], (copy, "leaked a confidential detail")
                checked += 1
        if copy.kind is CopyKind.PROFESSIONAL:
            assert all(leaks(data, v) for _, v in hidden)
    assert checked or not any(c.recipient in harmful for c in renderer.copies(agreement))


_ADDRESS = st.from_regex(
    r"[1-9][0-9]? [A-Z][a-z]{3,8} (Road|Close|Street), [A-Z][a-z]{4,9}", fullmatch=True
)
_PHONE = st.from_regex(r"07700 9[0-9]{2} [0-9]{3}", fullmatch=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    address=_ADDRESS,
    phone=_PHONE,
    school=st.from_regex(r"[A-Z][a-z]{4,9} (Academy|School)", fullmatch=True),
)
def test_generated_confidential_values_never_reach_the_harmful_copy(
    renderer: Renderer, address: str, phone: str, school: str
) -> None:
    data = example_data()
    data["people"][0]["contact_details"] = [
        {"kind": "address", "value": address, "confidential": True},
        {"kind": "phone", "value": phone, "confidential": True},
    ]
    data["children"][0]["contact_details"] = [
        {"kind": "school", "value": school, "confidential": True}
    ]
    agreement = safeplan.from_dict(data)
    harmful = renderer.render(agreement, "dad")
    for value in (address, phone, school, phone.replace(" ", "")):
        assert leaks(harmful, value) == []
    victim = renderer.render(agreement, "mum")
    assert leaks(victim, address) and leaks(victim, school)
    professional = renderer.render(agreement, None)
    assert leaks(professional, phone)


@pytest.mark.parametrize(
    ("field", "text", "kind"),
    [
        ("concerns", "Jordan followed Alex to NX1 2AB last week.", "address"),
        ("concerns", "Jordan followed Alex home to Birch Road.", "address"),
        ("concerns", "Jordan called Alex on 07700900111 forty times.", "phone number"),
        ("concerns", "Jordan waited outside Northtown Academy.", "school"),
    ],
)
def test_free_text_carrying_a_hidden_value_refuses_that_copy(
    renderer: Renderer, field: str, text: str, kind: str, no_detector: None
) -> None:
    data = example_data()
    data[field].append({"text": text, "by": ["dad"]})
    agreement = safeplan.from_dict(data)
    with pytest.raises(ConfidentialLeakError) as info:
        renderer.render(agreement, "dad")
    err = info.value
    assert err.path == f"$.{field}[1].text"
    assert kind in str(err)
    for secret in ("NX1", "Birch", "07700", "Northtown", "Jordan", "Alex"):
        assert secret not in str(err)
    # The copies allowed to see it still render, and show it.
    assert text in text_of(renderer.render(agreement, "mum"))
    assert text in text_of(renderer.render(agreement, None))


def test_a_town_name_alone_is_not_a_leak(renderer: Renderer) -> None:
    data = example_data()
    data["concerns"].append({"text": "Jordan drove to Northtown.", "by": ["dad"]})
    renderer.render(safeplan.from_dict(data), "dad")


def test_render_all_writes_nothing_when_one_copy_is_refused(
    tmp_path: Path, no_detector: None
) -> None:
    data = example_data()
    data["concerns"].append({"text": "Jordan went to 9 Birch Road.", "by": ["dad"]})
    with pytest.raises(ConfidentialLeakError):
        safeplan.render_all(safeplan.from_dict(data), tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_confidential_views_stay_out_of_other_copies(renderer: Renderer) -> None:
    data = example_data()
    data["views"].append(
        {"person": "mum", "words": "I am frightened of him.", "confidential": True}
    )
    agreement = safeplan.from_dict(data)
    assert "I am frightened of him." not in text_of(renderer.render(agreement, "dad"))
    assert "I am frightened of him." in text_of(renderer.render(agreement, "mum"))
    assert "I am frightened of him." in text_of(renderer.render(agreement, None))


def test_the_code_word_is_never_printed(renderer: Renderer) -> None:
    agreement = example_agreement()
    for copy in renderer.copies(agreement):
        assert leaks(renderer.render(agreement, copy), "blue kite") == []


def test_unknown_recipient_is_a_clear_error(renderer: Renderer) -> None:
    with pytest.raises(safeplan.RenderError, match="recipients"):
        renderer.render(example_agreement(), "nobody")


# --- any text at all ------------------------------------------------------------------------

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    text=st.one_of(
        st.text(min_size=1, max_size=200),
        st.sampled_from(
            [
                "& < > \" '",
                "مرحبا Paul 123 عالم",
                "👩‍👧 safe 🏠",
                "x" * 10_000,
                "\x00\x01\x1f bell\x07",
                "<p>not markup</p>",
                "{{ 7 * 7 }}",
            ]
        ),
    )
)
def test_any_unicode_in_any_field_gives_a_valid_docx(renderer: Renderer, text: str) -> None:
    data = example_data()
    data["concerns"][0]["text"] = text
    data["expectations"][0]["what"] = text
    data["people"][1]["name"] = text or "x"
    agreement = safeplan.from_dict(data)
    out = renderer.render(agreement, "mum")
    for name, content in parts(out).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(content)  # well-formed
    # What a reader sees: characters XML cannot hold dropped, runs of layout whitespace
    # (space, tab, newline, return) folded to one space; no-break and other spaces kept.
    expected = re.sub(r"[ \t\n\r]+", " ", _ILLEGAL.sub("", text)).strip(" ")
    body = text_of(out)
    if expected:
        # Less the invisible direction marks (LRM, RLM) put around text of the other
        # direction than its paragraph.
        marks = dict.fromkeys(map(ord, "\u200e\u200f"))
        assert expected.translate(marks) in body.translate(marks)
    assert "49" not in body or "49" in text  # case data is never template code


# --- opening in LibreOffice -------------------------------------------------------------------


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def test_every_example_copy_opens_in_libreoffice(tmp_path: Path) -> None:
    soffice = _soffice()
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is required in CI (apt-get install libreoffice-writer-nogui)")
        pytest.skip("LibreOffice is not installed")
    files = []
    for path in EXAMPLES:
        files += safeplan.render_all(safeplan.load(path), tmp_path / path.stem)
    assert len(files) >= 9
    flat = tmp_path / "all"
    flat.mkdir()
    for f in files:
        shutil.copy(f, flat / f.name)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *sorted(str(p) for p in flat.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdfs = sorted((tmp_path / "pdf").glob("*.pdf"))
    assert len(pdfs) == len(files), done.stdout + done.stderr
    for pdf in pdfs:
        head = pdf.read_bytes()[:5]
        assert head == b"%PDF-" and pdf.stat().st_size > 5000, pdf.name


def test_the_copy_kind_is_chosen_by_recipient(renderer: Renderer) -> None:
    agreement = example_agreement()
    kinds = {c.recipient: c.kind for c in renderer.copies(agreement)}
    assert kinds == {
        "mum": CopyKind.ADULT,
        "dad": CopyKind.ADULT,
        "sam": CopyKind.CHILD,
        "sw": CopyKind.PROFESSIONAL,
    }
    assert isinstance(renderer.render(agreement, Copy(kind=CopyKind.ADULT, recipient="mum")), bytes)


def test_context_is_not_leaking_through_any_dict(renderer: Renderer) -> None:
    agreement = example_agreement()
    data: Any = renderer.render(agreement, "dad")
    assert leaks(data, "Flat 2, 9 Birch Road") == []
    assert leaks(data, "Birch Road") == []


def test_a_support_contact_for_one_role_is_printed_only_for_that_role(renderer: Renderer) -> None:
    data = example_data()
    data["support_contacts"] = [
        {
            "name": "Northtown Refuge Outreach",
            "phone": "01632 960 777",
            "for_roles": ["adult-at-risk"],
        },
        {"name": "Northtown Family Hub", "phone": "01632 960 888"},
    ]
    agreement = safeplan.from_dict(data)
    victim = text_of(renderer.render(agreement, "mum"))
    harmful = text_of(renderer.render(agreement, "dad"))
    professional = text_of(renderer.render(agreement, None))
    assert "Northtown Refuge Outreach" in victim and "Northtown Refuge Outreach" in professional
    assert "Northtown Refuge Outreach" not in harmful
    assert "Northtown Family Hub" in harmful and "Northtown Family Hub" in victim
