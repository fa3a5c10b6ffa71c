"""The DOCX writer: what a person opening the document would see, read back from the file."""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from typing import Any

import attrs
import docx
import markupsafe
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from safeplan._docx import DocumentInfo, Reference, clean_text, normalize_space, render_docx
from safeplan._errors import RenderError, TemplateError

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
W = "{" + NS["w"] + "}"


def q(prefix: str, local: str) -> str:
    """A Clark name: {namespace}local."""
    return f"{{{NS[prefix]}}}{local}"


REF = Reference.load()
INFO = DocumentInfo(
    title="Written agreement",
    language="en-GB",
    created=datetime.date(2026, 1, 15),
    header_lines=("OFFICIAL-SENSITIVE",),
    footer_lines=("CP-2026-0142 · version 2 · Page {PAGE} of {NUMPAGES}",),
)


def png(width: int, height: int, rgb: tuple[int, int, int] = (200, 60, 60)) -> bytes:
    """A real, minimal RGB PNG."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def render(markup: str, **changes: Any) -> bytes:
    images = changes.pop("images", None)
    info = attrs.evolve(INFO, **changes)
    return render_docx(markup, reference=REF, info=info, images=images)


def doc(markup: str, **changes: Any) -> Any:
    return docx.Document(io.BytesIO(render(markup, **changes)))


def part(data: bytes, name: str) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def body(data: bytes) -> Any:
    return part(data, "word/document.xml").find("w:body", NS)


def text_of(p: Any) -> str:
    """The text of a paragraph or run, without the direction marks (LRM, RLM) the writer puts
    around text of the other direction than its paragraph."""
    return "".join(t.text or "" for t in p.iter(W + "t")).translate(MARKS)


MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))


def unmarked(text: str) -> str:
    return text.translate(MARKS)


SAMPLE = """<document>
  <title>Written agreement</title>
  <p>
     This agreement is between  <b>Anna Green</b> and <i>children's services</i>.
  </p>
  <h1>Why we are worried</h1>
  <p>Paul will go <u>to school</u> every day.</p>
  <list kind="bullet">
    <item>Anna will keep Sam safe
      <list kind="number"><item>nested one</item><item>nested two</item></list>
    </item>
    <item>Second bullet</item>
  </list>
  <h2>Steps</h2>
  <list kind="number"><item>First</item><item>Second</item></list>
  <h3>Who will help</h3>
  <table header="1" widths="30,70">
    <tr><th>Who</th><th>What they will do</th></tr>
    <tr><td>Anna</td><td><p>Keep the door locked.</p><list><item>every night</item></list></td></tr>
    <tr><td>Social worker</td><td>Visit every week</td></tr>
  </table>
  <box><p>Important: call 999 in an emergency.</p>
    <list><item>Childline 0800 1111</item></list></box>
  <image src="logo" alt="A red square" width="3cm" align="center"/>
  <p lang="cy-GB">Bydd Paul yn mynd i'r ysgol bob dydd.</p>
  <p dir="rtl" lang="ar">سيذهب Paul Smith إلى المدرسة كل يوم. رقم الحالة CP-2026-0142.</p>
  <signature label="Signed (Anna Green)" date="Date"/>
  <pagebreak/>
  <h1 style="Child Heading">For Sam</h1>
  <p style="Child Body">It is not your fault.</p>
