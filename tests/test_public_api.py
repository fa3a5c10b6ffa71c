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


def test_the_profiles_face_exports_every_type_a_profile_exposes() -> None:
    import typing

    import attrs

    import safeplan.profiles

    public = {
        n
        for n in dir(safeplan.profiles)
        if not n.startswith("_") and not inspect.ismodule(getattr(safeplan.profiles, n))
    }
    assert public == set(safeplan.profiles.__all__)
    assert list(safeplan.profiles.__all__) == sorted(safeplan.profiles.__all__)
    for name in safeplan.profiles.__all__:
        obj = getattr(safeplan.profiles, name)
        if typing.get_origin(obj) is typing.Literal:  # a type alias: the face's docstring says it
            assert f"``{name}``" in (safeplan.profiles.__doc__ or ""), name
        else:
            assert inspect.getdoc(obj), f"safeplan.profiles.{name} has no docstring"
    # Every class a Profile's fields (and theirs) hold is importable from the face.
    exported = {getattr(safeplan.profiles, n) for n in safeplan.profiles.__all__}
    seen: set[type] = set()
    queue: list[object] = [safeplan.profiles.Profile]
    while queue:
        tp = queue.pop()
        args = typing.get_args(tp)
        if args:
            queue.extend(args)
            continue
        if isinstance(tp, type) and tp.__module__.startswith("safeplan") and tp not in seen:
            seen.add(tp)
            assert tp in exported, tp.__name__
            if attrs.has(tp):
                queue.extend(typing.get_type_hints(tp).values())
    assert safeplan.profiles.Profile in seen and safeplan.profiles.Nation in seen
