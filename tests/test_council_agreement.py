"""What a council's agreement holds, read back from the copies: its own date and start, a
signature block for everyone with a part in it (the network member who does the handovers, the
social worker, the manager who approved it), a complaints route with contacts, an advocacy
service for the children, helplines that fit the adult at risk, and what the agencies cannot do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

import safeplan
import safeplan.profiles
from safeplan import RenderConfig, Renderer
from safeplan.testing import example_data

ROOT = Path(__file__).resolve().parent.parent
GREEN = ROOT / "examples" / "green-reid-england.yaml"
AHMED = ROOT / "examples" / "ahmed-pre-proceedings-england.yaml"
JONES = ROOT / "examples" / "jones-unborn-wales.yaml"
NORTHSHIRE = ROOT / "templates" / "northshire" / "council.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def text_of(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in document.element.body.iter(f"{W}p")
    )


def section(text: str, heading: str, until: str | None = None) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.index(f"\n{until}\n", start) if until else len(text)
    return text[start:end]


def signature_lines(data: bytes) -> list[str]:
    """The text before each line to sign on (paragraphs with an underscore tab leader)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    out = []
    for p in re.findall(r"<w:p>.*?</w:p>", body):
        if 'w:leader="underscore"' in p:
            out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)).strip())
    return out


# --- the agreement's own date -----------------------------------------------------------------


def test_every_copy_prints_the_agreements_date(renderer: Renderer) -> None:
    green = safeplan.load(GREEN)
    for who in ("sally", "paul", "jean", None):
        text = text_of(renderer.render(green, who))
        assert "This agreement is dated 2 November 2026. It applies from that day." in text


def test_a_later_start_is_printed_and_a_start_before_the_date_is_refused(
    renderer: Renderer,
) -> None:
    data = example_data()
    data["starts"] = "2026-11-09"
    text = text_of(renderer.render(safeplan.from_dict(data), "mum"))
    assert "This agreement is dated 2 November 2026. It applies from 9 November 2026." in text
    data["starts"] = "2026-10-31"
    assert [p.code for p in safeplan.validate(data)] == ["SP-START-BEFORE-DATE"]
    data["starts"] = "2027-01-28"  # the day it ends
    assert [p.code for p in safeplan.validate(data)] == ["SP-END-BEFORE-START"]


# --- signatures -------------------------------------------------------------------------------


def test_everyone_with_a_part_signs_the_social_worker_and_the_manager_too(
    renderer: Renderer,
) -> None:
    green = safeplan.load(GREEN)
    data = renderer.render(green, "jean")
    text = section(text_of(data), "Signatures")
    # Jean takes the children to contact and is their safe adult: she is asked to sign.
    assert "\nJean Green\nMia and Leo's grandmother (Sally's mother). Asked to sign because" in text
    assert "☐ I sign this agreement." in text and "☐ I do not sign it." in text
    # The social worker and the manager who approved it sign for the local authority.
    assert (
        "\nAmira Khan\nSocial worker. Leads the plan, and signs for Northshire County Council "
        "Children's Services.\nSigned on 2 November 2026." in text
    )
    assert (
        "\nPriya Shah\nTeam manager. Approved this agreement, and signs for Northshire County "
        "Council Children's Services.\nSigned on 3 November 2026." in text
    )
    # Jean has not signed yet: her block has the lines to fill in, with a date.
    lines = signature_lines(data)
    assert lines.count("Signed Date") == 1
    assert "My reasons, if I sign with reservations or do not sign:" in lines


def test_a_blank_form_for_each_signatory_not_yet_asked_and_for_a_manager_not_named(
    renderer: Renderer,
) -> None:
    data = example_data()
    data["signatures"] = []
    del data["participation"]["approved_by"]
    agreement = safeplan.from_dict(data)
    out = renderer.render(agreement, "mum")
    text = section(text_of(out), "Signatures")
    for name in ("Alex Carter", "Jordan Carter", "Pat Carter", "Robin Shah"):
        assert f"\n{name}\n" in text
    assert "\nThe manager who approved this agreement\n" in text
    # Alex, Jordan, Pat (Sam's safe adult and contact go-between), Robin, and the manager.
    assert signature_lines(out).count("Signed Date") == 5
    codes = [p.code for p in safeplan.check(agreement)]
    assert "SP-APPROVAL-NOT-RECORDED" in codes


