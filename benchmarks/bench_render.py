"""safeplan against docxtpl: one adult agreement rendered both ways, interleaved in one process.

Cases, each timed ``--n`` times (default 300), interleaved A/B/C/D with the order rotated every
round, after a warm-up of both sides; ``time.perf_counter_ns``, gc enabled as normal:

- ``safeplan load+render``: what an embedder does per case: ``safeplan.loads(json_text, "json")``
  (parse, strict structuring, every refusal rule) then ``renderer.render(agreement, "paul")``
  (redaction, leak checks, the jinja layout, the WordprocessingML writer, the zip). One
  :class:`safeplan.Renderer` is built before the loop. The JSON text is prepared once from
  ``examples/green-reid-england.yaml``.
- ``safeplan render``: ``renderer.render`` alone, the agreement already loaded.
- ``docxtpl render``: a fresh ``DocxTemplate`` over the template bytes (docxtpl has no supported
  way to reuse a parsed template: ``render`` reloads it anyway), the context built from the
  agreement already redacted for Paul, ``render`` with an autoescaping environment built once,
  ``save`` to a ``BytesIO``. The template is the equivalent of safeplan's adult layout (see
  ``docxtpl_template/agreement_template.py``); at start-up both outputs are read back and their
  text compared paragraph by paragraph.
- ``docxtpl, compile once``: the same, with an environment that keeps compiled templates
  between renders. Plain docxtpl compiles the body's XML again on every render (most of its
  time); this is the best an embedder gets through docxtpl's public API. Shown for information;
  the ratio the issue asks for is against plain ``docxtpl render``.
- ``floor: zip rewrite``: the members of safeplan's output for the same copy, already in memory,
  written again with :mod:`zipfile` (``ZIP_DEFLATED``, default level) into a ``BytesIO``: the
  cost of producing the package with nothing rendered.

``docs/s`` is n divided by the summed time of that case; ``median`` and ``p90`` are per document.
The ratio is safeplan's full load+render throughput over docxtpl's render throughput.

``--memory`` adds the resident set size (``/proc/self/statm``) growth over 10,000 safeplan
load+render runs (``--memory-renders``), measured after a warm-up of 300 and a ``gc.collect()``
at both ends. It is off by default only because at 15 ms a render it alone takes minutes.

The last line printed is ``ratio_vs_docxtpl: X``. Run::

    .venv/bin/python benchmarks/bench_render.py [--n 300] [--memory]
"""

from __future__ import annotations

import argparse
import difflib
import gc
import io
import os
import platform
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import docx
import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

