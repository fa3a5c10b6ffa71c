"""A copy in a family's language is in their language (issue 16): case text translated, check
and render agreeing about it, right-to-left text that reads right, whole phrases in the
catalogs, and council languages. Every test reads the produced DOCX (or its PDF) back."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po
from lxml import etree

import safeplan
from safeplan import Renderer
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


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
    """(text, language, right-to-left) of every run with text, bidi controls taken out."""
    out = []
    for r in body(data).iter(f"{W}r"):
        text = "".join(t.text or "" for t in r.iter(f"{W}t")).translate(BIDI_CONTROLS)
        if not text.strip():
            continue
        lang = r.find(f"{W}rPr/{W}lang")
        rtl = r.find(f"{W}rPr/{W}rtl") is not None
        value = None
        if lang is not None:
            value = lang.get(f"{W}bidi") if rtl and lang.get(f"{W}bidi") else lang.get(f"{W}val")
        out.append((text, value, rtl))
    return out


def paragraphs(data: bytes) -> list[str]:
    return [
        "".join(t.text or "" for t in p.iter(f"{W}t")).translate(BIDI_CONTROLS)
        for p in body(data).iter(f"{W}p")
    ]


# Words that every English sentence uses and no Welsh or Urdu one does.
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "will",
        "is",
        "are",
        "to",
        "of",
        "with",
        "when",
        "she",
        "he",
        "they",
        "her",
        "his",
        "their",
        "this",
        "that",
        "what",
        "who",
    ]
)


def english_sentence(text: str) -> bool:
    words = set(re.findall(r"[A-Za-z']+", text.lower()))
    return len(words & _ENGLISH) >= 2


def welsh_case(**changes: Any) -> safeplan.WrittenAgreement:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["people"][0]["preferred_language"] = "cy-GB"
    data.update(changes)
    return safeplan.from_dict(data)


# --- What was seen: only the fixed layout wording is translated -------------------------------


def test_the_welsh_example_s_welsh_copy_holds_no_english_sentence(renderer: Renderer) -> None:
    jones = safeplan.load(EXAMPLES / "jones-unborn-wales.yaml")
    for recipient in ("cerys", "gwyn"):
        out = renderer.render(jones, recipient)
        every = runs(out)
        assert every
        english = [(text, lang) for text, lang, _ in every if english_sentence(text)]
        assert english == [], (recipient, english[:5])
        # Every run is Welsh, but for quoted originals with no translation (none here).
        assert {lang for _, lang, _ in every} == {"cy-GB"}, recipient


def test_check_names_each_field_a_copy_would_print_untranslated() -> None:
    agreement = welsh_case()
    found = [p for p in safeplan.check(agreement) if p.code == "SP-TRANSLATION-MISSING"]
    paths = {p.path for p in found}
    assert "$.concerns[0].text" in paths
    assert "$.expectations[0].what" in paths
    assert all(p.severity is safeplan.Severity.WARNING for p in found)
    # The message names the field, the language and the copy, never the text or a name.
    concern = agreement.concerns[0].text
    for p in found:
        assert "Welsh" in p.message and "$.recipients[" in p.message
        assert concern not in p.message and "Alex" not in p.message


def test_check_and_render_report_the_same_translation_findings() -> None:
    agreement = welsh_case()
    checked = {(p.code, p.path) for p in safeplan.check(agreement) if "TRANSLATION" in p.code}
    rendered = {(p.code, p.path) for p in Renderer().findings(agreement) if "TRANSLATION" in p.code}
    assert ("SP-TRANSLATION-UNREVIEWED", "$.recipients") in checked
    assert checked == rendered


def test_check_strict_refuses_a_case_whose_welsh_copy_prints_english(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from safeplan.cli import main

    path = tmp_path / "case.json"
    path.write_text(safeplan.dumps(welsh_case()), "utf-8")
    done = CliRunner().invoke(main, ["check", "--strict", str(path)])
    assert done.exit_code == 1, done.output
    assert "SP-TRANSLATION-MISSING" in done.output


# --- What was seen: mixed right-to-left and left-to-right text is scrambled -------------------


def _needs(found: object, what: str) -> None:
    """LibreOffice, poppler and the Urdu font are installed by .ci/run: a missing one fails
    in CI, and skips elsewhere (as the other LibreOffice tests do)."""
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is required in CI (.ci/run installs it)")
        pytest.skip(f"{what} is not installed")


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    _needs(found, "LibreOffice (libreoffice-writer-nogui)")
    _needs(shutil.which("pdftotext") and shutil.which("pdffonts"), "poppler-utils")
    assert found is not None
    return found


def to_pdf(data: bytes, tmp_path: Path, name: str) -> Path:
    docx_path = tmp_path / f"{name}.docx"
    docx_path.write_bytes(data)
    done = subprocess.run(
        [
            _soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / f"{name}.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    return pdf


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.translate(BIDI_CONTROLS)


@pytest.fixture(scope="module")
def urdu_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, str, Path]:
    """Shabana's copy of the Urdu example, as LibreOffice prints it."""
    ahmed = safeplan.load(EXAMPLES / "ahmed-pre-proceedings-england.yaml")
    out = Renderer().render(ahmed, "shabana")
    pdf = to_pdf(out, tmp_path_factory.mktemp("urdu"), "shabana")
    return out, pdf_text(pdf), pdf


