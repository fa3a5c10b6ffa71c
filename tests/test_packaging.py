"""The built wheel carries everything a council's installation needs: layouts, the reference
DOCX, icons and their licence, catalogs and profiles. Installed from the wheel alone (not from
this source tree), safeplan must render every example."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_alone_renders_every_example(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "dist").glob("safeplan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "safeplan/py.typed",
        "safeplan/templates/agreement.xml.j2",
        "safeplan/templates/child.xml.j2",
        "safeplan/templates/reference.docx",
        "safeplan/templates/icons/LICENSE-tabler-icons.txt",
        "safeplan/templates/icons/phone.png",
        "safeplan/locales/messages.pot",
        "safeplan/locales/cy/LC_MESSAGES/messages.po",
        "safeplan/locales/ur/LC_MESSAGES/messages.po",
        "safeplan/profiles/england.yaml",
        "safeplan/profiles/wales.yaml",
        "safeplan/profiles/scotland.yaml",
        "safeplan/profiles/northern-ireland.yaml",
        # the bank holidays table (tools/make_bank_holidays.py)
        "safeplan/_profiles/bank_holidays.json",
        # babel's answers for English copies (tools/make_locale_table.py)
        "safeplan/_i18n_locales.json",
        # the drafting page (safeplan serve) and the examples it offers
        "safeplan/_serve/page/static/index.html",
        "safeplan/_serve/page/static/app.js",
        "safeplan/_serve/page/static/page.css",
        "safeplan/_serve/page/static/vendor/README.md",
        "safeplan/_serve/page/static/vendor/govuk-frontend/govuk-frontend.min.css",
        "safeplan/_serve/page/static/vendor/govuk-frontend/govuk-frontend.min.js",
        "safeplan/_serve/page/static/vendor/govuk-frontend/LICENSE.txt",
        "safeplan/_serve/page/static/vendor/js-yaml/js-yaml.js",
        "safeplan/_serve/page/static/vendor/js-yaml/LICENSE",
        "safeplan/examples/green-reid-england.yaml",
        "safeplan/examples/refused/victim-polices.yaml",
    ):
        assert needed in names, needed
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    script = (
        "import pathlib, sys, safeplan\n"
        f"assert pathlib.Path(safeplan.__file__).is_relative_to({str(site)!r}), safeplan.__file__\n"
        "n, out = 0, pathlib.Path(sys.argv[1])\n"
        f"for path in sorted(pathlib.Path({str(ROOT / 'examples')!r}).glob('*.yaml')):\n"
        "    n += len(safeplan.render_all(safeplan.load(path), out / path.stem))\n"
        "print(n)\n"
    )
    # The wheel's copy comes first on the path; the dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 15
