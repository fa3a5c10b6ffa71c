"""Template maintainers: council layouts, branding and stacked folders, the sandbox, and the
checker that finds a broken layout before a batch runs."""

from __future__ import annotations

import importlib.resources
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import attrs
import docx
import jinja2
import jinja2.meta
import pytest
from click.testing import CliRunner
from docx.shared import RGBColor
from lxml import etree

import safeplan
from safeplan import RenderConfig, Renderer, TemplateError, check_templates, init_templates
from safeplan._layout.checker import _declared
from safeplan._layout.docs import (
    AGREEMENT_CONTEXT,
    CHILD_CONTEXT,
    FILTERS,
    FUNCTIONS,
    LAYOUT_CONTEXTS,
)
from safeplan._layout.docs import (
    template_context_markdown as context_markdown,
)
from safeplan._layout.environment import layout_environment as _environment
from safeplan.cli import main
from safeplan.model import CopyKind
from safeplan.testing import example_agreement

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = Path(str(importlib.resources.files("safeplan") / "templates"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(data: bytes) -> list[str]:
    """The text of every paragraph in the body, tables included, in order."""
    document = docx.Document(io.BytesIO(data))
    return [
        docx.text.paragraph.Paragraph(p, document).text for p in document.element.body.iter(f"{W}p")
    ]


def layout(folder: Path, body: str, *, name: str = "agreement.xml.j2", base: str = "") -> Path:
    """A layout extending the built-in one (or ``base``), with ``body`` as its support block.

    The body starts on line 3 of the file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    parent = base or f"safeplan/{name}"
    block = "support" if name == "agreement.xml.j2" else "talk_to"
    path = folder / name
    path.write_text(
        f'{{% extends "{parent}" %}}\n{{% block {block} %}}\n{body}\n{{% endblock %}}\n',
        encoding="utf-8",
    )
    return path


def render(folders: list[Path], copy: str | None = None, **config: object) -> bytes:
    return Renderer(RenderConfig(templates=folders, **config)).render(example_agreement(), copy)  # type: ignore[arg-type]


# --- overriding one block -------------------------------------------------------------------


LOCAL_SERVICE = """\
{{ super() }}
<h2>Local help in Anytown</h2>
<table header="1" widths="35,25,40">
  <tr><th>Who</th><th>Phone</th><th>When and what for</th></tr>
  <tr><td>Anytown Family Hub</td><td>01632 960000</td><td>Weekdays, 9am to 5pm</td></tr>
</table>"""


def test_a_council_overrides_one_block_and_keeps_the_rest(tmp_path: Path) -> None:
    layout(tmp_path / "council", LOCAL_SERVICE)
    plain = texts(Renderer().render(example_agreement(), "mum"))
    council = texts(render([tmp_path / "council"], "mum"))
    assert "Local help in Anytown" not in plain
    assert "Local help in Anytown" in council
    assert "Anytown Family Hub" in council and "01632 960000" in council
    # The built-in support block is still there (super()), and so is every other section.
    start = council.index("Help and support")
    assert council.index("Local help in Anytown") > start
    assert council[:start] == plain[: plain.index("Help and support")]
    assert "Signatures" in council


def test_a_layout_that_extends_its_own_name_gets_the_one_below(tmp_path: Path) -> None:
    # What a maintainer writes first: {% extends "agreement.xml.j2" %} inside agreement.xml.j2.
    # A template never extends itself, so this is the built-in layout, not endless recursion.
    layout(tmp_path / "council", "<p>Own name</p>", base="agreement.xml.j2")
    shown = texts(render([tmp_path / "council"]))
    assert "Own name" in shown
    assert "Help and support" not in shown  # the block was replaced, not added to
    assert "What each person will do" in shown


def test_the_builtin_layout_is_always_reachable_by_its_prefix(tmp_path: Path) -> None:
    # A folder's own agreement.xml.j2 does not hide safeplan/agreement.xml.j2.
    folder = tmp_path / "council"
    layout(folder, "<p>Council</p>")
    (folder / "partial.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}', encoding="utf-8"
    )
    env = _environment((folder,))
    assert "Council" not in env.get_template("safeplan/agreement.xml.j2").render(
        _context_for_professional_copy()
    )


def _context_for_professional_copy() -> dict[str, object]:
    seen: dict[str, object] = {}

    class Capturing(Renderer):
        def _markup(self, context, copy, language, *rest):  # type: ignore[no-untyped-def]
            seen.update(context)
            return super()._markup(context, copy, language, *rest)

    Capturing().render(example_agreement())
    return seen


# --- branding -------------------------------------------------------------------------------


def rebranded_reference(path: Path) -> Path:
    """A copy of the built-in reference DOCX with a council's font and heading colour."""
    document = docx.Document(str(BUILTIN / "reference.docx"))
    document.styles["Normal"].font.name = "Atkinson Hyperlegible"
    document.styles["Heading 1"].font.color.rgb = RGBColor(0x8A, 0x1C, 0x4E)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_branding_comes_from_the_folders_reference_docx(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    rebranded_reference(folder / "reference.docx")
    out = docx.Document(io.BytesIO(render([folder])))
    assert out.styles["Normal"].font.name == "Atkinson Hyperlegible"
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0x8A, 0x1C, 0x4E)
    with zipfile.ZipFile(io.BytesIO(render([folder]))) as zf:
        styles = zf.read("word/styles.xml").decode("utf-8")
    assert "Atkinson Hyperlegible" in styles and "8A1C4E" in styles.upper()
    # Without the folder, the built-in look.
    plain = docx.Document(io.BytesIO(Renderer().render(example_agreement())))
    assert plain.styles["Normal"].font.name != "Atkinson Hyperlegible"


def test_an_explicit_reference_wins_over_the_folders(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    rebranded_reference(folder / "reference.docx")
    out = docx.Document(io.BytesIO(render([folder], reference=BUILTIN / "reference.docx")))
    assert out.styles["Normal"].font.name != "Atkinson Hyperlegible"


# --- stacking folders -----------------------------------------------------------------------


def stacked(tmp_path: Path) -> tuple[Path, Path]:
    """A council folder and a team folder on top of it (given first, so it wins)."""
    council = tmp_path / "council"
    council.mkdir()
    (council / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n'
        "{% block title %}<title>Council agreement</title>{% endblock %}\n"
        "{% block support %}\n{{ super() }}\n<h2>Council services</h2>\n"
        "{% block local %}<p>Council hub</p>{% endblock %}\n{% endblock %}\n",
        encoding="utf-8",
    )
    team = tmp_path / "team"
    team.mkdir()
    (team / "agreement.xml.j2").write_text(
        '{% extends "super/agreement.xml.j2" %}\n'
        "{% block title %}<title>Team agreement</title>{% endblock %}\n"
        "{% block local %}{{ super() }}<p>Team drop-in</p>{% endblock %}\n",
        encoding="utf-8",
    )
    return team, council


def test_stacked_folders_each_change_their_own_blocks(tmp_path: Path) -> None:
    team, council = stacked(tmp_path)
    shown = texts(render([team, council]))
    # Both override the title: the team's (the first folder) wins.
    assert "Team agreement" in shown and "Council agreement" not in shown
    # The council adds a block inside its support block; the team adds to it.
    assert shown.index("Help and support") < shown.index("Council services")
    assert shown.index("Council hub") + 1 == shown.index("Team drop-in")
    assert "What each person will do" in shown


def test_the_council_folder_alone_renders_without_the_teams(tmp_path: Path) -> None:
    _, council = stacked(tmp_path)
    shown = texts(render([council]))
    assert "Council agreement" in shown and "Team drop-in" not in shown


def test_super_with_nothing_below_is_a_template_error(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n{% block support %}\n'
        '{% include "super/local.xml.j2" %}\n{% endblock %}\n',
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as err:
        render([folder])
    assert err.value.template is not None and err.value.template.endswith("agreement.xml.j2")
    assert err.value.line == 3
    assert "layout not found: super/local.xml.j2" in str(err.value)


# --- the sandbox ----------------------------------------------------------------------------

ESCAPES = [
    "{{ agreement.__class__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ agreement.people[0]._private }}",
    "{{ agreement.people[0].__init__.__globals__ }}",
    "{{ name.__self__.agreement }}",
    "{{ '{0.__class__}'.format(agreement) }}",
    "{{ holders.append(agreement) }}",
    "{{ helplines.pop() }}",
    "{% include '/etc/passwd' %}",
    "{% include '../../../../../../etc/passwd' %}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__ }}",
]


@pytest.mark.parametrize("body", ESCAPES)
def test_a_layout_cannot_reach_past_the_sandbox(body: str, tmp_path: Path) -> None:
    path = layout(tmp_path / "evil", body)
    out = tmp_path / "out" / "copy.docx"
    renderer = Renderer(RenderConfig(templates=[tmp_path / "evil"]))
    with pytest.raises(TemplateError) as err:
        renderer.render_to(example_agreement(), out)
    assert err.value.template == str(path)
    assert err.value.line == 3
    assert str(err.value).startswith(f"{path}, line 3: ")
    assert not out.exists() and not any((tmp_path / "out").glob("*"))
    # The checker finds it first.
    found = check_templates([tmp_path / "evil"])
    assert any(p.path == f"{path}:3" and p.code == "SP-TEMPLATE-UNSAFE" for p in found), found


def test_the_sandbox_error_names_what_was_reached(tmp_path: Path) -> None:
    layout(tmp_path / "evil", "{{ agreement.__class__ }}")
    with pytest.raises(TemplateError, match=r"may not use \(__class__\)"):
        render([tmp_path / "evil"])


@pytest.mark.parametrize("folders", [False, True])
def test_case_text_is_never_template_code(folders: bool, tmp_path: Path) -> None:
    agreement = example_agreement()
    sneaky = "Mum said {{ 7*7 }} and {% raw %}{{ agreement }}{% endraw %} {# note #}."
    concern = attrs.evolve(agreement.concerns[0], text=sneaky)
    agreement = attrs.evolve(agreement, concerns=(concern, *agreement.concerns[1:]))
    chosen = [layout(tmp_path / "c", LOCAL_SERVICE).parent] if folders else []
    data = Renderer(RenderConfig(templates=chosen)).render(agreement, "mum")
    shown = texts(data)
    assert sneaky in shown
    assert not any("49" in t and "7*7" not in t for t in shown)


# --- a broken layout at render time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("{{ no_such_thing }}", 3, "'no_such_thing' is undefined"),
        ("{{ agreement.no_such_field }}", 3, "has no attribute 'no_such_field'"),
        ("{% for x in agreement.people %}", 4, "Encountered unknown tag 'endblock'"),
        ("{{ lead.name | no_such_filter }}", 3, "No filter named 'no_such_filter'"),
        ("{{ lead.name", 4, "expected token 'end of print statement'"),
    ],
)
def test_a_broken_layout_names_file_line_and_problem_and_writes_nothing(
    body: str, line: int, problem: str, tmp_path: Path
) -> None:
    path = layout(tmp_path / "broken", body)
    out = tmp_path / "out"
    renderer = Renderer(RenderConfig(templates=[tmp_path / "broken"]))
    with pytest.raises(TemplateError) as err:
        renderer.render_all(example_agreement(), out)
    assert err.value.template == str(path)
    assert err.value.line == line
    assert problem in str(err.value)
    assert not out.exists() or not any(out.iterdir())


def test_a_style_missing_from_the_reference_names_the_layout_and_style(tmp_path: Path) -> None:
    layout(tmp_path / "broken", '<p style="Council Body">Hello</p>')
    with pytest.raises(TemplateError) as err:
        render([tmp_path / "broken"])
    # The writer reports the style and the layout; the line is the markup's, so templates
    # check (below) is where the file's own line is given.
    assert "'Council Body'" in str(err.value) and "agreement.xml.j2" in str(err.value)


# --- templates check ------------------------------------------------------------------------


def problems_in(folder: Path, **kw: object) -> list[tuple[str, int | None, str]]:
    """(file name, line, code) of every problem the checker finds."""
    out = []
    for p in check_templates([folder], **kw):  # type: ignore[arg-type]
        file, _, line = p.path.rpartition(":")
        if file and line.isdigit():
            out.append((Path(file).name, int(line), p.code))
        else:
            out.append((Path(p.path).name, None, p.code))
    return out


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        ("{{ lead.name + }}", "SP-TEMPLATE-SYNTAX", "syntax error"),
        ("{{ agrement.people }}", "SP-TEMPLATE-UNKNOWN-NAME", "did you mean 'agreement'"),
        ("{{ council_phone }}", "SP-TEMPLATE-UNKNOWN-NAME", "'council_phone'"),
        ("{{ agreement.suport_contacts }}", "SP-TEMPLATE-UNKNOWN-FIELD", "'support_contacts'"),
        ("{{ a.plan.natoin }}", "SP-TEMPLATE-UNKNOWN-FIELD", "Plan has no field 'natoin'"),
        (
            "{% for s in agreement.support_contacts %}{{ s.phon }}{% endfor %}",
            "SP-TEMPLATE-UNKNOWN-FIELD",
            "SupportContact has no field 'phon'",
        ),
        ("{{ lead.name | dat(language) }}", "SP-TEMPLATE-UNKNOWN-FILTER", "'date'"),
        ('<p style="Council Body">Hi</p>', "SP-TEMPLATE-STYLE-MISSING", "'Council Body'"),
        (
            '<table style="Council Grid"><tr><td>x</td></tr></table>',
            "SP-TEMPLATE-STYLE-MISSING",
            "(table)",
        ),
        ("<bold>Hi</bold>", "SP-TEMPLATE-MARKUP", "unknown element <bold>"),
        ('<p colour="red">Hi</p>', "SP-TEMPLATE-MARKUP", "no attribute 'colour'"),
        ('<image src="council-logo" alt="Logo"/>', "SP-TEMPLATE-MARKUP", "council-logo.png"),
        ("{{ agreement.__class__ }}", "SP-TEMPLATE-UNSAFE", "'__class__'"),
        ("{{ agreement.people[0]._private }}", "SP-TEMPLATE-UNSAFE", "'_private'"),
        ("{{ (agreement.people|first).mro }}", "SP-TEMPLATE-UNSAFE", "'mro'"),
        ("{{ holders.append(1) }}", "SP-TEMPLATE-UNSAFE", "append()"),
        ("{% include '/etc/passwd' %}", "SP-TEMPLATE-UNSAFE", "outside the template folders"),
        ('{% include "local.xml.j2" %}', "SP-TEMPLATE-NOT-FOUND", "'local.xml.j2'"),
        ('{{ _("Our own words") }}', "SP-TEMPLATE-TRANSLATION-MISSING", "Welsh (cy)"),
    ],
)
def test_check_finds_each_problem_with_file_and_line(
    body: str, code: str, words: str, tmp_path: Path
) -> None:
    path = layout(tmp_path / "council", body)
    found = check_templates([tmp_path / "council"])
    mine = [p for p in found if p.code == code]
    assert mine, found
    assert mine[0].path == f"{path}:3", mine[0]
    assert words in mine[0].message
    assert all(p.path.startswith(str(path)) for p in found)