def test_the_person_causing_harm_never_sees_anyone_elses_reasons(renderer: Renderer) -> None:
    data = example_data()
    data["signatures"][0] = {
        "person": "mum",
        "status": "signed-with-reservations",
        "date": "2026-11-02",
        "reason": "I am frightened of what Jordan will do if I sign.",
    }
    agreement = safeplan.from_dict(data)
    his = text_of(renderer.render(agreement, "dad"))
    hers = text_of(renderer.render(agreement, "mum"))
    professional = text_of(renderer.render(agreement, None))
    assert "I am frightened" not in his
    assert "They gave their reasons. Those are in their own copy" in his
    assert "I want to talk to a solicitor first." in his  # his own
    assert "I am frightened" in hers and "I am frightened" in professional


# --- complaints and advocacy ------------------------------------------------------------------


def test_the_complaints_route_names_the_councils_team_and_the_ombudsman() -> None:
    green = safeplan.load(GREEN)
    renderer = Renderer(RenderConfig(profile=str(NORTHSHIRE)))
    for who in ("sally", "paul"):
        text = section(text_of(renderer.render(green, who)), "If you are unhappy", "Signatures")
        assert "Talk to Amira Khan, or to Priya Shah (Team manager), who approved" in text
        assert "Northshire Children's Services complaints team: 01632 960002" in text
        assert "Local Government and Social Care Ombudsman to look at it: www.lgo.org.uk" in text
        assert "Northshire Children's Rights Service: 01632 960003" in text
    assert not [f for f in renderer.findings(green) if "COMPLAINTS" in f.code]


def test_without_a_council_team_the_copy_says_whom_to_ask_and_the_run_says_so(
    renderer: Renderer,
) -> None:
    green = safeplan.load(GREEN)
    text = text_of(renderer.render(green, "sally"))
    assert (
        "Ask Amira Khan for the complaints procedure of Northshire County Council Children's "
        "Services: they must tell you how to complain" in text
    )
    assert "National Youth Advocacy Service (NYAS): www.nyas.net, help@nyas.net" in text
    found = {f.code: f for f in renderer.findings(green)}
    assert found["SP-COMPLAINTS-CONTACT-MISSING"].path == "$.plan.profile"
    assert "SP-ADVOCACY-MISSING" not in found  # England's profile names one


def test_welsh_copies_name_the_welsh_ombudsman_and_meic(renderer: Renderer) -> None:
    jones = safeplan.load(JONES)
    text = text_of(renderer.render(jones, "cerys"))  # a Welsh-language copy
    assert "Ombwdsmon Gwasanaethau Cyhoeddus Cymru" in text
    assert "www.ombudsman.wales" in text
    assert "Meic: 080880 23456, www.meic.cymru" in text


def test_a_profile_service_needs_a_way_to_reach_it() -> None:
    with pytest.raises(safeplan.ProfileError, match="phone"):
        safeplan.profiles.Service(name="Complaints", description="Complaints.")


# --- helplines that fit the adult at risk -----------------------------------------------------


def helplines(renderer: Renderer, agreement: Any, who: str | None) -> str:
    return section(
        text_of(renderer.render(agreement, who)), "Help and support", "If you are unhappy"
    )


def test_a_man_at_risk_is_offered_the_line_for_men_not_the_one_for_women(
    renderer: Renderer,
) -> None:
    ahmed = safeplan.load(AHMED)  # Tariq, the adult at risk, is a man
    for who in ("tariq", "farah"):  # his copy, and his sister's
        text = helplines(renderer, ahmed, who)
        assert "Men's Advice Line" in text and "0808 801 0327" in text
        assert "National Domestic Abuse Helpline" not in text
    # Shabana's copy (in Urdu) has the line for people causing harm, no victims' line.
    shabana = text_of(renderer.render(ahmed, "shabana"))
    assert "Respect Phoneline" in shabana and "Men's Advice Line" not in shabana


