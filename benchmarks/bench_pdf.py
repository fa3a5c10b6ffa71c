"""PDF: one long-lived LibreOffice for a batch against one ``soffice`` start per document.

Renders every copy of the example cases to DOCX in memory, then converts ``--n`` of them (the
copies repeated in turn) with one :class:`safeplan.PdfConverter` in ``uno`` mode, started
before the clock runs, and ``--oneshot`` of them with ``soffice --convert-to`` per document
(``mode="oneshot"``). ``--converters N`` also runs N long-lived converters side by side (one
thread each), as a server with N workers would. Reports PDFs per second, p50 and p90 per
document, and the start-up time of the long-lived converter.

    .venv/bin/python benchmarks/bench_pdf.py                   # 100 long-lived, 10 one-shot
    .venv/bin/python benchmarks/bench_pdf.py --n 100 --oneshot 20 --converters 2

Needs LibreOffice (libreoffice-writer-nogui) and python3-uno.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import threading
import time
from pathlib import Path

import safeplan

ROOT = Path(__file__).resolve().parent.parent


def copies() -> list[tuple[str, bytes]]:
    renderer = safeplan.Renderer()
    out = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        agreement = safeplan.load(path)
        for copy in renderer.copies(agreement):
            out.append((f"{path.stem}/{copy.stem}", renderer.render(agreement, copy)))
    return out


def run(converter: safeplan.PdfConverter, docs: list[bytes]) -> list[float]:
    times = []
    for data in docs:
        started = time.perf_counter()
        pdf = converter.convert(data)
        times.append(time.perf_counter() - started)
        assert pdf.startswith(b"%PDF-")
    return times


def report(label: str, times: list[float], elapsed: float) -> None:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    print(
        f"{label:34} n={len(times):4}  {len(times) / elapsed:6.2f} PDFs/s  "
        f"p50={statistics.median(ordered) * 1000:7.1f} ms  p90={p90 * 1000:7.1f} ms",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="documents, long-lived converter")
    parser.add_argument("--oneshot", type=int, default=10, help="documents, one soffice each")
    parser.add_argument("--converters", type=int, default=0, help="also N converters at once")
    args = parser.parse_args()
    pool = copies()
    docs = [data for _, data in itertools.islice(itertools.cycle(pool), args.n)]
    print(
        f"# {len(pool)} distinct copies of {len(list((ROOT / 'examples').glob('*.yaml')))} "
        f"cases; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )

    with safeplan.PdfConverter(mode="uno") as converter:
        started = time.perf_counter()
        run(converter, docs[:1])  # starts LibreOffice: timed apart
        print(f"long-lived converter start + first copy: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        times = run(converter, docs)
        report("long-lived (one soffice, UNO)", times, time.perf_counter() - started)
        print(f"LibreOffice {converter.version}")

    if args.converters > 1:
        converters = [safeplan.PdfConverter(mode="uno") for _ in range(args.converters)]
        try:
            for c in converters:
                run(c, docs[:1])
            share = [docs[i :: args.converters] for i in range(args.converters)]
            results: list[list[float]] = [[] for _ in converters]

            def work(i: int) -> None:
                results[i] = run(converters[i], share[i])

            threads = [threading.Thread(target=work, args=(i,)) for i in range(len(converters))]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            label = f"{args.converters} long-lived converters"
            report(label, [x for r in results for x in r], time.perf_counter() - started)
        finally:
            for c in converters:
                c.close()

    if args.oneshot:
        with safeplan.PdfConverter(mode="oneshot") as oneshot:
            started = time.perf_counter()
            times = run(oneshot, docs[: args.oneshot])
            report("one soffice per document", times, time.perf_counter() - started)


if __name__ == "__main__":
    main()
