"""Render every copy of every example case and print each DOCX's SHA-256, one line a copy.

For checking that a change to the renderer leaves the output byte-identical: run it before and
after, and compare the two listings::

    .venv/bin/python tools/copies_digest.py > /tmp/before.txt
    # ... change the code ...
    .venv/bin/python tools/copies_digest.py > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt

``--out FOLDER`` also writes each copy there (``<case>--<file name>``), to
open the ones that differ. Cases that are refused (``examples/refused/``) are not rendered.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import safeplan

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="also write every copy to this folder")
    parser.add_argument("cases", nargs="*", type=Path, help="case files (default: examples/)")
    args = parser.parse_args(argv)
    cases = args.cases or sorted((ROOT / "examples").glob("*.yaml"))
    renderer = safeplan.Renderer()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in cases:
        done = renderer.render_case(safeplan.load(path))
        if done.problems:
            print(f"refused  {path.stem}: {', '.join(p.code for p in done.problems)}")
            continue
        for name, data in zip(done.names, done.documents, strict=True):
            print(f"{hashlib.sha256(data).hexdigest()}  {path.stem}/{name}")
            if args.out:
                (args.out / f"{path.stem}--{name}").write_bytes(data)


if __name__ == "__main__":
    main()