def test_a_woman_at_risk_is_offered_the_line_for_women(renderer: Renderer) -> None:
    green = safeplan.load(GREEN)
    text = helplines(renderer, green, "sally")
    assert "National Domestic Abuse Helpline" in text and "0808 2000 247" in text
    assert "for women experiencing domestic abuse" in text
    assert "Men's Advice Line" not in text
    everything = helplines(renderer, green, None)  # the professional copy lists every line
    assert "Men's Advice Line" in everything and "National Domestic Abuse Helpline" in everything


def test_when_gender_is_not_recorded_both_are_listed_and_check_asks_for_it(
    renderer: Renderer,
) -> None:
    data = example_data()
    del data["people"][0]["gender"]
    agreement = safeplan.from_dict(data)
    text = helplines(renderer, agreement, "mum")
    assert "National Domestic Abuse Helpline" in text and "Men's Advice Line" in text
    found = [p for p in safeplan.check(agreement) if p.code == "SP-HELPLINES-NOT-FITTED"]
    assert [p.path for p in found] == ["$.people[0].gender"]
    assert "Alex" not in found[0].message


def test_every_built_in_helpline_and_service_says_where_it_was_checked() -> None:
    for nation in safeplan.profiles.builtin_profile_names():
        profile = safeplan.profiles.nation_profile(nation)
        services = [*profile.helplines, *profile.advocacy, *profile.complaints]
        if profile.ombudsman is not None:
            services.append(profile.ombudsman)  # type: ignore[arg-type]
        for service in services:
            assert service.source, (nation, service.name)


# --- what the agencies cannot do --------------------------------------------------------------


def test_agencies_limits_are_printed_beside_their_commitments(renderer: Renderer) -> None:
    green = safeplan.load(GREEN)
    for who in ("sally", "paul", None):
        text = section(
            text_of(renderer.render(green, who)),
            "What the professionals will do",
            "How the children will see family members",
        )
        police = text[text.index("\nNorthshire Police\n") :]
        if who == "paul":
            # The police's one commitment (a marker on her address) is her specialist help:
            # kept out of his copy. What the police cannot do is still said.
            assert "marker" not in police
        else:
            assert police.startswith(
                "\nNorthshire Police\nWho\nWhat they will do\nWhen\nNorthshire Police\n"
            )
        assert (
            "What Northshire Police cannot do:\nThe police cannot be with Sally and the children "
            "all the time." in police
        )
        everything = text_of(renderer.render(green, who))
        # The fixed statement about what the agreement is stays.
        assert "It is not a legal contract." in everything
        assert "A piece of paper does not keep anyone safe." in everything


def test_a_limit_that_would_tell_him_about_her_help_is_kept_from_his_copy(
    renderer: Renderer,
) -> None:
    data = safeplan.dump(safeplan.load(GREEN))
    police = next(g for g in data["agencies"] if g["id"] == "police")
    police["limitations"].append(
        "The police cannot go with Sally to her counselling at the Willow Centre on Tuesdays."
    )
    green = safeplan.from_dict(data)
    his = text_of(renderer.render(green, "paul"))
    hers = text_of(renderer.render(green, "sally"))
    assert "Willow Centre" in hers and "Willow Centre" not in his
    assert "The police cannot be with Sally and the children all the time." in his
    withheld = [p for p in safeplan.check(green) if p.code == "SP-SAFETY-DETAIL-WITHHELD"]
    assert any(p.path.startswith("$.agencies[4].limitations[") for p in withheld)


def test_check_asks_for_the_agencies_limits_when_none_are_given() -> None:
    data = example_data()
    del data["agencies"][0]["limitations"]
    found = [
        p
        for p in safeplan.check(safeplan.from_dict(data))
        if p.code.endswith("LIMITATIONS-MISSING")
    ]
    assert [p.path for p in found] == ["$.agencies"]