def test_check_knows_names_set_in_the_layout_and_in_the_one_it_extends(tmp_path: Path) -> None:
    body = """\
{% set phone = "01632 960000" %}
{% for person in holders %}{{ person.name }} {{ loop.index }}{% endfor %}
{% macro row(who, number) %}<tr><td>{{ who }}</td><td>{{ number }}</td></tr>{% endmacro %}
<table>{{ row("Hub", phone) }}</table>
<p>{{ a.reference }} {{ plan_words }} {{ children_names }} {{ name(lead.id) }}</p>
<p>{{ ngettext("%(num)s child", "%(num)s children", agreement.children | length) }}</p>
<p>{{ recipient.role.value if recipient and recipient.role is defined }}</p>
<p>{{ agreement.person("mum").name }} {{ profile.meetings.core_group }} {{ rtl }}</p>"""
    layout(tmp_path / "council", body)
    assert problems_in(tmp_path / "council", languages=["en"]) == []


def test_check_warns_about_a_block_the_extended_layout_lacks(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n\n{% block suport %}<p>x</p>{% endblock %}\n'
        "Some words outside\n",
        encoding="utf-8",
    )
    found = check_templates([folder])
    assert [(p.path.rsplit(":", 1)[1], p.code) for p in found] == [
        ("3", "SP-TEMPLATE-BLOCK-UNKNOWN"),
        ("4", "SP-TEMPLATE-OUTSIDE-BLOCK"),
    ]
    assert "did you mean 'support'?" in found[0].message


