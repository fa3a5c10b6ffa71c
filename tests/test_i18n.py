"""Welsh, bilingual and right-to-left copies, read back from the DOCX."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po
from lxml import etree

import safeplan
from safeplan import Renderer
from safeplan.model import CopyKind
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "safeplan" / "locales"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def runs(data: bytes) -> list[tuple[str, str | None, bool]]:
    """(text, language, right-to-left) of every run with text."""
    out = []
    for r in body(data).iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t")).translate(
            dict.fromkeys(map(ord, "\u200e\u200f"))
        )
        if not text.strip():
            continue
        lang = r.find(f"{W}rPr/{W}lang")
        value = None
        if lang is not None:
            value = lang.get(f"{W}bidi") or lang.get(f"{W}val")
        out.append((text, value, r.find(f"{W}rPr/{W}rtl") is not None))
    return out


def text_of(data: bytes) -> str:
    """The text of every paragraph, without the invisible direction marks (LRM, RLM) the writer
    puts around text of the other direction than its paragraph."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")
    ).translate(dict.fromkeys(map(ord, "\u200e\u200f")))


def welsh_case(**recipient: str) -> safeplan.WrittenAgreement:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["recipients"][0] = {"person": "mum", "copy": "adult", **recipient}
    return safeplan.from_dict(data)


# --- catalogs -----------------------------------------------------------------------------


def _pybabel() -> list[str]:
    beside = Path(sys.executable).parent / "pybabel"
    return [str(beside)] if beside.exists() else [shutil.which("pybabel") or "pybabel"]


