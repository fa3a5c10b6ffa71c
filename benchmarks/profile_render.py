"""Where safeplan's time goes in a load-validate-render, stage by stage.

The real calls are run (``safeplan.loads(json_text, "json")`` then ``renderer.render(agreement,
"paul")``, ``--n`` times, default 300) with a timer wrapped around each stage function inside
safeplan: JSON parsing, cattrs structuring (with the refusal rules the model runs on
construction), redaction, the leak checks, the jinja layout, the writer and its zip. A timer costs
well under a microsecond a call, unlike cProfile, which inflates the many small calls; wrapping
by name also survives changes to the stages' signatures. A name that has gone from ``src/`` is
reported and skipped.

Every figure is CPU time (``time.process_time_ns``: the machine is shared, and wall time under
another session's load inflates every stage). For each stage: the median milliseconds per
document, its share of the median document, and the calls per document. Indented stages run
inside the stage above them (the refusal rules run inside structuring). ``--cprofile`` adds the
top functions by own time. Each document empties the per-case caches first
(``bench_render.new_case_clears``: a new case finds its sentences unread and its names'
pattern not yet compiled); ``--same-case`` keeps them.

    .venv/bin/python benchmarks/profile_render.py [--n 300] [--cprofile]
"""

from __future__ import annotations

import argparse
import cProfile
import html
import importlib
import io
import pstats
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

import safeplan
from safeplan import _render
from safeplan._case import io as _io
from safeplan._case import model as _model
from safeplan._copies import audience as _audience
from safeplan._copies import leaks as _leaks
from safeplan._docx import document as _document
from safeplan._layout import environment as _environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import new_case_clears

# The module, not the function the copies room's front door names "redact".
_redact = importlib.import_module("safeplan._copies.redact")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "green-reid-england.yaml"

# (depth, label, owner, attribute): depth 0 stages add up to the document; deeper ones run inside.
STAGES: list[tuple[int, str, Any, str]] = [
    (0, "json parse", _io, "_parse"),
    (0, "structuring + refusal rules (from_dict)", _io, "from_dict"),
    (1, "refusal rules (all constructions)", _model, "refusals"),
    (0, "choose the copy", safeplan.Renderer, "_choose"),
    (0, "profile lookup", safeplan.Renderer, "profile"),
    (0, "the case's audience (once per case)", _render, "audience_of"),
    (1, "safety-detail detector", _audience, "safety_details"),
    (0, "redact (the view for the copy)", _render, "redact"),
    (0, "layout context", _render, "agreement_context"),
    (0, "jinja layout (sandboxed, i18n)", safeplan.Renderer, "_markup"),
    (1, "babel date formatting", _environment, "long_date"),
    (0, "document info", _render, "_info"),
    (0, "html.unescape of the markup", html, "unescape"),
    (0, "leak_check: everything printed", _render, "leak_check"),
    (1, "build the copy's matcher", _redact, "matcher_for"),
    (1, "fold (invisibles, NFKC, case)", _leaks, "fold"),
    (0, "writer: render_docx", _render, "render_docx"),
    (1, "parse markup (ElementTree)", ET, "fromstring"),
    (1, "zip entries (deflate, level 1)", _document, "zip_entry"),
    (1, "zip assembly", _document, "zip_package"),
]


class Timers:
    def __init__(self) -> None:
        self.now: dict[str, int] = defaultdict(int)
        self.calls: dict[str, int] = defaultdict(int)
        self.per_doc: dict[str, list[int]] = defaultdict(list)
        self.missing: list[str] = []

    def wrap(self, label: str, owner: Any, attr: str) -> None:
        fn = getattr(owner, attr, None)
        if fn is None:
            self.missing.append(f"{getattr(owner, '__name__', owner)}.{attr}")
            return
        clock, now, calls = time.process_time_ns, self.now, self.calls

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                now[label] += clock() - t0
                calls[label] += 1

        setattr(owner, attr, timed)

    def document_done(self) -> None:
        for _, label, _, _ in STAGES:
            self.per_doc[label].append(self.now.get(label, 0))
        self.now.clear()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--recipient", default="paul")
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--same-case", action="store_true", help="keep the per-case caches")
    args = parser.parse_args(argv)

    text = safeplan.dumps(safeplan.load(EXAMPLE), "json")
    renderer = safeplan.Renderer()

    clears = [] if args.same_case else new_case_clears()

    def document() -> bytes:
        for clear in clears:
            clear()
        return renderer.render(safeplan.loads(text, "json"), args.recipient)

    # The whole document, unwrapped, for comparison.
    for _ in range(30):
        document()
    clock = time.process_time_ns
    plain = []
    for _ in range(args.n):
        t0 = clock()
        document()
        plain.append(clock() - t0)

    timers = Timers()
    for _, label, owner, attr in STAGES:
        timers.wrap(label, owner, attr)
    for _ in range(30):
        document()
    timers.document_done()
    timers.per_doc.clear()
    timers.calls.clear()
    whole = []
    for _ in range(args.n):
        t0 = clock()
        document()
        whole.append(clock() - t0)
        timers.document_done()

    total = statistics.median(whole) / 1e6
    print(f"load-validate-render of {EXAMPLE.name} for {args.recipient!r}, n={args.n}\n")
    print(f"{'stage':<46}{'median ms':>10}{'share':>7}{'calls':>7}")
    top = 0.0
    for depth, label, _, _ in STAGES:
        ms = statistics.median(timers.per_doc[label]) / 1e6
        top += ms if depth == 0 else 0.0
        calls = timers.calls[label] / args.n
        name = "  " * depth + label
        print(f"{name:<46}{ms:>10.3f}{ms / total:>7.0%}{calls:>7.0f}")
    print(f"{'other (not in a stage above)':<46}{total - top:>10.3f}{(total - top) / total:>7.0%}")
    print(f"{'whole document, timers on':<46}{total:>10.3f}")
    print(f"{'whole document, timers off':<46}{statistics.median(plain) / 1e6:>10.3f}")
    if timers.missing:
        print(f"\nnot found in src (skipped): {', '.join(timers.missing)}")

    if args.cprofile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.n):
            document()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
