"""Whole cases written by someone who never saw the safety code, read as the person causing harm.

tests/data/blind_cases/ holds four realistic domestic-abuse agreements (England and Wales: a
mother at risk with a grandparent as safe adult, a same-sex couple, a refuge, a Welsh case with a
woman causing harm), written on 2026-12-02 by a helper from public templates, procedures and
guidance, with safety details buried in every kind of free text and no ``withheld_from``
anywhere. ``expectations.yaml`` lists, per case, the distinctive words of each planted detail
(which must not be anywhere in his copy) and words of his own duties (which must be).

First run, before anything was changed for these cases: 3 of the 78 planted details reached his
copy (her bus stop and her workplace named in a contingency about him; the town of her sister's
house in a contingency about a professional's visit). Both forms were then fixed by general rules.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

import safeplan
from safeplan import Renderer

CASES = Path(__file__).parent / "data" / "blind_cases"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load(
    (CASES / "expectations.yaml").read_text(encoding="utf-8")
)


def every_text(docx: bytes) -> str:
    """The text of every part of the package (document, headers, footers, properties)."""
    out = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                xml = z.read(name).decode("utf-8", "replace")
                out.append(html.unescape(re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))))
    text = "\n".join(out)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").casefold()


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_his_copy_holds_his_duties_and_none_of_her_details(case: str) -> None:
    expected = EXPECTED[case]
    agreement = safeplan.load(CASES / f"{case}.yaml")
    text = every_text(Renderer().render(agreement, expected["harm_recipient"]))
    leaked = [s for s in expected["must_not_appear"] if str(s).casefold() in text]
    assert leaked == []
    missing = [s for s in expected["must_appear"] if str(s).casefold() not in text]
    assert missing == []
    assert "some parts of this agreement are not in your copy" in text
