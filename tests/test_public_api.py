"""The public API: what an embedder imports is exported, documented and free of internals."""

from __future__ import annotations

import inspect

import safeplan
import safeplan.model
import safeplan.testing


def test_every_public_name_is_exported_and_sorted() -> None:
    public = {n for n in dir(safeplan) if not n.startswith("_")} - {
        "cli",
        "model",
        "testing",
    }
    # Submodules imported by the package are not API; everything else public is in __all__.
    public = {n for n in public if not inspect.ismodule(getattr(safeplan, n))}
    assert public == set(safeplan.__all__)
    assert list(safeplan.__all__) == sorted(safeplan.__all__)
    assert set(safeplan.model.__all__) == {
        n
        for n in dir(safeplan.model)
        if not n.startswith("_")
        and not inspect.ismodule(getattr(safeplan.model, n))
        and n not in {"annotations"}
    }


def test_every_public_name_is_documented() -> None:
    for module in (safeplan, safeplan.model, safeplan.testing):
        for name in module.__all__:
            obj = getattr(module, name)
            doc = inspect.getdoc(obj)
            assert doc and doc.strip(), f"{module.__name__}.{name} has no docstring"


def test_errors_form_one_tree() -> None:
    for name in safeplan.__all__:
        obj = getattr(safeplan, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, safeplan.SafeplanError), name
