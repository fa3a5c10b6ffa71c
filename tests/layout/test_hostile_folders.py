"""Hostile council folders (issue 15): a folder is read only inside itself, layouts run within
limits a council can raise in its profile, and the reference DOCX and pictures are checked
before every copy carries them. Each failure is a TemplateError naming the file (and the line),
never a traceback, a hang or a host file in a copy."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from PIL import Image

import safeplan
from safeplan import RenderConfig, Renderer, TemplateError, check_templates
from safeplan.cli import main
from safeplan.testing import example_agreement, example_data

BUILTIN = Path(safeplan.__file__).parent / "templates"
SECRET = "HOST-FILE-SECRET-7f3a"


def layout(folder: Path, body: str, *, name: str = "agreement.xml.j2") -> Path:
    """A layout extending the built-in one, with ``body`` as its support block (line 3 on)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        f'{{% extends "safeplan/{name}" %}}\n{{% block support %}}\n{body}\n{{% endblock %}}\n',
        encoding="utf-8",
    )
    return path


def host_file(tmp_path: Path) -> Path:
    outside = tmp_path / "host"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.j2"
    secret.write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
    return secret


def profile(tmp_path: Path, **limits: object) -> Path:
    path = tmp_path / "council.yaml"
    path.write_text(
        "extends: england\nname: council\nlimits: " + json.dumps(limits) + "\n", encoding="utf-8"
    )
    return path


def render(folder: Path, **config: object) -> bytes:
    return Renderer(RenderConfig(templates=[folder], **config)).render(example_agreement())  # type: ignore[arg-type]


def all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


def codes(problems: tuple[safeplan.Problem, ...]) -> list[str]:
    return [p.code for p in problems if p.severity is safeplan.Severity.REFUSAL]


def png(width: int = 4, height: int = 4) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 255)).save(out, format="PNG")
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# --- 1. a folder is read only inside itself -------------------------------------------------------


def test_an_include_that_links_outside_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, '{% include "partial.j2" %}')
    (folder / "partial.j2").symlink_to(host_file(tmp_path))
    with pytest.raises(TemplateError) as err:
        render(folder)
    assert "partial.j2" in str(err.value) and "outside" in str(err.value)
    assert SECRET not in str(err.value)
    problems = check_templates([folder])
    assert "SP-TEMPLATE-SYMLINK" in codes(problems)
    link = next(p for p in problems if p.code == "SP-TEMPLATE-SYMLINK")
    assert link.path.endswith("partial.j2")


@pytest.mark.parametrize("how", ["layout", "folder", "import"])
def test_every_way_a_layout_can_reach_a_host_file_is_refused(tmp_path: Path, how: str) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    secret = host_file(tmp_path)
    if how == "layout":  # the layout itself is the link
        (folder / "agreement.xml.j2").symlink_to(secret)
    elif how == "folder":  # a linked folder of partials
        layout(folder, '{% include "parts/secret.j2" %}')
        (folder / "parts").symlink_to(secret.parent, target_is_directory=True)
    else:
        layout(folder, '{% import "m.j2" as m %}{{ m.x }}')
        (folder / "m.j2").symlink_to(secret)
    with pytest.raises(TemplateError) as err:
        render(folder)
    assert "outside its template folder" in str(err.value)
    assert "SP-TEMPLATE-SYMLINK" in codes(check_templates([folder]))
    result = CliRunner().invoke(main, ["templates", "check", str(folder)])
    assert result.exit_code == 1 and "SP-TEMPLATE-SYMLINK" in result.output
    assert SECRET not in result.output


def test_a_picture_or_reference_that_links_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "host"
    outside.mkdir()
    (outside / "phone.png").write_bytes(png())
    (outside / "reference.docx").write_bytes((BUILTIN / "reference.docx").read_bytes())
    pictures = tmp_path / "pictures"
    (pictures / "icons").mkdir(parents=True)
    (pictures / "icons" / "phone.png").symlink_to(outside / "phone.png")
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[pictures]))
    assert "phone.png" in str(err.value) and "outside" in str(err.value)
    branded = tmp_path / "branded"
    branded.mkdir()
    (branded / "reference.docx").symlink_to(outside / "reference.docx")
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[branded]))
    assert "reference.docx" in str(err.value)
    for folder in (pictures, branded):
        assert "SP-TEMPLATE-SYMLINK" in codes(check_templates([folder]))


