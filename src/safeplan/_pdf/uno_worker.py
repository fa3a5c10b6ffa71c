"""The long-lived PDF converter's worker: a small program run by a Python that has LibreOffice's
UNO bridge (Debian's ``python3-uno`` for /usr/bin/python3, or LibreOffice's own Python).

It starts one ``soffice --headless --invisible`` with a private profile folder, listening on a
named pipe (never a network port), connects to it over UNO, and then converts documents for as
long as its parent wants, one JSON line in and one JSON line out on standard input and output::

    <- {"ready": true, "version": "7.4.7.2", "pipe": ...}  once soffice answers
    -> {"id": 1, "docx": "/tmp/x/in.docx", "pdf": "/tmp/x/out.pdf"}
    <- {"id": 1, "ok": true}                               or {"id": 1, "ok": false, "error": "..."}

Standard input closing ends it (and its soffice). Pictures whose title repeats their
description lose the title, so a screen reader says the alt text once, not "A heart - A heart".
It runs outside safeplan's Python and imports none of it; the library's side is
``converter.py``. Error lines name the step that failed, never a document's content.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno
from com.sun.star.beans import PropertyValue

# PDF export settings: tagged (structure tree, alt text), the title shown in the window, fonts
# embedded, bookmarks from headings. PDFUACompliance makes LibreOffice check and mark PDF/UA.
EXPORT = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,
    "ExportBookmarks": True,
    "ExportNotes": False,
    "EmbedStandardFonts": True,
    "DisplayPDFDocumentTitle": True,
    "UseLosslessCompression": True,
}


def _prop(name: str, value: Any) -> Any:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def _filter_data() -> Any:
    return uno.Any(
        "[]com.sun.star.beans.PropertyValue",
        tuple(_prop(k, v) for k, v in EXPORT.items()),
    )


def _send(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _connect(pipe: str, soffice: subprocess.Popen[bytes], timeout: float) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if soffice.poll() is not None:
                raise RuntimeError(f"soffice exited with status {soffice.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError("soffice did not answer in time") from None
            time.sleep(0.1)


def _version(ctx: Any) -> str:
    try:
        provider = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", ctx
        )
        node = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess",
            (_prop("nodepath", "/org.openoffice.Setup/Product"),),
        )
        return str(node.getByName("ooSetupVersionAboutBox"))
    except Exception:
        return "unknown"


def _untitle_pictures(doc: Any) -> None:
    # safeplan's DOCX gives each picture the same title and description (Word shows the
    # description; some readers the title). LibreOffice's PDF joins them: keep one.
    try:
        pictures = doc.getGraphicObjects()
    except Exception:
        return
    for name in pictures.getElementNames():
        pic = pictures.getByName(name)
        if pic.Title and pic.Title == pic.Description:
            pic.Title = ""


def _convert(desktop: Any, docx: str, pdf: str) -> None:
    doc = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx),
        "_blank",
        0,
        (_prop("Hidden", True), _prop("ReadOnly", True), _prop("UpdateDocMode", 0)),
    )
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        _untitle_pictures(doc)
        doc.storeToURL(
            uno.systemPathToFileUrl(pdf),
            (_prop("FilterName", "writer_pdf_Export"), _prop("FilterData", _filter_data())),
        )
    finally:
        doc.close(True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--profile", required=True, help="a private, empty profile folder")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    args = parser.parse_args()
    pipe = f"safeplan-pdf-{os.getpid()}-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [
            args.soffice,
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--nofirststartwizard",
            f"-env:UserInstallation={uno.systemPathToFileUrl(args.profile)}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        try:
            ctx = _connect(pipe, office, args.start_timeout)
            desktop = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx
            )
        except Exception as err:
            office.kill()
            _send({"ready": False, "error": str(err)})
            return 1
        _send({"ready": True, "version": _version(ctx), "pipe": pipe})
        for line in sys.stdin:
            if not line.strip():
                continue
            job = json.loads(line)
            try:
                _convert(desktop, job["docx"], job["pdf"])
                _send({"id": job.get("id"), "ok": True})
            except Exception as err:
                # The exception's type and LibreOffice's message name the step, not content.
                _send({"id": job.get("id"), "ok": False, "error": type(err).__name__})
        with contextlib.suppress(Exception):
            desktop.terminate()
        return 0
    finally:
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        # LibreOffice leaves its named pipe's socket file behind when it is stopped.
        for leftover in Path(tempfile.gettempdir()).glob(f"OSL_PIPE_*_{pipe}"):
            with contextlib.suppress(OSError):
                leftover.unlink()


if __name__ == "__main__":
    sys.exit(main())
