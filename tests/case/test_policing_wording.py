"""How well the policing refusal and the vague-wording finding do on labelled sentences.

tests/data/expectations.yaml holds expectation sentences written like real agreements, each with
its holder and whether it is policing (must be refused) and vague. Each sentence goes through the
real path: added to a valid case as an expectation of its holder (or as an agency commitment),
then built (refusals) and checked (findings). The figures are printed (``pytest -s``); the test
fails below the bars set from what the checks achieve.

The sets record how the patterns were made: "tuning", "round-2" and "round-3" were used to
improve them, "final" was not. The whole-set bars guard against regressions; the "final" figures
are the honest measure on unseen wording, and are printed beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

import safeplan
from safeplan._profiles import nation_profile
from safeplan._wording import Cast, Level, policing, vague_wording
from safeplan.testing import example_data

DATA = Path(__file__).parent.parent / "data" / "expectations.yaml"
SETS = ("tuning", "round-2", "round-3", "final")
HOLDERS = {"adult-at-risk": "mum", "person-causing-harm": "dad", "safe-adult": "nan"}

# Bars, set from what the checks achieve on the whole set (see the module docstring).
REFUSAL_PRECISION = 0.9
REFUSAL_RECALL = 0.85
LAYERED_PRECISION = 0.85
LAYERED_RECALL = 0.95
VAGUE_PRECISION = 0.9
VAGUE_RECALL = 0.9
# On the unseen "final" set the refusal must still not refuse wrongly.
FINAL_REFUSAL_PRECISION = 0.9


@attrs.frozen
class Sentence:
    text: str
    holder: str
    policing: bool
    vague: bool
    set: str
    note: str | None = None


@attrs.frozen
class Outcome:
    sentence: Sentence
    refused: bool
    wording_refused: bool | None  # policing_wording alone, for the adult at risk's terms
    possible: bool  # SP-POLICING-POSSIBLE (only when not refused)
    vague: bool
    vague_in_check: bool | None  # SP-VAGUE-WORDING from safeplan.check (when not refused)


def _sentences() -> list[Sentence]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))["sentences"]
    return [Sentence(**item) for item in raw]


def _case() -> dict[str, Any]:
    # The labelled sentences name Sally, Paul, Mia and Jean: give the example case those names
    # so that the name-aware finding sees what it would see in a real case.
    data = example_data()
    data["people"][0]["name"] = "Sally Green"
    data["people"][1]["name"] = "Paul Reid"
    data["people"][2]["name"] = "Jean Green"
    data["children"][0]["name"] = "Mia Green"
    return data


def _outcome(sentence: Sentence) -> Outcome:
    data = _case()
    if sentence.holder == "agency":
        data["commitments"].append({"agency": "cs", "what": sentence.text, "when": "Every week"})
        path = f"$.commitments[{len(data['commitments']) - 1}]"
    else:
        item = {"who": HOLDERS[sentence.holder], "what": sentence.text, "checked_by": "sw"}
        data["expectations"].append(item)
        path = f"$.expectations[{len(data['expectations']) - 1}]"
    profile = nation_profile("england")
    vague = bool(vague_wording(sentence.text, profile.vague_terms))
    refusals = safeplan.validate(data)
    # Only the sentence itself can be refused: the rest of the case is valid.
    assert {p.path for p in refusals} <= {path, f"{path}.what"}, refusals
    refused = any(p.code == "SP-POLICING" for p in refusals)
    findings = [] if refused else safeplan.check(safeplan.from_dict(data))
    codes = {p.code for p in findings if p.path in (path, f"{path}.what")}
    return Outcome(
        sentence=sentence,
        refused=refused,
        wording_refused=(
            _wording_refuses(sentence.text) if sentence.holder == "adult-at-risk" else None
        ),
        possible="SP-POLICING-POSSIBLE" in codes,
        vague=vague,
        vague_in_check=None if refused else "SP-VAGUE-WORDING" in codes,
    )


def _cast() -> Cast:
    return safeplan.from_dict(_case()).cast()


def _wording_refuses(text: str) -> bool:
    verdict = policing(text, _cast(), holder="adult-at-risk")
    return verdict is not None and verdict.level is Level.REFUSE


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return [_outcome(s) for s in _sentences()]


@attrs.frozen
class Score:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}, tn {self.tn})"
        )


def score(
    items: Iterable[Outcome],
    predicted: Callable[[Outcome], bool],
    actual: Callable[[Outcome], bool],
) -> Score:
    tp = fp = fn = tn = 0
    for o in items:
        p, a = predicted(o), actual(o)
        tp += p and a
        fp += p and not a
        fn += a and not p
        tn += not p and not a
    return Score(tp, fp, fn, tn)


def _refused(o: Outcome) -> bool:
    return o.refused


def _layered(o: Outcome) -> bool:
    return o.refused or o.possible


def _policing(o: Outcome) -> bool:
    return o.sentence.policing


def _vague(o: Outcome) -> bool:
    return o.vague


def _is_vague(o: Outcome) -> bool:
    return o.sentence.vague


def _report(outcomes: list[Outcome]) -> dict[str, Score]:
    at_risk = [o for o in outcomes if o.sentence.holder == "adult-at-risk"]
    lines = [f"\n{len(outcomes)} labelled sentences ({len(at_risk)} held by the adult at risk)"]
    scores: dict[str, Score] = {}
    for name, predicted, actual, pool in (
        ("policing refusal", _refused, _policing, outcomes),
        ("policing refusal, adult at risk only", _refused, _policing, at_risk),
        ("refusal or SP-POLICING-POSSIBLE", _layered, _policing, outcomes),
        ("vague wording", _vague, _is_vague, outcomes),
    ):
        lines.append(f"{name}:")
        for subset in (*SETS, "all"):
            chosen = [o for o in pool if subset in ("all", o.sentence.set)]
            result = score(chosen, predicted, actual)
            scores[f"{name}/{subset}"] = result
            lines.append(f"  {subset:<8} n={len(chosen):<4} {result}")
    print("\n".join(lines))
    return scores


def test_the_labelled_set_is_large_and_balanced() -> None:
    sentences = _sentences()
    assert len(sentences) >= 120
    holders = {s.holder for s in sentences}
    assert holders == {"adult-at-risk", "person-causing-harm", "safe-adult", "agency"}
    at_risk = [s for s in sentences if s.holder == "adult-at-risk"]
    assert sum(s.policing for s in at_risk) >= 30
    assert sum(not s.policing for s in at_risk) >= 30
    assert sum(s.vague for s in sentences) >= 30
    assert not any(s.policing for s in sentences if s.holder != "adult-at-risk")
    assert {s.set for s in sentences} == set(SETS)
    assert len({s.text for s in sentences}) == len(sentences)


def test_policing_refusal_and_vague_wording_meet_their_bars(outcomes: list[Outcome]) -> None:
    scores = _report(outcomes)
    refusal = scores["policing refusal/all"]
    assert refusal.precision >= REFUSAL_PRECISION, refusal
    assert refusal.recall >= REFUSAL_RECALL, refusal
    assert scores["policing refusal/final"].precision >= FINAL_REFUSAL_PRECISION
    layered = scores["refusal or SP-POLICING-POSSIBLE/all"]
    assert layered.precision >= LAYERED_PRECISION, layered
    assert layered.recall >= LAYERED_RECALL, layered
    vague = scores["vague wording/all"]
    assert vague.precision >= VAGUE_PRECISION, vague
    assert vague.recall >= VAGUE_RECALL, vague


def test_the_wording_rule_and_the_refusal_path_agree(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        if o.wording_refused is not None:
            assert o.refused == o.wording_refused, o.sentence.text


def test_only_the_adult_at_risk_is_ever_refused_for_policing(outcomes: list[Outcome]) -> None:
    # "Paul will not enter the house", "Jean will not let Paul in": not refused.
    for o in outcomes:
        if o.sentence.holder != "adult-at-risk":
            assert not o.refused, o.sentence.text


def test_the_vague_finding_reports_what_the_wording_rule_finds(outcomes: list[Outcome]) -> None:
    for o in outcomes:
        if o.vague_in_check is not None:
            assert o.vague_in_check == o.vague, o.sentence.text


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Sally will ensure the children go to school every day.", False),
        ("Sally will not let Paul into the flat.", True),
        ("Sally can call 999 if Paul comes to the house.", False),
        ("Sally will call the police if Paul comes to the house.", True),
        ("Sally can call the police at any time.", False),
        ("Sally will make sure the children are not late for school.", False),
        ("Sally will not talk to the children about the court case.", False),
        ("Sally will not let the children stay overnight at Paul's house.", True),
    ],
)
def test_near_misses_both_ways(text: str, refused: bool) -> None:
    assert _wording_refuses(text) is refused


def test_held_by_the_person_causing_harm_it_is_not_a_refusal() -> None:
    data = _case()
    data["expectations"].append({"who": "dad", "what": "Paul will not enter the house."})
    assert safeplan.validate(data) == []
