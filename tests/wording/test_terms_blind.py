"""The wording checks measured on blind labelled sets of real terms (issue 13).

The sets were written by helpers who never saw safeplan's code, from real sources (each term
keeps its source: agreements quoted in case reviews and judgments, inspection reports, council
templates and procedures, parents' forums), and labelled independently by two more helpers from
a written guide, disagreements resolved by a third read (the kappas are in each file's header):

- ``tests/data/terms_dev.yaml``: 286 terms, the development two thirds of the first set;
- ``tests/data/terms2_dev.yaml``: 214 terms, the development two thirds of a second, messier
  set (minutes, parents' accounts, dialect, typos);
- ``tests/data/terms_final.yaml`` and ``terms2_final.yaml``: the final thirds, kept by the lead
  engineer and measured once at the end; measured here when present.

Each term runs through the same functions the refusals and findings call, with a minimal case
context: a cast from the term's ``cast`` mapping (pronouns in it are left out: a case's cast never
holds them, the reader resolves them), and who holds the term as the rules give it for its field:
an expectation or a commitment is held by its labelled holder; a contact arrangement, a
contingency step and a general term are the agreement's own (no holder), and in a contact
arrangement "I" is its labelled holder (the adult whose contact it is). Then:

- ``policing()``: a refusal is ``SP-POLICING``, a warning ``SP-POLICING-POSSIBLE``;
- ``outlives()``: ``SP-END-OUTLIVES-PLAN``;
- ``vague_wording()`` with the England profile's ``vague_terms``: ``SP-VAGUE-WORDING``.

The development parts are split in halves here (stratified by labels and holder, by a hash of
the id). The readers were built on the "tune" half. The "check" half was first measured on
2026-12-02, before any of its terms was read: SP-POLICING precision 0.95, recall 0.83 (0.84
with the labelled holder for every field); refusal or warning recall 0.88; outlives precision
1.00, recall 0.86; vague precision 1.00, recall 0.84. Its misses were then read and fixed, so
both halves are now tuning data: the final thirds are the only blind measure.

``pytest -s tests/wording/test_terms_blind.py`` prints every figure.
"""

from __future__ import annotations

import collections
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from safeplan._profiles import nation_profile
from safeplan._wording import Cast, Level, outlives, policing, vague_wording

DATA = Path(__file__).parent.parent / "data"
DEV = ("terms_dev.yaml", "terms2_dev.yaml")
FINAL = ("terms_final.yaml", "terms2_final.yaml")
_PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
    ]
)

# Bars: a little below the development figures (2026-12-02, both dev parts, 500 terms:
# SP-POLICING P 1.00 R 1.00; refusal or warning P 0.99 R 1.00; outlives P 1.00 R 1.00; vague
# P 0.96 R 1.00), which are tuning figures, not a measure of new wording.
DEV_BARS = {
    "SP-POLICING": (0.97, 0.97),
    "refusal or warning": (0.95, 0.98),
    "outlives": (0.97, 0.97),
    "vague": (0.93, 0.97),
}
# The final thirds were measured once, on 2026-12-02, after every change for the development
# parts had landed (terms_final 145 terms / terms2_final 105 terms):
#   SP-POLICING         P 0.957 R 0.938 / P 0.935 R 0.878  (together P 0.946 R 0.907)
#   refusal or warning  P 0.940 R 0.979 / P 0.906 R 0.980
#   outlives            P 1.000 R 0.929 / P 1.000 R 0.917
#   vague               P 1.000 R 0.913 / P 1.000 R 0.938
# The targets were P 0.95 R 0.90 for SP-POLICING and recall 0.98 for a refusal or a
# warning: terms2's policing precision and recall and terms_final's refusal-or-warning recall
# (47 of 48) fall short. The bars hold what was measured, so that nothing slips below it. The
# final thirds are spent: tuning a pattern on one of their terms would make these figures
# tuning figures; a new measure needs a new blind set.
FINAL_BARS = {
    "SP-POLICING": (0.93, 0.87),
    "refusal or warning": (0.90, 0.97),
    "outlives": (0.95, 0.90),
    "vague": (0.95, 0.90),
}


@attrs.frozen
class Outcome:
    term: dict[str, Any]
    refused: bool
    warned: bool
    outlives: bool
    vague: bool


def _load(name: str) -> list[dict[str, Any]]:
    terms: list[dict[str, Any]] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["terms"]
    return terms


def _context(term: dict[str, Any]) -> dict[str, str | None]:
    holder = None if term["holder"] == "none" else term["holder"]
    if term["field"] in ("contingency", "general"):
        return {"holder": None, "speaker": None}
    if term["field"] == "contact-arrangement":
        return {"holder": None, "speaker": holder}
    return {"holder": holder, "speaker": None}


def _cast(term: dict[str, Any]) -> Cast:
    return Cast.from_roles(
        {k: v for k, v in (term["cast"] or {}).items() if k.casefold() not in _PRONOUNS}
    )


def _outcome(term: dict[str, Any], vague_terms: tuple[str, ...]) -> Outcome:
    verdict = policing(term["text"], _cast(term), **_context(term))
    return Outcome(
        term=term,
        refused=verdict is not None and verdict.level is Level.REFUSE,
        warned=verdict is not None,
        outlives=outlives(term["text"]) is not None,
        vague=bool(vague_wording(term["text"], vague_terms)),
    )