import safeplan
from safeplan import Copy
from safeplan._case.kinds import CopyKind
from safeplan._copies import redact  # the docxtpl side renders the same redacted view

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docxtpl_template.agreement_template import (
    build_template,
    context,
    jinja_env,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"

TARGET_RATIO = 20.0
FLOOR_RATIO = 10.0
TARGET_MEDIAN_MS = 5.0
TARGET_RSS_MB = 5.0


# --------------------------------------------------------------------------------------------
# The cases
# --------------------------------------------------------------------------------------------


class Cases:
    """Everything prepared once; each attribute named ``run_*`` renders one document."""

    def __init__(self, example: Path, recipient: str) -> None:
        self.recipient = recipient
        self.agreement = safeplan.load(example)
        self.json_text = safeplan.dumps(self.agreement, "json")
        self.renderer = safeplan.Renderer()
        # docxtpl: the template bytes, one environment, and the view Paul may see.
        self.template = build_template()
        self.env = jinja_env()
        self.env_compile_once = jinja_env(compile_once=True)
        self.view = redact(self.agreement, Copy(kind=CopyKind.ADULT, recipient=recipient))
        self.profile = self.renderer.profile(self.agreement)
        # The floor: the members of safeplan's own output for this copy.
        with zipfile.ZipFile(io.BytesIO(self.run_safeplan_render())) as zf:
            self.members = [(info, zf.read(info)) for info in zf.infolist()]

    def run_safeplan_full(self) -> bytes:
        agreement = safeplan.loads(self.json_text, "json")
        return self.renderer.render(agreement, self.recipient)

    def run_safeplan_render(self) -> bytes:
        return self.renderer.render(self.agreement, self.recipient)

    def run_docxtpl(self) -> bytes:
        return self._docxtpl(self.env)

    def run_docxtpl_compile_once(self) -> bytes:
        return self._docxtpl(self.env_compile_once)

    def _docxtpl(self, env: jinja2.Environment) -> bytes:
        tpl = DocxTemplate(io.BytesIO(self.template))
        tpl.render(context(self.view, self.recipient, self.profile), env)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    def run_floor(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in self.members:
                zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()


def visible_text(data: bytes) -> list[str]:
    """Every non-empty paragraph's text in document order (tables included), whitespace
    collapsed, then the header's and footer's paragraphs."""
    doc = docx.Document(io.BytesIO(data))
    lines = [
        " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).split())
        for p in doc.element.body.iter(qn("w:p"))
    ]
    section = doc.sections[0]
    lines += ["header: " + p.text for p in section.header.paragraphs]
    lines += ["footer: " + p.text for p in section.footer.paragraphs]
    return [line for line in lines if line]


def check_equivalent(cases: Cases) -> str:
    ours = visible_text(cases.run_safeplan_render())
    for run in (cases.run_docxtpl, cases.run_docxtpl_compile_once, cases.run_docxtpl):
        theirs = visible_text(run())
        if ours != theirs:
            diff = difflib.unified_diff(ours, theirs, lineterm="", n=0)
            changed = [d for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---")]
            return f"WARNING: {run.__name__} differs in {len(changed)} lines: {changed[:2]}"
    return f"same text in every output ({len(ours)} paragraphs incl. header and footer)"


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def interleaved(
    runs: list[tuple[str, Callable[[], bytes]]], n: int, warmup: int
) -> dict[str, list[int]]:
    for _, fn in runs:
        for _ in range(warmup):
            fn()
    times: dict[str, list[int]] = {name: [] for name, _ in runs}
    clock = time.perf_counter_ns
    for i in range(n):
        k = i % len(runs)
        for name, fn in runs[k:] + runs[:k]:
            t0 = clock()
            fn()
            times[name].append(clock() - t0)
    return times


class Stat:
    def __init__(self, ns: list[int]) -> None:
        self.docs_per_s = len(ns) * 1e9 / sum(ns)
        self.median_ms = statistics.median(ns) / 1e6
        self.p90_ms = statistics.quantiles(ns, n=10)[8] / 1e6


# --------------------------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------------------------


def rss_bytes() -> int:
    """Current resident set size (not the peak that ru_maxrss gives)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rss_growth(fn: Callable[[], bytes], renders: int, warmup: int = 300) -> tuple[float, float]:
    """RSS growth in MiB over ``renders`` calls after ``warmup``, and the highest reading."""
    for _ in range(warmup):
        fn()
    gc.collect()
    start = high = rss_bytes()
    for i in range(1, renders + 1):
        fn()
        if i % 1000 == 0:
            high = max(high, rss_bytes())
    gc.collect()
    end = rss_bytes()
    return (end - start) / 2**20, (max(high, end) - start) / 2**20


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="timed documents per case")
    parser.add_argument("--warmup", type=int, default=20, help="untimed documents per case")
    parser.add_argument("--memory", action="store_true", help="measure RSS growth as well")
    parser.add_argument("--memory-renders", type=int, default=10_000)
    parser.add_argument("--example", type=Path, default=EXAMPLE)
    parser.add_argument("--recipient", default="paul")
    args = parser.parse_args(argv)

    cases = Cases(args.example, args.recipient)
    print(
        f"safeplan render benchmark: {args.example.name}, adult copy for {args.recipient!r}; "
        f"Python {platform.python_version()}, docxtpl {metadata.version('docxtpl')}, "
        f"{os.cpu_count()} CPUs"
    )
    print(f"equivalence: {check_equivalent(cases)}")
    print(f"sizes: safeplan {len(cases.run_safeplan_render())} bytes, "
          f"docxtpl {len(cases.run_docxtpl())} bytes")  # fmt: skip

    runs = [
        ("safeplan load+render", cases.run_safeplan_full),
        ("docxtpl render", cases.run_docxtpl),
        ("docxtpl, compile once", cases.run_docxtpl_compile_once),
        ("safeplan render", cases.run_safeplan_render),
        ("floor: zip rewrite", cases.run_floor),
    ]
    started = time.perf_counter()
    stats = {name: Stat(ns) for name, ns in interleaved(runs, args.n, args.warmup).items()}
    elapsed = time.perf_counter() - started
    docxtpl = stats["docxtpl render"]

    print(f"\n{args.n} documents per case, interleaved ({elapsed:.0f} s)\n")
    print(f"{'case':<24}{'docs/s':>9}{'median ms':>11}{'p90 ms':>9}{'vs docxtpl':>12}")
    for name, _ in runs:
        s = stats[name]
        ratio = s.docs_per_s / docxtpl.docs_per_s
        print(f"{name:<24}{s.docs_per_s:>9.1f}{s.median_ms:>11.2f}{s.p90_ms:>9.2f}{ratio:>11.1f}x")

    full = stats["safeplan load+render"]
    ratio = full.docs_per_s / docxtpl.docs_per_s
    print("\ntargets")
    print(
        f"  throughput vs docxtpl >= {TARGET_RATIO:.0f}x (never < {FLOOR_RATIO:.0f}x): "
        f"{ratio:.1f}x {verdict(ratio >= TARGET_RATIO)}"
    )
    print(
        f"  median load+render <= {TARGET_MEDIAN_MS:.0f} ms: {full.median_ms:.2f} ms "
        f"{verdict(full.median_ms <= TARGET_MEDIAN_MS)}"
    )
    if args.memory:
        growth, high = rss_growth(cases.run_safeplan_full, args.memory_renders)
        print(
            f"  RSS growth over {args.memory_renders} load+renders <= {TARGET_RSS_MB:.0f} MB: "
            f"{growth:.2f} MiB (highest {high:.2f} MiB) {verdict(growth <= TARGET_RSS_MB)}"
        )
    else:
        print(f"  RSS growth <= {TARGET_RSS_MB:.0f} MB: not measured (add --memory)")
    print(f"ratio_vs_docxtpl: {ratio:.1f}")


if __name__ == "__main__":
    main()
