"""The safety-detail detector on labelled sentences its author did not write.

tests/data/safety_dev.yaml is the development part (two thirds) of a blind set written and
labelled by helpers who never saw the detector (each sentence: text, holder, cast, label
``disclose``/``safe``, category). The final third, tests/data/safety_final.yaml, is kept by the
lead engineer and measured once, when it is added; until then its test is skipped. Do not tune
a pattern on a sentence of the final part: that turns it into tuning data.

The development part was split in two (stratified by label and category, alternate sentences
in id order): the detector was tuned on the first half and checked on the second. The first
check of the second half, before anything was changed for it, gave P 0.95 R 0.88; after
general fixes (not phrases of the set) both halves measure P 1.00 R 1.00. The bars below hold
the development set a little under that, and the final part a little under what the first,
unseen check gave.

Three sets of the detector's own are scored too: tests/data/safety_extra.yaml (sentences
written from the domain notes and public guidance before the patterns), the bundled examples'
free text against hand labels (tests/data/safety_examples.yaml; first measured at P 0.75
R 0.72, which led to the cross-sentence pronouns, "same school", agencies named like places and
the rule that a child telling someone is exposing) and tests/data/safety_fresh.yaml (written
after tuning in other styles; first measured at P 0.97 R 0.83).

``pytest -s`` prints the figures.
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

import safeplan
from safeplan._wording import Cast, safety_details
from safeplan._wording.cast import ROLES

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
DEV = DATA / "safety_dev.yaml"
FINAL = DATA / "safety_final.yaml"

# The final part, measured once on 2026-12-02 after every change for the development part had
# landed: n 87, P 0.97 R 0.87 (1 false positive, 6 missed). The bars hold that figure; the
# final part is spent (tuning on it would make it tuning data; a new measure needs a new set).
FINAL_PRECISION, FINAL_RECALL = 0.95, 0.85
# Sets the detector was tuned on or checked against (dev, its own, the examples' hand labels)
# measure P 1.00 R 1.00: they must stay there, give or take a sentence or two.
TUNED_PRECISION, TUNED_RECALL = 0.95, 0.95


def cast_of(mapping: Mapping[str, str] | None) -> Cast:
    """A cast from a labelled sentence's mapping. Sets name professionals by their job
    ("teacher", "idva", "police"); the cast knows them as professionals."""
    return Cast.from_roles(
        {
            word: (role if role in ROLES else "professional")
            for word, role in (mapping or {}).items()
        }
    )


def holder_of(value: Any) -> str | None:
    return None if value in (None, "", "none") else str(value)


def load(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"])


def halves(sentences: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], ...]:
    """The tuning half and the checking half: alternate sentences of each label and category,
    in id order."""
    strata: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for s in sorted(sentences, key=lambda s: str(s["id"])):
        strata[(s["label"], str(s["category"]))].append(s)
    first: list[dict[str, Any]] = []
    second: list[dict[str, Any]] = []
    for key in sorted(strata):
        for i, s in enumerate(strata[key]):
            (first if i % 2 == 0 else second).append(s)
    return first, second


def score(name: str, sentences: list[dict[str, Any]]) -> tuple[float, float]:
    """Precision and recall of "this sentence discloses" (at least one detail found)."""
    tp = fp = fn = 0
    for s in sentences:
        cast = s.get("cast_object") or cast_of(s.get("cast"))
        said = bool(safety_details(s["text"], cast, holder=holder_of(s.get("holder"))))
        truth = s["label"] == "disclose"
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name}: n {len(sentences)}  P {precision:.2f}  R {recall:.2f}  (fp {fp}, fn {fn})")
    return precision, recall


def test_the_blind_development_set_is_the_one_measured() -> None:
    sentences = load(DEV)
    assert len(sentences) >= 150
    assert {s["label"] for s in sentences} == {"disclose", "safe"}
    first, second = halves(sentences)
    assert abs(len(first) - len(second)) <= 20


def test_blind_development_set() -> None:
    first, second = halves(load(DEV))
    for name, part in (("dev, tuning half", first), ("dev, checking half", second)):
        precision, recall = score(f"blind {name}", part)
        assert precision >= TUNED_PRECISION and recall >= TUNED_RECALL, name


@pytest.mark.skipif(not FINAL.exists(), reason="the final part is added by the lead engineer")
def test_blind_final_set() -> None:
    precision, recall = score("blind final", load(FINAL))
    assert precision >= FINAL_PRECISION and recall >= FINAL_RECALL


@pytest.mark.parametrize("name", ["safety_extra.yaml", "safety_fresh.yaml"])
def test_the_detectors_own_sentences(name: str) -> None:
    precision, recall = score(f"own sentences, {name}", load(DATA / name))
    assert precision >= TUNED_PRECISION and recall >= TUNED_RECALL


def _at(document: Any, path: str) -> Any:
    for key, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        document = document[key] if key else document[int(index)]
    return document


def _example_sentences() -> list[dict[str, Any]]:
    labels = yaml.safe_load((DATA / "safety_examples.yaml").read_text(encoding="utf-8"))
    found = []
    for name, kinds in labels["items"].items():
        path = ROOT / "examples" / name
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        cast = safeplan.load(path).cast()
        roles = {p["id"]: p["role"] for p in document.get("people", [])}
        for label, paths in kinds.items():
            for item in paths:
                top = re.match(r"\$\.(\w+)\[(\d+)\]", item)
                holder = "agency"
                if top and top.group(1) in ("expectations", "views"):
                    who = document[top.group(1)][int(top.group(2))].get("who")
                    holder = roles.get(who, "agency")
                elif top and top.group(1) == "safety_plans":
                    holder = "child"
                text = " ".join(str(_at(document, item)).split())
                found.append({"text": text, "holder": holder, "cast_object": cast, "label": label})
    return found


def test_the_bundled_examples_free_text() -> None:
    sentences = _example_sentences()
    assert len(sentences) >= 150
    precision, recall = score("bundled examples", sentences)
    assert precision >= TUNED_PRECISION and recall >= TUNED_RECALL


ROUND3 = DATA / "safety_round3.yaml"


def test_blind_round_three_set() -> None:
    """Round 3 (written and labelled 2026-12-02 after the final part was spent): the detector
    was changed for misses of its first half only; the second half, measured once after that,
    gave P 1.00 R 0.81 (its first look, before any change, P 1.00 R 0.83)."""
    sentences = load(ROUND3)
    assert len(sentences) == 160
    first, second = halves(sentences)
    precision, recall = score("blind round 3, tuning half", first)
    assert precision >= 0.95 and recall >= 0.90
    precision, recall = score("blind round 3, checking half", second)
    assert precision >= 0.95 and recall >= 0.80


def test_blind_round_four_set() -> None:
    """Round 4: first look P 0.97 R 0.89; after changes for its first half, the second half,
    measured once, gave P 0.97 R 0.86."""
    sentences = load(DATA / "safety_round4.yaml")
    assert len(sentences) == 159
    first, second = halves(sentences)
    precision, recall = score("blind round 4, tuning half", first)
    assert precision >= 0.95 and recall >= 0.95
    precision, recall = score("blind round 4, checking half", second)
    assert precision >= 0.95 and recall >= 0.85
