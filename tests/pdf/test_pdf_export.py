"""Accessible PDF: each copy read back with pypdf shows a structure tree, the copy's language,
its title, alt text on every picture, and its text in the order the DOCX has it; a failure
leaves no PDF behind, and a missing LibreOffice is named."""

from __future__ import annotations

import io
import os
import signal
import stat
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from lxml import etree
from pypdf.generic import ArrayObject, DictionaryObject

import safeplan
from safeplan import PdfConverter, PdfError, Renderer

ROOT = Path(__file__).resolve().parents[2]
GREEN = ROOT / "examples" / "green-reid-england.yaml"
JONES = ROOT / "examples" / "jones-unborn-wales.yaml"
AHMED = ROOT / "examples" / "ahmed-pre-proceedings-england.yaml"

try:
    safeplan.PdfConverter(mode="uno").close()
    HAVE_UNO = True
except PdfError:
    HAVE_UNO = False
needs_uno = pytest.mark.skipif(not HAVE_UNO, reason="LibreOffice with python3-uno is needed")


@pytest.fixture(scope="module")
def converter() -> Iterator[PdfConverter]:
    if not HAVE_UNO:
        pytest.skip("LibreOffice with python3-uno is needed")
    with PdfConverter(mode="uno") as pdf:
        yield pdf


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def _read(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _structure(reader: pypdf.PdfReader) -> list[DictionaryObject]:
    """Every structure element, depth first."""
    out: list[DictionaryObject] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            out.append(node)
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, DictionaryObject) and "/K" in node:
            walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return out


def _text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _docx_paragraphs(data: bytes) -> list[str]:
    return [" ".join(p.text.split()) for p in docx.Document(io.BytesIO(data)).paragraphs]