def test_the_urdu_copy_keeps_her_address_and_numbers_in_order(
    urdu_pdf: tuple[bytes, str, Path],
) -> None:
    _, text, _ = urdu_pdf
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flowing = " ".join(lines)
    # The address reads in its own order; its table cell wraps the postcode's second half
    # onto the next line (pdftotext reads a table row by row, so it comes after the address).
    whole = "48 Hollin Road, Westmere NX12 9PE"
    first = next((i for i, line in enumerate(lines) if "Hollin" in line), None)
    assert first is not None
    assert whole in lines[first] or (
        lines[first].endswith("48 Hollin Road, Westmere NX12")
        and any(line == "9PE" for line in lines[first + 1 : first + 6])
    ), lines[first : first + 6]
    assert "Hollin Road, Westmere NX12 48" not in flowing
    for number in ("07700 900 277", "0113 496 0412", "0808 802 4040"):
        assert any(number in line for line in lines), number
        reversed_groups = " ".join(reversed(number.split()))
        assert reversed_groups not in flowing, number


def test_quoted_words_in_the_urdu_copy_have_mirrored_quotation_marks(
    urdu_pdf: tuple[bytes, str, Path],
) -> None:
    out, _, _ = urdu_pdf
    said = [p for p in paragraphs(out) if p.startswith("Shabana Ahmed:")]
    # The catalog's whole phrase: in right-to-left text the opening mark is ” and the closing
    # one “, so they face the words on the page.
    assert said and re.fullmatch("Shabana Ahmed: ”[^“”]+“", said[0]), said


def test_the_urdu_copy_s_sentences_end_with_their_full_stop(
    urdu_pdf: tuple[bytes, str, Path],
) -> None:
    _, text, _ = urdu_pdf
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    urdu = [line for line in lines if re.search("[\u0600-\u06ff]", line)]
    assert urdu
    # The Urdu full stop ends its sentence: never at the start of a line, as when a full stop
    # is given the wrong direction.
    assert not [line for line in urdu if line.startswith(("\u06d4", "."))], urdu[:5]
    # "This copy is for Shabana Ahmed.": her name (Latin) inside the Urdu sentence, where the
    # sentence puts it, and the full stop at the end (pdftotext splits Nastaliq into pieces,
    # so spaces are left out of the comparison).
    compact = ["".join(line.split()) for line in urdu]
    assert "یہکاپیShabanaAhmedکےلیےہے۔" in compact, [c for c in compact if "Shabana" in c][:5]


def test_english_sentences_in_an_urdu_copy_keep_their_full_stops(tmp_path: Path) -> None:
    data = example_data()
    data["people"][0]["preferred_language"] = "ur-GB"
    out = Renderer().render(safeplan.from_dict(data), "mum")
    text = pdf_text(to_pdf(out, tmp_path, "mum"))
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    # No line of English case text starts with its own full stop or closing quotation mark.
    latin = [line for line in lines if re.search("[A-Za-z]{3}", line)]
    assert latin
    assert not [line for line in latin if re.match(r"^[.”]", line)], latin
    concern = "On 1 October 2026 Jordan hit Alex in the kitchen while Sam was at home."
    assert any(concern in line for line in lines) or concern.replace(".", "") in text


