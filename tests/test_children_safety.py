"""Children's copies never drop safety content silently, never make the adult at risk the one
who keeps the children safe, and always say how a child can be heard (advocacy, complaints).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest

import safeplan
from safeplan import RenderConfig, Renderer
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
GREEN = ROOT / "examples" / "green-reid-england.yaml"
JONES = ROOT / "examples" / "jones-unborn-wales.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PERSONAL = ("Sally", "Green", "Paul", "Reid", "Jean", "Mia", "Leo", "Amira", "Khan", "Mum", "Dad")


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")
    )


def green_data() -> dict[str, Any]:
    return safeplan.dump(safeplan.load(GREEN))


def findings_at(agreement: safeplan.WrittenAgreement, code: str) -> list[safeplan.Problem]:
    return [p for p in safeplan.check(agreement) if p.code == code]


# --- a child read to by an adult keeps every step ---------------------------------------------


def test_a_six_year_old_gets_the_cases_steps_and_999_written_for_reading_together(
    renderer: Renderer,
) -> None:
    text = text_of(renderer.render(safeplan.load(GREEN), "leo"))  # Leo is 6
    scared = text[
        text.index("\nIf you feel scared\n") : text.index("\nWhat the grown-ups will do\n")
    ]
    assert "Read this part with your grown-up. Talk about each step together." in scared
    assert "If you are scared, go to Mum or Grandma Jean." in scared  # the case's own line
    assert "With your grown-up: practise calling 999 and asking for the police" in scared
    assert "With your grown-up: find out how to press 55 on a mobile" in scared
    assert "Do not try to stop it yourself. Keep yourself safe." in scared


def test_an_eight_year_old_gets_the_steps_written_for_them(renderer: Renderer) -> None:
    text = text_of(renderer.render(safeplan.load(GREEN), "mia"))  # Mia is 9
    assert "If a grown-up is hurting someone, go to your room or to Grandma Jean's." in text
    assert "If someone is getting hurt, call 999. Ask for the police." in text
    assert "With your grown-up" not in text


def test_withheld_steps_say_why_and_what_the_social_worker_must_do() -> None:
    data = green_data()
    data["safety_plans"][1]["written_steps"] = "withheld"  # Leo's
    agreement = safeplan.from_dict(data)
    text = text_of(Renderer().render(agreement, "leo"))
    assert "999" not in text.replace("Childline: 0800 1111", "")
    assert "go to Mum or Grandma Jean" not in text
    assert "Amira Khan will talk with you about what to do if you feel scared." in text
    found = findings_at(agreement, "SP-CHILD-STEPS-WITHHELD")
    assert [p.path for p in found] == ["$.safety_plans[1].written_steps"]
    message = found[0].message
    assert "the 1 step in what_to_do" in message and "999" in message and "55" in message
    assert "go through those steps with the child and their safe adult in person" in message
    assert not any(word in message for word in PERSONAL)
    # The run says so too, with the copy.
    assert "SP-CHILD-STEPS-WITHHELD" in {f.code for f in Renderer().findings(agreement)}


def test_a_profile_may_withhold_written_steps_from_younger_children(tmp_path: Path) -> None:
    profile = tmp_path / "council.yaml"
    profile.write_text("extends: england\nname: quiet\nyoung_child_steps: withheld\n")
    agreement = safeplan.load(GREEN)
    text = text_of(Renderer(RenderConfig(profile=str(profile))).render(agreement, "leo"))
    assert "With your grown-up" not in text
    assert "Amira Khan will talk with you about what to do if you feel scared." in text
    found = [
        p for p in safeplan.check(agreement, profile=profile) if p.code == "SP-CHILD-STEPS-WITHHELD"
    ]
    assert [p.path for p in found] == ["$.safety_plans[1]"]
    assert "younger than 7" in found[0].message
    # Mia (9) keeps hers: nothing is said about her plan.
    assert "For Mia" not in found[0].message


def test_a_plan_may_ask_for_reading_together_at_any_age(renderer: Renderer) -> None:
    data = green_data()
    data["safety_plans"][0]["written_steps"] = "read-together"  # Mia, 9, additional needs
    text = text_of(renderer.render(safeplan.from_dict(data), "mia"))
    assert "With your grown-up: practise calling 999" in text


# --- the adult at risk is never the one who keeps the children safe --------------------------


@pytest.mark.parametrize(
    "words",
    [
        "Mum and Grandma Jean will keep you safe.",
        "Grandma Jean and Mum will keep you safe.",
        "Mum will keep you safe.",
        "Sally is going to protect you.",
        "Mum will make sure you are safe.",
        "Mum will keep Dad away from you.",
        "Mum will stop Dad from coming to the house.",
    ],
)
def test_child_facing_text_that_puts_protecting_on_the_adult_at_risk_is_found(words: str) -> None:
    data = green_data()
    data["safety_plans"][0]["grown_ups_will"][1] = words
    found = findings_at(safeplan.from_dict(data), "SP-CHILD-SAFETY-ON-ADULT-AT-RISK")
    assert [p.path for p in found] == ["$.safety_plans[0].grown_ups_will[1]"]
    message = found[0].message
    assert "the person causing harm must stop, and the professionals must act" in message
    assert "Say what the grown-ups and the professionals will do" in message
    assert words not in message and "Sally" not in message and "Jean" not in message


@pytest.mark.parametrize(
    "words",
    [
        "Mum will listen when you want to talk.",
        "Grandma Jean will take you to see Dad at the centre.",
        "Grandma Jean will keep you safe at her house.",  # a safe adult, not the adult at risk
        "Amira will help keep everyone safe.",
        "Dad will go to a course to learn to stop hurting people.",
        "Mum's friend will pick you up from school.",
    ],
)
def test_what_the_grown_ups_really_do_is_not_flagged(words: str) -> None:
    data = green_data()
    data["safety_plans"][0]["grown_ups_will"][1] = words
    assert findings_at(safeplan.from_dict(data), "SP-CHILD-SAFETY-ON-ADULT-AT-RISK") == []


def test_the_explanation_and_what_to_do_are_read_too() -> None:
    data = green_data()
    data["safety_plans"][0]["explanation"] = "Dad hurt Mum. Mum will keep you safe now."
    data["safety_plans"][1]["what_to_do"] = ["If you are scared, Mum will protect you."]
    found = findings_at(safeplan.from_dict(data), "SP-CHILD-SAFETY-ON-ADULT-AT-RISK")
    assert [p.path for p in found] == [
        "$.safety_plans[0].explanation",
        "$.safety_plans[1].what_to_do[0]",
    ]


def test_the_bundled_example_no_longer_says_mum_will_keep_them_safe(renderer: Renderer) -> None:
    green = safeplan.load(GREEN)
    assert findings_at(green, "SP-CHILD-SAFETY-ON-ADULT-AT-RISK") == []
    for child in ("mia", "leo"):
        text = text_of(renderer.render(green, child))
        assert "keep you safe" not in text  # neither the case's words nor safeplan's own


def test_the_safe_adults_line_fits_one_or_several(renderer: Renderer) -> None:
    data = example_data()
    data["safety_plans"][0]["safe_adults"] = ["nan"]
    text = text_of(renderer.render(safeplan.from_dict(data), "sam"))
    assert "\nYour safe grown-up\n" in text
    assert "You can talk to this grown-up about anything. They will listen and help you:" in text
    assert "Tell your safe grown-up." in text


# --- a child can be heard ---------------------------------------------------------------------


def test_every_childs_copy_says_how_to_be_heard_and_to_complain(renderer: Renderer) -> None:
    green = safeplan.load(GREEN)
    for child in ("mia", "leo"):
        text = text_of(renderer.render(green, child))
        part = text[text.index("\nIf you are not happy\n") :]
        assert "You can tell Amira Khan, your social worker." in part
        assert "An advocate is someone on your side." in part
        assert "National Youth Advocacy Service (NYAS): www.nyas.net, help@nyas.net" in part
        assert "You can make a complaint too." in part


def test_a_councils_own_services_reach_the_childs_copy() -> None:
    renderer = Renderer(RenderConfig(profile=str(ROOT / "templates/northshire/council.yaml")))
    text = text_of(renderer.render(safeplan.load(GREEN), "mia"))
    assert "Northshire Children's Rights Service: 01632 960003" in text
    assert "Northshire Children's Services complaints team: 01632 960002" in text


def test_a_welsh_childs_copy_names_meic(renderer: Renderer) -> None:
    text = text_of(renderer.render(safeplan.load(JONES), "osian"))
    assert "Meic: 080880 23456, www.meic.cymru" in text
    assert "Os nad wyt ti'n hapus" in text
