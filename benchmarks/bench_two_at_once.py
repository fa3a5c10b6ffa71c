"""What one document costs when both of the machine's CPUs are busy: the --jobs 2 ceiling.

Runs the full path of ``bench_render.py`` (load, validate, render Paul's copy, per-case caches
emptied) 200 times and prints the median CPU time per document; with ``--pair`` it starts two
such processes at once and prints each one's median. If the two CPUs were independent, both
medians would match the lone one; the ratio of (2 x lone) to (the pair's median) is the most
``--jobs 2`` can gain over ``--jobs 1`` on this machine, whatever safeplan does::

    .venv/bin/python benchmarks/bench_two_at_once.py --pair
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import safeplan

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import EXAMPLE, new_case_clears


def median_cpu_ms(n: int) -> float:
    text = safeplan.dumps(safeplan.load(EXAMPLE), "json")
    renderer = safeplan.Renderer()
    clears = new_case_clears()
    times = []
    for i in range(n + 20):
        for clear in clears:
            clear()
        t0 = time.process_time_ns()
        renderer.render(safeplan.loads(text, "json"), "paul")
        if i >= 20:
            times.append(time.process_time_ns() - t0)
    return statistics.median(times) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--pair", action="store_true", help="also two processes at once")
    args = parser.parse_args()
    alone = median_cpu_ms(args.n)
    print(f"alone: {alone:.2f} ms CPU a document")
    if not args.pair:
        return
    command = [sys.executable, __file__, "--n", str(args.n)]
    pair = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    each = [float(p.communicate()[0].split()[1]) for p in pair]
    print(f"two at once: {each[0]:.2f} and {each[1]:.2f} ms CPU a document")
    print(f"the most --jobs 2 can gain here: {2 * alone / statistics.mean(each):.2f}x")


if __name__ == "__main__":
    main()