def test_an_english_sentence_in_an_rtl_paragraph_is_one_left_to_right_run() -> None:
    data = example_data()
    data["people"][0]["preferred_language"] = "ur-GB"
    out = Renderer().render(safeplan.from_dict(data), "mum")
    concern = "On 1 October 2026 Jordan hit Alex in the kitchen while Sam was at home."
    found = [(text, lang, rtl) for text, lang, rtl in runs(out) if "Jordan hit Alex" in text]
    assert found == [(concern, "en-GB", False)], found


# --- What was seen: Urdu letters are missing --------------------------------------------------


def test_the_urdu_copy_declares_a_font_with_urdu_letters(urdu_pdf: tuple[bytes, str, Path]) -> None:
    out, text, pdf = urdu_pdf
    styles = part(out, "word/styles.xml")
    cs = re.search(r'<w:rPrDefault><w:rPr><w:rFonts [^>]*w:cs="([^"]+)"', styles)
    assert cs is not None and cs.group(1) != "Arial", cs
    family = cs.group(1)
    table = part(out, "word/fontTable.xml")
    assert f'w:name="{family}"' in table
    # The declared font has every Urdu letter the copy uses.
    letters = sorted({ch for ch in text if "\u0600" <= ch <= "\u06ff"})
    assert {"\u06c1", "\u06d2", "\u06d4"} <= set(letters)  # ہ ے ۔
    charset = " ".join(f"{ord(ch):x}" for ch in letters)
    covered = subprocess.run(
        ["fc-list", f"{family}:charset={charset}", "family"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    _needs(family in covered, f"the font {family} (fonts-noto-core)")
    # LibreOffice drew every Urdu letter with that font: no fallback font was needed.
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    names = [line.split()[0].split("+")[-1] for line in fonts.stdout.splitlines()[2:]]
    compact = family.replace(" ", "")
    assert any(n.startswith(compact) for n in names), names
    # Each piece of text with an Urdu letter in it is drawn with that font (signature lines,
    # drawn with underscores, and tick boxes may come from another font: they have no letters).
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    families = dict(re.findall(r'<fontspec id="(\d+)" size="[^"]*" family="([^"]*)"', xml))
    drawn = re.findall(r'<text [^>]*font="(\d+)"[^>]*>(.*?)</text>', xml)
    urdu_in = {families[f].split("+")[-1] for f, t in drawn if re.search("[\u0600-\u06ff]", t)}
    assert urdu_in, drawn[:5]
    assert all(n.replace(" ", "").startswith(compact) for n in urdu_in), urdu_in


# --- What was seen: Welsh mutation ------------------------------------------------------------


def test_welsh_joins_categories_with_the_aspirate_mutation(renderer: Renderer) -> None:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["plan"]["categories"] = ["emotional", "financial"]
    data["people"][0]["preferred_language"] = "cy-GB"
    text = "\n".join(paragraphs(renderer.render(safeplan.from_dict(data), "mum")))
    assert "cam-drin emosiynol a cham-drin ariannol" in text
    assert "a cam-drin" not in text


# --- What was seen: a council cannot add a language --------------------------------------------


def test_a_council_folder_can_add_a_language(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    target = folder / "locales" / "so" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (ROOT / "src" / "safeplan" / "locales" / "messages.pot").open("rb") as fh:
        pot = read_po(fh)
    # A Somali catalog in which every string is "[so] ..." (a stand-in for a translation).
    for m in pot:
        if m.id:
            m.string = (
                tuple(f"[so] {m.id[0]}" for _ in range(2))
                if isinstance(m.id, tuple)
                else f"[so] {m.id}"
            )
    pot.locale = Locale.parse("so")
    with (target / "messages.po").open("wb") as fh:
        write_po(fh, pot)
    data = example_data()
    data["people"][0]["preferred_language"] = "so"
    agreement = safeplan.from_dict(data)
    done = Renderer(safeplan.RenderConfig(templates=[folder])).render(agreement, "mum")
    assert any(lang == "so" for _, lang, _ in runs(done))
    assert any(t.startswith("[so] ") for t in paragraphs(done))


# --- translations are withheld as their originals are, and searched for leaks -----------------


def _welsh_for_everyone() -> dict[str, Any]:
    data = example_data()
    data["plan"]["nation"] = "wales"
    for person in data["people"]:
        person["preferred_language"] = "cy-GB"
    return data


def test_translations_are_withheld_exactly_as_their_originals(renderer: Renderer) -> None:
    data = _welsh_for_everyone()
    data["concerns"].append(
        {
            "text": "Alex told Robin that she is frightened.",
            "withheld_from": ["person-causing-harm"],
            "translations": {"cy": {"text": "Dywedodd Alex wrth Robin ei bod hi'n ofnus."}},
        }
    )
    # The support offered with the adult at risk's own expectation is kept from him (a field).
    data["expectations"].append(
        {
            "who": "mum",
            "what": "Alex will see her GP about sleeping.",
            "when": "By 1 December 2026",
            "checked_by": "sw",
            "how_checked": "Robin asks Alex.",
            "support": "Robin will go with Alex.",
            "translations": {
                "cy": {
                    "what": "Bydd Alex yn gweld ei meddyg teulu am gysgu.",
                    "support": "Bydd Robin yn mynd gydag Alex.",
                }
            },
        }
    )
    agreement = safeplan.from_dict(data)
    his = "\n".join(paragraphs(renderer.render(agreement, "dad")))
    hers = "\n".join(paragraphs(renderer.render(agreement, "mum")))
    assert "ei bod hi'n ofnus" in hers and "ei bod hi'n ofnus" not in his
    assert "Bydd Robin yn mynd gydag Alex." in hers
    assert "Bydd Robin yn mynd gydag Alex." not in his
    assert "frightened" not in his and "Robin will go with Alex" not in his


@pytest.mark.usefixtures("no_detector")
@pytest.mark.parametrize("his_language", ["en-GB", "cy-GB"])
def test_her_address_typed_in_a_welsh_translation_refuses_his_copy(
    renderer: Renderer, his_language: str
) -> None:
    data = _welsh_for_everyone()
    data["people"][1]["preferred_language"] = his_language
    data["concerns"][0]["translations"] = {
        "cy": {"text": "Mae Alex yn byw yn Flat 2, 9 Birch Rd, Northtown NX1 2AB nawr."}
    }
    agreement = safeplan.from_dict(data)
    with pytest.raises(safeplan.ConfidentialLeakError) as err:
        renderer.render(agreement, "dad")
    assert err.value.path == "$.concerns[0].translations.cy.text"
    assert "Birch" not in str(err.value)
    assert renderer.render(agreement, "mum")  # her own copy may carry it
    # check refuses the case just as render does.
    assert "SP-COPY-LEAK" in [p.code for p in renderer.problems(agreement)]


def test_a_bilingual_copy_prints_each_language_s_words(renderer: Renderer) -> None:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["recipients"][0]["language"] = "bilingual"
    data["concerns"][0]["translations"] = {"cy": {"text": "Ar 1 Hydref 2026 trawodd Jordan Alex."}}
    out = renderer.render(safeplan.from_dict(data), "mum")
    found = {(text, lang) for text, lang, _ in runs(out) if "Jordan" in text and "2026" in text}
    assert ("Ar 1 Hydref 2026 trawodd Jordan Alex.", "cy-GB") in found
    english = "On 1 October 2026 Jordan hit Alex in the kitchen while Sam was at home."
    assert (english, "en-GB") in found
    assert len([t for t, _ in found if t == english]) == 1  # only in the English half


def test_quoted_words_with_no_translation_stay_as_said_tagged_as_said(renderer: Renderer) -> None:
    data = _welsh_for_everyone()
    out = renderer.render(safeplan.from_dict(data), "mum")
    said = [(text, lang) for text, lang, _ in runs(out) if "solicitor first" in text]
    assert said == [("I want to talk to a solicitor first.", "en-GB")]


# --- council languages ---------------------------------------------------------------------


def _po(path: Path, lang: str, entries: dict[str, str], *, fuzzy: set[str] = frozenset()) -> None:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale=lang)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags={"fuzzy"} if msgid in fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog)


def test_a_council_catalog_overrides_safeplan_s_wording(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    _po(
        folder / "locales" / "cy" / "LC_MESSAGES" / "council.po",
        "cy",
        {"Why we are worried": "Pam mae pryder gennym ni"},
    )
    config = safeplan.RenderConfig(templates=[folder])
    agreement = welsh_case()
    text = "\n".join(paragraphs(Renderer(config).render(agreement, "mum")))
    assert "Pam mae pryder gennym ni" in text
    assert "Pam rydyn ni'n poeni" not in text
    # The rest is still safeplan's draft: the copy still says it awaits review.
    codes = [p.code for p in safeplan.check(agreement, templates=[folder])]
    assert "SP-TRANSLATION-UNREVIEWED" in codes


def test_templates_check_reports_untranslated_and_fuzzy_strings_per_language(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "council"
    (folder / "agreement.xml.j2").parent.mkdir(parents=True)
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}\n'
        '{% block support %}{{ super() }}<p>{{ _("Our local helpline") }}</p>{% endblock %}\n',
        "utf-8",
    )
    _po(
        folder / "locales" / "cy" / "LC_MESSAGES" / "council.po",
        "cy",
        {"Our local helpline": "Ein llinell gymorth leol", "Why we are worried": ""},
    )
    _po(
        folder / "locales" / "pa" / "LC_MESSAGES" / "messages.po",
        "pa",
        {"Written agreement": "ਲਿਖਤੀ ਸਮਝੌਤਾ", "Why we are worried": "ਸਾਨੂੰ ਚਿੰਤਾ ਕਿਉਂ ਹੈ"},
        fuzzy={"Why we are worried"},
    )
    found = safeplan.check_templates([folder], languages=["cy", "pa"])
    by_code = {(p.code, p.path.rsplit("/", 3)[-3], p.severity.value) for p in found}
    assert ("SP-TEMPLATE-TRANSLATION-MISSING", "cy", "warning") in by_code
    assert ("SP-TEMPLATE-TRANSLATION-FUZZY", "pa", "warning") in by_code
    # Punjabi has no catalog in safeplan: the folder's must be complete, or no copy renders.
    assert ("SP-TEMPLATE-CATALOG-INCOMPLETE", "pa", "refusal") in by_code
    # The council's own string is in its Welsh catalog: no warning about it for Welsh.
    layout_warnings = [p for p in found if p.path.startswith(str(folder / "agreement.xml.j2"))]
    assert not [p for p in layout_warnings if "(cy)" in p.message]
    assert [p for p in layout_warnings if "(pa)" in p.message]
    for p in found:
        if p.code.startswith("SP-TEMPLATE-TRANSLATION"):
            assert re.search(r":\d+$", p.path), p.path  # file and line


def test_a_language_with_no_catalog_anywhere_is_still_an_error(tmp_path: Path) -> None:
    data = example_data()
    data["people"][0]["preferred_language"] = "ro"
    agreement = safeplan.from_dict(data)
    folder = tmp_path / "council"
    _po(folder / "locales" / "cy" / "LC_MESSAGES" / "council.po", "cy", {"Name": "Enw"})
    with pytest.raises(safeplan.RenderError, match="no translation of the layouts for"):
        Renderer(safeplan.RenderConfig(templates=[folder])).render(agreement, "mum")


def test_a_council_catalog_that_leads_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.po"
    _po(outside, "cy", {"Why we are worried": "Y tu allan"})
    folder = tmp_path / "council"
    target = folder / "locales" / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").symlink_to(outside)
    with pytest.raises(safeplan.TemplateError, match="leads outside"):
        Renderer(safeplan.RenderConfig(templates=[folder])).render(welsh_case(), "mum")


# --- Polish: a left-to-right language with three plural forms -----------------------------------


def _children(count: int) -> dict[str, Any]:
    data = example_data()
    data["people"][0]["preferred_language"] = "pl-PL"
    first = data["children"][0]
    data["children"] = [
        {**first, "id": f"c{i}", "name": f"Child {i} Carter"} if i else first for i in range(count)
    ]
    data["recipients"] = [r for r in data["recipients"] if r["copy"] != "child"]
    data["safety_plans"] = []
    return data


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "obejmuje jedną osobę:"),  # one
        (2, "obejmuje 2 osoby:"),  # few
        (5, "obejmuje 5 osób:"),  # many
        (22, "obejmuje 22 osoby:"),  # few again (22, not 12)
    ],
)
def test_a_polish_copy_uses_polish_plural_forms(
    renderer: Renderer, count: int, expected: str
) -> None:
    agreement = safeplan.from_dict(_children(count))
    out = renderer.render(agreement, "mum")
    text = "\n".join(paragraphs(out))
    assert expected in text, [t for t in paragraphs(out) if "obejmuje" in t]
    others = {
        "obejmuje jedną osobę:",
        "obejmuje 2 osoby:",
        "obejmuje 5 osób:",
        "obejmuje 22 osoby:",
    }
    assert not [o for o in others - {expected} if o in text]
    assert "Pisemne porozumienie" in text and "Written agreement" not in text
    assert {lang for _, lang, _ in runs(out)} >= {"pl-PL"}
    codes = [p.code for p in safeplan.check(agreement)]
    assert "SP-TRANSLATION-UNREVIEWED" in codes  # a draft, awaiting a qualified translator
    assert "SP-TRANSLATION-MISSING" in codes  # the case text is English


