"""Layout that holds together on the page: every example copy is converted to PDF with
LibreOffice and its pages are read back (pdftotext, pdfimages) the way a reader turns them.

- No heading, table header row or line that introduces what follows (a paragraph ending in ":"
  that keeps with the next block) is left at the foot of a page: the block after it starts on
  the same page. Blocks are found on the pages in reading order, so a name that is both a
  heading and a table cell is not mistaken for the other.
- No table row is split across two pages: every cell's text is whole on one page.
- Every picture of a child's copy is on the same page as the heading it stands above.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import safeplan

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_STYLES = ("Title", "Heading1", "Heading2", "Heading3", "ChildTitle", "ChildHeading")
# The body of an A4 page with safeplan's margins (72 pt): between the header and the footer.
BODY_TOP, BODY_HEIGHT = 65, 710


def _tools() -> tuple[str, str, str]:
    found = (
        shutil.which("soffice") or shutil.which("libreoffice"),
        shutil.which("pdftotext"),
        shutil.which("pdfimages"),
    )
    if None in found:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice and poppler-utils are required in CI")
        pytest.skip("LibreOffice or poppler-utils is not installed")
    return found  # type: ignore[return-value]


_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _paragraph_text(p: Any) -> str:
    """A paragraph's text with its line breaks (``w:br``) as spaces, as a PDF shows them."""
    return "".join(
        (el.text or "") if el.tag == f"{W}t" else " " for el in p.iter(f"{W}t", f"{W}br", f"{W}tab")
    )


def norm(text: str) -> str:
    """Text as a reader sees it: one space between words; a word broken after its hyphen at the
    end of a line is whole again."""
    text = _BIDI.sub("", text.replace("\u00a0", " ")).replace("☐", " ")
    text = re.sub(r"-\n(?=\w)", "-", text)
    text = re.sub(r"_{3,}", " ", text)  # the lines to sign on
    return " ".join(text.split())


@dataclass
class Document:
    name: str
    rtl: bool = False
    blocks: list[tuple[str, bool]] = field(default_factory=list)  # (text, must not end a page)
    cells: list[str] = field(default_factory=list)
    child_headings: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # normalised body text of each page
    image_pages: list[int] = field(default_factory=list)

    def located(self) -> list[tuple[str, bool, int | None]]:
        """Each block with the page it starts on (from 0), found in reading order: the next
        occurrence of its first words after the previous block's; None when not found."""
        out: list[tuple[str, bool, int | None]] = []
        page, pos = 0, 0
        for text, keep in self.blocks:
            probe = text[:40]
            found = None
            for candidate in (page, page + 1, page + 2):
                if candidate >= len(self.pages):
                    break
                at = self.pages[candidate].find(probe, pos if candidate == page else 0)
                if at >= 0:
                    found, page, pos = candidate, candidate, at + len(probe)
                    break
            out.append((text, keep, found))
        return out


def _read_docx(name: str, data: bytes) -> Document:
    doc = Document(name)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    doc.rtl = body.find(f".//{W}bidi") is not None
    for p in body.iter(f"{W}p"):
        text = norm("".join(t.text or "" for t in p.iter(f"{W}t")))
        if not text:
            continue
        style = p.find(f"{W}pPr/{W}pStyle")
        style_id = style.get(f"{W}val") if style is not None else ""
        row = next(p.iterancestors(f"{W}tr"), None)
        header_row = row is not None and row.find(f"{W}trPr/{W}tblHeader") is not None
        last_in_row = row is not None and p is list(row.iter(f"{W}p"))[-1]
        keep = (
            style_id in HEADING_STYLES
            or (header_row and last_in_row)
            or (p.find(f"{W}pPr/{W}keepNext") is not None and text.endswith(":"))
        )
        doc.blocks.append((text, keep))
        if style_id == "ChildHeading":
            doc.child_headings.append(text)
    for tr in body.iter(f"{W}tr"):
        cells = [
            norm(" ".join(_paragraph_text(q) for q in tc.iter(f"{W}p"))) for tc in tr.iter(f"{W}tc")
        ]
        doc.cells += [c for c in cells if c]
    return doc


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    soffice, pdftotext, pdfimages = _tools()
    tmp = tmp_path_factory.mktemp("pages")
    docs: dict[str, Document] = {}
    for path in EXAMPLES:
        agreement = safeplan.load(path)
        # Each case in a folder of its own: the bundled v1 and v2 share a reference, and a
        # folder keeps only the latest version's copies of a case.
        for written in safeplan.render_all(agreement, tmp / "cases" / path.stem):
            (tmp / "docx").mkdir(exist_ok=True)
            (tmp / "docx" / written.name).write_bytes(written.read_bytes())
            docs[written.stem] = _read_docx(written.stem, written.read_bytes())
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "pdf"),
            *sorted(str(p) for p in (tmp / "docx").glob("*.docx")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for stem, doc in docs.items():
        pdf = tmp / "pdf" / f"{stem}.pdf"
        assert pdf.is_file(), done.stdout + done.stderr
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
        for page in range(1, count + 1):
            out = subprocess.run(
                [pdftotext, "-f", str(page), "-l", str(page), "-raw", "-x", "0", "-y",
                 str(BODY_TOP), "-W", "600", "-H", str(BODY_HEIGHT), str(pdf), "-"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            doc.pages.append(norm(out.stdout))
        listed = subprocess.run(
            [pdfimages, "-list", str(pdf)], capture_output=True, text=True, check=True
        )
        doc.image_pages = [
            int(line.split()[0])
            for line in listed.stdout.splitlines()[2:]
            if line.split()[2] == "image"
        ]
    return list(docs.values())


def test_every_example_copy_was_read_page_by_page(documents: list[Document]) -> None:
    assert len(documents) >= 15
    children = [d for d in documents if "-child-" in d.name]
    assert children, "the examples include children's copies"
    for doc in documents:
        assert doc.pages and all(doc.pages), doc.name
        if not doc.rtl:
            located = doc.located()
            missing = [t for t, _, page in located if page is None]
            assert len(missing) <= len(located) // 20, (doc.name, missing[:5])


def test_no_page_ends_with_a_heading_or_a_line_that_belongs_with_what_follows(
    documents: list[Document],
) -> None:
    # Right-to-left pages come out of pdftotext in another order: they are read for their
    # pictures below, not for their text.
    stranded = []
    for doc in (d for d in documents if not d.rtl):
        located = doc.located()
        for i, (text, keep, page) in enumerate(located):
            if not keep or page is None:
                continue
            following = located[i + 1][2] if i + 1 < len(located) else None
            if following is not None and following != page:
                stranded.append(f"{doc.name}, page {page + 1}: {text!r} is left at its foot")
    assert stranded == []


def test_no_table_row_is_split_across_pages(documents: list[Document]) -> None:
    split = [
        f"{doc.name}: {cell[:40]!r}"
        for doc in documents
        if not doc.rtl
        for cell in doc.cells
        if not any(cell in page for page in doc.pages)
    ]
    assert split == []


def test_each_childs_picture_is_on_the_page_of_its_heading(documents: list[Document]) -> None:
    children = [d for d in documents if d.child_headings]
    assert children
    for doc in children:
        assert len(doc.image_pages) == len(doc.child_headings), doc.name
        page = 0
        for heading, image_page in zip(doc.child_headings, doc.image_pages, strict=True):
            # The heading's page: the first page from the previous heading's on that holds it.
            while heading not in doc.pages[page]:
                page += 1
            assert image_page == page + 1, f"{doc.name}: the picture of {heading!r}"
