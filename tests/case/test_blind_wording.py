"""The wording checks on the first blind set: sentences their authors never saw.

tests/data/expectations_blind.yaml was written by someone who had not seen the patterns or the
tuning set (tests/data/expectations.yaml). It was measured once with the old regular
expressions (2026-11-22: refusal P 1.00 R 0.72; refusal or warning P 0.86 R 0.96; vague P 1.00
R 0.62) and then used, with the old tuning set, while the clause reader of issue 13 was built:
it is no longer blind. The blind measurement is now tests/wording/test_terms_blind.py.

The set gives no cast: a real case supplies the names. Here a sentence's first word, when it
is a name, is the holder (the adult at risk), and every other name the person causing harm,
which flags somewhat more than a real case would (a child's name counts as his). A name is a
capitalised word that is not an everyday word, a place or a service. ``pytest -s`` prints the
figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from safeplan._profiles import nation_profile
from safeplan._wording import Cast, Level, policing, vague_wording

DATA = Path(__file__).parent.parent / "data" / "expectations_blind.yaml"

# Bars a little below what the checks achieve with the rough cast above (2026-12-02: refusal
# P 0.96 R 1.00; refusal or warning P 0.89 R 1.00; vague P 1.00 R 1.00).
REFUSAL_PRECISION, REFUSAL_RECALL = 0.9, 0.95
LAYERED_PRECISION, LAYERED_RECALL = 0.8, 0.95
VAGUE_PRECISION, VAGUE_RECALL = 0.9, 0.9


# Capitalised words in the set that are not people.
_NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "If",
        "At",
        "On",
        "In",
        "By",
        "Every",
        "Each",
        "This",
        "These",
        "Children's",
        "Services",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Freedom",
        "Programme",
        "Women's",
        "Centre",
        "Clinic",
        "Urdu",
        "IDVA",
        "MARAC",
        "Family",
        "Court",
        "WhatsApp",
        "Facebook",
        "Eastfield",
        "Police",
        "GP",
        "Respect",
        "Caring",
        "Dads",
        "Change",
        "School",
        "Nursery",
        "Health",
        "Visitor",
        "Social",
        "Worker",
    ]
)


def _cast(text: str) -> Cast:
    found = re.finditer(r"(?<![\w'])[A-Z][a-z]+(?:'s)?(?!\w)", text)
    roles: dict[str, str] = {}
    for m in found:
        word = m.group().removesuffix("'s")
        before = text[: m.start()].rstrip().split(" ")[-1].casefold() if m.start() else ""
        if word in _NOT_NAMES or before in ("the", "at", "a"):
            continue
        roles.setdefault(word, "adult-at-risk" if m.start() == 0 else "person-causing-harm")
    return Cast.from_roles(roles)


def _score(pairs: list[tuple[bool, bool]]) -> tuple[float, float, str]:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, f"P {precision:.2f} R {recall:.2f} (tp {tp}, fp {fp}, fn {fn})"


def test_wording_checks_on_the_first_blind_set() -> None:
    sentences = yaml.safe_load(DATA.read_text(encoding="utf-8"))["sentences"]
    assert len(sentences) >= 80
    verdicts = [policing(s["text"], _cast(s["text"]), holder=s["holder"]) for s in sentences]
    refusal = [
        (v is not None and v.level is Level.REFUSE, s["policing"])
        for v, s in zip(verdicts, sentences, strict=True)
    ]
    layered = [(v is not None, s["policing"]) for v, s in zip(verdicts, sentences, strict=True)]
    terms = nation_profile("england").vague_terms
    vague = [(bool(vague_wording(s["text"], terms)), s["vague"]) for s in sentences]
    results = {"refusal": _score(refusal), "refusal or warning": _score(layered)}
    results["vague"] = _score(vague)
    for name, (_, _, line) in results.items():
        print(f"first blind set, {name}: {line}")
    p, r, _ = results["refusal"]
    assert p >= REFUSAL_PRECISION and r >= REFUSAL_RECALL
    p, r, _ = results["refusal or warning"]
    assert p >= LAYERED_PRECISION and r >= LAYERED_RECALL
    p, r, _ = results["vague"]
    assert p >= VAGUE_PRECISION and r >= VAGUE_RECALL
    # Held by anyone else, the same words are never a policing refusal.
    for v, s in zip(verdicts, sentences, strict=True):
        if s["holder"] != "adult-at-risk":
            assert v is None, s["text"]
