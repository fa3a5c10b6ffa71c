"""Load test of ``safeplan serve``: the real server on loopback, bounded requests and time.

For each route (check, render) and each worker count (1, 2) it starts ``safeplan serve`` on a
free port of 127.0.0.1, waits for /v1/health, sends ``--requests`` requests over
``--connections`` keep-alive connections (default: one per worker, so each worker has one
request in flight; more measure queueing) from a small asyncio HTTP/1.1 client (so the client
costs little of the machine's two cores), and stops the server. It reports throughput, p50 and p99
latency, errors (anything but 200, or a broken connection), the server's CPU time per request
(its processes' user and system time over the run: the cost of a request, whatever else the
machine is doing) and its memory: peak RSS of all its processes, and the average RSS of the
first and last fifths of the run (flat memory means the two are close). Every run stops by
itself: at ``--requests`` or ``--seconds``.

    .venv/bin/python benchmarks/bench_serve.py                      # 10,000 requests per run
    .venv/bin/python benchmarks/bench_serve.py --requests 2000 --routes render --workers 2

Needs ``pip install -e '.[server]'``. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import safeplan

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "green-reid-england.yaml"
HOST = "127.0.0.1"
ROUTES = {
    "check": "/v1/check",
    "render": "/v1/render?recipient=sally",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry))
    return out


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the server and its worker processes, in seconds."""
    total = 0
    for p in [pid, *_children(pid)]:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _rss_mib(pids: list[int]) -> float:
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
    return total / 2**20


class Memory(threading.Thread):
    """Samples the RSS of the server and its worker processes every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.samples.append(_rss_mib([self.pid, *_children(self.pid)]))

    def summary(self) -> dict[str, float]:
        s = self.samples or [0.0]
        fifth = max(1, len(s) // 5)
        return {
            "peak_mib": round(max(s), 1),
            "first_fifth_mib": round(statistics.mean(s[:fifth]), 1),
            "last_fifth_mib": round(statistics.mean(s[-fifth:]), 1),
        }


def start_server(workers: int, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safeplan",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-pdf",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/v1/health", timeout=1) as r:
                if r.status == 200:
                    # Let every worker finish starting before the clock runs.
                    time.sleep(1.0 if workers > 1 else 0.2)
                    return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("the server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


async def _client(
    port: int,
    request: bytes,
    budget: list[int],
    deadline: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            started = time.perf_counter()
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            parts = status_line.split()
            if len(parts) < 2 or parts[1] != b"200":
                errors.append(status_line.decode(errors="replace").strip())
    except (OSError, asyncio.IncompleteReadError) as err:
        errors.append(type(err).__name__)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def load(
    port: int, path: str, body: bytes, requests: int, connections: int, seconds: float
) -> dict[str, object]:
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    latencies: list[float] = []
    errors: list[str] = []
    budget = [requests]
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_client(port, request, budget, deadline, latencies, errors) for _ in range(connections))
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 2),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000, help="per run (default 10,000)")
    parser.add_argument("--seconds", type=float, default=180.0, help="at most, per run")
    parser.add_argument("--connections", type=int, default=0, help="default: 1 per worker")
    parser.add_argument("--routes", nargs="+", default=list(ROUTES), choices=list(ROUTES))
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    args = parser.parse_args()
    body = safeplan.dumps(safeplan.load(CASE), "json").encode()
    print(
        f"# safeplan load test: {args.requests} requests a run, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    for route in args.routes:
        for workers in args.workers:
            port = free_port()
            proc = start_server(workers, port)
            memory = Memory(proc.pid)
            memory.start()
            try:
                connections = args.connections or workers
                # A short warm-up, not counted: every worker's caches filled.
                asyncio.run(load(port, ROUTES[route], body, 50 * workers, connections, 30))
                cpu = cpu_seconds(proc.pid)
                result = asyncio.run(
                    load(port, ROUTES[route], body, args.requests, connections, args.seconds)
                )
                used = cpu_seconds(proc.pid) - cpu
                result["server_cpu_ms"] = round(used * 1000 / max(1, int(result["requests"])), 2)
            finally:
                memory.done.set()
                memory.join()
                stop_server(proc)
            row = {"route": route, "workers": workers, "connections": connections, **result}
            row.update(memory.summary())
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(
                    f"{route:6} workers={workers} conns={connections} "
                    f"{row['per_second']:>7}/s p50={row['p50_ms']}ms p99={row['p99_ms']}ms "
                    f"max={row['max_ms']}ms errors={row['errors']} n={row['requests']} "
                    f"cpu={row['server_cpu_ms']}ms/req "
                    f"rss peak={row['peak_mib']}MiB first={row['first_fifth_mib']} "
                    f"last={row['last_fifth_mib']}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
