"""docs/embedding.md works as written: its Python blocks, run in order as one script."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import safeplan

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "embedding.md"

try:
    safeplan.PdfConverter().close()
    HAVE_LIBREOFFICE = True
except safeplan.PdfError:
    HAVE_LIBREOFFICE = False


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def test_the_guide_has_an_example_for_each_way_of_embedding() -> None:
    text = "\n".join(_blocks())
    for needle in (
        "assess(",
        "to_dict()",
        "x-safeplan-ref",
        "ThreadPoolExecutor",
        "ProcessPoolExecutor",
        "asyncio.to_thread",
        "PdfConverter",
    ):
        assert needle in text, needle


def test_the_guides_examples_run(tmp_path: Path) -> None:
    blocks = [b for b in _blocks() if HAVE_LIBREOFFICE or not b.startswith("# needs LibreOffice")]
    script = tmp_path / "embedding_example.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "SP-VAGUE-WORDING /expectations/0/what" in done.stdout
