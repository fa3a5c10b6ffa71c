"""Measure the safety-detail detector on labelled sentence sets.

Run from the repository root::

    .venv/bin/python tools/measure_safety.py tests/data/safety_dev.yaml [more.yaml ...]
    .venv/bin/python tools/measure_safety.py --halves tests/data/safety_dev.yaml
    .venv/bin/python tools/measure_safety.py --misses tests/data/safety_extra.yaml
    .venv/bin/python tools/measure_safety.py --examples --misses
    .venv/bin/python tools/measure_safety.py --speed

A set is YAML with ``sentences:``, each with ``text``, ``holder`` (a role, or ``none``),
``cast`` (words to roles), ``label`` (``disclose`` or ``safe``) and ``category``. For each set
it prints precision and recall of "discloses" (a sentence with at least one detail), how often
the first detail's category is the labelled one (categories 1-9 are the domain notes' list), and
with ``--misses`` every wrong sentence with its id (sets are public test data; the detector's
messages never quote text, this tool is for the developer's terminal only).

``--examples`` scores the bundled example cases' free text against the hand labels in
``tests/data/safety_examples.yaml`` (the cast is the case's own, the holder the item's).

``--halves`` splits each set into two halves, stratified by label and category, in id order
(alternate sentences of each stratum): the first half is for tuning, the second for checking.
``--speed`` times short sentences and a 10 KB text.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from safeplan._wording import Cast, SafetyCategory, safety_details
from safeplan._wording.cast import ROLES

# The domain notes' numbered list, in order.
CATEGORY_NUMBERS = {
    1: SafetyCategory.WHERE_THEY_ARE,
    2: SafetyCategory.CHILDREN_IN_THE_DAY,
    3: SafetyCategory.ROUTINE,
    4: SafetyCategory.APPOINTMENT,
    5: SafetyCategory.SPECIALIST_HELP,
    6: SafetyCategory.COURT_APPLICATION,
    7: SafetyCategory.CONTACT_DETAILS,
    8: SafetyCategory.PLANS_TO_MOVE,
    9: SafetyCategory.CHILD_WORDS,
}


def cast_of(mapping: Mapping[str, str] | None) -> Cast:
    """A cast from a labelled sentence's mapping; job titles a set uses for professionals
    ("teacher", "idva", "police") are professionals."""
    roles = {
        word: (role if role in ROLES else "professional") for word, role in (mapping or {}).items()
    }
    return Cast.from_roles(roles)


def holder_of(value: Any) -> str | None:
    return None if value in (None, "none", "") else str(value)


def load(path: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"])


def halves(
    sentences: Iterable[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    strata: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for s in sorted(sentences, key=lambda s: str(s["id"])):
        strata[(s["label"], str(s["category"]))].append(s)
    first: list[dict[str, Any]] = []
    second: list[dict[str, Any]] = []
    for key in sorted(strata):
        for i, s in enumerate(strata[key]):
            (first if i % 2 == 0 else second).append(s)
    return first, second


ROOT = Path(__file__).resolve().parent.parent


def _at(document: Any, path: str) -> Any:
    """The value at a path like ``$.expectations[6].how_checked``."""
    for key, index in re.findall(r"\.(\w+)|\[(\d+)\]", path):
        document = document[key] if key else document[int(index)]
    return document


def _holder(document: Mapping[str, Any], path: str, roles: Mapping[str, str]) -> str:
    """Whose item this is: the person an expectation or a view belongs to, else the agency."""
    top = re.match(r"\$\.(\w+)\[(\d+)\]", path)
    if top and top.group(1) in ("expectations", "views"):
        who = document[top.group(1)][int(top.group(2))].get("who")
        return roles.get(who, "agency")
    if top and top.group(1) == "safety_plans":
        return "child"  # a child's own safety plan
    return "agency"


def example_sentences(
    labels: Path = ROOT / "tests/data/safety_examples.yaml",
) -> list[dict[str, Any]]:
    """The bundled examples' free text, with the hand labels, each with its case's cast."""
    import safeplan

    found = []
    for name, kinds in yaml.safe_load(labels.read_text(encoding="utf-8"))["items"].items():
        path = ROOT / "examples" / name
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        case = safeplan.load(path)
        roles = {p["id"]: p["role"] for p in document.get("people", [])}
        roles |= {c["id"]: "child" for c in document.get("children", [])}
        for label, paths in kinds.items():
            for item in paths:
                found.append(
                    {
                        "id": f"{name.split('-')[0]} {item}",
                        "text": " ".join(str(_at(document, item)).split()),
                        "holder": _holder(document, item, roles),
                        "cast_object": case.cast(),
                        "label": label,
                        "category": "-",
                    }
                )
    return found


def score(sentences: list[dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = tn = right_category = 0
    wrong: list[tuple[str, dict[str, Any], tuple[Any, ...]]] = []
    for s in sentences:
        cast = s.get("cast_object") or cast_of(s.get("cast"))
        details = safety_details(s["text"], cast, holder=holder_of(s.get("holder")))
        said, truth = bool(details), s["label"] == "disclose"
        if said and truth:
            tp += 1
            want = CATEGORY_NUMBERS.get(s["category"]) if isinstance(s["category"], int) else None
            if want is not None and want in {d.category for d in details}:
                right_category += 1
        elif said:
            fp += 1
            wrong.append(("false alarm", s, details))
        elif truth:
            fn += 1
            wrong.append(("missed", s, details))
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {
        "n": len(sentences),
        "precision": precision,
        "recall": recall,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "category": right_category / tp if tp else 1.0,
        "wrong": wrong,
    }


def line(name: str, r: Mapping[str, Any]) -> str:
    return (
        f"{name}: n {r['n']}  P {r['precision']:.2f}  R {r['recall']:.2f}  "
        f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']}); "
        f"a detail of the labelled category in {r['category']:.0%} of hits"
    )


def speed() -> None:
    """Time the detector: the best of several repeats (the machine is shared)."""
    cast = Cast.from_roles(
        {"Sally": "adult-at-risk", "Paul": "person-causing-harm", "Mia": "child"}
    )
    short = [
        "Paul will attend the Change Programme every Tuesday at 6pm.",
        "Sally's new mobile number is only known to the social worker.",
        "Mia goes to Hillside Primary and Sally collects her at 3.15.",
        "Paul will not go to the children's school.",
    ]

    def best(run: Callable[[], object], times: int, repeats: int = 7) -> float:
        laps = []
        for _ in range(repeats):
            t = time.process_time()  # CPU time: other work on the machine does not count
            for _ in range(times):
                run()
            laps.append((time.process_time() - t) / times)
        return min(laps) * 1000

    for sentence in short:
        ms = best(lambda sentence=sentence: safety_details(sentence, cast), 5000)
        print(f"{ms:.4f} ms  {sentence}")
    para = " ".join(short) + " "
    texts = {
        "the four sentences above, repeated": (para * (10240 // len(para) + 1))[:10240],
        "the blind development set, run together": " ".join(
            s["text"] for s in load(ROOT / "tests/data/safety_dev.yaml")
        )[:10240],
        "the bundled examples' free text": " ".join(s["text"] for s in example_sentences())[:10240],
    }
    for name, text in texts.items():
        for size in (1024, 10240):
            piece = text[:size]
            ms = best(lambda piece=piece: safety_details(piece, cast), 20)
            print(f"{ms:7.2f} ms  {size // 1024} KB of {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--halves", action="store_true", help="score each half of each set")
    parser.add_argument("--misses", action="store_true", help="list every wrong sentence")
    parser.add_argument("--only", choices=("first", "second"), help="with --halves: one half")
    parser.add_argument("--speed", action="store_true", help="time the detector")
    parser.add_argument("--examples", action="store_true", help="score the bundled examples")
    args = parser.parse_args()
    if args.examples:
        r = score(example_sentences())
        print(line("bundled examples (hand labels)", r))
        if args.misses:
            for why, s, details in r["wrong"]:
                cats = ",".join(d.category.value for d in details)
                print(f"  {why:11} {s['id']} {s['text']}  {{{cats}}}")
    for path in args.sets:
        sentences = load(path)
        parts = {path.name: sentences}
        if args.halves:
            first, second = halves(sentences)
            parts = {f"{path.name} first half": first, f"{path.name} second half": second}
            if args.only:
                parts = {k: v for k, v in parts.items() if args.only in k}
        for name, part in parts.items():
            r = score(part)
            print(line(name, r))
            if args.misses:
                for why, s, details in r["wrong"]:
                    cats = ",".join(d.category.value for d in details)
                    print(f"  {why:11} {s['id']} [{s['category']}] {s['text']}  {{{cats}}}")
    if args.speed:
        speed()


if __name__ == "__main__":
    main()
