"""How a load-validate-render grows with the case: 1, 10, 50 and 200 expectations, and 1, 4 and
12 children, stage by stage.

Each case is ``safeplan.testing.example_data()`` with its expectations (of the person causing
harm: the copy with the most work, since every item is read for safety details) or its children
multiplied, each with its own words. For every size: ``safeplan.loads`` of its JSON then the
copy of ``dad`` (the person causing harm), ``--n`` documents after a warm-up, the per-case text
caches emptied before each (as in ``bench_render.py``: a new case finds its sentences unread),
timed with ``profile_render.py``'s stage timers. Printed: each stage's median milliseconds per
size, then its growth from the middle size to the largest as an exponent (1.0 is linear: the
time grows as the case does; 2.0 would be quadratic). A stage under 0.05 ms at the largest size
is not judged. Not a test::

    .venv/bin/python benchmarks/bench_scale.py [--n 40]

Targets (issue 19): 200 expectations in at most 4 ms; no stage super-linear (exponent <= 1.2).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import safeplan
from safeplan.testing import example_data

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import new_case_clears
from profile_render import STAGES, Timers

EXPECTATIONS = (1, 10, 50, 200)
CHILDREN = (1, 4, 12)
TARGET_MS = 4.0
LINEAR = 1.2
_WHEN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NAMES = ("Ash", "Bo", "Cam", "Dee", "Eli", "Fen", "Gus", "Hal", "Ira", "Jo", "Kit", "Lou")


def with_expectations(n: int) -> dict[str, Any]:
    data = example_data()
    first = data["expectations"][0]
    rest = [e for e in data["expectations"][1:] if e["who"] != first["who"]]
    made = []
    for i in range(n):
        e = dict(first)
        e["what"] = (
            f"Jordan will go to session {i + 1} of the behaviour-change course and stay to the end."
        )
        e["when"] = f"Every {_WHEN[i % 7]} from {1 + i % 28} November 2026"
        made.append(e)
    data["expectations"] = made + rest
    return data


def with_children(k: int) -> dict[str, Any]:
    data = example_data()
    first = data["children"][0]
    for i in range(1, k):
        child = {
            "id": f"child{i}",
            "name": f"{_NAMES[i % len(_NAMES)]} Carter",
            "date_of_birth": f"{2012 + i % 10}-0{1 + i % 9}-1{i % 9}",
            "lives_with": list(first["lives_with"]),
        }
        data["children"].append(child)
    return data


def measure(data: dict[str, Any], n: int, recipient: str = "dad") -> dict[str, float]:
    text = json.dumps(data)
    renderer = safeplan.Renderer()
    clears = new_case_clears()

    def document() -> None:
        for clear in clears:
            clear()
        renderer.render(safeplan.loads(text, "json"), recipient)

    for _ in range(5):
        document()
    TIMERS.document_done()
    TIMERS.per_doc.clear()
    whole = []
    for _ in range(n):
        t0 = time.process_time_ns()
        document()
        whole.append(time.process_time_ns() - t0)
        TIMERS.document_done()
    out = {label: statistics.median(TIMERS.per_doc[label]) / 1e6 for _, label, _, _ in STAGES}
    out["whole document (CPU)"] = statistics.median(whole) / 1e6
    TIMERS.per_doc.clear()
    return out


TIMERS = Timers()


def report(title: str, sizes: tuple[int, ...], rows: list[dict[str, float]]) -> list[str]:
    """Print one curve; return the stages that grew faster than linearly."""
    print(f"\n{title}")
    head = "".join(f"{s:>9}" for s in sizes)
    print(f"{'stage (median ms)':<44}{head}{'exponent':>10}")
    worse = []
    for label in [label for _, label, _, _ in STAGES] + ["whole document (CPU)"]:
        depth = next((d for d, lab, _, _ in STAGES if lab == label), 0)
        values = [row[label] for row in rows]
        mid, big = values[-2], values[-1]
        growth = ""
        if big >= 0.05 and mid > 0:
            exponent = math.log(big / mid) / math.log(sizes[-1] / sizes[-2])
            growth = f"{exponent:.2f}"
            if exponent > LINEAR:
                worse.append(f"{label.strip()} ({exponent:.2f})")
        cells = "".join(f"{v:>9.3f}" for v in values)
        print(f"{'  ' * depth + label:<44}{cells}{growth:>10}")
    return worse


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="documents per size")
    args = parser.parse_args(argv)
    for _, label, owner, attr in STAGES:
        TIMERS.wrap(label, owner, attr)
    by_terms = [measure(with_expectations(n), args.n) for n in EXPECTATIONS]
    by_children = [measure(with_children(k), args.n) for k in CHILDREN]
    worse = report("expectations (1 child)", EXPECTATIONS, by_terms)
    worse += report("children (2 expectations)", CHILDREN, by_children)
    largest = by_terms[-1]["whole document (CPU)"]
    verdict = "ok" if largest <= TARGET_MS else "MISSED"
    print(f"\n200 expectations <= {TARGET_MS:.0f} ms: {largest:.2f} ms CPU {verdict}")
    print(
        f"no stage super-linear (exponent <= {LINEAR}): "
        + ("ok" if not worse else "MISSED: " + ", ".join(worse))
    )
    if TIMERS.missing:
        print(f"stage timers not found in src (skipped): {', '.join(TIMERS.missing)}")


if __name__ == "__main__":
    main()
