"""A translator's round trip (issue 16): a case's text out as a PO catalog, translated, and back
into the case file; a catalog for another case, version or language, or one tampered with, is
refused. The catalogs are real PO files, read and written with babel as a CAT tool would."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

import safeplan
from safeplan.cli import main
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def translate(po_bytes: bytes, prefix: str, *, skip: frozenset[str] = frozenset()) -> bytes:
    """What a translator does in a CAT tool: fill every msgstr (here with a marked copy of the
    source), keeping the headers, contexts and notes. babel drops X- headers on write, as
    some tools do not; they are put back the way a tool that keeps them writes them."""
    po = read_po(io.BytesIO(po_bytes))
    for m in po:
        if m.id and m.context not in skip:
            m.string = f"{prefix} {m.id}"
    out = io.BytesIO()
    write_po(out, po, width=76)
    text = out.getvalue().decode("utf-8")
    kept = re.findall(r'^"X-Safeplan-[^\n]*\n', po_bytes.decode("utf-8"), re.MULTILINE)
    head, sep, rest = text.partition('"Generated-By:')
    if "X-Safeplan-Case" not in text:
        text = head + "".join(kept) + sep + rest
    return text.encode("utf-8")


def entries(po_bytes: bytes) -> list[tuple[str, str]]:
    return [(m.context or "", m.id) for m in read_po(io.BytesIO(po_bytes)) if m.id]


def body_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def languages_of(agreement: safeplan.WrittenAgreement) -> set[str]:
    found = set()
    for copy in safeplan.Renderer().copies(agreement):
        found |= {lang.split("-")[0] for lang in copy.languages}
    return found - {"en"} or {"cy"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_round_trip_works_on_every_example(path: Path, tmp_path: Path) -> None:
    case = tmp_path / path.name
    shutil.copy(path, case)
    agreement = safeplan.load(case)
    for lang in sorted(languages_of(agreement)):
        exported = safeplan.export_translations(agreement, lang, everything=True)
        found = entries(exported)
        assert found, lang
        done = translate(exported, f"[{lang}]")
        report = safeplan.import_translations(case, done)
        assert report.language == lang
        assert not report.stale and not report.extra
        assert len(report.imported) == len(found) - len(report.missing)
        again = safeplan.load(case)
        # Every field now has a translation, so nothing is left to export.
        assert entries(safeplan.export_translations(again, lang)) == []
        # And the copies in that language print it.
        for copy in safeplan.Renderer().copies(again):
            if lang in {x.split("-")[0] for x in copy.languages}:
                assert f"[{lang}] " in body_text(safeplan.render(again, copy))
                break


def test_yaml_comments_and_key_order_are_kept(tmp_path: Path) -> None:
    source = ROOT / "examples" / "green-reid-england.yaml"
    case = tmp_path / "case.yaml"
    shutil.copy(source, case)
    exported = safeplan.export_translations(safeplan.load(case), "cy")
    safeplan.import_translations(case, translate(exported, "[cy]"))
    before = source.read_text("utf-8")
    after = case.read_text("utf-8")
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in after for c in comments)
    order = [line.split(":")[0] for line in before.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert [
        line.split(":")[0] for line in after.splitlines() if re.match(r"^[a-z_]+:", line)
    ] == order
    # Only translations were added: the case reads as it did, plus its translations.
    old, new = yaml.safe_load(before), yaml.safe_load(after)

    def without(value: object) -> object:
        if isinstance(value, dict):
            return {k: without(v) for k, v in value.items() if k != "translations"}
        if isinstance(value, list):
            return [without(v) for v in value]
        return value

    def plain(value: object) -> object:
        # A note written as its text alone becomes {text: ...} when it gains translations.
        if isinstance(value, dict) and set(value) == {"text"}:
            return value["text"]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    assert plain(without(new)) == plain(old)
    assert not [line for line in after.splitlines() if line != line.rstrip()]


def test_a_json_case_keeps_its_key_order(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(safeplan.dumps(safeplan.from_dict(example_data())), "utf-8")
    before = list(json.loads(case.read_text("utf-8")))
    exported = safeplan.export_translations(safeplan.load(case), "ur")
    report = safeplan.import_translations(case, translate(exported, "[ur]"))
    assert report.imported
    assert list(json.loads(case.read_text("utf-8"))) == before
    assert safeplan.load(case).concerns[0].translations.words("ur") is not None


def test_the_notes_give_context_and_never_other_fields_personal_data(tmp_path: Path) -> None:
    agreement = safeplan.load(ROOT / "examples" / "jones-unborn-wales.yaml")
    po = read_po(io.BytesIO(safeplan.export_translations(agreement, "cy", everything=True)))
    names = [p.name for p in agreement.people] + [c.name for c in agreement.children]
    names += [p.name for p in agreement.professionals]
    details = [d.value for p in agreement.people for d in p.contact_details]
    details += [d.value for c in agreement.children for d in c.contact_details]
    texts = [m.id for m in po if m.id]
    for m in po:
        if not m.id:
            continue
        notes = " ".join(m.auto_comments)
        assert notes, m.context
        assert "Printed in" in notes or m.context.startswith("$.safety_plans")
        for value in [*names, *details, *(t for t in texts if t != m.id)]:
            assert value not in notes, m.context
        # Addresses and numbers are never sent to a translator.
        assert all(d not in m.id for d in details)


def test_a_catalog_changed_after_export_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(ROOT / "examples" / "green-reid-england.yaml", case)
    before = case.read_bytes()
    done = translate(safeplan.export_translations(safeplan.load(case), "cy"), "[cy]")
    text = done.decode("utf-8")
    # An entry's context pointed at another field, a source string altered, an entry removed.
    first = re.search(r'msgctxt "(\$\.concerns\[0\]\.text)"', text)
    assert first is not None
    tampered = [
        text.replace('msgctxt "$.concerns[0].text"', 'msgctxt "$.concerns[1].text"', 1),
        re.sub(r'(msgctxt "\$\.concerns\[0\]\.text"\nmsgid ")', r"\1Not ", text, count=1),
        re.sub(
            r'\n#\.[^\n]*\n(?:#\.[^\n]*\n)*msgctxt "\$\.concerns\[0\]\.text"\n'
            r'(?:msg[^\n]*\n|"[^\n]*\n)+',
            "\n",
            text,
            count=1,
        ),
    ]
    for version in tampered:
        assert version != text
        with pytest.raises(safeplan.TranslationError) as err:
            safeplan.import_translations(case, version.encode("utf-8"))
        assert err.value.problems[0].code == "SP-TRANSLATION-TAMPERED"
        assert case.read_bytes() == before


def test_a_catalog_for_another_case_version_or_language_is_refused(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    shutil.copy(ROOT / "examples" / "green-reid-england.yaml", case)
    before = case.read_bytes()
    done = translate(safeplan.export_translations(safeplan.load(case), "cy"), "[cy]")
    text = done.decode("utf-8")
    other_case = re.sub(r'"X-Safeplan-Case: [^\\]*', '"X-Safeplan-Case: NX-CP-2026-9999', text)
    other_language = text.replace('"Language: cy\\n"', '"Language: ur\\n"')
    for version, code in (
        (other_case, "SP-TRANSLATION-OTHER-CASE"),
        (other_language, "SP-TRANSLATION-OTHER-LANGUAGE"),
        ("not a catalog at all", "SP-TRANSLATION-FILE"),
    ):
        with pytest.raises(safeplan.TranslationError) as err:
            safeplan.import_translations(case, version.encode("utf-8"))
        assert err.value.problems[0].code == code
    with pytest.raises(safeplan.TranslationError) as err:
        safeplan.import_translations(case, done, language="ur")
    assert err.value.problems[0].code == "SP-TRANSLATION-OTHER-LANGUAGE"
    assert case.read_bytes() == before
    # The case moved on to a new version: the catalog of the one before is refused.
    data = yaml.safe_load(before)
    number = data["version"]["number"]
    data["version"] = {
        "number": number + 1,
        "replaces": number,
        "changes": ["The contact times changed."],
    }
    case.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    with pytest.raises(safeplan.TranslationError) as err:
        safeplan.import_translations(case, done)
    assert err.value.problems[0].code == "SP-TRANSLATION-OTHER-VERSION"


def test_stale_extra_and_missing_strings_are_reported_and_not_written(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    data = example_data()
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    exported = safeplan.export_translations(safeplan.load(case), "cy")
    done = translate(exported, "[cy]", skip=frozenset({"$.expectations[0].when"}))
    # After the export the first concern is reworded and the last strength removed.
    data["concerns"][0]["text"] = "On 1 October 2026 Jordan hit Alex in the hall."
    removed = f"$.strengths[{len(data['strengths']) - 1}].text"
    data["strengths"].pop()
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    report = safeplan.import_translations(case, done)
    assert report.stale == ("$.concerns[0].text",)
    assert report.extra == (removed,)
    assert "$.expectations[0].when" in report.missing
    assert "$.concerns[0].text" not in report.imported
    agreement = safeplan.load(case)
    assert agreement.concerns[0].translations.words("cy") is None  # stale: not written
    assert agreement.expectations[0].translations.words("cy").what == (
        "[cy] " + agreement.expectations[0].what
    )
    codes = [p.code for p in report.problems]
    assert codes.count("SP-TRANSLATION-STALE") == 1 and "SP-TRANSLATION-EXTRA" in codes
    for p in report.problems:  # messages name fields, never the text
        assert "Jordan" not in p.message and "Alex" not in p.message


def test_the_command_line_round_trip(tmp_path: Path) -> None:
    case = tmp_path / "jones.yaml"
    shutil.copy(ROOT / "examples" / "green-reid-england.yaml", case)
    runner = CliRunner()
    out = tmp_path / "cy.po"
    done = runner.invoke(main, ["translate", "export", str(case), "--to", "cy", "--out", str(out)])
    assert done.exit_code == 0, done.output
    translated = tmp_path / "cy-done.po"
    translated.write_bytes(translate(out.read_bytes(), "[cy]"))
    done = runner.invoke(main, ["translate", "import", str(case), str(translated), "--to", "ur"])
    assert done.exit_code == 1 and "SP-TRANSLATION-OTHER-LANGUAGE" in done.output
    done = runner.invoke(main, ["translate", "import", str(case), str(translated)])
    assert done.exit_code == 0, done.output
    assert "0 missing, 0 stale, 0 extra" in done.output
    done = runner.invoke(main, ["translate", "export", str(case), "--to", "cy"])
    assert done.exit_code == 0 and "\nmsgctxt" not in done.output  # nothing left to translate
    done = runner.invoke(main, ["translate", "export", str(case), "--to", "not a tag"])
    assert done.exit_code == 2