def _halves(terms: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """The ids of the "tune" and "check" halves: within each group of terms with the same
    labels and holder, ordered by a hash of the id, alternately."""
    groups: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for t in terms:
        groups[str((t["policing"], t["vague"], t["outlives"], t["holder"]))].append(t)
    tune: list[str] = []
    check: list[str] = []
    for key in sorted(groups):
        ordered = sorted(groups[key], key=lambda t: hashlib.sha256(t["id"].encode()).hexdigest())
        for i, t in enumerate(ordered):
            (tune if i % 2 == 0 else check).append(t["id"])
    return tune, check


@attrs.frozen
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __str__(self) -> str:
        return (
            f"P {self.precision:.3f} R {self.recall:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


_MEASURES: dict[str, tuple[Callable[[Outcome], bool], Callable[[Outcome], bool]]] = {
    "SP-POLICING": (lambda o: o.refused, lambda o: bool(o.term["policing"])),
    "refusal or warning": (lambda o: o.warned, lambda o: bool(o.term["policing"])),
    "outlives": (lambda o: o.outlives, lambda o: bool(o.term["outlives"])),
    "vague": (lambda o: o.vague, lambda o: bool(o.term["vague"])),
}


def _score(outcomes: Iterable[Outcome], measure: str) -> Score:
    predicted, actual = _MEASURES[measure]
    tp = fp = fn = 0
    for o in outcomes:
        p, a = predicted(o), actual(o)
        tp += p and a
        fp += p and not a
        fn += a and not p
    return Score(tp, fp, fn)


@pytest.fixture(scope="module")
def vague_terms() -> tuple[str, ...]:
    return nation_profile("england").vague_terms


def _report(name: str, outcomes: list[Outcome]) -> dict[str, Score]:
    scores = {m: _score(outcomes, m) for m in _MEASURES}
    print(f"\n{name}: {len(outcomes)} terms")
    for measure, score in scores.items():
        print(f"  {measure:<20} {score}")
    return scores


def test_the_development_sets_are_the_labelled_blind_sets() -> None:
    for name in DEV:
        terms = _load(name)
        assert len({t["id"] for t in terms}) == len(terms)
        assert sum(t["policing"] for t in terms) >= 90
        assert all(t["source"] for t in terms)
        fields = {t["field"] for t in terms}
        assert fields == {
            "expectation",
            "contact-arrangement",
            "commitment",
            "contingency",
            "general",
        }


def test_the_wording_checks_on_the_development_sets(vague_terms: tuple[str, ...]) -> None:
    every: list[Outcome] = []
    for name in DEV:
        terms = _load(name)
        outcomes = [_outcome(t, vague_terms) for t in terms]
        every += outcomes
        _report(name, outcomes)
        by_field: dict[str, list[Outcome]] = collections.defaultdict(list)
        for o in outcomes:
            by_field[o.term["field"]].append(o)
        for field, group in sorted(by_field.items()):
            print(f"    {field:<20} SP-POLICING {_score(group, 'SP-POLICING')}")
        tune, check = _halves(terms)
        by_id = {o.term["id"]: o for o in outcomes}
        _report(f"{name}, tune half", [by_id[i] for i in tune])
        _report(f"{name}, check half", [by_id[i] for i in check])
    scores = _report("both development sets", every)
    for measure, (precision, recall) in DEV_BARS.items():
        assert scores[measure].precision >= precision, (measure, str(scores[measure]))
        assert scores[measure].recall >= recall, (measure, str(scores[measure]))


@pytest.mark.parametrize("name", FINAL)
def test_the_wording_checks_on_the_final_thirds(name: str, vague_terms: tuple[str, ...]) -> None:
    if not (DATA / name).exists():
        pytest.skip(f"{name} is missing from tests/data")
    outcomes = [_outcome(t, vague_terms) for t in _load(name)]
    scores = _report(f"{name} (final third)", outcomes)
    for measure, (precision, recall) in FINAL_BARS.items():
        assert scores[measure].precision >= precision, (measure, str(scores[measure]))
        assert scores[measure].recall >= recall, (measure, str(scores[measure]))


def test_held_by_the_person_causing_harm_an_agency_or_the_network_nothing_is_refused(
    vague_terms: tuple[str, ...],
) -> None:
    # Of the expectations and commitments, where the holder is the case's own.
    for name in DEV:
        for term in _load(name):
            if term["field"] not in ("expectation", "commitment"):
                continue
            if term["holder"] in ("person-causing-harm", "network-member"):
                assert not _outcome(term, vague_terms).refused, term["id"]


# The third set (tests/data/terms3.yaml, 160 terms, written and labelled 2026-12-02 after the final
# thirds were spent): its tune half was read and fixed; its check half was measured once after
# that (SP-POLICING P 1.00 R 0.94; refusal or warning R 0.97; outlives R 0.83; vague P 0.92
# R 0.85). Bars a little below what each half measures.
ROUND3_BARS = {
    "tune": {
        "SP-POLICING": (0.97, 0.97),
        "refusal or warning": (0.95, 0.97),
        "outlives": (0.95, 0.85),
        "vague": (0.90, 0.95),
    },
    "check": {
        "SP-POLICING": (0.95, 0.90),
        "refusal or warning": (0.95, 0.95),
        "outlives": (0.95, 0.80),
        "vague": (0.85, 0.80),
    },
}


def test_the_wording_checks_on_the_third_set(vague_terms: tuple[str, ...]) -> None:
    terms = _load("terms3.yaml")
    assert len(terms) == 160
    by_id = {t["id"]: _outcome(t, vague_terms) for t in terms}
    tune, check = _halves(terms)
    for half, ids in (("tune", tune), ("check", check)):
        scores = _report(f"terms3.yaml, {half} half", [by_id[i] for i in ids])
        for measure, (precision, recall) in ROUND3_BARS[half].items():
            assert scores[measure].precision >= precision, (half, measure, str(scores[measure]))
            assert scores[measure].recall >= recall, (half, measure, str(scores[measure]))
