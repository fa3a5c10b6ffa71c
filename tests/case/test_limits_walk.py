"""The quick walk of a case's limits gives the plain walk's answer.

``check_limits`` walks a parsed case once quickly (``schema._within``) and, only when that says a
limit is broken, again to say where. The quick walk was made faster (each node's ``anyOf`` branch
chosen once per type, strings checked in their list's or mapping's loop); the plain walk it
replaced is kept here and both are run on the examples, on the examples with a text, a list or
the nesting taken just past (and just to) a limit, and on random values shaped like a case.
A quick walk that said "within" where the plain one did not would let a hostile file through.
"""

from __future__ import annotations

import copy
import importlib
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import safeplan
from safeplan._case.limits import MAX_DEPTH, MAX_ID, MAX_ITEMS, MAX_SHORT, MAX_TEXT

schema = importlib.import_module("safeplan._case.schema")
EXAMPLES = sorted((Path(__file__).parent.parent.parent / "examples").glob("*.yaml"))


def _plain(value: object, node: Any, depth: int) -> bool:
    """The walk as it was before (the reference)."""
    if depth > MAX_DEPTH:
        return False
    while node is not None and node.branches is not None:
        node = next((n for kind, n in node.branches if isinstance(value, kind)), None)
    if isinstance(value, str):
        limit = node.max_length if node is not None else None
        return limit is None or len(value) <= limit
    if isinstance(value, list):
        if node is not None and node.max_items is not None and len(value) > node.max_items:
            return False
        items = node.items if node is not None else None
        return all(_plain(item, items, depth + 1) for item in value)
    if isinstance(value, dict):
        props = node.props if node is not None else None
        extra = node.extra if node is not None else None
        if extra is not None:
            if node is not None and node.max_items is not None and len(value) > node.max_items:
                return False
            return all(_plain(item, extra, depth + 1) for item in value.values())
        for key, item in value.items():
            if not _plain(item, props.get(key) if props is not None else None, depth + 1):
                return False
    return True


def _same(data: object) -> bool:
    root = schema._root_node()
    quick = schema._within(data, root, 0)
    assert quick == _plain(data, root, 0)
    assert (schema.check_limits(data) == []) == quick
    return quick


def _places(value: object, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], object]]:
    out = [(path, value)]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _places(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _places(v, (*path, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: object) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _cases() -> list[dict[str, Any]]:
    return [json.loads(safeplan.dumps(safeplan.load(p), "json")) for p in EXAMPLES]


def test_the_examples_keep_their_limits_in_both_walks() -> None:
    for data in _cases():
        assert _same(data)


def test_every_text_and_list_of_the_examples_at_and_past_its_limit() -> None:
    rng = random.Random(19)
    for data in _cases():
        for path, value in _places(data):
            if not path:
                continue
            if isinstance(value, str) and rng.random() < 0.4:
                for size in (MAX_ID, MAX_ID + 1, MAX_SHORT, MAX_SHORT + 1, MAX_TEXT, MAX_TEXT + 1):
                    trial = copy.deepcopy(data)
                    _set(trial, path, "x" * size)
                    _same(trial)
            elif isinstance(value, list) and value and rng.random() < 0.5:
                for size in (MAX_ITEMS, MAX_ITEMS + 1):
                    trial = copy.deepcopy(data)
                    _set(trial, path, [value[0]] * size)
                    _same(trial)


def test_nesting_at_and_past_the_depth_limit() -> None:
    for deep in (MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 5):
        for leaf in ("text", 1, None, [], {}):
            nested: object = leaf
            for i in range(deep):
                nested = [nested] if i % 2 else {"notes": nested}
            for data in _cases()[:1]:
                for key in ("terms", "people", "translations", "unknown_key"):
                    trial = copy.deepcopy(data)
                    trial[key] = nested
                    _same(trial)


_KEYS = st.sampled_from(
    ["id", "name", "what", "notes", "people", "terms", "translations", "cy", "en", "x", "when"]
)
_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["", "a", "x" * (MAX_ID + 1), "x" * (MAX_SHORT + 1), "x" * (MAX_TEXT + 1)]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(patch=st.dictionaries(_KEYS, _VALUES, max_size=4), which=st.integers(0, 3))
def test_random_values_shaped_like_a_case(patch: dict[str, Any], which: int) -> None:
    cases = _CASES
    data = copy.deepcopy(cases[which % len(cases)])
    data.update(patch)
    _same(data)
    for person in data.get("people", []) if isinstance(data.get("people"), list) else []:
        if isinstance(person, dict):
            person.update(patch)
    _same(data)


_CASES = _cases()

KEPT = Path(schema.__file__).parent / "limits_tree.py"


def _ruff_formatted(text: str, path: Path) -> str:
    """A generated module as ``ruff format`` writes it (the suite checks the format)."""
    ruff = Path(sys.executable).parent / "ruff"
    done = subprocess.run(
        [str(ruff) if ruff.exists() else "ruff", "format", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _kept_source() -> str:
    head = KEPT.read_text(encoding="utf-8").split("\nFINGERPRINT = ")[0]
    return _ruff_formatted(schema.limits_tree_source(head), KEPT)


def test_the_kept_limits_tree_is_the_schemas() -> None:
    # A stale tree is never used (its fingerprint no longer matches, and the tree is built from
    # the schema), but it costs every process the schema's 10 ms. Made again with
    # ``.venv/bin/python tests/case/test_limits_walk.py``.
    assert KEPT.read_text(encoding="utf-8") == _kept_source()
    assert schema._fingerprint() == schema.KEPT_FINGERPRINT


def _same_tree(a: Any, b: Any, seen: set[tuple[int, int]]) -> bool:
    if a is None or b is None:
        return a is b
    if (id(a), id(b)) in seen:
        return True
    seen.add((id(a), id(b)))
    if (a.max_length, a.max_items, a.str_limit) != (b.max_length, b.max_items, b.str_limit):
        return False
    if (a.props is None) != (b.props is None) or (a.branches is None) != (b.branches is None):
        return False
    if a.props is not None and list(a.props) != list(b.props):
        return False
    pairs = [(a.items, b.items), (a.extra, b.extra)]
    pairs += [(a.props[k], b.props[k]) for k in a.props or ()]
    if a.branches is not None:
        if [k for k, _ in a.branches] != [k for k, _ in b.branches]:
            return False
        pairs += [(x, y) for (_, x), (_, y) in zip(a.branches, b.branches, strict=True)]
    return all(_same_tree(x, y, seen) for x, y in pairs)


def test_a_stale_kept_tree_is_not_used(monkeypatch: Any) -> None:
    kept = schema._root_node()
    monkeypatch.setattr(schema, "KEPT_FINGERPRINT", "stale")
    monkeypatch.setattr(schema, "KEPT_ROOT", "not JSON")  # would break if it were read
    schema._root_node.cache_clear()
    try:
        built = schema._root_node()
        assert built is not kept
        assert _same_tree(built, kept, set())
        for data in _CASES:
            assert schema._within(data, built, 0)
    finally:
        schema._root_node.cache_clear()


if __name__ == "__main__":  # make limits_tree.py again
    KEPT.write_text(_kept_source(), encoding="utf-8")
