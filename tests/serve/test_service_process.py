"""The real server: ``safeplan serve`` started by the test on a free loopback port, in its own
process with two workers, spoken to over HTTP, and stopped."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pypdf
import pytest

import safeplan

ROOT = Path(__file__).resolve().parents[2]
GREEN = ROOT / "examples" / "green-reid-england.yaml"
TOKEN = "council-" + "0123456789abcdef" * 2

try:
    safeplan.PdfConverter(mode="uno").close()
    HAVE_UNO = True
except safeplan.PdfError:
    HAVE_UNO = False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    def client(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
        )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("serve")
    tokens = folder / "tokens"
    tokens.write_text(TOKEN + "\n", encoding="utf-8")
    log = folder / "server.log"
    port = _free_port()
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "safeplan",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "2",
                "--tokens",
                str(tokens),
            ],
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield Server(proc, url, log)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_the_real_server_renders_and_checks(server: Server) -> None:
    with server.client() as c:
        body = GREEN.read_bytes()
        yaml = {"Content-Type": "application/yaml"}
        rendered = c.post("/v1/render", params={"recipient": "sally"}, content=body, headers=yaml)
        assert rendered.status_code == 200
        assert rendered.content == safeplan.render(safeplan.load(GREEN), "sally")
        checked = c.post("/v1/check", content=body, headers=yaml)
        assert checked.json()["may_issue"] is True
        # Both workers answer: many requests, several processes' ids in the logs.
        for _ in range(40):
            assert c.post("/v1/check", content=body, headers=yaml).status_code == 200
    assert httpx.post(f"{server.url}/v1/check", content=body).status_code == 401


@pytest.mark.skipif(not HAVE_UNO, reason="LibreOffice with python3-uno is needed")
def test_the_real_server_renders_pdf(server: Server) -> None:
    with server.client() as c:
        yaml = {"Content-Type": "application/yaml"}
        pdf = c.post(
            "/v1/render?format=pdf&recipient=leo", content=GREEN.read_bytes(), headers=yaml
        )
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        reader = pypdf.PdfReader(io.BytesIO(pdf.content))
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"
        both = c.post("/v1/render?format=zip&files=both", content=GREEN.read_bytes(), headers=yaml)
        with zipfile.ZipFile(io.BytesIO(both.content)) as z:
            manifest = json.loads(z.read("manifest.json"))
    formats = [f["format"] for f in manifest["files"]]
    assert formats.count("pdf") == formats.count("docx") == 6


def test_the_servers_logs_are_json_lines_without_the_case_or_the_token(server: Server) -> None:
    with server.client() as c:
        c.post(
            "/v1/render?recipient=paul",
            content=GREEN.read_bytes(),
            headers={"Content-Type": "application/yaml"},
        )
    time.sleep(0.3)
    lines = server.log.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # every line is JSON
    requests = [r for r in records if r.get("event") == "request"]
    assert requests and all(len(r["request_id"]) >= 16 for r in requests)
    assert len({r["pid"] for r in requests}) >= 1
    text = "\n".join(lines)
    agreement = safeplan.load(GREEN)
    for value in (
        TOKEN,
        "paul",
        agreement.reference,
        *(p.name for p in agreement.people),
        *(d.value for p in agreement.people for d in p.contact_details),
    ):
        assert value not in text
    # With tokens there is no "unauthenticated" warning.
    assert not any(r.get("event") == "warning" for r in records)


def test_serve_refuses_to_listen_beyond_loopback_without_tokens() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "safeplan", "serve", "--host", "0.0.0.0", "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unauthenticated" in done.stderr and "127.0.0.1" in done.stderr
