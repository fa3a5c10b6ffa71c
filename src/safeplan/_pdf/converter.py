"""DOCX to tagged, accessible PDF through LibreOffice, with one long-lived converter per batch.

::

    PdfConverter ──JSON lines──▶ uno_worker.py (a Python with UNO) ──UNO, named pipe──▶ soffice
                 ◀──{"ok": true}──                                                  (one, kept)

Starting LibreOffice costs seconds; converting a three-page copy with it running costs a
fraction of one. A :class:`PdfConverter` starts ``soffice --headless --invisible`` once (at its
first conversion), keeps it for every document after, restarts it if it dies, and stops it on
:meth:`~PdfConverter.close` (or leaving its ``with`` block). It needs a Python that can import
LibreOffice's ``uno`` module: Debian's ``python3-uno`` for /usr/bin/python3, or the Python that
ships inside LibreOffice on Windows and macOS; ``SAFEPLAN_UNO_PYTHON`` names another. Without
one it falls back to one ``soffice --convert-to`` per document (``mode="oneshot"``): correct,
but many times slower.

Every PDF is tagged (a structure tree, the document's language, alt text on pictures, the title
from the DOCX's properties shown as the window title). A PDF is returned only when LibreOffice
finished it; files are written atomically, so a failed or killed conversion leaves no
half-written PDF. When LibreOffice is missing, :class:`~safeplan.PdfError` names the program
and how to install it.

Imports: _output, _errors.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, TypeAlias

from .._errors import PdfError
from .._output import write_atomic

__all__ = ["ConverterMode", "PdfConverter", "docx_to_pdf", "find_soffice"]

ConverterMode: TypeAlias = Literal["auto", "uno", "oneshot"]

_WORKER = Path(__file__).with_name("uno_worker.py")
_INSTALL = (
    "Install LibreOffice (Debian and Ubuntu: apt-get install libreoffice-writer-nogui "
    "python3-uno) or name the program with soffice= or SAFEPLAN_SOFFICE."
)
# The same export settings as the worker's, for soffice --convert-to (LibreOffice >= 7.4).
_ONESHOT_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}'
)


def find_soffice(soffice: str | os.PathLike[str] | None = None) -> Path:
    """The LibreOffice program to run: ``soffice`` if given, else ``SAFEPLAN_SOFFICE``, else
    ``soffice`` or ``libreoffice`` on the PATH, else the usual install places.

    Raises:
        PdfError: No LibreOffice was found; the message says how to install it.
    """
    named = soffice if soffice is not None else os.environ.get("SAFEPLAN_SOFFICE")
    if named:
        found = shutil.which(str(named))
        if found is None:
            raise PdfError(f"LibreOffice was not found: {named!s} is not a program. {_INSTALL}")
        return Path(found)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    for place in (
        "/usr/lib/libreoffice/program/soffice",
        "/opt/libreoffice/program/soffice",
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        r"C:\Program Files\LibreOffice\program\soffice.exe",
    ):
        if Path(place).is_file():
            return Path(place)
    raise PdfError(f"LibreOffice (the soffice program) was not found on this computer. {_INSTALL}")


@functools.lru_cache(maxsize=8)
def _uno_python(soffice: Path) -> str | None:
    """A Python that can import LibreOffice's ``uno`` module, or None."""
    named = os.environ.get("SAFEPLAN_UNO_PYTHON")
    real = soffice.resolve()
    candidates = [named] if named else []
    candidates += [
        str(real.parent / "python"),  # LibreOffice's own (Windows, macOS, the upstream build)
        str(real.parent / "python.exe"),
        "/usr/bin/python3",  # Debian's python3-uno
        sys.executable,
    ]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            done = subprocess.run(
                [candidate, "-c", "import uno"],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return candidate
    return None


class PdfConverter:
    """Converts DOCX to tagged PDF with one LibreOffice kept running. Thread-safe: conversions
    through one converter run one at a time; use several converters for parallel work.

    Use it as a context manager, or call :meth:`close`, so LibreOffice is stopped::

        with safeplan.PdfConverter() as pdf:
            for copy in renderer.copies(agreement):
                pdf.convert_file(docx_path, pdf_path)

    Args:
        soffice: The LibreOffice program (default: found as :func:`find_soffice` says).
        mode: ``uno`` keeps one LibreOffice running (needs a Python with ``uno``); ``oneshot``
            starts one per document; ``auto`` (the default) uses ``uno`` when it can.
        timeout: Seconds one conversion may take before LibreOffice is stopped (and started
            again for the next document) and :class:`~safeplan.PdfError` is raised.
        start_timeout: Seconds LibreOffice may take to start.

    Raises:
        PdfError: LibreOffice is missing (at construction), or, in ``uno`` mode, no Python
            with LibreOffice's ``uno`` module was found.
    """

    def __init__(
        self,
        *,
        soffice: str | os.PathLike[str] | None = None,
        mode: ConverterMode = "auto",
        timeout: float = 60.0,
        start_timeout: float = 60.0,
    ) -> None:
        self.soffice = find_soffice(soffice)
        python = _uno_python(self.soffice) if mode != "oneshot" else None
        if mode == "uno" and python is None:
            raise PdfError(
                "The long-lived PDF converter needs a Python with LibreOffice's uno module, and "
                "none was found. Install python3-uno (Debian and Ubuntu) or name one with "
                "SAFEPLAN_UNO_PYTHON; or use mode='oneshot'."
            )
        self.mode: Literal["uno", "oneshot"] = "uno" if python is not None else "oneshot"
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.version: str | None = None
        self._python = python
        self._lock = threading.Lock()
        self._work = Path(tempfile.mkdtemp(prefix="safeplan-pdf-"))
        self._proc: subprocess.Popen[str] | None = None
        self._pipe = ""
        self._jobs = 0
        self._closed = False

    # -- the public side ------------------------------------------------------------------

    def convert(self, docx: bytes) -> bytes:
        """Convert one DOCX (its bytes) to PDF bytes.

        Raises:
            PdfError: LibreOffice failed, or took longer than ``timeout``.
        """
        with self._lock:
            if self._closed:
                raise PdfError("This PDF converter has been closed.")
            self._jobs += 1
            folder = self._work / f"job-{self._jobs}"
            folder.mkdir()
            source, target = folder / "copy.docx", folder / "copy.pdf"
            try:
                source.write_bytes(docx)
                if self.mode == "uno":
                    self._convert_uno(source, target)
                else:
                    self._convert_oneshot(source, folder)
                data = target.read_bytes() if target.is_file() else b""
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        if not (data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]):
            raise PdfError("LibreOffice did not produce a whole PDF for this copy.")
        return data

    def convert_file(
        self, docx: str | os.PathLike[str], pdf: str | os.PathLike[str] | None = None
    ) -> Path:
        """Convert a DOCX file and write the PDF atomically (default: beside it, ``.pdf``).
        Returns the PDF's path. The PDF is whole, or not there at all."""
        source = Path(docx)
        target = Path(pdf) if pdf is not None else source.with_suffix(".pdf")
        return write_atomic(target, self.convert(source.read_bytes()))

    def close(self) -> None:
        """Stop LibreOffice and remove the converter's working folder. Safe to call twice."""
        with self._lock:
            self._closed = True
            self._stop()
            shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> PdfConverter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:  # a converter dropped without close() still stops LibreOffice
        with contextlib.suppress(Exception):
            if not self._closed:
                self._stop()

    def __repr__(self) -> str:
        state = "running" if self._proc is not None else "idle"
        return f"<PdfConverter mode={self.mode} {state}>"

    # -- uno mode -------------------------------------------------------------------------

    def _start(self) -> subprocess.Popen[str]:
        assert self._python is not None
        profile = self._work / f"profile-{time.monotonic_ns()}"
        proc = subprocess.Popen(
            [
                self._python,
                str(_WORKER),
                "--soffice",
                str(self.soffice),
                "--profile",
                str(profile),
                "--start-timeout",
                str(self.start_timeout),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            # Its own process group: on a timeout the worker and its soffice stop together.
            start_new_session=True,
            env=_worker_env(),
        )
        self._proc = proc
        ready = self._read(proc, self.start_timeout + 5)
        if not ready.get("ready"):
            self._stop()
            raise PdfError(f"LibreOffice could not be started for PDF export: {ready.get('error')}")
        self.version = str(ready.get("version"))
        self._pipe = str(ready.get("pipe") or "")
        return proc

    def _convert_uno(self, source: Path, target: Path) -> None:
        for attempt in (1, 2):
            proc = self._proc if self._proc and self._proc.poll() is None else None
            if proc is None:
                self._stop()
                proc = self._start()
            try:
                assert proc.stdin is not None
                proc.stdin.write(
                    json.dumps({"id": self._jobs, "docx": str(source), "pdf": str(target)}) + "\n"
                )
                proc.stdin.flush()
                answer = self._read(proc, self.timeout)
            except (BrokenPipeError, _WorkerGone):
                self._stop()
                if attempt == 2:
                    raise PdfError("LibreOffice stopped while converting this copy.") from None
                continue
            if answer.get("ok"):
                return
            raise PdfError(f"LibreOffice could not convert this copy ({answer.get('error')}).")

    def _read(self, proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
        stream: IO[str] | None = proc.stdout
        assert stream is not None
        ready, _, _ = select.select([stream], [], [], timeout)
        if not ready:
            self._stop()
            raise PdfError(
                f"LibreOffice took longer than {timeout:g} s; it was stopped and will be "
                "started again for the next copy."
            )
        line = stream.readline()
        if not line:
            raise _WorkerGone
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()
        # Anything the worker left running in its group (a hung soffice) goes too, and the
        # socket file of LibreOffice's named pipe, which a killed soffice leaves behind.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        if self._pipe:
            for leftover in Path(tempfile.gettempdir()).glob(f"OSL_PIPE_*_{self._pipe}"):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            self._pipe = ""

    # -- oneshot mode ---------------------------------------------------------------------

    def _convert_oneshot(self, source: Path, folder: Path) -> None:
        profile = folder / "profile"
        try:
            done = subprocess.run(
                [
                    str(self.soffice),
                    "--headless",
                    "--invisible",
                    "--norestore",
                    "--nolockcheck",
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to",
                    _ONESHOT_FILTER,
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=self.timeout + self.start_timeout,
                check=False,
                start_new_session=True,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice took longer than {self.timeout:g} s.") from None
        if done.returncode != 0:
            raise PdfError(f"LibreOffice could not convert this copy (exit {done.returncode}).")


class _WorkerGone(Exception):
    """The worker closed its output: it (or its soffice) died."""


def _worker_env() -> dict[str, str]:
    # The worker runs under another Python: the library's virtual environment must not leak
    # into it (PYTHONPATH, PYTHONHOME would break Debian's python3).
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    return env


def docx_to_pdf(docx: bytes, *, converter: PdfConverter | None = None) -> bytes:
    """Convert one DOCX to PDF bytes. Without ``converter`` a new one is started and stopped
    for this document (seconds): for more than one, keep a :class:`PdfConverter`."""
    if converter is not None:
        return converter.convert(docx)
    with PdfConverter() as own:
        return own.convert(docx)
