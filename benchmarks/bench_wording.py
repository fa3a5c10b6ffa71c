"""The wording checks' speed: what issue 13's clause reader costs a caller.

Three figures, each the median CPU time of several rounds in one process (the first round
warms up; CPU time, because other work on a shared machine moves the wall clock):

1. ``safeplan check`` on the bundled examples: read, build (every refusal rule) and check (every
   finding), per case, in milliseconds.
2. A case with 200 expectations: the bundled Green/Reid example with 200 more expectations of
   varied wording (from ``tests/data/expectations.yaml``, the ones no rule refuses), built and
   checked. Printed as milliseconds per expectation: the whole build and check divided by 200,
   and the extra cost of the 200 over the example alone.
3. 10 KB of free text: every wording reader (policing, outliving, third parties, vague
   wording) over about 10,000 characters of terms, each term new to the readers (no cache).

Only the public API is used for the first two, so the same script measures an older tree::

    .venv/bin/python benchmarks/bench_wording.py
    git archive cc6ef2f | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base/src .venv/bin/python benchmarks/bench_wording.py   # figure 3 skipped

Targets (issue 13): figure 1 no slower than before; figure 2 at most 0.2 ms per expectation;
figure 3 under 5 ms. Not a test: other work on the machine moves the numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import importlib
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import safeplan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_render import PER_CASE_CACHES  # noqa: E402


def _forget() -> None:
    """Empty the per-case caches (``bench_render.PER_CASE_CACHES``: the wording readers' and
    the cast's), so every round reads its terms as new (a batch of cases rarely repeats a term;
    within one case, the rules and the findings share a reading)."""
    for module, name in PER_CASE_CACHES:
        with contextlib.suppress(ImportError, AttributeError):  # an older tree: not kept there
            getattr(importlib.import_module(f"safeplan.{module}"), name).cache_clear()
    re.purge()  # a case's names make one pattern, which ``re`` would keep (bench_render)


def _median_ms(run: Callable[[], object], rounds: int) -> float:
    """The median CPU time of a round, in milliseconds: the process's own time, which other
    work on a shared machine moves far less than the wall clock."""
    run()
    times = []
    for _ in range(rounds):
        _forget()
        start = time.process_time()
        run()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def _examples() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml"))


def _check_examples(rounds: int) -> float:
    paths = _examples()

    def run() -> None:
        for path in paths:
            safeplan.check(safeplan.load(path))

    return _median_ms(run, rounds) / len(paths)


def _sentences() -> list[dict[str, Any]]:
    raw = yaml.safe_load((ROOT / "tests" / "data" / "expectations.yaml").read_text("utf-8"))
    return [s for s in raw["sentences"] if s["holder"] in ("adult-at-risk", "person-causing-harm")]


def _big_case(n: int) -> tuple[dict[str, Any], dict[str, Any]]:
    base = safeplan.dump(safeplan.load(ROOT / "examples" / "green-reid-england.yaml"))
    who = {"adult-at-risk": "sally", "person-causing-harm": "paul"}
    people = {p["role"]: p["id"] for p in base["people"]}
    who = {role: people.get(role, pid) for role, pid in who.items()}
    usable = []
    for s in _sentences():
        trial = copy.deepcopy(base)
        trial["expectations"].append(
            {
                "who": who[s["holder"]],
                "what": s["text"],
                "checked_by": trial["expectations"][0]["checked_by"],
            }
        )
        if not safeplan.validate(trial):
            usable.append(trial["expectations"][-1])
    big = copy.deepcopy(base)
    for i in range(n):
        big["expectations"].append(copy.deepcopy(usable[i % len(usable)]))
    return base, big


def _per_expectation(rounds: int, n: int = 200) -> tuple[float, float]:
    base, big = _big_case(n)

    def run_big() -> None:
        safeplan.check(safeplan.from_dict(copy.deepcopy(big)))

    def run_base() -> None:
        safeplan.check(safeplan.from_dict(copy.deepcopy(base)))

    whole = _median_ms(run_big, rounds)
    alone = _median_ms(run_base, rounds)
    return whole / n, (whole - alone) / n


def _free_text(rounds: int) -> float | None:
    try:
        from safeplan._wording import Cast, outlives, policing, third_parties, vague_wording
    except ImportError:  # an older tree: no clause reader to time
        return None

    terms = [
        t["text"]
        for name in ("terms_dev.yaml", "terms2_dev.yaml")
        for t in yaml.safe_load((ROOT / "tests" / "data" / name).read_text("utf-8"))["terms"]
    ]
    chosen: list[str] = []
    size = 0
    for text in terms:
        if size >= 10_000:
            break
        chosen.append(text)
        size += len(text)
    cast = Cast.from_roles(
        {
            "Sally": "adult-at-risk",
            "Paul": "person-causing-harm",
            "Mum": "adult-at-risk",
            "Dad": "person-causing-harm",
        }
    )
    from safeplan.profiles import nation_profile

    vague_terms = nation_profile("england").vague_terms

    def run() -> None:
        for text in chosen:
            policing(text, cast, holder="adult-at-risk")
            outlives(text)
            third_parties(text, cast, holder="adult-at-risk")
            vague_wording(text, vague_terms)

    print(f"  ({len(chosen)} terms, {size:,} characters)")
    return _median_ms(run, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    print(f"safeplan from {Path(safeplan.__file__).parent}")
    per_case = _check_examples(args.rounds)
    print(f"1. check on the bundled examples: {per_case:.2f} ms per case")
    whole, extra = _per_expectation(max(3, args.rounds // 3))
    print(
        f"2. a case with 200 expectations: {whole:.3f} ms per expectation "
        f"({extra:.3f} ms each over the example alone)"
    )
    free = _free_text(args.rounds)
    if free is None:
        print("3. 10 KB of free text: (no clause reader in this tree)")
    else:
        print(f"3. 10 KB of free text, every wording reader: {free:.2f} ms")


if __name__ == "__main__":
    main()
