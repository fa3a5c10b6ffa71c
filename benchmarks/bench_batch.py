"""Batch production end to end: N cases on disk, ``safeplan render --jobs J`` in a subprocess.

Generates the cases (10,000 by default) from ``safeplan.testing.example_data()`` and the bundled
examples, each with its own reference and invented names, into a temporary folder, one file at a
time. Then, for each ``--jobs`` value, runs the real command, timing it and sampling the resident
memory of its whole process tree (the command and its workers) from ``/proc`` every 0.1 s.

Prints throughput (cases/s, documents/s), the speed-up of each run over the first, and peak
memory: the sum of RSS over the tree (counts pages shared by forked workers once per process,
so it overstates) and the sum of PSS (shares them out: the honest figure). Checks that every
run wrote byte-identical files. Not a test: run it by hand::

    .venv/bin/python benchmarks/bench_batch.py [--cases N] [--jobs 1 2] [--keep DIR]

``--dask`` instead compares executors in this process on the same cases (600 by default with
``--cases``): the built-in pool (``safeplan.batch_pool``, one case a task, workers write) against
Dask on a ``distributed.LocalCluster`` of as many single-threaded worker processes, one case a
task and in chunks with the documents returned to this process, which writes them. Each
executor is started once and warmed up; the runs then alternate, ``--rounds`` times, and the
median cases/s of each is printed with the ratio to the pool::

    .venv/bin/python benchmarks/bench_batch.py --dask --cases 600 [--rounds 3]

Targets: speed-up >= 1.8x on 2 cores; peak memory flat and under 300 MB for the whole run; Dask
on one machine within 15% of the built-in pool.
Other work on the machine skews the speed-up: the load average before each run and the CPU time
per case (which parallelism should not change) are printed alongside.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import safeplan
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Ash", "Bo", "Cam", "Dee", "Eli", "Fen", "Gus", "Hal", "Ira", "Jo", "Kit", "Lou"]
LAST = ["Abbot", "Brook", "Croft", "Dale", "Emery", "Frost", "Grove", "Hale", "Irwin", "Jex"]


def _templates() -> list[dict[str, Any]]:
    """The example case and every bundled example that renders today."""
    out = [example_data()]
    renderer = safeplan.Renderer()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            agreement = safeplan.load(path)
            for c in renderer.copies(agreement):
                renderer.render(agreement, c)
        except Exception as err:  # an example the current tree cannot render: left out
            print(f"  (skipping {path.name}: {type(err).__name__})", file=sys.stderr)
            continue
        out.append(safeplan.dump(agreement))
    return out


def generate(folder: Path, n: int) -> None:
    """Write ``n`` case files, one at a time, each with its own reference and names."""
    templates = _templates()
    for i in range(n):
        data = json.loads(json.dumps(templates[i % len(templates)]))
        data["reference"] = f"BENCH-{i:05d}"
        for j, person in enumerate(data.get("people", [])):
            person["name"] = f"{FIRST[(i + j) % len(FIRST)]} {LAST[(i * 7 + j) % len(LAST)]}"
        for j, child in enumerate(data.get("children", [])):
            child["name"] = f"{FIRST[(i + j + 5) % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        (folder / f"case-{i:05d}.json").write_text(json.dumps(data), encoding="utf-8")


# --- memory of a process tree ---------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(ppid, []).append(int(stat.parent.name))
    return tree


def _kb(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory(root: int) -> tuple[int, int]:
    """(RSS, PSS) in kB summed over ``root`` and all its descendants."""
    kids = _children()
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo += kids.get(pid, [])
    rss = sum(_kb(f"/proc/{p}/status", "VmRSS:") for p in seen)
    pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in seen)
    return rss, pss


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[tuple[float, int, int]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        start = time.perf_counter()
        while not self.stop.is_set():
            rss, pss = tree_memory(self.pid)
            if rss:
                self.samples.append((time.perf_counter() - start, rss, pss))
            self.stop.wait(0.1)


# --- a run ----------------------------------------------------------------------------------


def snapshot(work: Path) -> dict[str, str]:
    """An environment running a copy of the package taken now, so every run measures the same
    code even if the working tree changes meanwhile."""
    shutil.copytree(
        Path(safeplan.__file__).parent,
        work / "pkg" / "safeplan",
        ignore=shutil.ignore_patterns("__pycache__"),
        dirs_exist_ok=True,
    )
    return {**os.environ, "PYTHONPATH": str(work / "pkg")}


def run(
    cases: Path, out: Path, jobs: int, env: dict[str, str], chunk_size: int = 1
) -> dict[str, Any]:
    report = out.parent / f"report-{jobs}.json"
    command = [sys.executable, "-m", "safeplan", "render", str(cases), "--out", str(out)]
    command += ["--jobs", str(jobs), "--report", str(report)]
    if chunk_size > 1:
        command += ["--chunk-size", str(chunk_size)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sampler.stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"safeplan render failed ({proc.returncode}): {err.decode()[-2000:]}")
    summary = json.loads(report.read_text("utf-8"))["summary"]
    samples = sampler.samples or [(0.0, 0, 0)]
    early = [s for s in samples if s[0] <= wall * 0.25] or samples
    return {
        "jobs": jobs,
        "load_before": load,
        "wall_s": wall,
        "cases": summary["cases"],
        "ok": summary["rendered"] + summary["up_to_date"],
        "not_ok": summary["refused"] + summary["failed"],
        "documents": summary["documents"],
        "cases_per_s": summary["cases"] / wall,
        "documents_per_s": summary["documents"] / wall,
        "cpu_s": cpu,
        "cpu_ms_per_case": 1000 * cpu / max(1, summary["cases"]),
        "largest_process_rss_mb": after.ru_maxrss / 1024,
        "peak_rss_mb": max(s[1] for s in samples) / 1024,
        "peak_pss_mb": max(s[2] for s in samples) / 1024,
        "early_peak_pss_mb": max(s[2] for s in early) / 1024,
        "final_pss_mb": samples[-1][2] / 1024,
    }


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def executors(cases: Path, work: Path, workers: int, rounds: int) -> None:
    """The built-in pool against Dask on one machine, alternating, in this process."""
    import statistics

    from distributed import Client, LocalCluster

    modes: list[tuple[str, Any, dict[str, Any]]] = []
    pool = safeplan.batch_pool(workers)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = Client(cluster)
    dask = client.get_executor()
    window = {"max_pending": 64 * workers}
    modes = [
        ("built-in pool, 1 case a task", pool, {}),
        ("built-in pool, 8 cases a task", pool, {"chunk_size": 8}),
        ("dask, 1 case a task, workers write", dask, window),
        ("dask, 16 cases a task, returned", dask, {**window, "chunk_size": 16,
                                                   "return_documents": True}),
    ]  # fmt: skip
    found = list(safeplan.find_cases([cases]))
    timings: dict[str, list[float]] = {name: [] for name, _, _ in modes}
    try:
        for _, executor, options in modes:  # warm-up: workers import and build renderers
            out = work / "warm"
            list(safeplan.render_batch(found[:50], out, executor=executor, **options))
            shutil.rmtree(out, ignore_errors=True)
        digests = set()
        for r in range(rounds):
            for name, executor, options in modes[r % len(modes) :] + modes[: r % len(modes)]:
                out = work / "out-executors"
                shutil.rmtree(out, ignore_errors=True)
                t = time.perf_counter()
                results = list(safeplan.render_batch(found, out, executor=executor, **options))
                timings[name].append(len(results) / (time.perf_counter() - t))
                digests.add(digest(out))
                print(f"  round {r + 1}: {name}: {timings[name][-1]:.1f} cases/s", flush=True)
    finally:
        client.close()
        cluster.close()
        pool.shutdown()
    base = statistics.median(timings[modes[0][0]])
    print(
        f"\n{len(found)} cases, {workers} workers, {rounds} rounds, load {os.getloadavg()[0]:.2f}"
    )
    for name, _, _ in modes:
        median = statistics.median(timings[name])
        print(f"{name:<40}{median:>8.1f} cases/s  {median / base:>5.2f}x the pool")
    print(f"identical outputs across executors: {'yes' if len(digests) == 1 else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=None, help="10,000 (600 with --dask)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="Keep the cases and outputs in this folder.")
    parser.add_argument("--dask", action="store_true", help="compare executors in-process")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chunk-size", type=int, default=1, help="cases per task (--jobs > 1)")
    args = parser.parse_args()
    args.cases = args.cases or (600 if args.dask else 10_000)

    work = args.keep or Path(tempfile.mkdtemp(prefix="safeplan-bench-"))
    cases = work / "cases"
    cases.mkdir(parents=True, exist_ok=True)
    env = snapshot(work)
    t = time.perf_counter()
    generate(cases, args.cases)
    print(f"generated {args.cases} cases in {time.perf_counter() - t:.1f} s ({cases})")
    print(f"CPUs: {os.cpu_count()}")
    if args.dask:
        try:
            executors(cases, work, max(args.jobs), args.rounds)
        finally:
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
        return

    results = []
    try:
        for jobs in args.jobs:
            out = work / f"out-{jobs}"
            shutil.rmtree(out, ignore_errors=True)
            r = run(cases, out, jobs, env, args.chunk_size if jobs > 1 else 1)
            r["digest"] = digest(out)
            results.append(r)
            print(
                f"--jobs {jobs}: {r['wall_s']:.1f} s  {r['cases_per_s']:.1f} cases/s  "
                f"{r['documents_per_s']:.1f} documents/s  ({r['ok']} rendered, {r['not_ok']} "
                f"not, {r['documents']} documents)  peak RSS {r['peak_rss_mb']:.0f} MB, "
                f"peak PSS {r['peak_pss_mb']:.0f} MB (first quarter {r['early_peak_pss_mb']:.0f}, "
                f"end {r['final_pss_mb']:.0f})  CPU {r['cpu_ms_per_case']:.0f} ms/case  "
                f"load before {r['load_before']:.2f}",
                flush=True,
            )
        base = results[0]
        for r in results[1:]:
            print(f"speed-up --jobs {r['jobs']} over --jobs {base['jobs']}: "
                  f"{base['wall_s'] / r['wall_s']:.2f}x")  # fmt: skip
        same = len({r["digest"] for r in results}) == 1
        print(f"identical outputs across runs: {'yes' if same else 'NO'}")
        print(json.dumps(results, indent=1))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
