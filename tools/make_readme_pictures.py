"""Render the README's pictures: the first page of an adult's copy and of a child's copy of
``examples/green-reid-england.yaml``, converted by LibreOffice and drawn by poppler.

Run from the repository root (needs LibreOffice, python3-uno and poppler-utils)::

    .venv/bin/python tools/make_readme_pictures.py

Writes ``docs/images/adult-copy.png`` and ``docs/images/child-copy.png`` (about 600 pixels
wide, palette PNG, small enough to commit).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import safeplan

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"


def main() -> None:
    agreement = safeplan.load(ROOT / "examples" / "green-reid-england.yaml")
    OUT.mkdir(parents=True, exist_ok=True)
    with safeplan.PdfConverter() as pdf, tempfile.TemporaryDirectory() as tmp:
        for recipient, name in (("sally", "adult-copy"), ("leo", "child-copy")):
            source = Path(tmp) / f"{name}.pdf"
            source.write_bytes(safeplan.render(agreement, recipient, format="pdf", converter=pdf))
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-scale-to-x",
                    "600",
                    "-scale-to-y",
                    "-1",
                    "-singlefile",
                    str(source),
                    str(OUT / name),
                ],
                check=True,
            )
            print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