</document>"""
SAMPLE_IMAGES = {"logo": png(40, 20)}


# --- structure a reader sees ------------------------------------------------------------------


def test_headings_come_out_in_order_with_real_heading_styles() -> None:
    d = doc(SAMPLE, images=SAMPLE_IMAGES)
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Head", "Title", "Child H"))]  # fmt: skip # noqa: E501
    assert headings == [
        ("Title", "Written agreement"),
        ("Heading 1", "Why we are worried"),
        ("Heading 2", "Steps"),
        ("Heading 3", "Who will help"),
        ("Child Heading", "For Sam"),
    ]
    # Child Heading is built on Heading 1, so it stays a heading for navigation.
    assert d.styles["Child Heading"].base_style.name == "Heading 1"


def test_paragraph_text_is_normalised_like_html() -> None:
    d = doc(
        "<document><p>\n    Paul will  go\n</p>"
        "<p>\n  Anna and <b> Mark </b> agree .\n</p>"
        "<p>Line one  <br/>\n   line two</p>"
        "<p>\u00a0kept\u00a0no-break\u2003spaces\u00a0</p></document>"
    )
    assert [p.text for p in d.paragraphs] == [
        "Paul will go",
        "Anna and Mark agree .",
        "Line one\nline two",
        "\u00a0kept\u00a0no-break\u2003spaces\u00a0",
    ]
    bold = [r.text for r in d.paragraphs[1].runs if r.bold]
    assert bold == ["Mark "]


def test_bullet_and_numbered_lists_are_real_word_lists_and_numbers_restart() -> None:
    data = render(
        "<document><list kind='number'><item>a</item><item>b</item></list><p>between</p>"
        "<list kind='number'><item>c</item></list>"
        "<list kind='bullet'><item>d<list kind='number'><item>e</item></list></item></list>"
        "</document>"
    )
    paras = body(data).findall("w:p", NS)
    numbered = {}
    for p in paras:
        num_id = p.find("w:pPr/w:numPr/w:numId", NS)
        if num_id is not None:
            ilvl = p.find("w:pPr/w:numPr/w:ilvl", NS).get(W + "val")
            numbered[text_of(p)] = (num_id.get(W + "val"), ilvl)
    assert set(numbered) == {"a", "b", "c", "d", "e"}
    assert numbered["a"][0] == numbered["b"][0] != numbered["c"][0]
    assert numbered["e"][1] == "1"  # nested one level in
    assert text_of(paras[2]) == "between" and paras[2].find("w:pPr/w:numPr", NS) is None

    numbering = part(data, "word/numbering.xml")
    abstract_fmt = {
        a.get(W + "abstractNumId"): a.find("w:lvl/w:numFmt", NS).get(W + "val")
        for a in numbering.findall("w:abstractNum", NS)
    }
    nums = {n.get(W + "numId"): n for n in numbering.findall("w:num", NS)}

    def fmt(num_id: str) -> str:
        return abstract_fmt[nums[num_id].find("w:abstractNumId", NS).get(W + "val")]

    def restart(num_id: str, level: str) -> str | None:
        o = nums[num_id].find(f"w:lvlOverride[@w:ilvl='{level}']/w:startOverride", NS)
        return None if o is None else o.get(W + "val")

    assert fmt(numbered["a"][0]) == "decimal"
    assert fmt(numbered["d"][0]) == "bullet"
    # Every numbered list, nested ones included, restarts at 1.
    assert restart(numbered["a"][0], "0") == "1"
    assert restart(numbered["c"][0], "0") == "1"
    assert restart(numbered["e"][0], "1") == "1"


def test_tables_have_a_repeating_bold_header_row_and_rows_that_do_not_split() -> None:
    data = render(SAMPLE, images=SAMPLE_IMAGES)
    d = docx.Document(io.BytesIO(data))
    table = d.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Who", "What they will do"],
        ["Anna", "Keep the door locked.\nevery night"],
        ["Social worker", "Visit every week"],
    ]
    assert table.style.name == "Table Grid"
    rows = body(data).findall("w:tbl/w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True, False, False]
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert not any(run.bold for run in table.rows[1].cells[0].paragraphs[0].runs)
    cols = [int(c.get(W + "w")) for c in body(data).findall("w:tbl/w:tblGrid/w:gridCol", NS)]
    assert cols[1] / sum(cols) == pytest.approx(0.7, abs=0.01)
    # The list inside a cell is a real list.
    assert table.rows[1].cells[1].paragraphs[1]._p.pPr.numPr is not None


def test_a_first_row_of_th_is_a_header_row_without_the_attribute() -> None:
    data = render("<document><table><tr><th>A</th></tr><tr><td>1</td></tr></table></document>")
    rows = body(data).findall("w:tbl/w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None


def test_a_picture_beside_a_heading_in_a_borderless_child_table() -> None:
    data = render(
        "<document><table widths='22,78' style='Child Table'><tr>"
        "<td><image src='i' alt='A heart' width='2cm'/></td>"
        "<td><h1 style='Child Heading'>It is not your fault</h1></td></tr></table></document>",
        images={"i": png(10, 10)},
    )
    d = docx.Document(io.BytesIO(data))
    cell = d.tables[0].rows[0].cells[1].paragraphs[0]
    assert (cell.style.name, cell.text) == ("Child Heading", "It is not your fault")
    assert d.tables[0].style.name == "Child Table"
    assert body(data).find("w:tbl/w:tr/w:trPr/w:tblHeader", NS) is None


def test_adjacent_tables_stay_two_tables() -> None:
    one = "<table><tr><td>x</td></tr></table>"
    b = body(render(f"<document>{one}{one}</document>"))
    assert [etree.QName(c).localname for c in b] == ["tbl", "p", "tbl", "sectPr"]


def test_box_paragraphs_and_items_share_the_note_style_and_indents() -> None:
    d = doc(SAMPLE, images=SAMPLE_IMAGES)
    note = [p for p in d.paragraphs if p.style.name == "Note"]
    assert [p.text for p in note] == ["Important: call 999 in an emergency.", "Childline 0800 1111"]
    item = note[1]._p.pPr
    assert item.numPr is not None
    # The item's first line starts where the box's paragraphs start, so one box is drawn.
    left = int(item.find(W + "ind").get(W + "left"))
    hanging = int(item.find(W + "ind").get(W + "hanging"))
    note_left = d.styles["Note"].paragraph_format.left_indent.twips
    assert left - hanging == note_left


def test_signature_and_pagebreak() -> None:
    d = doc(SAMPLE, images=SAMPLE_IMAGES)
    sig = next(p for p in d.paragraphs if p.text.startswith("Signed"))
    assert sig.text == "Signed (Anna Green)\t Date\t"
    assert len(sig.paragraph_format.tab_stops) == 2
    b = body(render(SAMPLE, images=SAMPLE_IMAGES))
    assert b.find("w:p/w:r/w:br[@w:type='page']", NS) is not None


def test_style_attribute_takes_a_name_or_an_id() -> None:
    d = doc("<document><p style='Child Body'>a</p><p style='ChildBody'>b</p></document>")
    assert [p.style.name for p in d.paragraphs] == ["Child Body", "Child Body"]
    assert REF.find_style("heading 1") == "Heading1"
    assert REF.find_style("Table Grid", "table") == "TableGrid"
    assert REF.find_style("Table Grid") is None  # not a paragraph style
    assert {"Normal", "Heading 1", "Marking", "Note", "Child Body"} <= REF.style_names
    assert {"Normal", "Heading1", "TableGrid"} <= REF.style_ids


# --- languages and direction ------------------------------------------------------------------


def test_every_run_in_a_welsh_block_is_tagged_welsh_and_the_rest_the_document_language() -> None:
    data = render(
        "<document><p>English <span lang='cy-GB'>Cymraeg <b>yn</b> wir</span> again</p>"
        "<list lang='cy-GB'><item>un</item><item>dau <i>tri</i></item></list>"
        "<table lang='cy-GB'><tr><td>cell</td></tr></table></document>"
    )
    langs = [
        (text_of(r), r.find("w:rPr/w:lang", NS).get(W + "val")) for r in body(data).iter(W + "r")
    ]
    assert langs == [
        ("English ", "en-GB"),
        ("Cymraeg ", "cy-GB"),
        ("yn", "cy-GB"),
        (" wir", "cy-GB"),
        (" again", "en-GB"),
        ("un", "cy-GB"),
        ("dau ", "cy-GB"),
        ("tri", "cy-GB"),
        ("cell", "cy-GB"),
    ]


def test_document_language_is_the_default_in_styles_and_core_properties() -> None:
    data = render("<document><p>Helo</p></document>", language="cy-GB")
    lang = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W + "val") == "cy-GB"
    assert part(data, "docProps/core.xml").findtext("dc:language", namespaces=NS) == "cy-GB"
    run_lang = body(data).find("w:p/w:r/w:rPr/w:lang", NS)
    assert run_lang.get(W + "val") == "cy-GB"
    # A right-to-left document language also becomes the complex-script default.
    data = render("<document><p>x</p></document>", language="ar")
    lang = part(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(W + "val"), lang.get(W + "bidi")) == ("ar", "ar")


def test_rtl_paragraphs_are_bidi_and_latin_names_keep_their_own_runs() -> None:
    text = "سيذهب Paul Smith إلى المدرسة. رقم الحالة CP-2026-0142."
    data = render(f"<document><p dir='rtl' lang='ar'>{text}</p><p>English</p></document>")
    p_rtl, p_ltr = body(data).findall("w:p", NS)
    assert p_rtl.find("w:pPr/w:bidi", NS) is not None
    assert p_ltr.find("w:pPr/w:bidi", NS) is None
    runs = [(text_of(r), r.find("w:rPr/w:rtl", NS) is not None) for r in p_rtl.iter(W + "r")]
    assert "".join(t for t, _ in runs) == text  # never reversed
    assert all(is_rtl for t, is_rtl in runs if re.search("[\u0600-\u06ff]", t))
    assert ("Paul Smith", False) in runs
    assert ("CP-2026-0142", False) in runs
    lang = p_rtl.find("w:r/w:rPr/w:lang", NS)
    assert (lang.get(W + "val"), lang.get(W + "bidi")) == ("ar", "ar")


def test_an_rtl_document_has_a_bidi_section_and_mirrored_tables() -> None:
    data = render(
        "<document><p>مرحبا</p><table><tr><td>أ</td><td>ب</td></tr></table></document>",
        language="ar",
        rtl=True,
    )
    b = body(data)
    assert b.find("w:sectPr/w:bidi", NS) is not None
    assert b.find("w:p/w:pPr/w:bidi", NS) is not None
    assert b.find("w:tbl/w:tblPr/w:bidiVisual", NS) is not None
    assert part(data, "word/header1.xml").find("w:p/w:pPr/w:bidi", NS) is not None


def test_arabic_inside_an_english_paragraph_gets_a_rtl_run() -> None:
    runs = body(render("<document><p>Name: محمد علي, age 7</p></document>")).iter(W + "r")
    assert [(text_of(r), r.find("w:rPr/w:rtl", NS) is not None) for r in runs] == [
        ("Name: ", False),
        ("محمد علي", True),
        (", age 7", False),
    ]


# --- header, footer, page ---------------------------------------------------------------------


def test_footer_has_page_x_of_y_fields_and_header_the_marking() -> None:
    data = render("<document><p>x</p></document>")
    d = docx.Document(io.BytesIO(data))
    section = d.sections[0]
    header = [(p.style.name, p.text) for p in section.header.paragraphs]
    assert header == [("Marking", "OFFICIAL-SENSITIVE")]
    assert [p.text for p in section.footer.paragraphs] == ["CP-2026-0142 · version 2 · Page 1 of 1"]
    footer = part(data, "word/footer1.xml")
    instr = [t.text.strip() for t in footer.iter(W + "instrText")]
    assert instr == ["PAGE", "NUMPAGES"]
    kinds = [f.get(W + "fldCharType") for f in footer.iter(W + "fldChar")]
    assert kinds == ["begin", "separate", "end"] * 2


def test_page_is_a4_with_2_54_cm_margins_and_settings_do_not_prompt() -> None:
    data = render("<document><p>x</p></document>")
    d = docx.Document(io.BytesIO(data))
    s = d.sections[0]
    assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
    assert [round(m.cm, 2) for m in (s.top_margin, s.bottom_margin, s.left_margin)] == [2.54] * 3
    settings_xml = part(data, "word/settings.xml")
    assert settings_xml.find("w:updateFields", NS) is None


def test_no_header_or_footer_lines_still_gives_valid_parts() -> None:
    data = render("<document/>", header_lines=(), footer_lines=())
    d = docx.Document(io.BytesIO(data))
    assert [p.text for p in d.sections[0].header.paragraphs] == [""]
    assert d.paragraphs == []


# --- images -----------------------------------------------------------------------------------


def test_images_carry_alt_text_keep_their_aspect_and_are_stored_once() -> None:
    logo = png(40, 20)
    data = render(
        "<document><image src='logo' alt='A red square' width='4cm'/>"
        "<p>text</p><image src='again' alt='The same picture'/>"
        "<image src='deco' alt=''/></document>",
        images={"logo": logo, "again": logo, "deco": png(3, 3, (0, 0, 0))},
    )
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
    assert len(media) == 2
    doc_pr = list(body(data).iter(q("wp", "docPr")))
    assert [d.get("descr") for d in doc_pr] == ["A red square", "The same picture", None]
    assert [d.get("title") for d in doc_pr][:2] == ["A red square", "The same picture"]
    assert len({d.get("id") for d in doc_pr}) == 3
    assert doc_pr[2].find(".//{*}decorative") is not None
    extent = body(data).find(".//wp:extent", NS)
    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    assert cx == 4 * 360000 and cy == cx // 2
    embeds = [b.get(q("r", "embed")) for b in body(data).iter(q("a", "blip"))]
    assert embeds[0] == embeds[1] != embeds[2]


def test_media_part_name_depends_only_on_the_image_bytes() -> None:
    markup = "<document><image src='x' alt='a'/></document>"
    one = render(markup, images={"x": png(5, 5)})
    two = render(markup.replace("'x'", "'y'"), images={"y": png(5, 5)})
    names = [zipfile.ZipFile(io.BytesIO(d)).namelist() for d in (one, two)]
    assert names[0] == names[1]


# --- package ----------------------------------------------------------------------------------


def test_core_properties_hold_title_language_and_dates_and_nothing_personal() -> None:
    data = render("<document><p>x</p></document>", subject="Written agreement")
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Written agreement"
    assert props.language == "en-GB"
    assert props.subject == "Written agreement"
    assert props.created == props.modified == datetime.datetime(2026, 1, 15, tzinfo=datetime.UTC)
    assert props.author == "safeplan"
    assert props.last_modified_by == ""
    assert props.comments == props.category == props.keywords == ""
    core = part(data, "docProps/core.xml")
    assert sorted(etree.QName(c).localname for c in core) == [
        "created", "creator", "language", "modified", "subject", "title",
    ]  # fmt: skip


def test_every_xml_part_is_well_formed_and_every_relationship_resolves() -> None:
    data = render(SAMPLE, images=SAMPLE_IMAGES)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names[0] == "[Content_Types].xml"
        assert len(names) == len(set(names))
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))  # raises if malformed
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        overrides = {o.get("PartName") for o in types.iter(q("ct", "Override"))}
        defaults = {d.get("Extension") for d in types.iter(q("ct", "Default"))}
        for name in names:
            assert f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults, name
        for rels in (n for n in names if n.endswith(".rels")):
            base = os.path.dirname(os.path.dirname(rels))
            for rel in etree.fromstring(zf.read(rels)).iter(q("rel", "Relationship")):
                if rel.get("TargetMode") != "External":
                    target = os.path.normpath(os.path.join(base, rel.get("Target")))
                    assert target in names, (rels, target)
        info = zf.infolist()
        assert {i.date_time for i in info} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.testzip() is None


def test_same_input_gives_the_same_bytes_even_with_a_fresh_reference() -> None:
    first = render(SAMPLE, images=SAMPLE_IMAGES)
    assert render(SAMPLE, images=SAMPLE_IMAGES) == first
    again = render_docx(SAMPLE, reference=Reference.load(), info=INFO, images=SAMPLE_IMAGES)
    assert again == first
    assert render(SAMPLE, images=SAMPLE_IMAGES, language="cy-GB") != first


def test_reference_can_be_given_as_a_path_or_bytes(tmp_path: Any) -> None:
    path = tmp_path / "ref.docx"
    import importlib.resources

    data = importlib.resources.files("safeplan").joinpath("templates/reference.docx").read_bytes()
    path.write_bytes(data)
    markup = "<document><p>x</p></document>"
    expected = render(markup)
    for source in (path, str(path), data):
        assert render_docx(markup, reference=Reference.load(source), info=INFO) == expected


def test_a_reference_edited_in_word_keeps_its_logo_and_fonts() -> None:
    import importlib.resources

    raw = importlib.resources.files("safeplan").joinpath("templates/reference.docx").read_bytes()
    edited = docx.Document(io.BytesIO(raw))
    edited.styles["Normal"].font.name = "Verdana"
    header = edited.sections[0].header
    header.paragraphs[0].add_run().add_picture(io.BytesIO(png(60, 20, (0, 80, 160))))
    edited.sections[0].footer.paragraphs[0].text = "Example Council"
    buf = io.BytesIO()
    edited.save(buf)
    ref = Reference.load(buf.getvalue())

    data = render_docx(
        "<document><image src='i' alt='pic'/></document>",
        reference=ref,
        info=INFO,
        images={"i": png(2, 2)},
    )
    d = docx.Document(io.BytesIO(data))
    assert d.styles["Normal"].font.name == "Verdana"
    hdr = part(data, "word/header1.xml")
    assert hdr.find(".//a:blip", NS) is not None  # the council's logo
    assert [p.text for p in d.sections[0].header.paragraphs][-1] == "OFFICIAL-SENSITIVE"
    assert [p.text for p in d.sections[0].footer.paragraphs] == [
        "Example Council",
        "CP-2026-0142 · version 2 · Page 1 of 1",
    ]
    ids = [e.get("id") for e in hdr.iter(q("wp", "docPr"))]
    ids += [e.get("id") for e in body(data).iter(q("wp", "docPr"))]
    assert len(ids) == 2 and len(set(ids)) == 2
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == 2
        assert "docProps/custom.xml" not in zf.namelist()


def test_a_broken_reference_is_a_template_error() -> None:
    with pytest.raises(TemplateError, match="cannot be read"):
        Reference.load(b"not a zip")
    with pytest.raises(TemplateError, match="cannot be opened"):
        Reference.load("/nonexistent/ref.docx")


# --- text safety ------------------------------------------------------------------------------


def test_clean_text_drops_only_what_xml_cannot_hold() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x1fe\ufffef\uffffg\ud800h") == "abcdefgh"
    kept = "tab\tnl\ncr\r emoji 🙂 RTL مرحبا & < > \" ' \u0085\u2028\ufeff"
    assert clean_text(kept) == kept


def test_markup_characters_in_case_data_stay_text() -> None:
    evil = "</w:t></w:r><w:r><w:t>injected & <b>bold</b> \"quoted\" 'single'"
    d = doc(f"<document><p>{markupsafe.escape(evil)}</p></document>")
    assert d.paragraphs[0].text == evil
    assert all(not r.bold for r in d.paragraphs[0].runs)


def test_title_and_lines_with_illegal_characters_still_give_a_valid_file() -> None:
    d = doc(
        "<document><p>x</p></document>",
        title="A\x00 <title> & more",
        header_lines=("OFFICIAL\x07",),
        footer_lines=("{PAGE}/{NUMPAGES} {OTHER}",),
    )
    assert d.core_properties.title == "A <title> & more"
    assert d.sections[0].header.paragraphs[0].text == "OFFICIAL"
    assert d.sections[0].footer.paragraphs[0].text == "1/1 {OTHER}"


_AWKWARD = st.sampled_from(
    list("\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff\t\n\r  &<>\"'🙂مرحبا\u00a0\u200f\u0301")
)
_TEXT = st.text(alphabet=st.one_of(st.characters(), _AWKWARD), max_size=200)


def expected(text: str) -> str:
    """What the writer promises: illegal characters gone, XML whitespace collapsed."""
    return re.sub("[ \t\n\r]+", " ", clean_text(text)).strip(" ")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_any_text_in_a_paragraph_comes_back_exactly(text: str) -> None:
    d = doc(f"<document><p>{markupsafe.escape(text)}</p></document>")
    # Direction marks are added around text of the other direction, and are invisible.
    assert unmarked(d.paragraphs[0].text) == unmarked(expected(text))
    assert expected(text) == normalize_space(clean_text(text))


@settings(max_examples=100, deadline=None)
@given(a=_TEXT, b=_TEXT, c=_TEXT)
def test_whitespace_collapses_across_inline_elements(a: str, b: str, c: str) -> None:
    e = markupsafe.escape
    d = doc(
        f"<document><p>\n  {e(a)}<b>{e(b)}</b><span lang='cy-GB'>{e(c)}</span>\n</p></document>"
    )
    assert unmarked(d.paragraphs[0].text) == unmarked(expected(a + b + c))


@settings(max_examples=60, deadline=None)
@given(alt=_TEXT, cell=_TEXT, label=_TEXT)
def test_any_text_in_attributes_and_cells_gives_a_valid_docx(
    alt: str, cell: str, label: str
) -> None:
    e = markupsafe.escape
    markup = (
        f"<document><image src='i' alt=\"{e(alt)}\"/><table><tr><td>{e(cell)}</td></tr></table>"
        f'<signature label="{e(label)}"/></document>'
    )
    data = render(markup, images={"i": png(1, 1)})
    d = docx.Document(io.BytesIO(data))
    assert unmarked(d.tables[0].rows[0].cells[0].text) == unmarked(expected(cell))
    descr = body(data).find(".//wp:docPr", NS).get("descr")
    assert (descr or "") == expected(alt)


_EDGE_TEXTS = (
    "", " ", "  ", "\n", "a", " a ", "a\tb", "\ta", "a\t", "a\rb", "a\r", "a  b", "a\n  b",
    "\u00a0a\u00a0", "&<>\"'", "a & b", "مرحبا Paul Smith 12", "Paul مرحبا.", "x\u0301 \U0001f642",
)  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.sampled_from(_EDGE_TEXTS), _TEXT), rtl=st.booleans(), welsh=st.booleans())
def test_plain_text_blocks_cells_and_items_give_the_runs_of_the_general_collector(
    text: str, rtl: bool, welsh: bool
) -> None:
    # Elements that hold only text take a fast path; wrapping the same text in a <span>
    # without attributes sends it through the general inline collector instead. Both must
    # write exactly the same runs.
    e = markupsafe.escape(text)
    attrs_ = (' dir="rtl"' if rtl else "") + (' lang="cy-GB"' if welsh else "")

    def markup(t: str) -> str:
        return (
            f"<document{attrs_}><p>{t}</p><h2>{t}</h2>"
            f"<table><tr><th>{t}</th><td>{t}</td></tr></table>"
            f"<list><item>{t}</item><item>{t}<list><item>x</item></list></item></list>"
            "</document>"
        )

    plain = part(render(markup(e)), "word/document.xml")
    general = part(render(markup(f"<span>{e}</span>")), "word/document.xml")
    assert etree.tostring(plain) == etree.tostring(general)


def test_tables_with_the_same_widths_share_a_grid_and_bad_widths_are_still_errors() -> None:
    row = "<tr><td>a</td><td>b</td></tr>"
    ok = f'<table widths="30,70">{row}</table>'
    data = render(f"<document>{ok}<p/>{ok}</document>")
    grids = body(data).findall("w:tbl/w:tblGrid", NS)
    assert len(grids) == 2
    assert etree.tostring(grids[0]) == etree.tostring(grids[1])
    for widths in ("30,70,10", "30,x", "0,100", "-5,105"):
        with pytest.raises(TemplateError, match="widths must be 2 positive percentages"):
            render(f'<document><table widths="{widths}">{row}</table></document>')


def test_a_very_long_string_survives() -> None:
    long = "Paul will go to school. " * 500 + "🙂" * 100
    d = doc(f"<document><p>{long}</p></document>")
    assert d.paragraphs[0].text == long.strip()


# --- errors -----------------------------------------------------------------------------------


def test_malformed_markup_is_a_template_error_with_its_line() -> None:
    with pytest.raises(TemplateError) as err:
        render_docx(
            "<document>\n<p>fine</p>\n<p>broken</b>\n</document>",
            reference=REF,
            info=INFO,
            template_name="adult.xml.j2",
        )
    assert err.value.line == 3
    assert err.value.template == "adult.xml.j2"
    assert "adult.xml.j2, line 3" in str(err.value)
    with pytest.raises(TemplateError):
        render("<document><p>&nbsp;</p></document>")  # HTML entities are not XML


@pytest.mark.parametrize(
    ("markup", "message", "line"),
    [
        ("<document>\n<p>x</p>\n<marquee>x</marquee></document>", "unknown element <marquee>", 3),
        ("<document>\n<p colour='red'>x</p></document>", "<p> has no attribute 'colour'", 2),
        ("<document><p>\n<h1>x</h1></p></document>", "<h1> is a block", 2),
        ("<document><p>x<blink/></p></document>", "unknown element <blink>", 1),
        ("<document>loose text</document>", "text must be inside a block", 1),
        ("<document><list><p>x</p></list></document>", "<list> holds <item>", 1),
        ("<document><list kind='roman'/></document>", "kind must be", 1),
        (
            "<document><table><tr><td>a</td></tr>\n<tr><td>a</td><td>b</td></tr></table></document>",
            "every row needs 1 cells",
            2,
        ),
        (
            "<document><table widths='50'><tr><td>a</td><td>b</td></tr></table></document>",
            "widths",
            1,
        ),
        ("<document><image src='x'/></document>", "needs alt text", 1),
        ("<document><p lang='not a tag'>x</p></document>", "BCP 47", 1),
        ("<document><p dir='up'>x</p></document>", "dir must be", 1),
        ("<document><p align='middle'>x</p></document>", "align must be", 1),
        ("<doc/>", "must start with <document>", 1),
    ],
)
def test_markup_mistakes_name_the_element_and_line(markup: str, message: str, line: int) -> None:
    with pytest.raises(TemplateError, match=re.escape(message)) as err:
        render(markup)
    assert err.value.line == line


def test_missing_styles_are_all_listed_in_one_error() -> None:
    with pytest.raises(TemplateError) as err:
        render(
            "<document><p>x</p>\n<p style='Fancy Body'>x</p><h1 style='Shouty'>x</h1>"
            "<table style='Zebra'><tr><td>x</td></tr></table></document>"
        )
    message = str(err.value)
    for name in ("'Fancy Body' (paragraph)", "'Shouty' (paragraph)", "'Zebra' (table)"):
        assert name in message
    assert err.value.line == 2


def test_unknown_image_is_a_template_error_and_a_non_png_a_render_error() -> None:
    with pytest.raises(TemplateError, match="no image named 'logo'"):
        render("<document><image src='logo' alt='x'/></document>")
    with pytest.raises(RenderError, match="not a PNG"):
        render("<document><image src='x' alt='x'/></document>", images={"x": b"GIF89a..."})


def test_error_messages_never_carry_case_text() -> None:
    secret = "14 Refuge Road"
    with pytest.raises(TemplateError) as err:
        render(f"<document><p>{secret}<oops/></p></document>")
    assert secret not in str(err.value)
    with pytest.raises(TemplateError) as err:
        render(f"<document><p>{secret}</document>")
    assert secret not in str(err.value)


def test_document_info_rejects_a_bad_language() -> None:
    with pytest.raises(ValueError, match="BCP 47"):
        DocumentInfo(title="t", language="en GB", created=datetime.date(2026, 1, 1))


# --- LibreOffice ------------------------------------------------------------------------------


def test_libreoffice_converts_the_output_to_pdf(tmp_path: Any) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have LibreOffice (soffice) installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "sample.docx"
    source.write_bytes(render(SAMPLE, images=SAMPLE_IMAGES))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "sample.pdf"
    assert pdf.exists()
    assert pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
