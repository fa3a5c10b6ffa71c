"""``safeplan render --format pdf|both``: PDFs beside or instead of the DOCX files, one
LibreOffice for the run, and a case whose PDF fails leaves none of its documents in place."""

from __future__ import annotations

import stat
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from safeplan import PdfConverter, PdfError
from safeplan.cli import main

ROOT = Path(__file__).resolve().parents[2]
GREEN = str(ROOT / "examples" / "green-reid-england.yaml")

try:
    PdfConverter(mode="uno").close()
    HAVE_UNO = True
except PdfError:
    HAVE_UNO = False
needs_uno = pytest.mark.skipif(not HAVE_UNO, reason="LibreOffice with python3-uno is needed")


@needs_uno
def test_both_writes_each_copy_as_docx_and_pdf(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", GREEN, "--out", str(tmp_path), "--format", "both"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "green-reid-england"
    docx = sorted(p.stem for p in folder.glob("*.docx"))
    pdf = sorted(p.stem for p in folder.glob("*.pdf"))
    assert docx == pdf and len(pdf) == 6
    listed = [line for line in result.stdout.splitlines() if line]
    assert sorted(Path(line).name for line in listed) == sorted(
        p.name for p in folder.iterdir() if p.suffix in (".docx", ".pdf")
    )
    reader = pypdf.PdfReader(folder / "NX-CP-2026-0142-v2-child-leo.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


@needs_uno
def test_pdf_alone_leaves_no_docx_and_stdout_takes_one_pdf(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", GREEN, "--out", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "green-reid-england"
    assert not list(folder.glob("*.docx")) and len(list(folder.glob("*.pdf"))) == 6
    one = CliRunner().invoke(
        main, ["render", GREEN, "--out", "-", "--format", "pdf", "--recipient", "sally"]
    )
    assert one.exit_code == 0
    assert one.stdout_bytes.startswith(b"%PDF-")
    assert "adult-sally.pdf" in one.stderr


def test_both_to_standard_output_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["render", GREEN, "--out", "-", "--format", "both"])
    assert result.exit_code == 2
    assert "one document" in result.output


def test_missing_libreoffice_stops_the_run_before_any_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFEPLAN_SOFFICE", str(tmp_path / "no-soffice"))
    result = CliRunner().invoke(
        main, ["render", GREEN, "--out", str(tmp_path / "o"), "--format", "pdf"]
    )
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and "apt-get install" in result.output
    assert not (tmp_path / "o").exists()


@needs_uno
def test_a_case_whose_pdf_fails_leaves_none_of_its_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SAFEPLAN_SOFFICE", str(broken))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", GREEN, "--out", str(out), "--format", "pdf"])
    assert result.exit_code == 1
    assert "SP-PDF-ERROR" in result.stderr and "0 rendered, 0 refused, 1 failed" in result.stderr
    assert result.stdout == ""
    folder = out / "green-reid-england"
    assert not list(folder.glob("*.docx")) and not list(folder.glob("*.pdf"))