def test_catalog_template_is_up_to_date_and_extraction_works(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    done = subprocess.run(
        [
            *_pybabel(),
            "extract",
            "-F",
            "pyproject.toml",
            "-o",
            str(fresh),
            "--no-location",
            "--sort-output",
            "--omit-header",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # silent = false: a broken layout fails here

    def ids(path: Path) -> set[str]:
        with path.open("rb") as fh:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}

    assert ids(fresh) == ids(LOCALES / "messages.pot"), (
        "run: pybabel extract -F pyproject.toml -o src/safeplan/locales/messages.pot "
        "--no-location --sort-output ."
    )


@pytest.mark.parametrize("lang", ["cy", "ur", "pl"])
def test_every_catalog_is_current_and_complete(lang: str) -> None:
    done = subprocess.run(
        [
            *_pybabel(),
            "update",
            "--check",
            "--ignore-pot-creation-date",
            "--no-fuzzy-matching",
            "-i",
            str(LOCALES / "messages.pot"),
            "-d",
            str(LOCALES),
            "-l",
            lang,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        po = read_po(fh)
    for m in po:
        if not m.id:
            continue
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        assert all(strings), m.id
        assert not m.fuzzy, m.id


# --- which language each copy is in ---------------------------------------------------------


def test_a_language_with_no_catalog_is_an_error_never_silent_english(renderer: Renderer) -> None:
    data = example_data()
    data["people"][0]["preferred_language"] = "ro-RO"
    agreement = safeplan.from_dict(data)
    with pytest.raises(
        safeplan.RenderError, match="no translation of the layouts for the language 'ro'"
    ):
        renderer.render(agreement, "mum")
    assert renderer.render(agreement, "dad")  # the others still render


def test_a_welsh_copy_is_in_welsh_with_welsh_tags_and_dates(renderer: Renderer) -> None:
    data = renderer.render(welsh_case(language="cy-GB"), "mum")
    text = text_of(data)
    assert "Cytundeb ysgrifenedig" in text or "cytundeb" in text.lower()
    assert "Ionawr" in text  # 28 January 2027 in Welsh
    assert "January" not in text
    tags = {lang for _, lang, _ in runs(data)}
    assert "cy-GB" in tags
    assert 'w:val="cy-GB"' in part(data, "word/styles.xml")
    assert "<dc:language>cy-GB</dc:language>" in part(data, "docProps/core.xml")


def test_english_case_text_in_a_welsh_copy_is_tagged_english(renderer: Renderer) -> None:
    data = renderer.render(welsh_case(language="cy-GB"), "mum")
    concern = "On 1 October 2026 Jordan hit Alex in the kitchen while Sam was at home."
    tagged = [lang for text, lang, _ in runs(data) if text == concern]
    assert tagged == ["en-GB"]


def test_unknown_preference_in_wales_gives_a_bilingual_copy_welsh_first(
    renderer: Renderer,
) -> None:
    data = example_data()
    data["plan"]["nation"] = "wales"
    for person in data["people"]:
        person.pop("preferred_language", None)
    agreement = safeplan.from_dict(data)
    copy = next(c for c in renderer.copies(agreement) if c.recipient == "mum")
    assert copy.languages == ("cy-GB", "en-GB")
    out = renderer.render(agreement, copy)
    document = docx.Document(io.BytesIO(out))
    headings = [
        (p.style.name, "".join(r.text for r in p.runs))
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading 1")
    ]
    english = [t for _, t in headings if t == "Why we are worried"]
    assert english, "both languages present"
    # Same structure and prominence: as many Welsh level-1 headings as English ones, alternating.
    assert len(headings) % 2 == 0
    first_english = [t for _, t in headings].index("What this document is")
    assert first_english % 2 == 1  # Welsh comes first in each pair
    langs = [lang for _, lang, _ in runs(out)]
    assert "cy-GB" in langs and "en-GB" in langs
    # Never mixed within a block: every paragraph's fixed text runs share one language.
    for p in body(out).iter(f"{W}p"):
        values = {(lang.get(f"{W}val")) for lang in p.iter(f"{W}lang")}
        assert len(values) <= 2  # its language, and at most case text tagged as written


def test_english_first_profile_puts_english_first(renderer: Renderer, tmp_path: Path) -> None:
    council = tmp_path / "council.yaml"
    council.write_text("extends: wales\nname: council\nlanguage_order: english-first\n", "utf-8")
    agreement = welsh_case(language="bilingual")
    out = Renderer(safeplan.RenderConfig(profile=str(council))).render(agreement, "mum")
    first = next(p for p in docx.Document(io.BytesIO(out)).paragraphs if p.text.strip())
    assert first.text == "Written agreement"


def test_urdu_copy_is_right_to_left_with_latin_names_kept_in_order(renderer: Renderer) -> None:
    data = example_data()
    data["people"][0]["preferred_language"] = "ur-GB"
    agreement = safeplan.from_dict(data)
    out = renderer.render(agreement, "mum")
    tree = body(out)
    paragraphs = list(tree.iter(f"{W}p"))
    bidi = [p for p in paragraphs if p.find(f"{W}pPr/{W}bidi") is not None]
    assert len(bidi) > len(paragraphs) / 2
    assert tree.find(f".//{W}sectPr/{W}bidi") is not None
    all_runs = runs(out)
    urdu = [r for r in all_runs if any("\u0600" <= ch <= "\u06ff" for ch in r[0])]
    assert urdu and all(rtl for _, _, rtl in urdu)
    assert any(lang == "ur-GB" for _, lang, _ in urdu)
    # A Latin name inside right-to-left text is its own left-to-right run, in reading order.
    names = [text for text, _, rtl in all_runs if "Alex Carter" in text and not rtl]
    assert names


def test_childrens_copies_are_translated_too(renderer: Renderer) -> None:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["children"][0]["preferred_language"] = "cy-GB"
    out = renderer.render(safeplan.from_dict(data), "sam")
    text = text_of(out)
    assert "My safety plan" not in text
    assert "0800 1111" in text
    assert "cy-GB" in {lang for _, lang, _ in runs(out)}
    urdu = example_data()
    urdu["children"][0]["preferred_language"] = "ur-GB"
    out = renderer.render(safeplan.from_dict(urdu), "sam")
    assert body(out).find(f".//{W}pPr/{W}bidi") is not None


def test_a_draft_translation_gives_a_finding(renderer: Renderer) -> None:
    agreement = welsh_case(language="cy-GB")
    codes = [p.code for p in renderer.findings(agreement)]
    assert "SP-TRANSLATION-UNREVIEWED" in codes
    english = safeplan.from_dict(example_data())
    assert "SP-TRANSLATION-UNREVIEWED" not in [p.code for p in renderer.findings(english)]


def test_every_example_renders_in_its_recipients_languages(renderer: Renderer) -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        agreement = safeplan.load(path)
        for copy in renderer.copies(agreement):
            out = renderer.render(agreement, copy)
            if copy.kind is not CopyKind.PROFESSIONAL:
                assert copy.language in {lang for _, lang, _ in runs(out)} or copy.bilingual


def test_helplines_are_in_the_copys_language_when_the_profile_has_them(
    renderer: Renderer,
) -> None:
    out = renderer.render(welsh_case(language="cy-GB"), "mum")
    text = text_of(out)
    assert "Llinell Gymorth Byw Heb Ofn" in text
    assert "999, yna pwyso 55" in text
    assert "Free and confidential help" not in text  # no English helpline text in a Welsh copy
    data = example_data()
    data["people"][0]["preferred_language"] = "ur-GB"
    urdu = text_of(renderer.render(safeplan.from_dict(data), "mum"))
    assert "999، پھر 55 دبائیں" in urdu


def test_a_childs_plan_written_in_welsh_gives_an_all_welsh_copy(renderer: Renderer) -> None:
    jones = safeplan.load(ROOT / "examples" / "jones-unborn-wales.yaml")
    out = renderer.render(jones, "osian")
    langs = {lang for _, lang, _ in runs(out)}
    assert langs == {"cy-GB"}, langs  # no English anywhere: not the plan, not a helpline
    text = text_of(out)
    assert "Gwnaeth Rhys frifo Mam" in text
    assert "Tŷ Taid" in text
