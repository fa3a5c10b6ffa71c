"""The worked council folder at the top of the repository (templates/northshire) is what a
template maintainer opens first: it must pass templates check and render what it says."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from click.testing import CliRunner

import safeplan
from safeplan import RenderConfig, Renderer, check_templates
from safeplan.cli import main

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "templates" / "northshire"
EXAMPLE = ROOT / "examples" / "green-reid-england.yaml"


def _text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_the_worked_folder_passes_templates_check_with_no_warning() -> None:
    assert check_templates([FOLDER]) == ()
    result = CliRunner().invoke(main, ["templates", "check", "--strict", str(FOLDER)])
    assert result.exit_code == 0, result.output
    assert "2 layouts checked: no problems" in result.output


def test_the_worked_folder_renders_its_changes_and_its_profile() -> None:
    agreement = safeplan.load(EXAMPLE)
    renderer = Renderer(RenderConfig(templates=(FOLDER,), profile=str(FOLDER / "council.yaml")))
    profile = renderer.profile(agreement)
    assert profile.name == "northshire"
    assert profile.timescales.core_group_interval is not None
    adult = _text(renderer.render(agreement, "sally"))
    assert "Local help in Northshire" in adult
    assert "Northshire Children's Services complaints team" in adult
    assert "Help and support" in adult  # safeplan's own text stays (super())
    child = _text(renderer.render(agreement, "mia"))
    assert "Northshire Children's Rights Service" in child
    heading = docx.Document(io.BytesIO(renderer.render(agreement))).styles["Heading 1"]
    assert str(heading.font.color.rgb) == "1B5E20"


def test_the_worked_folder_started_as_templates_init_writes_it(tmp_path: Path) -> None:
    fresh = tmp_path / "northshire"
    safeplan.init_templates(fresh, name="northshire")
    assert sorted(p.name for p in fresh.iterdir()) == sorted(
        p.name for p in FOLDER.iterdir() if p.name != "child.xml.j2"
    )
