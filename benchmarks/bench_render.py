"""safeplan against docxtpl and the true floor: one adult agreement, interleaved in one process.

Cases, each timed ``--n`` times (default 300) after a warm-up, ``time.perf_counter_ns`` (wall)
and ``time.process_time_ns`` (CPU) around every document, gc enabled as normal:

- ``safeplan load+render``: what an embedder does per case: ``safeplan.loads(json_text, "json")``
  (parse, strict structuring, every refusal rule) then ``renderer.render(agreement, "paul")``
  (redaction, leak checks, the jinja layout, the WordprocessingML writer, the zip). One
  :class:`safeplan.Renderer` is built before the loop. The JSON text is prepared once from
  ``examples/green-reid-england.yaml``. The issue's targets apply to this row.
  Every document is loaded as a new case would be: the wording room's caches keyed by a
  case's text or its cast (:data:`PER_CASE_CACHES`) and ``re``'s cache of compiled patterns
  (the names of the case's cast make one) are emptied before it, since rendering the
  same case 300 times would otherwise find its sentences already read (a batch of different
  cases never does).
- ``safeplan load+render, same case``: the same with those caches kept (the same case again:
  a resubmitted draft, a benchmark that does not clear them).
- ``safeplan render``: ``renderer.render`` alone, the agreement already loaded.
- ``docxtpl render``: a fresh ``DocxTemplate`` over the template bytes (docxtpl has no supported
  way to reuse a parsed template: ``render`` reloads it anyway), the context built from the
  agreement already redacted for Paul (support contacts chosen by the reader's role, helplines,
  meetings, signatories as safeplan's context chooses them), ``render`` with an autoescaping
  environment built once, ``save`` to a ``BytesIO``. The template is the equivalent of
  safeplan's adult layout (see ``docxtpl_template/agreement_template.py``).
- ``docxtpl, compile once``: the same, with an environment that keeps compiled templates
  between renders. Plain docxtpl compiles the body's XML again on every render (most of its
  time); this is the best an embedder gets through docxtpl's public API. Shown for information;
  the ratio the issue asks for is against plain ``docxtpl render``.
- ``true floor``: the package written from safeplan's own members for the same copy, nothing
  rendered: the members that are the same in every copy of the case (styles, settings, theme,
  fonts ...) deflated once before the loop, the per-document ones (the body, the header and
  footer, the core properties, numbering ...) deflated at level 1 with safeplan's own zip
  writer, as safeplan does.

Before any timing both sides' outputs are read back and their text compared paragraph by
paragraph (tables, header and footer included) for every adult copy of the case; any
difference prints the lines and the run exits with status 1: a speed ratio between documents
that say different things means nothing.

Two interleavings, both reported: **alternating** (one document of each case in turn, the
starting case rotated every round: each document runs after the other cases have cooled the
caches) and **blocks of 4** (four documents of a case in a row, the order rotated: warm caches).
For each: docs/s is n over the summed wall time; wall and CPU medians and the wall p90 are per
document; the ratios are of CPU medians (the machine is shared: CPU time is what another
session's load disturbs least).

``--memory`` adds the resident set size (``/proc/self/statm``) growth over 10,000 safeplan
load+render runs (``--memory-renders``), measured after a warm-up of 300 and a ``gc.collect()``
at both ends.

The last line printed is ``ratio_vs_docxtpl: X`` (alternating, CPU medians). Run::

    .venv/bin/python benchmarks/bench_render.py [--n 300] [--memory]
"""

from __future__ import annotations

import argparse
import difflib
import gc
import importlib
import io
import os
import platform
import re
import statistics
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

import docx
import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