def test_english_has_the_singular_for_one_child(renderer: Renderer) -> None:
    data = _children(1)
    data["people"][0]["preferred_language"] = "en-GB"
    text = "\n".join(paragraphs(renderer.render(safeplan.from_dict(data), "mum")))
    assert "Sam Carter is on a child protection plan." in text


def test_a_child_s_copy_prints_the_plan_s_translation(renderer: Renderer) -> None:
    data = example_data()
    data["plan"]["nation"] = "wales"
    data["children"][0]["preferred_language"] = "cy-GB"
    plan = data["safety_plans"][0]
    plan["translations"] = {
        "cy": {
            "explanation": "Mae'r oedolion yn helpu i dy gadw di'n ddiogel.",
            "safe_places": [f"Lle diogel {i}" for i, _ in enumerate(plan["safe_places"])],
        }
    }
    out = renderer.render(safeplan.from_dict(data), "sam")
    found = runs(out)
    assert ("Mae'r oedolion yn helpu i dy gadw di'n ddiogel.", "cy-GB", False) in found
    assert ("Lle diogel 0", "cy-GB", False) in found
    # What has no Welsh yet is printed as written, tagged English.
    if plan.get("what_to_do"):
        assert any(text == plan["what_to_do"][0] and lang == "en-GB" for text, lang, _ in found)


