"""The wording checks on sentences their authors never saw.

tests/data/expectations_blind.yaml was written by someone who had not seen the patterns or the
tuning set (tests/data/expectations.yaml). It measures how the policing refusal, the wider
SP-POLICING-POSSIBLE net and the vague-wording finding generalise. Do not change a pattern to
pass a sentence from this file: that turns it into tuning data. Write a new blind set instead.

The name-aware net needs the person causing harm's names; a real case supplies them. Here every
capitalised word after the holder's name counts as one, which flags somewhat more than a real
case would (so its precision here is a lower bound). ``pytest -s`` prints the figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from safeplan._case.wording import policing_wording
from safeplan._findings import policing_suspected, vague_wording
from safeplan._profiles import nation_profile

DATA = Path(__file__).parent.parent / "data" / "expectations_blind.yaml"

# Bars a little below what the checks achieved when the set was first measured (2026-11-22:
# refusal P 1.00 R 0.72; refusal or warning P 0.86 R 0.96; vague P 1.00 R 0.62).
REFUSAL_PRECISION, REFUSAL_RECALL = 0.9, 0.65
LAYERED_PRECISION, LAYERED_RECALL = 0.8, 0.9
VAGUE_PRECISION, VAGUE_RECALL = 0.9, 0.55


def _others(text: str) -> set[str]:
    first = text.split()[0]
    words = re.findall(r"\b[A-Z][a-z]+\b", text)
    return {w for w in words if w != first}


def _score(pairs: list[tuple[bool, bool]]) -> tuple[float, float, str]:
    tp = sum(p and g for p, g in pairs)
    fp = sum(p and not g for p, g in pairs)
    fn = sum(g and not p for p, g in pairs)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, f"P {precision:.2f} R {recall:.2f} (tp {tp}, fp {fp}, fn {fn})"


def test_wording_checks_generalise_to_unseen_sentences() -> None:
    sentences = yaml.safe_load(DATA.read_text(encoding="utf-8"))["sentences"]
    assert len(sentences) >= 80
    held = [s for s in sentences if s["holder"] == "adult-at-risk"]
    refusal = [(policing_wording(s["text"]), s["policing"]) for s in held]
    layered = [
        (
            policing_wording(s["text"]) or policing_suspected(s["text"], _others(s["text"])),
            s["policing"],
        )
        for s in held
    ]
    terms = nation_profile("england").vague_terms
    vague = [(bool(vague_wording(s["text"], terms)), s["vague"]) for s in sentences]
    results = {"refusal": _score(refusal), "refusal or warning": _score(layered)}
    results["vague"] = _score(vague)
    for name, (_, _, line) in results.items():
        print(f"blind set, {name}: {line}")
    p, r, _ = results["refusal"]
    assert p >= REFUSAL_PRECISION and r >= REFUSAL_RECALL
    p, r, _ = results["refusal or warning"]
    assert p >= LAYERED_PRECISION and r >= LAYERED_RECALL
    p, r, _ = results["vague"]
    assert p >= VAGUE_PRECISION and r >= VAGUE_RECALL
    # Held by anyone else, the same words are never a policing refusal.
    others = [s for s in sentences if s["holder"] != "adult-at-risk"]
    assert not any(s["policing"] for s in others)
