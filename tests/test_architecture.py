"""The house keeps its shape: no import circles, imports only point down the rooms, the rest of
the package enters a room by its front door, the command line uses only the public faces, and
every module says what it is for and which rooms it imports (and the code agrees).

Imports are read from the source (ast), so nothing is imported to check them. An import under
``if TYPE_CHECKING:`` is a type back-reference and never runs: it is left out. An import inside
a function runs when the function does: it counts.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "safeplan"

# The rooms, from the top floor down. A module may import its own room and the rooms below it.
ROOMS = (
    "__main__",
    "cli",
    "server",  # the HTTP service's public face (an optional extra)
    "_serve",
    "__init__",  # the safeplan package: the public face of everything
    "testing",
    "model",
    "profiles",
    "_assess",
    "_batch",
    "_translate",
    "_render",
    "_pdf",
    "_output",
    "_layout",
    "_findings",
    "_children",
    "_copies",
    "_case",
    "_profiles",
    "_strict",
    "_docx",
    "_i18n",
    "_wording",
    "_readability",
    "_codecache",  # the generated code of attrs and cattrs, compiled once per machine
    "_files",
    "_resources",
    "_errors",
    "_problems",
)
# What the command line may import besides itself.
FACES = frozenset({"safeplan", "safeplan.model", "safeplan.profiles", "safeplan.server"})
# How a module's docstring names a face in its "Imports:" line.
FACE_ROOMS = {
    "safeplan": "__init__",
    "safeplan.model": "model",
    "safeplan.profiles": "profiles",
    "safeplan.server": "server",
}


@attrs.frozen
class Import:
    importer: str  # module name, e.g. safeplan._case.model
    target: str  # the module imported, e.g. safeplan._profiles
    statement: str  # the module the statement names (``from X import y``: X)
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that runs, at module level or in a function."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node.test):
            yield from (n for s in node.orelse for n in _statements_of(s))
            continue
        yield from _statements_of(node)


def _statements_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _statements(node)


def _absolute(importer: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(name: str) -> list[Import]:
    """The safeplan modules ``name`` imports at run time."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: list[Import] = []
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "safeplan":
                    found.append(Import(name, alias.name, alias.name, node.lineno))
            continue
        statement = _absolute(name, node)
        if statement.split(".")[0] != "safeplan":
            continue
        found.append(Import(name, statement, statement, node.lineno))
        for alias in node.names:
            sub = f"{statement}.{alias.name}"
            if sub in MODULES:  # "from package import module"
                found.append(Import(name, sub, statement, node.lineno))
    found += _lazy(name, tree)
    for imp in found:
        assert imp.target in MODULES, f"{name}:{imp.line} imports {imp.target}, which is not there"
    return found


def _lazy(name: str, tree: ast.Module) -> list[Import]:
    """The imports a module makes on first use of a name (PEP 562): a module-level ``_WHERE``
    table of ``name: (".module", "name")``, as the public face keeps."""
    found = []
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if not (isinstance(target, ast.Name) and target.id == "_WHERE" and node.value):
            continue
        for value in ast.literal_eval(node.value).values():
            level = len(value[0]) - len(value[0].lstrip("."))
            statement = _absolute(name, ast.ImportFrom(module=value[0][level:], level=level))
            found.append(Import(name, statement, statement, node.lineno))
    return found


def _parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def graph() -> dict[str, set[str]]:
    """Who imports whom at run time, with the package a submodule is in: importing
    ``safeplan._case.kinds`` runs ``safeplan/_case/__init__.py`` first (unless the importer is
    inside that package, which is then already being imported)."""
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        own = {*_parents(name), name}
        for imp in imports(name):
            edges[name].add(imp.target)
            edges[name].update(p for p in _parents(imp.target) if p not in own and p != "safeplan")
        edges[name].discard(name)
    return edges


def room(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


# --- the tests -----------------------------------------------------------------------------


def test_the_package_has_no_import_circles() -> None:
    assert _circles(graph()) == []


def test_the_circle_test_finds_a_circle() -> None:
    # The detector itself: a circle through a function-level import, as the old house had.
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_command_line_imports_only_the_public_faces() -> None:
    wrong = [
        f"{imp.importer}:{imp.line} imports {imp.statement}"
        for name in MODULES
        if room(name) == "cli"
        for imp in imports(name)
        if not imp.statement.startswith("safeplan.cli") and imp.statement not in FACES
    ]
    assert wrong == []


def test_every_module_is_in_a_room() -> None:
    assert {room(name) for name in MODULES} == set(ROOMS)


def test_imports_only_point_down_the_rooms() -> None:
    order = {r: i for i, r in enumerate(ROOMS)}
    wrong = [
        f"{imp.importer}:{imp.line} ({room(name)}) imports {imp.target} ({room(imp.target)})"
        for name in MODULES
        for imp in imports(name)
        if order[room(imp.target)] < order[room(name)]
    ]
    assert wrong == []


def test_the_rest_of_the_package_enters_a_room_by_its_front_door() -> None:
    # A room with several modules names what the rest may import in its __init__.py.
    wrong = []
    for name in MODULES:
        for imp in imports(name):
            target_room = room(imp.statement)
            door = f"safeplan.{target_room}"
            if target_room == room(name) or not _is_package(door) or imp.statement == door:
                continue
            wrong.append(f"{imp.importer}:{imp.line} imports {imp.statement}, not {door}")
    assert wrong == []


_DECLARED = re.compile(r"^Imports:\s*(.*?)(?:\n\s*\n|\Z)", re.MULTILINE | re.DOTALL)
_ROOM_WORD = re.compile(r"safeplan(?:\.\w+)?|_\w+|cli\b")


def declared(name: str) -> set[str] | None:
    """The rooms a module's docstring says it imports; None when it says nothing."""
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8"))) or ""
    found = _DECLARED.search(doc)
    if found is None:
        return None
    text = re.sub(r"\([^)]*\)", "", found.group(1))  # remarks in brackets are not rooms
    if text.lstrip().startswith("nothing"):
        return set()
    return {FACE_ROOMS.get(word, word) for word in _ROOM_WORD.findall(text)}


def _imported_rooms(names: list[str], own: str) -> set[str]:
    return {room(imp.target) for name in names for imp in imports(name)} - {own}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_what_it_is_for_and_which_rooms_it_imports(name: str) -> None:
    doc = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 5, f"{name} does not say what it is for"
    says = declared(name)
    assert says is not None, f"{name}: its docstring has no 'Imports:' line"
    own = room(name)
    assert says <= set(ROOMS), f"{name}: not rooms: {sorted(says - set(ROOMS))}"
    # A room's front door speaks for the whole room; any other module for itself.
    members = [m for m in MODULES if room(m) == own] if _is_package(name) else []
    actual = _imported_rooms(members or [name], own)
    assert says - {own} == actual, f"{name} says it imports {sorted(says)}, it imports {actual}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_about_900_lines(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= 920, f"{name} has {lines} lines: split it by the jobs it does"