def test_check_uses_the_folders_reference_for_styles(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, '<p style="Council Body">Hi</p>')
    assert ("agreement.xml.j2", 3, "SP-TEMPLATE-STYLE-MISSING") in problems_in(folder)
    document = docx.Document(str(BUILTIN / "reference.docx"))
    document.styles.add_style("Council Body", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    document.save(str(folder / "reference.docx"))
    assert problems_in(folder) == []
    # And the renderer uses that reference, so the layout renders.
    assert "Hi" in texts(render([folder]))


def test_check_reports_a_reference_without_the_header_and_footer_styles(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<h1>Local</h1>")
    document = docx.Document(str(BUILTIN / "reference.docx"))
    document.styles["Heading 1"].delete()
    document.styles["Marking"].delete()
    document.save(str(folder / "reference.docx"))
    found = problems_in(folder)
    assert ("reference.docx", None, "SP-TEMPLATE-STYLE-MISSING") in found
    assert ("agreement.xml.j2", 3, "SP-TEMPLATE-STYLE-MISSING") in found


def _reference_with_a_logo(
    folder: Path, *, alt: str | None = None, decorative: bool = False
) -> Path:
    """The built-in reference with a picture in its default header, as a council adds a logo."""
    folder.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(BUILTIN / "reference.docx"))
    header = document.sections[-1].header
    header.paragraphs[0].add_run().add_picture(str(BUILTIN / "icons" / "phone.png"))
    [picture] = header.part.element.xpath(".//wp:docPr")
    picture.set("descr", alt or "")
    if decorative:
        picture.append(
            etree.fromstring(
                '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
                'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
                'val="1"/></a:ext></a:extLst>'
            )
        )
    path = folder / "reference.docx"
    document.save(str(path))
    return path


def test_check_warns_about_a_header_picture_without_alt_text(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<h1>Local</h1>")
    _reference_with_a_logo(folder)
    [found] = [p for p in check_templates([folder]) if p.code == "SP-TEMPLATE-ALT-TEXT"]
    assert found.severity is safeplan.Severity.WARNING
    assert Path(found.path).name == "reference.docx"
    assert "header" in found.message and "alt text" in found.message.lower()
    # The copies still render: it is a warning, and the logo is in every copy's header.
    data = render([folder])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert any(n.startswith("word/media/") for n in zf.namelist())


@pytest.mark.parametrize(
    ("alt", "decorative"), [("Northshire Council logo", False), (None, True)], ids=["alt", "deco"]
)
def test_a_header_picture_with_alt_text_or_marked_decorative_passes(
    tmp_path: Path, alt: str | None, decorative: bool
) -> None:
    folder = tmp_path / "council"
    layout(folder, "<h1>Local</h1>")
    _reference_with_a_logo(folder, alt=alt, decorative=decorative)
    assert problems_in(folder) == []


def test_check_warns_about_a_first_page_header_no_copy_carries(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<h1>Local</h1>")
    document = docx.Document(str(BUILTIN / "reference.docx"))
    section = document.sections[-1]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Northshire Council"
    document.save(str(folder / "reference.docx"))
    assert problems_in(folder) == [("reference.docx", None, "SP-TEMPLATE-HEADER-UNUSED")]
    result = CliRunner().invoke(main, ["templates", "check", "--strict", str(folder)])
    assert result.exit_code == 1
    assert "SP-TEMPLATE-HEADER-UNUSED" in result.output


def test_the_builtin_reference_passes_the_reference_checks(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "<h1>Local</h1>")
    assert problems_in(folder) == []


def test_check_reports_a_council_profile_that_does_not_load(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "{{ super() }}")
    (folder / "council.yaml").write_text("extends: england\nname: x\nnot_a_key: 1\n", "utf-8")
    found = check_templates([folder])
    assert [p.code for p in found] == ["SP-TEMPLATE-PROFILE"]
    assert "not_a_key" in found[0].message


def test_check_follows_a_stack_of_folders(tmp_path: Path) -> None:
    team, council = stacked(tmp_path)
    assert check_templates([team, council]) == ()
    # Alone, the team's super/ has nothing but the built-in layout below it, which has no
    # "local" block: the checker says so.
    assert [p.code for p in check_templates([team])] == ["SP-TEMPLATE-BLOCK-UNKNOWN"]


def test_check_of_copies_of_the_builtin_layouts_finds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for name in LAYOUT_CONTEXTS:
        shutil.copy(BUILTIN / name, folder / name)
    assert check_templates([folder]) == ()


def test_a_child_layout_override_is_checked_against_the_childs_names(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    layout(folder, "{{ super() }}<item>{{ child.name }}</item>", name="child.xml.j2")
    assert check_templates([folder]) == ()
    layout(folder, "<item>{{ agreement.reference }} {{ child.adress }}</item>", name="child.xml.j2")
    assert sorted((line, code) for _, line, code in problems_in(folder)) == [
        (3, "SP-TEMPLATE-UNKNOWN-FIELD"),  # child.adress
        (3, "SP-TEMPLATE-UNKNOWN-NAME"),  # agreement: a child's layout never sees it
    ]


def test_check_rejects_a_language_with_no_catalog(tmp_path: Path) -> None:
    layout(tmp_path / "c", "{{ super() }}")
    with pytest.raises(ValueError, match="no catalog for 'fr'"):
        check_templates([tmp_path / "c"], languages=["fr"])
    assert check_templates([tmp_path / "c"], languages=["en-GB"]) == ()


# --- templates init ---------------------------------------------------------------------------


def test_init_writes_a_folder_that_passes_check_and_renders(tmp_path: Path) -> None:
    folder = tmp_path / "anytown"
    written = init_templates(folder)
    assert sorted(p.name for p in written) == [
        "README.txt",
        "agreement.xml.j2",
        "council.yaml",
        "reference.docx",
    ]
    assert check_templates([folder]) == ()
    config = RenderConfig(templates=[folder], profile=str(folder / "council.yaml"))
    shown = texts(Renderer(config).render(example_agreement(), "mum"))
    assert "Local help in Anytown" in shown and "Help and support" in shown
    layout_text = (folder / "agreement.xml.j2").read_text("utf-8")
    assert '{% extends "safeplan/agreement.xml.j2" %}' in layout_text
    assert "support" in layout_text and "super/agreement.xml.j2" in layout_text
    assert "extends: england" in (folder / "council.yaml").read_text("utf-8")
    readme = (folder / "README.txt").read_text("utf-8")
    assert "safeplan templates check" in readme and "reference.docx" in readme


def test_init_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "anytown"
    folder.mkdir()
    (folder / "council.yaml").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        init_templates(folder)
    assert (folder / "council.yaml").read_text("utf-8") == "mine"
    assert not (folder / "agreement.xml.j2").exists()


def test_init_for_wales_extends_the_welsh_profile(tmp_path: Path) -> None:
    init_templates(tmp_path / "cardiff", nation="wales")
    text = (tmp_path / "cardiff" / "council.yaml").read_text("utf-8")
    assert "extends: wales" in text and "name: cardiff" in text
    assert check_templates([tmp_path / "cardiff"]) == ()


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_init_then_check_is_clean(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "anytown"
    made = runner.invoke(main, ["templates", "init", str(folder)])
    assert made.exit_code == 0, made.output
    assert str(folder / "agreement.xml.j2") in made.stdout
    checked = runner.invoke(main, ["templates", "check", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.strip().splitlines()[-1] == "1 layout checked: no problems"
    again = runner.invoke(main, ["templates", "init", str(folder)])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


def test_cli_check_prints_file_line_problem_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    path = layout(tmp_path / "council", '{{ agrement.people }}\n<p style="Nope">x</p>')
    result = runner.invoke(main, ["templates", "check", str(tmp_path / "council")])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{path}:3: error: unknown name 'agrement'")
    assert lines[1].startswith(f"{path}:4: error: style 'Nope'")
    assert lines[-1] == "1 layout checked: 2 errors, 0 warnings"


def test_cli_check_warnings_fail_only_when_strict(runner: CliRunner, tmp_path: Path) -> None:
    path = layout(tmp_path / "council", '{{ _("Our own words") }}')
    args = ["templates", "check", str(tmp_path / "council")]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert f"{path}:3: warning: 'Our own words' is not in the Welsh (cy) catalogs" in result.stdout
    assert runner.invoke(main, [*args, "--strict"]).exit_code == 1
    assert runner.invoke(main, [*args, "--strict", "--language", "en"]).exit_code == 0


def test_cli_check_json(runner: CliRunner, tmp_path: Path) -> None:
    path = layout(tmp_path / "council", "{{ nope }}")
    result = runner.invoke(main, ["templates", "check", "--format", "json", str(path.parent)])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    [problem] = payload["problems"]
    assert (problem["file"], problem["line"], problem["code"]) == (
        str(path),
        3,
        "SP-TEMPLATE-UNKNOWN-NAME",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["templates", "check"],
        ["templates", "check", "/no/such/folder"],
        ["templates", "check", "--language", "fr", "."],
        ["templates", "init"],
        ["templates", "init", "x", "--nation", "france"],
        ["templates", "nonsense"],
    ],
)
def test_cli_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    assert runner.invoke(main, args).exit_code == 2


def test_cli_context_prints_the_reference(runner: CliRunner) -> None:
    result = runner.invoke(main, ["templates", "context"])
    assert result.exit_code == 0
    assert result.stdout == context_markdown()


# --- the documented context ---------------------------------------------------------------------


def test_the_committed_context_reference_is_what_the_code_produces() -> None:
    committed = (ROOT / "docs" / "template-context.md").read_text(encoding="utf-8")
    assert committed == context_markdown(), (
        "docs/template-context.md is out of date: "
        "safeplan templates context > docs/template-context.md"
    )


def test_every_name_the_builtin_layouts_use_is_documented() -> None:
    env = _environment(())
    functions = {f.name for f in FUNCTIONS} | set(env.globals)
    for name, documented in LAYOUT_CONTEXTS.items():
        tree = env.parse((BUILTIN / name).read_text(encoding="utf-8"))
        # Names the layout sets itself reach its blocks through the context, so jinja counts
        # them as undeclared; they are not the renderer's.
        used = jinja2.meta.find_undeclared_variables(tree) - _declared(tree)
        missing = used - {n.name for n in documented} - functions
        assert not missing, f"{name} uses names not in _layout/docs.py: {sorted(missing)}"


def test_the_renderer_passes_exactly_the_documented_names() -> None:
    seen: dict[CopyKind, set[str]] = {}

    class Capturing(Renderer):
        def _markup(self, context, copy, language, *rest):  # type: ignore[no-untyped-def]
            seen.setdefault(copy.kind, set()).update(context)
            return super()._markup(context, copy, language, *rest)

    renderer = Capturing()
    for copy in renderer.copies(example_agreement()):
        renderer.render(example_agreement(), copy)
    agreement_names = {n.name for n in AGREEMENT_CONTEXT}
    assert seen[CopyKind.ADULT] == agreement_names
    assert seen[CopyKind.PROFESSIONAL] == agreement_names
    assert seen[CopyKind.CHILD] == {n.name for n in CHILD_CONTEXT}


def test_the_documented_filters_are_safeplans_filters() -> None:
    env = _environment(())
    own = set(env.filters) - set(jinja2.Environment().filters)
    assert own == {f.name for f in FILTERS}


def test_the_reference_documents_every_field_of_the_agreement() -> None:
    text = context_markdown()
    for field in attrs.fields(safeplan.WrittenAgreement):
        assert f"| `{field.name}` |" in text
    assert "### ChildView" in text and "### CheckInView" in text
    assert re.search(r"\| `date` \| filter", text)


def test_the_api_is_exported() -> None:
    assert {"check_templates", "init_templates"} <= set(safeplan.__all__)
