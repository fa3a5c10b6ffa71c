"""Who gets which copy: the audience of every item, the safe defaults for a person causing
harm, the professional copy's marks, file names, stale copies, and the leak search.

The safety-detail detector is stood in for by a fake that flags a marker word, so these tests
check the plumbing (what is asked, what is withheld, what is reported), not the detector.
"""

from __future__ import annotations

import io
import json
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import safeplan
from safeplan import BatchCase, ConfidentialLeakError, RefusedError, RenderConfig, Renderer
from safeplan._copies import audience as audience_module
from safeplan._copies import audience_of, leaks, safe_name
from safeplan._wording import SafetyCategory, SafetyDetail
from safeplan.cli import main
from safeplan.model import ContactDetail, ContactKind
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
MARKER = "Hillside"  # the word the fake detector flags, as where the children are in the day


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    body = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(body + cells)


def every_part(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


class FakeDetector:
    """Flags every text holding MARKER; records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, text: str, cast: Any, *, holder: str | None = None) -> tuple[Any, ...]:
        self.calls.append((text, holder))
        at = text.find(MARKER)
        if at < 0:
            return ()
        return (SafetyDetail(SafetyCategory.CHILDREN_IN_THE_DAY, at, at + len(MARKER)),)


@pytest.fixture
def detector(monkeypatch: pytest.MonkeyPatch) -> FakeDetector:
    fake = FakeDetector()
    monkeypatch.setattr(audience_module, "safety_details", fake)
    return fake


def build(data: dict[str, Any]) -> safeplan.WrittenAgreement:
    return safeplan.from_dict(data)


def codes(problems: Any) -> list[str]:
    return [p.code for p in problems]


# --- the safe defaults ----------------------------------------------------------------------


def test_his_copy_keeps_out_her_safety_planning_by_default(no_detector: None) -> None:
    data = example_data()
    data["strengths"].append({"text": "Alex has joined a support group.", "person": "mum"})
    data["expectations"].append(
        {
            "who": "mum",
            "what": "Alex will take Sam to the dentist.",
            "kind": "attend",
            "when": "By 1 December 2026",
            "checked_by": "sw",
            "how_checked": "Robin will ask.",
            "support": "The support worker can go with Alex.",
        }
    )
    data["views"].append({"person": "mum", "words": "I want Sam to feel safe."})
    agreement = build(data)
    renderer = Renderer()
    his = text_of(renderer.render(agreement, "dad"))
    hers = text_of(renderer.render(agreement, "mum"))
    kept_out = [
        "Alex called the police and asked for help straight away.",  # protective
        "Alex has joined a support group.",  # a strength of the adult at risk
        "The support worker can go with Alex.",  # support of her expectation
        "The domestic abuse service will offer Alex a support worker.",  # the service's work
        "I want Sam to feel safe.",  # her words
        "I want Dad to stop shouting.",  # the child's words
    ]
    for words in kept_out:
        assert words not in his, words
        assert words in hers, words
    # The rest of her expectation stays: only its support is hers alone.
    assert "Alex will take Sam to the dentist." in his
    # His own duties, and what professionals will do, stay in his copy.
    assert "Jordan will not go to Alex's home." in his
    assert "Robin will visit Sam at home and see Sam alone." in his
    assert "Some parts of this agreement are not in your copy" in his


def test_shared_with_lets_an_item_through_with_a_warning(no_detector: None) -> None:
    data = example_data()
    data["strengths"][0]["shared_with"] = ["person-causing-harm"]
    agreement = build(data)
    assert "Alex called the police" in text_of(Renderer().render(agreement, "dad"))
    (warning,) = [p for p in safeplan.check(agreement) if p.code == "SP-SAFETY-DETAIL"]
    assert warning.path == "$.strengths[0]" and warning.severity.value == "warning"
    assert "$.recipients[1]" in warning.message and "protective efforts" in warning.message
    # ... and strict rendering refuses his copy while the warning stands.
    with pytest.raises(RefusedError):
        Renderer(RenderConfig(strict=True)).render(agreement, "dad")
    Renderer(RenderConfig(strict=True)).render(agreement, "mum")


def test_withheld_from_takes_an_item_out_of_named_copies_only(no_detector: None) -> None:
    data = example_data()
    data["recipients"].append({"person": "nan", "copy": "adult"})
    data["concerns"].append(
        {"text": "Sam told Robin about the weekends.", "withheld_from": ["nan"]}
    )
    data["contingency"].append(
        {"text": "If Sam is unwell, Robin visits.", "withheld_from": ["safe-adult"]}
    )
    agreement = build(data)
    renderer = Renderer()
    nan = text_of(renderer.render(agreement, "nan"))
    mum = text_of(renderer.render(agreement, "mum"))
    for words in ("Sam told Robin about the weekends.", "If Sam is unwell, Robin visits."):
        assert words not in nan and words in mum
    assert "Some parts of this agreement are not in your copy" in nan
    assert "Some parts of this agreement are not in your copy" not in mum


def test_a_support_line_for_another_role_does_not_make_a_copy_say_parts_are_missing(
    no_detector: None,
) -> None:
    data = example_data()
    data["support_contacts"] = [
        {"name": "Outreach line", "phone": "01632 960 555", "for_roles": ["adult-at-risk"]}
    ]
    agreement = build(data)
    mum = text_of(Renderer().render(agreement, "mum"))
    assert "Outreach line" in mum
    dad = text_of(Renderer().render(agreement, "dad"))
    assert "Outreach line" not in dad
    # Only a person causing harm's copy, and copies with parts kept out, say so.
    data["recipients"].append({"person": "nan", "copy": "adult"})
    nan = text_of(Renderer().render(build(data), "nan"))
    assert "Outreach line" not in nan
    assert "Some parts of this agreement are not in your copy" not in nan


def test_his_copy_always_says_parts_are_missing_even_when_none_are(no_detector: None) -> None:
    data = example_data()
    data["strengths"] = []
    data["commitments"] = data["commitments"][:1]
    data["views"] = []
    agreement = build(data)
    assert audience_of(agreement).hidden(Renderer().copies(agreement)[1]) == frozenset()
    text = text_of(Renderer().render(agreement, "dad"))
    assert "Some parts of this agreement are not in your copy, to keep everyone safe." in text


def test_a_layout_never_sees_a_withheld_item(tmp_path: Path, no_detector: None) -> None:
    folder = tmp_path / "council"
    folder.mkdir()
    # A council layout that prints every strength and view it is given, whatever the block.
    (folder / "agreement.xml.j2").write_text(
        '{% extends "safeplan/agreement.xml.j2" %}'
        "{% block views %}{{ super() }}"
        "{% for s in agreement.strengths %}<p>S: {{ s.text }}</p>{% endfor %}"
        "{% for v in agreement.views %}<p>V: {{ v.words }}</p>{% endfor %}"
        "{% for c in agreement.commitments %}<p>C: {{ c.what }}</p>{% endfor %}"
        "{% endblock %}",
        encoding="utf-8",
    )
    renderer = Renderer(RenderConfig(templates=[folder]))
    agreement = build(example_data())
    his = text_of(renderer.render(agreement, "dad"))
    assert "Alex called the police" not in his
    assert "I want Dad to stop shouting." not in his
    assert "offer Alex a support worker" not in his
    assert "S: " not in his and "V: " not in his
    assert "C: Robin will visit Sam" in his


# --- the detector's plumbing ------------------------------------------------------------------


def test_a_detected_detail_keeps_an_item_from_him_and_says_so(detector: FakeDetector) -> None:
    data = example_data()
    data["commitments"].append(
        {"agency": "cs", "what": f"Robin will see Sam at {MARKER} Primary.", "when": "Monthly"}
    )
    agreement = build(data)
    renderer = Renderer()
    assert f"{MARKER} Primary" not in text_of(renderer.render(agreement, "dad"))
    assert f"{MARKER} Primary" in text_of(renderer.render(agreement, "mum"))
    found = [p for p in safeplan.check(agreement) if p.code == "SP-SAFETY-DETAIL-WITHHELD"]
    (advice,) = found
    assert advice.path == "$.commitments[2]" and advice.severity.value == "advice"
    assert "$.recipients[1]" in advice.message and "shared_with" in advice.message
    assert MARKER not in advice.message and "Jordan" not in advice.message
    # The professional copy keeps it, marked with whose copy it is not in, and why.
    professional = text_of(renderer.render(agreement, None))
    assert f"Robin will see Sam at {MARKER} Primary." in professional
    assert (
        "Not in the copy for: Jordan Carter (a safety detail: where the children are in the day)"
        in professional
    )


def test_his_own_duty_stays_in_his_copy_with_a_warning(detector: FakeDetector) -> None:
    data = example_data()
    data["expectations"][1]["what"] = f"Jordan will not go to {MARKER} Primary."
    agreement = build(data)
    assert f"Jordan will not go to {MARKER} Primary." in text_of(
        Renderer().render(agreement, "dad")
    )
    (warning,) = [p for p in safeplan.check(agreement) if p.code == "SP-SAFETY-DETAIL"]
    assert warning.path == "$.expectations[1].what"
    assert "where the children are in the day" in warning.message
    assert "the children's school" in warning.message
    assert MARKER not in warning.message and "Jordan" not in warning.message
    with pytest.raises(RefusedError) as info:
        Renderer(RenderConfig(strict=True)).render(agreement, "dad")
    assert "SP-SAFETY-DETAIL" in info.value.codes


def test_the_detector_reads_each_field_once_with_its_holder(detector: FakeDetector) -> None:
    data = example_data()
    data["people"].append({"id": "uncle", "name": "Kim Carter", "role": "person-causing-harm"})
    data["expectations"].append(
        {
            "who": "uncle",
            "what": "Kim will not visit.",
            "kind": "stop",
            "checked_by": "sw",
            "how_checked": "Robin asks.",
        }
    )
    data["recipients"].append({"person": "uncle", "copy": "adult"})
    agreement = build(data)
    audience_of(agreement)
    texts = [t for t, _ in detector.calls]
    assert len(texts) == len(set(texts))  # each field once, though two copies may hold it
    holders = dict(detector.calls)
    assert holders[data["concerns"][0]["text"]] is None
    assert holders[data["commitments"][0]["what"]] == "agency"
    assert holders[data["expectations"][0]["what"]] == "person-causing-harm"
    assert holders["Kim will not visit."] == "person-causing-harm"
    assert holders[data["contingency"][0]] is None
    # What the defaults keep out of every such copy is never read: it cannot reach one.
    assert data["strengths"][0]["text"] not in holders
    assert data["views"][0]["words"] not in holders


def test_no_copy_for_a_person_causing_harm_no_detector(detector: FakeDetector) -> None:
    data = example_data()
    data["recipients"] = [r for r in data["recipients"] if r["person"] != "dad"]
    audience = audience_of(build(data))
    assert detector.calls == [] and audience.findings == ()


def test_a_version_change_or_a_signature_reason_with_a_detail_stays_out(
    detector: FakeDetector,
) -> None:
    data = example_data()
    data["version"] = {"number": 2, "replaces": 1, "changes": [f"Sam moved to {MARKER}."]}
    data["signatures"][0] = {
        "person": "mum",
        "status": "signed-with-reservations",
        "date": "2026-11-02",
        "reason": f"I start at {MARKER} on Monday.",
    }
    agreement = build(data)
    his = text_of(Renderer().render(agreement, "dad"))
    assert MARKER not in his
    professional = text_of(Renderer().render(agreement, None))
    assert f"Sam moved to {MARKER}." in professional and "Not in the copy for" in professional
    found = codes(safeplan.check(agreement))
    assert found.count("SP-SAFETY-DETAIL-WITHHELD") == 2


def test_withholding_his_own_term_from_him_is_refused_as_advice(no_detector: None) -> None:
    data = example_data()
    data["expectations"][1]["withheld_from"] = ["dad"]
    agreement = build(data)
    assert "Jordan will not go to Alex's home." in text_of(Renderer().render(agreement, "dad"))
    assert "SP-WITHHELD-OWN-TERM" in codes(safeplan.check(agreement))


def test_the_audience_is_computed_once_per_case(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = audience_of

    def counting(agreement: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(agreement, **kw)

    import safeplan._render as render_module

    monkeypatch.setattr(render_module, "audience_of", counting)
    done = Renderer().render_case(build(example_data()))
    assert done.ok and len(done.documents) == 4
    assert len(calls) == 1


# --- the professional copy --------------------------------------------------------------------


def test_the_professional_copy_marks_what_each_copy_leaves_out(no_detector: None) -> None:
    agreement = build(example_data())
    text = text_of(Renderer().render(agreement, None))
    assert "Parts marked “Not in the copy for” are left out of those people’s copies" in text
    assert (
        "Not in the copy for: Jordan Carter (what the adult at risk has done to keep the "
        "children safe)" in text
    )
    assert "Not in the copy for: Jordan Carter (the work of a domestic abuse service)" in text
    assert "Not in the copy for: Jordan Carter (the words of the adult at risk or a child)" in text
    # Adults' copies carry no marks.
    for who in ("mum", "dad"):
        assert "Not in the copy for" not in text_of(Renderer().render(agreement, who))


def test_the_marks_are_translated_in_a_welsh_professional_copy(no_detector: None) -> None:
    data = example_data()
    data["recipients"][-1]["language"] = "cy-GB"
    text = text_of(Renderer().render(build(data), None))
    assert "Ddim yn y copi ar gyfer: Jordan Carter" in text


def test_output_stays_byte_identical(detector: FakeDetector) -> None:
    data = example_data()
    data["concerns"].append({"text": f"Sam is at {MARKER} Primary.", "by": ["dad"]})
    agreement = build(data)
    for copy in Renderer().copies(agreement):
        assert Renderer().render(agreement, copy) == Renderer().render(agreement, copy)


# --- file names -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=80), min_size=2, max_size=6, unique=True))
def test_safe_names_are_distinct_even_without_case(ids: list[str]) -> None:
    names = [safe_name(i) for i in ids]
    folded = {unicodedata.normalize("NFC", n).casefold() for n in names}
    assert len(folded) == len(ids)
    for n in names:
        assert n and n.isascii() and len(n) <= 49
        assert all(c.isalnum() or c in "-_" for c in n)
        assert n == safe_name(ids[names.index(n)])  # stable


def test_plain_ids_keep_their_names() -> None:
    assert safe_name("sally") == "sally" and safe_name("mum-2") == "mum-2"
    assert safe_name("Sally").startswith("sally-")
    assert safe_name("siân").startswith("sian-") and safe_name("siân") != safe_name("siôn")
    agreement = safeplan.load(ROOT / "examples" / "green-reid-england.yaml")
    names = {safeplan._output.file_name(agreement, c) for c in Renderer().copies(agreement)}
    assert "NX-CP-2026-0142-v2-adult-sally.docx" in names


def test_references_that_slug_alike_get_files_of_their_own(
    tmp_path: Path, no_detector: None
) -> None:
    first, second = example_data(), example_data()
    first["reference"], second["reference"] = "NX/CP/1", "NX-CP-1"
    a = safeplan.render_all(build(first), tmp_path)
    b = safeplan.render_all(build(second), tmp_path)
    assert not {p.name for p in a} & {p.name for p in b}
    assert len(list(tmp_path.glob("*.docx"))) == len(a) + len(b)


def test_render_all_never_replaces_another_cases_file(tmp_path: Path, no_detector: None) -> None:
    first, second = example_data(), example_data()
    first["reference"], second["reference"] = "ab-1", "AB-1"
    safeplan.render_all(build(first), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.docx")}
    with pytest.raises(RefusedError) as info:
        safeplan.render_all(build(second), tmp_path)
    assert info.value.codes == ("SP-COPY-NAME-COLLISION",)
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.docx")} == before


def test_two_copies_that_would_still_share_a_name_are_refused(
    monkeypatch: pytest.MonkeyPatch, no_detector: None
) -> None:
    # By construction no two copies share a name; the last guard is tested by forcing one.
    import safeplan._render as render_module

    monkeypatch.setattr(render_module, "file_name", lambda agreement, copy: "SAME.docx")
    done = Renderer().render_case(build(example_data()))
    assert not done.ok and done.documents == ()
    clash = [p for p in done.problems if p.code == "SP-COPY-NAME-COLLISION"]
    assert clash and clash[0].path == "$.recipients[1]" and "$.recipients[0]" in clash[0].message


# --- no stale copies --------------------------------------------------------------------------


def test_render_all_removes_copies_a_new_version_no_longer_writes(
    tmp_path: Path, no_detector: None
) -> None:
    data = example_data()
    old = safeplan.render_all(build(data), tmp_path)
    data["version"] = {"number": 2, "replaces": 1, "changes": ["Robin visits weekly."]}
    new = safeplan.render_all(build(data), tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == sorted(p.name for p in new)
    assert not {p.name for p in old} & {p.name for p in new}


def test_render_all_on_refusal_says_what_it_removed(tmp_path: Path, no_detector: None) -> None:
    data = example_data()
    written = safeplan.render_all(build(data), tmp_path)
    data["concerns"].append({"text": "Jordan went to 9 Birch Road.", "by": ["dad"]})
    with pytest.raises(ConfidentialLeakError) as info:
        safeplan.render_all(build(data), tmp_path)
    assert sorted(info.value.removed) == sorted(str(p) for p in written)
    assert list(tmp_path.glob("*.docx")) == []


def test_a_batch_removes_a_childs_copy_that_is_now_withheld(
    tmp_path: Path, no_detector: None
) -> None:
    data = example_data()
    case = lambda: BatchCase.from_text(json.dumps(data), source="c.json", folder="c")  # noqa: E731
    (first,) = safeplan.render_batch([case()], tmp_path)
    child = next(n for n in first.outputs if "-child-" in n)
    data["children"][0]["lives_with"] = ["mum", "dad"]  # now lives with him: no printed plan
    (second,) = safeplan.render_batch([case()], tmp_path)
    assert second.status == "rendered" and second.removed == (child,)
    assert not (tmp_path / "c" / child).exists()
    assert json.loads(json.dumps(second.to_dict()))["removed"] == [child]


def test_a_dry_run_removes_nothing(tmp_path: Path) -> None:
    data = example_data()
    source = tmp_path / "c.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert (
        CliRunner().invoke(main, ["render", str(source), "--out", str(tmp_path / "o")]).exit_code
        == 0
    )
    del data["end"]
    source.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(source), "--out", str(tmp_path / "o"), "--dry-run"]
    )
    assert result.exit_code == 1
    assert list((tmp_path / "o" / "c").glob("*.docx"))


def test_an_unreadable_case_leaves_no_earlier_copy(tmp_path: Path) -> None:
    source = tmp_path / "c.json"
    source.write_text(json.dumps(example_data()), encoding="utf-8")
    out = tmp_path / "o"
    assert CliRunner().invoke(main, ["render", str(source), "--out", str(out)]).exit_code == 0
    source.write_text("{ not json", encoding="utf-8")
    report = tmp_path / "r.csv"
    result = CliRunner().invoke(
        main, ["render", str(source), "--out", str(out), "--report", str(report)]
    )
    assert result.exit_code == 1 and list((out / "c").glob("*.docx")) == []
    assert "removed 4 documents of an earlier run" in result.stderr
    row = report.read_text("utf-8")
    assert "removed" in row.splitlines()[0]


# --- the leak search: typing variants --------------------------------------------------------

_NAME = st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True)
_STREETS = [forms for forms in leaks._STREET_FORMS if len(forms) > 1]
_INVISIBLES = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202c\u2066\u2069"


def _sprinkle(text: str, data: st.DataObject) -> str:
    """Invisible characters pasted into the text at random places."""
    out = []
    for ch in text:
        out.append(ch)
        if data.draw(st.booleans()):
            out.append(data.draw(st.sampled_from(_INVISIBLES)))
    return "".join(out)


def _matcher(*details: ContactDetail, codes: tuple[str, ...] = ()) -> leaks.Matcher:
    return leaks.matcher_for((), details, codes)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=st.integers(1, 299),
    name=_NAME,
    street=st.sampled_from(_STREETS),
    town=_NAME,
    data=st.data(),
)
def test_an_address_is_found_however_it_is_typed(
    number: int, name: str, street: tuple[str, ...], town: str, data: st.DataObject
) -> None:
    value = f"{number} {name} {street[0].title()}, {town} NX4 7QP"
    matcher = _matcher(ContactDetail(kind=ContactKind.ADDRESS, value=value, confidential=True))
    form = data.draw(st.sampled_from(street))
    form = data.draw(st.sampled_from([form, form.upper(), form.title(), form.title() + "."]))
    typed = f"He went to {number} {name} {form} last week."
    typed = data.draw(st.sampled_from([typed, typed.upper(), typed.lower()]))
    assert matcher.find(_sprinkle(typed, data)) == "address"
    # Full-width letters and digits read as their plain forms.
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in typed)
    assert matcher.find(wide) == "address"
    # The street's name alone, or another street of the same name's kind, is not her address.
    assert matcher.find(f"He went to {name}gate.") is None
    assert matcher.find(f"He went to {number} Other {form}.") is None


@settings(max_examples=150, deadline=None)
@given(rest=st.from_regex(r"9[0-9]{2} [0-9]{3}", fullmatch=True), data=st.data())
def test_a_phone_number_is_found_however_it_is_typed(rest: str, data: st.DataObject) -> None:
    value = f"07700 {rest}"
    matcher = _matcher(ContactDetail(kind=ContactKind.PHONE, value=value, confidential=True))
    digits = value.replace(" ", "")
    national = digits[1:]
    forms = [
        digits,
        f"+44 {national[:4]} {national[4:]}",
        f"+44 (0){national[:4]} {national[4:]}",
        f"0044 {national[:4]} {national[4:]}",
        f"0044-{national[:4]}-{national[4:]}",
        f"{digits[:5]}.{digits[5:8]}.{digits[8:]}",
        f"({digits[:5]}) {digits[5:]}",
        "".join(chr(0xFF10 + int(c)) for c in digits),  # full-width digits
        "".join(chr(0x0660 + int(c)) for c in digits),  # Arabic-Indic digits
    ]
    typed = data.draw(st.sampled_from(forms))
    assert matcher.find(f"He rang {_sprinkle(typed, data)} at night.") == "phone"
    assert matcher.find("He rang 01632 960 000 at night.") is None


@settings(max_examples=100, deadline=None)
@given(
    outward=st.from_regex(r"[A-Z]{1,2}[0-9]{1,2}", fullmatch=True),
    inward=st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True),
    data=st.data(),
)
def test_a_postcode_is_found_in_any_spacing_or_case(
    outward: str, inward: str, data: st.DataObject
) -> None:
    value = f"1 Mill Lane, Town {outward} {inward}"
    matcher = _matcher(ContactDetail(kind=ContactKind.ADDRESS, value=value, confidential=True))
    gap = data.draw(st.sampled_from(["", " ", "  ", "-", "\u00a0"]))
    typed = f"{outward}{gap}{inward}"
    typed = data.draw(st.sampled_from([typed, typed.lower(), typed.title()]))
    assert matcher.find(f"Seen near {typed}.") == "address"


@pytest.mark.parametrize(
    ("kind", "value", "typed"),
    [
        ("school", "Northtown Primary School", "He waited outside Northtown Primary."),
        ("school", "St Mary's Catholic Primary School", "He went to St Mary's Catholic."),
        ("gp", "Alder Road Surgery", "He rang the Alder Road practice."),
        ("gp", "Meddygfa'r Orsaf, Llanfair Dyffryn", "He went to Meddygfa'r Orsaf."),
        ("workplace", "Westmere Parcel Depot, Canal Road", "He waited at Westmere Parcel."),
        ("school", "Ysgol Gyfun Bro Dyffryn", "He waited at Bro Dyffryn."),
    ],
)
def test_a_place_is_found_by_the_distinctive_part_of_its_name(
    kind: str, value: str, typed: str
) -> None:
    matcher = _matcher(ContactDetail(kind=ContactKind(kind), value=value, confidential=True))
    assert matcher.find(typed) == kind


@pytest.mark.parametrize(
    ("value", "typed"),
    [
        ("Northtown Primary School", "He lives in Northtown."),  # the town alone
        ("Northtown Primary School", "A primary school nearby."),  # generic words alone
        ("Alder Road Surgery", "The road surgery was closed."),
    ],
)
def test_generic_words_and_towns_alone_are_not_a_leak(value: str, typed: str) -> None:
    matcher = _matcher(ContactDetail(kind=ContactKind.SCHOOL, value=value, confidential=True))
    assert matcher.find(typed) is None


@pytest.mark.parametrize("name", ["Sanctuary", "The Haven", "Hafan"])
def test_a_one_word_refuge_is_found_by_its_word(name: str) -> None:
    detail = ContactDetail(
        kind=ContactKind.ADDRESS,
        label="Refuge",
        value=f"{name}, 7 Station Road, Town",
        confidential=True,
    )
    word = name.split()[-1]
    assert _matcher(detail).find(f"He asked where {word.lower()} is.") == "address"


def test_a_distinctive_part_the_copy_may_print_is_not_a_leak(no_detector: None) -> None:
    # The children's GP shares a street with his own workplace, which his copy prints.
    data = example_data()
    data["children"][0]["contact_details"].append(
        {"kind": "gp", "value": "Station Road Surgery", "confidential": True}
    )
    data["people"][1]["contact_details"] = [
        {"kind": "workplace", "value": "Eastbridge Motors, Station Road, Eastbridge"}
    ]
    agreement = build(data)
    his = Renderer().render(agreement, "dad")
    assert "Station Road Surgery" not in every_part(his)
    assert "Eastbridge Motors, Station Road" in text_of(his)


def test_a_code_word_is_found_as_a_word() -> None:
    matcher = _matcher(codes=("blue kite",))
    assert matcher.find("If Sam says BLUE\u00adKITE call 999") is None  # one word, not two
    assert matcher.find("If Sam says blue kite, call 999") == "code-word"
    assert matcher.find("If Sam says Blue  Kite!") == "code-word"
    assert matcher.find("a blue kite-shaped card") == "code-word"
    assert matcher.find("bluekite") is None


def test_the_invisible_characters_are_every_format_character() -> None:
    for c in range(sys.maxunicode + 1):
        if unicodedata.category(chr(c)) == "Cf":
            assert leaks._INVISIBLE.match(chr(c)), hex(c)
    assert leaks.fold("A\u00adB\u200bc") == "abc"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_is_idempotent_and_never_fails(text: str) -> None:
    once = leaks.fold(text)
    assert leaks.fold(once) == once


# --- no personal data in any message, path, repr, report or line printed ------------------------

_TOKEN = "qz"


def _personalised() -> tuple[dict[str, Any], list[str]]:
    """The example case with a unique made-up word in every place a user can type (names,
    relationships, free text, contact details, reasons, labels, changes, places, plans),
    plus an unknown key that is an address and a hidden value in a concern (so his copy is
    refused, and messages are made)."""
    data = example_data()
    marks: list[str] = []
    skip = {
        "id",
        "kind",
        "role",
        "status",
        "copy",
        "language",
        "preferred_language",
        "rule",
        "target",
        "nation",
        "plan_type",
        "categories",
        "date",
        "lead_practitioner",
        "agency",
        "who",
        "about",
        "checked_by",
        "by",
        "person",
        "adult",
        "children",
        "child",
        "third_party",
        "supervised_by",
        "chaired_by",
        "drafted_by",
        "drafted_with",
        "lives_with",
        "safe_adults",
        "visible_to",
        "for_roles",
        "authorised_by",
        "withheld_from",
        "shared_with",
        "interpreter",
        "reference",
        "age_band",
        "expected_date",
        "date_of_birth",
        "starts",
        "gender",
        "approved_by",
        "written_steps",
        "until",
        "by_date",
        "strategy_discussion",
        "initial_conference",
        "ends",
        "profile",
        "phone",
        "value",
    }

    def mark(value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: mark(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v, key) for v in value]
        if isinstance(value, str) and key not in skip:
            word = f"{_TOKEN}{len(marks):03d}"
            marks.append(word)
            return f"{value} {word}"
        return value

    data = mark(data)
    return data, marks


def _outputs(tmp_path: Path, data: dict[str, Any]) -> Iterator[str]:
    """Every message, path, repr, report and printed line safeplan gives for this case."""
    case = tmp_path / "cases" / "c.json"
    case.parent.mkdir(exist_ok=True)
    case.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["check", str(case)],
        ["check", "--format", "json", str(case)],
        ["check", "--strict", str(case)],
        ["render", str(case), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.json")],
        ["render", str(case), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.csv")],
        ["render", str(case), "--out", "-", "--recipient", "dad"],
        ["schedule", str(case)],
    ):
        result = runner.invoke(main, args)
        yield result.stderr if result.stderr_bytes else ""
        if args[-1] != "dad":
            yield result.stdout
    for name in ("r.json", "r.csv"):
        if (tmp_path / name).exists():
            yield (tmp_path / name).read_text("utf-8")
    try:
        agreement = safeplan.from_dict(data)
    except safeplan.ProblemsError as err:
        yield str(err)
        yield repr(err.problems)
        return
    yield repr(agreement)
    for p in (*safeplan.check(agreement), *Renderer().problems(agreement)):
        yield repr(p) + str(p)
    for copy in Renderer().copies(agreement):
        try:
            Renderer().render(agreement, copy)
        except safeplan.SafeplanError as err:
            yield str(err) + repr(err)


def test_no_personal_data_in_any_message_path_or_report(tmp_path: Path) -> None:
    data, marks = _personalised()
    # An address typed as a key, and her street typed into a concern: both make messages.
    data["people"][0]["14 Alder Close qz999"] = "home"
    variants = [data]
    readable = json.loads(json.dumps(data))
    del readable["people"][0]["14 Alder Close qz999"]
    # One of his own terms always reaches his copy: the leak check refuses it.
    readable["expectations"][1]["what"] = "Jordan will not go to 9 Birch Road."
    variants.append(readable)
    refused = json.loads(json.dumps(readable))
    del refused["end"]
    variants.append(refused)
    secrets = [*marks, "qz999", "Alder", "Birch", "Alex", "Jordan", "Carter", "07700"]
    expected = ["SP-FILE-UNKNOWN-FIELD", "SP-COPY-LEAK", "SP-END-MISSING"]
    for n, variant in enumerate(variants):
        folder = tmp_path / str(n)
        folder.mkdir()
        everything = [*_outputs(folder, variant)]
        everything += [repr(p) for p in safeplan.validate(variant)]
        for said in everything:
            for secret in secrets:
                assert secret not in said, (n, secret, said[:2000])
        # The test reads real messages: each variant gives the one it was made for.
        assert expected[n] in "\n".join(everything)