def _docx_alt_texts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ns = {"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
    return [el.get("descr") for el in root.iterfind(".//wp:docPr", ns) if el.get("descr")]


@needs_uno
def test_an_adults_copy_is_tagged_with_language_and_title(
    converter: PdfConverter, renderer: Renderer
) -> None:
    agreement = safeplan.load(GREEN)
    docx_bytes = renderer.render(agreement, "sally")
    reader = _read(converter.convert(docx_bytes))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    title = docx.Document(io.BytesIO(docx_bytes)).core_properties.title
    assert title and reader.metadata is not None and reader.metadata.title == title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    # Paragraph styles are structure types of their own, role-mapped to standard ones.
    role_map = root["/StructTreeRoot"].get("/RoleMap", {})
    kinds = {str(role_map.get(el["/S"], el["/S"])) for el in _structure(reader)}
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/L", "/LI"} <= kinds, kinds
    # PDF/UA's identifier is in the metadata (LibreOffice's own PDF/UA mode).
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


@needs_uno
def test_the_text_reads_in_the_order_of_the_document(
    converter: PdfConverter, renderer: Renderer
) -> None:
    agreement = safeplan.load(GREEN)
    docx_bytes = renderer.render(agreement, "paul")
    text = _text(_read(converter.convert(docx_bytes)))
    headings = [
        " ".join(p.text.split())
        for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title")) and p.text.strip()
    ]
    assert len(headings) > 10
    at = 0
    for heading in headings:
        found = text.find(heading, at)
        assert found >= 0, f"heading {heading!r} missing or out of order"
        at = found + len(heading)


@needs_uno
def test_every_picture_in_a_childs_copy_has_its_alt_text_once(
    converter: PdfConverter, renderer: Renderer
) -> None:
    agreement = safeplan.load(GREEN)
    docx_bytes = renderer.render(agreement, "leo")
    alts = _docx_alt_texts(docx_bytes)
    assert len(alts) >= 5
    figures = [
        el for el in _structure(_read(converter.convert(docx_bytes))) if el["/S"] == "/Figure"
    ]
    assert [str(f.get("/Alt")) for f in figures] == alts


@needs_uno
@pytest.mark.parametrize("case", [JONES, AHMED], ids=["welsh", "urdu"])
def test_every_copy_carries_its_own_language(
    converter: PdfConverter, renderer: Renderer, case: Path
) -> None:
    agreement = safeplan.load(case)
    seen = set()
    for copy in renderer.copies(agreement):
        reader = _read(converter.convert(renderer.render(agreement, copy)))
        assert reader.trailer["/Root"]["/Lang"] == copy.language, copy.stem
        seen.add(copy.language.split("-")[0])
    assert seen & {"cy", "ur"}, seen


@needs_uno
def test_the_copy_for_the_person_causing_harm_holds_no_hidden_detail_in_its_pdf(
    converter: PdfConverter, renderer: Renderer
) -> None:
    agreement = safeplan.load(GREEN)
    hidden = [
        d.value
        for person in agreement.people
        if person.id == "sally"
        for d in person.contact_details
        if d.confidential
    ]
    assert hidden
    text = _text(_read(converter.convert(renderer.render(agreement, "paul"))))
    professional = _text(_read(converter.convert(renderer.render(agreement))))
    for value in hidden:
        assert " ".join(value.split()) not in text
    assert any(" ".join(v.split()) in professional for v in hidden)


@needs_uno
def test_render_all_writes_docx_and_pdf_side_by_side(
    converter: PdfConverter, tmp_path: Path
) -> None:
    agreement = safeplan.load(GREEN)
    paths = safeplan.render_all(agreement, tmp_path, format="both", converter=converter)
    names = sorted(p.name for p in paths)
    docx_names = [n for n in names if n.endswith(".docx")]
    pdf_names = [n for n in names if n.endswith(".pdf")]
    assert [n[:-5] for n in docx_names] == [n[:-4] for n in pdf_names] and len(pdf_names) == 6
    for name in pdf_names:
        assert (tmp_path / name).read_bytes().startswith(b"%PDF-")
    only = safeplan.render_all(agreement, tmp_path / "pdf", format="pdf", converter=converter)
    assert all(p.suffix == ".pdf" for p in only) and len(only) == 6
    one = safeplan.render(agreement, "sally", format="pdf", converter=converter)
    assert _read(one).trailer["/Root"]["/Lang"] == "en-GB"


@needs_uno
def test_one_converter_serves_threads_and_survives_libreoffice_dying(
    converter: PdfConverter, renderer: Renderer
) -> None:
    agreement = safeplan.load(GREEN)
    data = renderer.render(agreement, "jean")
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(converter.convert(data))) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(r.startswith(b"%PDF-") for r in results)
    # Kill the worker and its soffice: the next copy starts them again.
    proc = converter._proc
    assert proc is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert converter.convert(data).startswith(b"%PDF-")


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "soffice"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_failed_conversion_leaves_no_pdf_behind(tmp_path: Path) -> None:
    broken = _fake_soffice(tmp_path, "exit 3")
    source = tmp_path / "copy.docx"
    source.write_bytes(safeplan.render(safeplan.load(GREEN), "sally"))
    target = tmp_path / "out" / "copy.pdf"
    with PdfConverter(soffice=broken, mode="oneshot") as pdf, pytest.raises(PdfError) as err:
        pdf.convert_file(source, target)
    assert "could not convert" in str(err.value)
    assert not target.exists()
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_a_converter_that_writes_half_a_pdf_is_refused(tmp_path: Path) -> None:
    # A "PDF" cut off before its end is never returned or written.
    half = _fake_soffice(
        tmp_path,
        'prev=""; for a; do [ "$prev" = "--outdir" ] && dir="$a"; prev="$a"; done\n'
        'printf "%%PDF-1.7\\n1 0 obj" > "$dir/copy.pdf"',
    )
    source = tmp_path / "in.docx"
    source.write_bytes(safeplan.render(safeplan.load(GREEN), "sally"))
    with PdfConverter(soffice=half, mode="oneshot") as pdf, pytest.raises(PdfError) as err:
        pdf.convert_file(source, tmp_path / "x.pdf")
    assert "whole PDF" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.docx", "soffice"]


def test_missing_libreoffice_is_named_with_how_to_install_it() -> None:
    with pytest.raises(PdfError) as err:
        PdfConverter(soffice="/nowhere/soffice")
    message = str(err.value)
    assert "LibreOffice" in message and "apt-get install libreoffice-writer-nogui" in message
    assert err.value.to_dict()["code"] == "SP-PDF-ERROR"


@needs_uno
def test_a_libreoffice_that_never_starts_is_stopped_and_named(tmp_path: Path) -> None:
    hung = _fake_soffice(tmp_path, "exec sleep 60")
    with PdfConverter(soffice=hung, mode="uno", start_timeout=1) as pdf:
        with pytest.raises(PdfError) as err:
            pdf.convert(b"PK")
        assert "could not be started" in str(err.value)
        assert pdf._proc is None