import safeplan
from safeplan import Copy
from safeplan._case.kinds import CopyKind
from safeplan._copies import audience_of, redact  # docxtpl renders the same redacted view
from safeplan._docx.package import BEST, FAST, Entry, zip_entry, zip_package

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docxtpl_template.agreement_template import (
    build_template,
    context,
    jinja_env,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"

# Caches that hold what one case's text or cast gave (module under safeplan, function): a new
# case finds them without its sentences. A name missing here fails the run (renamed: update).
PER_CASE_CACHES = (
    ("_wording.policing", "_policing"),
    ("_wording.reading", "_read"),
    ("_wording.safety_text", "_cast_index"),
    ("_wording.words", "_names_of"),
    ("_wording.judge", "_agents"),
    ("_wording.thirdparty", "_adults_in"),
    ("_wording.lexicon", "near_miss"),
    ("_wording.duration", "_outlives"),
)


def new_case_clears() -> list[Callable[[], None]]:
    """What to call before each document so that it pays for its case as a new case would:
    every cache in :data:`PER_CASE_CACHES`, and ``re.purge()``. The second matters: a case's
    cast becomes one pattern of all its names (``_wording.words._names_of``, about 1.7 ms to
    compile for the example), and ``re`` keeps compiled patterns by their text, so the same
    case rendered again finds its names' pattern already compiled where a new case never does.
    Patterns compiled at import are held by their modules and are not affected."""
    clears: list[Callable[[], None]] = [
        getattr(importlib.import_module(f"safeplan.{module}"), name).cache_clear
        for module, name in PER_CASE_CACHES
    ]
    return [*clears, re.purge]


TARGET_RATIO = 25.0  # full path over plain docxtpl, alternating, CPU medians (issue 19)
TARGET_FLOOR = 5.0  # full path at most 5x the true floor
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
        self.clear_caches = new_case_clears()
        # docxtpl: the template bytes, one environment, and the view Paul may see.
        self.template = build_template()
        self.env = jinja_env()
        self.env_compile_once = jinja_env(compile_once=True)
        copy = Copy(kind=CopyKind.ADULT, recipient=recipient)
        audience = audience_of(self.agreement)
        self.view = redact(self.agreement, copy, audience)
        self.parts_withheld = audience.says_parts_withheld(copy)
        self.profile = self.renderer.profile(self.agreement)
        # The true floor: safeplan's own members for this copy. A member that is the same in
        # every copy of the case is static (deflated once, here); the rest are per document.
        copies = [c.recipient for c in self.renderer.copies(self.agreement)]
        outputs = [_members(self.renderer.render(self.agreement, r)) for r in copies]
        mine = _members(self.run_safeplan_render())
        self.static_names = sorted(
            name for name, data in mine if all(dict(o).get(name) == data for o in outputs)
        )
        self.floor_parts: list[Entry | tuple[str, bytes]] = [
            zip_entry(name, data, level=BEST) if name in self.static_names else (name, data)
            for name, data in mine
        ]

    def run_safeplan_full(self) -> bytes:
        for clear in self.clear_caches:
            clear()
        return self.run_safeplan_same_case()

    def run_safeplan_same_case(self) -> bytes:
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
        ctx = context(self.view, self.recipient, self.profile, parts_withheld=self.parts_withheld)
        tpl.render(ctx, env)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    def run_floor(self) -> bytes:
        return zip_package(
            part if isinstance(part, Entry) else zip_entry(part[0], part[1], level=FAST)
            for part in self.floor_parts
        )


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


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


def text_differences(example: Path) -> Iterator[str]:
    """Every line where docxtpl's output and safeplan's differ, for each adult copy of the
    case and each docxtpl variant (nothing when they print the same text)."""
    agreement = safeplan.load(example)
    renderer = safeplan.Renderer()
    for chosen in renderer.copies(agreement):
        if chosen.kind is not CopyKind.ADULT:
            continue
        cases = Cases(example, chosen.recipient)
        ours = visible_text(cases.run_safeplan_render())
        for run in (cases.run_docxtpl, cases.run_docxtpl_compile_once):
            theirs = visible_text(run())
            for d in difflib.unified_diff(ours, theirs, lineterm="", n=0):
                if d[:1] in "+-" and d[:3] not in ("+++", "---"):
                    yield f"{chosen.recipient}, {run.__name__}: {d}"


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


Times = dict[str, tuple[list[int], list[int]]]  # case: (wall ns, CPU ns) per document


def interleaved(
    runs: list[tuple[str, Callable[[], bytes]]], n: int, warmup: int, block: int = 1
) -> Times:
    """Each case ``n`` times, ``block`` documents of a case in a row, the starting case rotated
    every round; every document timed on its own (wall and process CPU)."""
    for _, fn in runs:
        for _ in range(warmup):
            fn()
    times: Times = {name: ([], []) for name, _ in runs}
    wall, cpu = time.perf_counter_ns, time.process_time_ns
    for i in range(-(-n // block)):
        k = i % len(runs)
        for name, fn in runs[k:] + runs[:k]:
            walls, cpus = times[name]
            for _ in range(min(block, n - i * block)):
                w0, c0 = wall(), cpu()
                fn()
                c1, w1 = cpu(), wall()
                walls.append(w1 - w0)
                cpus.append(c1 - c0)
    return times


class Stat:
    def __init__(self, walls: list[int], cpus: list[int]) -> None:
        self.docs_per_s = len(walls) * 1e9 / sum(walls)
        self.median_ms = statistics.median(walls) / 1e6
        self.p90_ms = statistics.quantiles(walls, n=10)[8] / 1e6
        self.cpu_ms = statistics.median(cpus) / 1e6


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
    differences = list(text_differences(args.example))
    if differences:
        print(f"FAILED: docxtpl and safeplan print different text ({len(differences)} lines):")
        for line in differences[:40]:
            print(f"  {line}")
        sys.exit(1)
    lines = len(visible_text(cases.run_safeplan_render()))
    print(f"equivalence: same text in every adult copy ({lines} paragraphs for {args.recipient})")
    sizes = [len(run()) for run in (cases.run_safeplan_render, cases.run_docxtpl, cases.run_floor)]
    print("sizes: safeplan {} bytes, docxtpl {} bytes, floor {} bytes".format(*sizes))
    print(f"static members (deflated once in the floor): {', '.join(cases.static_names)}")

    runs = [
        ("safeplan load+render", cases.run_safeplan_full),
        ("  ... same case again", cases.run_safeplan_same_case),
        ("docxtpl render", cases.run_docxtpl),
        ("docxtpl, compile once", cases.run_docxtpl_compile_once),
        ("safeplan render", cases.run_safeplan_render),
        ("true floor", cases.run_floor),
    ]
    results: dict[str, dict[str, Stat]] = {}
    for mode, block in (("alternating", 1), ("blocks of 4", 4)):
        started = time.perf_counter()
        times = interleaved(runs, args.n, args.warmup, block)
        elapsed = time.perf_counter() - started
        stats = results[mode] = {name: Stat(*t) for name, t in times.items()}
        docxtpl, floor = stats["docxtpl render"], stats["true floor"]
        print(f"\n{mode}: {args.n} documents per case ({elapsed:.0f} s)\n")
        print(
            f"{'case':<24}{'docs/s':>9}{'wall ms':>9}{'p90 ms':>9}{'CPU ms':>9}"
            f"{'vs docxtpl':>12}{'vs floor':>10}"
        )
        for name, _ in runs:
            st = stats[name]
            print(
                f"{name:<24}{st.docs_per_s:>9.1f}{st.median_ms:>9.2f}{st.p90_ms:>9.2f}"
                f"{st.cpu_ms:>9.3f}{docxtpl.cpu_ms / st.cpu_ms:>11.1f}x"
                f"{st.cpu_ms / floor.cpu_ms:>9.1f}x"
            )

    print("\ntargets (CPU medians)")
    for mode, stats in results.items():
        full, docxtpl, floor = (
            stats["safeplan load+render"],
            stats["docxtpl render"],
            stats["true floor"],
        )
        ratio = docxtpl.cpu_ms / full.cpu_ms
        over_floor = full.cpu_ms / floor.cpu_ms
        print(
            f"  {mode}: full path vs docxtpl >= {TARGET_RATIO:.0f}x: {ratio:.1f}x "
            f"{verdict(ratio >= TARGET_RATIO)}; vs the true floor <= {TARGET_FLOOR:.0f}x: "
            f"{over_floor:.1f}x {verdict(over_floor <= TARGET_FLOOR)}"
        )
    full = results["alternating"]["safeplan load+render"]
    print(
        f"  median load+render <= {TARGET_MEDIAN_MS:.0f} ms: {full.median_ms:.2f} ms wall, "
        f"{full.cpu_ms:.2f} ms CPU {verdict(full.cpu_ms <= TARGET_MEDIAN_MS)}"
    )
    if args.memory:
        growth, high = rss_growth(cases.run_safeplan_full, args.memory_renders)
        print(
            f"  RSS growth over {args.memory_renders} load+renders <= {TARGET_RSS_MB:.0f} MB: "
            f"{growth:.2f} MiB (highest {high:.2f} MiB) {verdict(growth <= TARGET_RSS_MB)}"
        )
    else:
        print(f"  RSS growth <= {TARGET_RSS_MB:.0f} MB: not measured (add --memory)")
    alternating = results["alternating"]
    ratio = alternating["docxtpl render"].cpu_ms / alternating["safeplan load+render"].cpu_ms
    print(f"ratio_vs_docxtpl: {ratio:.1f}")


if __name__ == "__main__":
    main()