def test_a_link_inside_the_folder_works_and_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, '{% include "partial.j2" %}')
    (folder / "real.j2").write_text("<p>Local help</p>\n", encoding="utf-8")
    (folder / "partial.j2").symlink_to(folder / "real.j2")
    assert "Local help" in all_text(render(folder))
    problems = check_templates([folder])
    assert codes(problems) == []
    assert [p.code for p in problems if p.code == "SP-TEMPLATE-SYMLINK"] == ["SP-TEMPLATE-SYMLINK"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_a_folder_never_hangs_check_or_render(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<p>Local help</p>")
    os.mkfifo(folder / "partial.j2")
    os.mkfifo(folder / "council.yaml")
    (folder / "icons").mkdir()
    os.mkfifo(folder / "icons" / "phone.png")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(example_data()), encoding="utf-8")
    command = [sys.executable, "-m", "safeplan"]
    check = subprocess.run(
        [*command, "templates", "check", str(folder)], capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 1, check.stdout + check.stderr
    assert check.stdout.count("SP-TEMPLATE-SPECIAL-FILE") == 3
    done = subprocess.run(
        [*command, "render", str(case), "--out", str(tmp_path / "out"), "--templates", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 2 and "phone.png" in done.stderr and "named pipe" in done.stderr


def test_check_reports_files_over_the_size_limit(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<p>" + "x" * 2_000 + "</p>")
    assert "SP-TEMPLATE-TOO-LARGE" not in codes(check_templates([folder]))
    tight = profile(tmp_path, template_file_bytes=1_000)
    assert "SP-TEMPLATE-TOO-LARGE" in codes(check_templates([folder], profile=tight))
    with pytest.raises(TemplateError) as err:
        render(folder, profile=str(tight))
    assert "agreement.xml.j2" in str(err.value) and "template_file_bytes" in str(err.value)


# --- 2. layouts run within limits ---------------------------------------------------------------


HOSTILE_LAYOUTS = {
    "nested loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "layout_loop_iterations",
    ),
    "huge text": ("{{ 'a' * 10**9 }}", "layout_output_characters"),
    "huge list": ("{{ ([1] * 10**9) | length }}", "layout_output_characters"),
    "padding": ("{{ 'x' | center(10**9) }}", "layout_loop_iterations"),
    "method padding": ("{{ 'x'.ljust(10**9) }}", "layout_loop_iterations"),
    "format width": ("{{ '%0999999999d' % 1 }}", "layout_output_characters"),
    "format method": ("{{ '{:>999999999}'.format(1) }}", "layout_output_characters"),
    "doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
        "layout_output_characters",
    ),
    "doubling in a block": (
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
        "{% set t %}{{ ns.s }}{{ ns.s }}{% endset %}{% set ns.s = t %}{% endfor %}",
        "layout_output_characters",
    ),
    "replace": ("{{ ('a' * 100000) | replace('a', 'b' * 100000) }}", "layout_output_characters"),
    "join": ("{{ (['x' * 100000] * 100000) | join }}", "layout_output_characters"),
    "power": ("{{ 7 ** (10**9) }}", "power"),
    "many outputs": (
        "{% for i in range(1000) %}{% for j in range(900) %}{{ 'y' * 100 }}{% endfor %}"
        "{% endfor %}",
        "layout_output_characters",
    ),
    "range": ("{% for i in range(10**9) %}{% endfor %}", "layout_loop_iterations"),
    "sandbox range": ("{% for i in range(200000) %}{% endfor %}", "MAX_RANGE"),
    "recursion": (
        "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
        "too deeply",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LAYOUTS))
def test_a_layout_past_its_limits_is_a_template_error_with_file_and_line(
    tmp_path: Path, name: str
) -> None:
    body, limit = HOSTILE_LAYOUTS[name]
    folder = tmp_path / "council"
    path = layout(folder, body)
    started = time.monotonic()
    with pytest.raises(TemplateError) as err:
        render(folder)
    assert time.monotonic() - started < 30
    assert err.value.template is not None and err.value.template.endswith("agreement.xml.j2")
    assert err.value.line == 3, str(err.value)
    assert limit in str(err.value)
    assert path.name in str(err.value)


def test_wall_time_is_checked_without_threads_or_signals(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "{% for i in range(100000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}")
    slow = profile(tmp_path, layout_seconds=1, layout_loop_iterations=10**12)
    started = time.monotonic()
    with pytest.raises(TemplateError) as err:
        render(folder, profile=str(slow))
    assert time.monotonic() - started < 10
    assert "layout_seconds" in str(err.value) and err.value.line == 3


def test_a_council_raises_a_limit_in_its_profile(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "{% for i in range(3000) %}{% endfor %}<p>Counted to the end</p>")
    tight = profile(tmp_path, layout_loop_iterations=2000)
    with pytest.raises(TemplateError) as err:
        render(folder, profile=str(tight))
    assert "layout_loop_iterations" in str(err.value) and "2000" in str(err.value)
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    raised = profile(roomy, layout_loop_iterations=5000)
    assert "Counted to the end" in all_text(render(folder, profile=str(raised)))
    # And the defaults let it through.
    assert "Counted to the end" in all_text(render(folder))


def test_limits_hold_in_a_web_servers_threads(tmp_path: Path) -> None:
    # No signal or timer: each thread has its own budget, and a thread never stops another.
    from concurrent.futures import ThreadPoolExecutor

    folder = tmp_path / "council"
    layout(
        folder, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    renderer = Renderer(RenderConfig(templates=[folder]))
    plain = Renderer(RenderConfig(templates=[layout(tmp_path / "ok", "<p>Fine</p>").parent]))

    def hostile() -> str:
        try:
            renderer.render(example_agreement())
        except TemplateError as err:
            return str(err)
        return "rendered"

    def fine() -> str:
        return all_text(plain.render(example_agreement()))

    with ThreadPoolExecutor(4) as pool:
        bad = [pool.submit(hostile) for _ in range(3)]
        good = [pool.submit(fine) for _ in range(3)]
        assert all("layout_loop_iterations" in f.result(timeout=120) for f in bad)
        assert all("Fine" in f.result(timeout=120) for f in good)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_batch_goes_on_with_the_next_case(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "council"
    layout(folder, "{% for i in range(3000) %}{% endfor %}<p>Counted to the end</p>")
    tight = profile(tmp_path, layout_loop_iterations=2000)
    cases = tmp_path / "cases"
    cases.mkdir()
    for name, case_profile in (("a-tight", str(tight)), ("b-default", None)):
        data = example_data()
        data["reference"] = name.upper()
        data["plan"]["profile"] = case_profile
        (cases / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(cases), "--out", str(out), "--templates", str(folder), "-j", jobs]
    )
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    assert "SP-TEMPLATE-ERROR" in result.stderr and "agreement.xml.j2, line 3" in result.stderr
    assert "1 rendered, 0 refused, 1 failed" in result.stderr
    assert not (out / "a-tight").exists() or not list((out / "a-tight").glob("*.docx"))
    assert list((out / "b-default").glob("*.docx"))


def test_an_invalid_limit_is_a_profile_error_naming_the_key(tmp_path: Path) -> None:
    bad = profile(tmp_path, layout_seconds=0)
    with pytest.raises(safeplan.ProfileError) as err:
        safeplan.profiles.load_profile(bad)
    assert "limits.layout_seconds" in str(err.value)
    unknown = profile(tmp_path, layout_minutes=3)
    with pytest.raises(safeplan.ProfileError) as err:
        safeplan.profiles.load_profile(unknown)
    assert "limits.layout_minutes: unknown key" in str(err.value)


# --- 3. the reference DOCX and pictures are checked before use ------------------------------------


def zip_bomb(path: Path, *, size: int = 150 * 1024 * 1024) -> Path:
    base = (BUILTIN / "reference.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED)
        bomb = zipfile.ZipInfo("word/bomb.xml")
        bomb.compress_type = zipfile.ZIP_DEFLATED
        with out.open(bomb, "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_reference_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    folder = tmp_path / "branded"
    folder.mkdir()
    zip_bomb(folder / "reference.docx")
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[folder]))
    assert "reference.docx" in str(err.value)
    assert "zip bomb" in str(err.value) or "unpacks to" in str(err.value)
    problems = check_templates([folder])
    assert "SP-TEMPLATE-REFERENCE" in codes(problems)
    result = CliRunner().invoke(main, ["templates", "check", str(folder)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_a_reference_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.docx"
    base = (BUILTIN / "reference.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        for i in range(1_200):
            out.writestr(f"customXml/item{i}.xml", b"<a/>")
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(reference=path))
    assert "parts" in str(err.value) and "reference_parts" in str(err.value)


def test_a_huge_picture_in_icons_is_refused_not_copied_into_every_copy(tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    (folder / "icons").mkdir(parents=True)
    small = png()
    # A valid PNG made 60 MB by an ancillary chunk before its end.
    huge = small[:-12] + png_chunk(b"zTXt", b"x" * (60 * 1024 * 1024)) + small[-12:]
    (folder / "icons" / "phone.png").write_bytes(huge)
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[folder]))
    assert "phone.png" in str(err.value) and "image_bytes" in str(err.value)
    assert "SP-TEMPLATE-PICTURE" in codes(check_templates([folder]))


def test_absurd_dimensions_are_refused_from_the_header(tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    (folder / "icons").mkdir(parents=True)
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    tiny_idat = zlib.compress(b"\0" * 16)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", tiny_idat)
        + png_chunk(b"IEND", b"")
    )
    (folder / "icons" / "phone.png").write_bytes(data)
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[folder]))
    assert "100000 by 100000 pixels" in str(err.value)


@pytest.mark.parametrize(
    "data",
    [
        png(64, 64)[:80],  # truncated
        b"GIF89a not a png at all",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 40,  # a signature and nothing that decodes
    ],
    ids=["truncated", "not-a-png", "garbage"],
)
def test_a_picture_that_does_not_decode_is_refused(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "pictures"
    (folder / "icons").mkdir(parents=True)
    (folder / "icons" / "phone.png").write_bytes(data)
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[folder]))
    assert "phone.png" in str(err.value) and "decoded" in str(err.value)


def test_a_folder_where_an_icon_should_be_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    (folder / "icons" / "phone.png").mkdir(parents=True)
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(templates=[folder]))
    assert "phone.png" in str(err.value) and "a folder" in str(err.value)
    assert "SP-TEMPLATE-PICTURE" in codes(check_templates([folder]))
    case = tmp_path / "case.json"
    case.write_text(json.dumps(example_data()), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(case), "--out", str(tmp_path / "out"), "--templates", str(folder)]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "phone.png" in result.output


def test_a_huge_image_inside_the_reference_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "logo.docx"
    base = (BUILTIN / "reference.docx").read_bytes()
    small = png()
    huge = small[:-12] + png_chunk(b"zTXt", os.urandom(6 * 1024 * 1024)) + small[-12:]
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr("word/media/logo.png", huge)
    with pytest.raises(TemplateError) as err:
        Renderer(RenderConfig(reference=path))
    assert "word/media/logo.png" in str(err.value) and "image_bytes" in str(err.value)


def test_a_council_may_raise_the_picture_limit(tmp_path: Path) -> None:
    folder = tmp_path / "pictures"
    (folder / "icons").mkdir(parents=True)
    (folder / "icons" / "phone.png").write_bytes(png(300, 300))
    tight = profile(tmp_path, image_side=200)
    with pytest.raises(TemplateError):
        Renderer(RenderConfig(templates=[folder], profile=str(tight)))
    assert "SP-TEMPLATE-PICTURE" in codes(check_templates([folder], profile=tight))
    data = Renderer(RenderConfig(templates=[folder])).render(example_agreement())
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_ordinary_layouts_stay_within_the_limits(tmp_path: Path) -> None:
    # Big numbers that are data, loops over the case, filters that pad a little: all fine.
    folder = tmp_path / "council"
    layout(
        folder,
        "<p>{{ '{:,}'.format(1234567) }} {{ '%d' | format(5000000) }} {{ 'x' | center(30) }}"
        "{% for e in agreement.expectations %}{{ loop.index }}{% endfor %}"
        "{{ ['a', 'b'] | join(', ') }} {{ 'ab' * 3 }} {{ 2 ** 10 }}</p>",
    )
    text = all_text(render(folder))
    assert "1,234,567 5000000" in text and "ababab 1024" in text