# --- What an agency cannot do, in the family's language ----------------------------------------


def test_an_agencys_limitations_are_printed_in_welsh_when_translated_and_flagged_when_not(
    renderer: Renderer,
) -> None:
    data = safeplan.dump(safeplan.load(EXAMPLES / "jones-unborn-wales.yaml"))
    police = next(g for g in data["agencies"] if g["id"] == "police")
    police["limitations"] = ["The police cannot watch the house all the time."]
    untranslated = safeplan.from_dict(data)
    missing = [p.path for p in safeplan.check(untranslated) if p.code == "SP-TRANSLATION-MISSING"]
    index = data["agencies"].index(police)
    assert missing == [f"$.agencies[{index}].limitations"]

    welsh = "Dydy'r heddlu ddim yn gallu gwylio'r tŷ drwy'r amser."
    police["translations"] = {
        "cy": {**police.get("translations", {}).get("cy", {}), "limitations": [welsh]}
    }
    agreement = safeplan.from_dict(data)
    assert not [p for p in safeplan.check(agreement) if p.code == "SP-TRANSLATION-MISSING"]
    cerys = [(t, lang) for t, lang, _ in runs(renderer.render(agreement, "cerys"))]
    text = "".join(t for t, _ in cerys)
    assert welsh in text
    assert "watch the house" not in text
    assert all(lang and lang.startswith("cy") for t, lang in cerys if "gwylio" in t)
