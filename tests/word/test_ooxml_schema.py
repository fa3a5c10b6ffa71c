"""Every copy of every bundled example passes an independent OOXML validator.

LibreOffice opens files Word refuses; ``openxml-audit`` checks the package, the parts and their
XML against the Open XML SDK's schemas and semantic rules (the checks Word itself is strict
about), with no .NET needed. A finding of any severity fails the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import safeplan

openxml_audit = pytest.importorskip("openxml_audit")

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("ooxml")
    written: list[Path] = []
    for path in EXAMPLES:
        written += safeplan.render_all(safeplan.load(path), out / path.stem)
    return written


def test_every_example_copy_is_valid_open_xml(copies: list[Path]) -> None:
    validator = openxml_audit.OpenXmlValidator(
        file_format=openxml_audit.FileFormat.OFFICE_2019, max_errors=0
    )
    assert len(copies) >= 15  # adults', children's and professional copies of every example
    found = {
        path.name: [str(e) for e in result.errors]
        for path in copies
        if not (result := validator.validate(str(path))).is_valid or result.errors
    }
    assert found == {}
