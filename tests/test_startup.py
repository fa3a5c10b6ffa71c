"""Start-up stays lazy: ``import safeplan`` and a check load only what they use.

Each test runs a fresh interpreter and reads its ``sys.modules`` at the end, so an eager import
added anywhere (a room's ``__init__``, a module-level ``import holidays``) fails here, naming the
module. Timing is the benchmarks' business (``benchmarks/README.md``); this guards the cause.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"

# Loaded only by the commands that need them.
_NEVER_AT_IMPORT = (
    "concurrent.futures.process",  # the batch's process pool
    "multiprocessing",
    "holidays",  # bank holidays: a table, or the package when a year is counted
    "jinja2",  # the layouts: only to render or check copies
    "babel",
    "docx",  # python-docx: only to check a council's reference DOCX
    "PIL",  # Pillow: only to check a council's pictures
    "lxml",  # the DOCX writer and reader
    "click",  # the command line
    "starlette",  # the HTTP service
    "uvicorn",
    "safeplan._render",
    "safeplan._batch",
    "safeplan._pdf",
    "safeplan._serve",
    "attr",  # attrs: the classes are made on first use of a name
)


def _modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


def test_import_safeplan_loads_none_of_the_heavy_parts() -> None:
    assert _loaded(_modules_after("import safeplan"), _NEVER_AT_IMPORT) == []


def test_the_public_names_still_resolve_after_a_lazy_import() -> None:
    modules = _modules_after(
        "import safeplan\n"
        "assert all(getattr(safeplan, n) is not None for n in safeplan.__all__)\n"
        "from safeplan import Renderer, load, render_batch\n"
    )
    assert "safeplan._render" in modules and "safeplan._batch" in modules


def test_loading_a_case_needs_no_layout_pool_or_holidays_package() -> None:
    # Loading runs every refusal rule (deadlines counted in working days included).
    modules = _modules_after(f"import safeplan\nsafeplan.load({str(EXAMPLE)!r})")
    assert "safeplan._case" in modules
    assert _loaded(modules, (*_NEVER_AT_IMPORT[:3], "jinja2", "docx", "PIL", "lxml")) == []


@pytest.mark.parametrize("command", ["check", "schedule"])
def test_a_check_never_loads_the_pool_the_pdf_converter_or_the_server(command: str) -> None:
    modules = _modules_after(
        "import contextlib, io, sys\n"
        "from safeplan.cli import main\n"
        f"sys.argv = ['safeplan', {command!r}, {str(EXAMPLE)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main()\n"
    )
    heavy = ("concurrent.futures.process", "multiprocessing", "holidays", "starlette",
             "uvicorn", "safeplan._batch", "safeplan._serve", "docx", "PIL",
             "safeplan._pdf",  # only for a PDF
             "babel.messages",  # the catalog reader: English copies read no catalog
             # the template commands' modules (safeplan templates check, init, context)
             "safeplan._layout.checker", "safeplan._layout.docs", "safeplan._layout.scaffold",
             "importlib.resources",  # the package's files are found beside its modules
             )  # fmt: skip
    assert "safeplan.cli._check" in modules or command != "check"
    assert _loaded(modules, heavy) == []


def test_no_class_makes_attrs_read_a_builtins_signature() -> None:
    # attrs reads each converter's signature; a builtin's (``converter=tuple``) is parsed from
    # its text with the tokenizer, whose patterns are compiled on first use: several ms a check.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tokenize\n"
            "calls = []\n"
            "original = tokenize._compile\n"
            "tokenize._compile = lambda expr: calls.append(expr) or original(expr)\n"
            "import safeplan.cli._check, safeplan._render, safeplan._assess\n"
            "print(len(calls))\n",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert done.stdout.split()[-1] == "0"


def test_an_english_check_imports_no_babel() -> None:
    # Text direction, month names and list patterns of English come from the table of babel's
    # answers (_i18n_locales.json): loading en_GB's data costs about 40 ms a process, importing
    # babel about 3 ms.
    modules = _modules_after(
        "import contextlib, io, sys\n"
        "from safeplan.cli import main\n"
        f"sys.argv = ['safeplan', 'check', {str(EXAMPLE)!r}]\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main()\n"
    )
    assert "safeplan._layout.context" in modules and "safeplan._render" in modules
    assert _loaded(modules, ("babel",)) == []
