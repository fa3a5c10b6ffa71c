"""The template checker: ``safeplan templates check``, every problem with its file and line,
before a batch runs and without rendering anything.

It parses each layout of the given folders with the same environment the renderer uses, follows
names and fields through the template context (``_layout/docs.py``), reads the block markup
against the writer's own vocabulary (``_docx/markup.py``) and the styles against the reference
DOCX the renderer would use, and checks translations and council profiles.

Imports: _profiles, _docx, _i18n, _resources, _errors, _problems.
"""

from __future__ import annotations

import collections.abc
import difflib
import enum
import os
import re
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs
import jinja2
from jinja2 import nodes
from jinja2.ext import extract_from_ast

from .._docx import Reference, markup
from .._errors import ProfileError, TemplateError
from .._i18n import (
    available_languages,
    catalog_problems,
    language_name,
    primary,
    translated_ids,
)
from .._problems import Problem
from .._profiles import Limits, Profile, load_profile
from .._resources import builtin_templates
from .branding import check_reference
from .docs import FUNCTIONS, LAYOUT_CONTEXTS, MISSING, ContextName, Method, member_type
from .environment import layout_environment
from .folder_files import check_folder_files
from .folders import LayoutLoader, folder_reference, icon_files, safe_file

__all__ = ["check_templates"]

_SOURCE = "safeplan templates check; docs/template-context.md"
_SANDBOX = "jinja's sandbox: layouts may only read what they are given"

# Attributes that lead from any object to Python's internals (frames, code, globals).
_INTERNALS: Final = frozenset(
    {
        "mro", "globals", "func_globals", "func_code", "func_closure", "func_defaults",
        "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await",
        "ag_frame", "ag_code", "ag_await", "tb_frame", "tb_next", "f_back", "f_globals",
        "f_locals", "f_builtins", "f_code", "co_code", "im_class", "im_func", "im_self",
    }
)  # fmt: skip
# Methods that change the object they are called on; the immutable sandbox refuses them.
_MUTATORS: Final = frozenset(
    {
        "append", "extend", "insert", "pop", "popitem", "remove", "clear", "update",
        "setdefault", "add", "discard", "sort", "reverse", "difference_update",
        "intersection_update", "symmetric_difference_update",
    }
)  # fmt: skip
# Names jinja gives every template, and the ones the i18n extension adds.
_ALWAYS: Final = frozenset(
    {"loop", "caller", "varargs", "kwargs", "super", "self", "gettext", "ngettext",
     "pgettext", "npgettext"}
)  # fmt: skip
# Filters that keep a list's items as they are, and those that pick one item.
_SAME_ITEMS: Final = frozenset({"list", "sort", "reverse", "unique", "selectattr", "rejectattr"})
_ONE_ITEM: Final = frozenset({"first", "last", "random"})

_FORMAT_FIELD = re.compile(r"\{([^{}!:]*)")
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)")
_ATTR = re.compile(r"\s([A-Za-z_][\w:.-]*)\s*=")
_LITERAL = re.compile(r"""\b(style|src)\s*=\s*"([^"{}]*)\"""")


def _where(file: str, line: int | None) -> str:
    """A problem's path in a template folder: ``FILE:LINE``, or ``FILE`` alone."""
    return file if line is None else f"{file}:{line}"


def check_templates(
    folders: Sequence[str | os.PathLike[str]],
    *,
    reference: str | os.PathLike[str] | None = None,
    languages: Sequence[str] | None = None,
    profile: Profile | str | os.PathLike[str] | None = None,
) -> tuple[Problem, ...]:
    """Check template folders before a batch runs; nothing is rendered.

    Finds, with file and line: syntax errors; names and fields the template context does not
    have (``docs/template-context.md``); unknown filters and tests; layouts extended, included or
    imported that do not exist; blocks that the extended layout does not have (so never print);
    text outside blocks in a layout that extends another; attempts to reach Python internals,
    call methods that change data or read files outside the folders; elements and attributes the
    block markup does not have; styles missing from the reference DOCX; pictures not in any
    ``icons/`` folder; fixed strings (``_("...")``) missing from a language's catalog (warnings);
    council profiles (``*.yaml`` at the top of a folder) that do not load; and, in the reference
    DOCX, pictures in the header or footer without alt text and first-page or even-page headers
    and footers no copy carries (warnings).

    Args:
        folders: Template folders, in the order given to the renderer (first wins).
        reference: The reference DOCX to check styles against. Default: ``reference.docx`` in
            the first folder that has one, else the built-in one (as the renderer does).
        languages: Check translations for these languages (``cy``, ``ur``). Default: every
            language with a catalog in safeplan. English needs none.
        profile: The council profile whose ``limits`` the folder's files must keep (a name, a
            YAML path or a :class:`~safeplan.profiles.Profile`); default: the default limits.
            Symbolic links, pipes and devices in a folder, and files over the limits, are
            reported too.

    Returns:
        Every problem, in file and line order. A problem's ``path`` is ``FILE:LINE`` (or
        ``FILE``), its ``severity`` ``refusal`` for an error that stops rendering and
        ``warning`` for a missing translation or a reference DOCX that would print less well.

    Raises:
        ValueError: A language has no catalog in safeplan.
        ProfileError: ``profile`` cannot be loaded.
    """
    paths = tuple(Path(f) for f in folders)
    limits = _limits(profile)
    env = layout_environment(paths, "en", limits.template_file_bytes)
    loader = LayoutLoader(paths, builtin_templates(), max_file_bytes=limits.template_file_bytes)
    problems: list[Problem] = []
    for folder in paths:
        problems.extend(check_folder_files(folder, limits))
    try:
        chosen = Path(reference) if reference is not None else folder_reference(paths)
        ref = check_reference(chosen, problems, limits)
    except TemplateError:  # a reference.docx that leads out of its folder: reported above
        ref = None
    catalogs = _catalogs(languages, paths)
    problems.extend(_catalog_problems(paths))
    icons = frozenset(icon_files(paths, strict=False))
    for layer in range(loader.builtin):
        for name, path in loader.files(layer):
            if _readable(paths[layer], path, limits.template_file_bytes):
                checker = _FileCheck(env, loader, layer, name, path, ref, catalogs, icons)
                problems.extend(checker.run())
        problems.extend(_check_profiles(paths[layer], limits.template_file_bytes))
    return tuple(sorted(problems, key=_order))


def _limits(profile: Profile | str | os.PathLike[str] | None) -> Limits:
    if profile is None:
        return Limits()
    return (profile if isinstance(profile, Profile) else load_profile(profile)).limits


def _readable(folder: Path, path: Path, max_bytes: int) -> bool:
    """Whether the renderer would read this file of a folder (else check_folder_files says
    why): inside the folder, a regular file, within the size limit."""
    try:
        safe_file(folder, path, max_bytes, "file")
    except TemplateError:
        return False
    return True


def _order(p: Problem) -> tuple[str, int, str]:
    file, _, line = p.path.rpartition(":")
    if file and line.isdigit():
        return file, int(line), p.code
    return p.path, 0, p.code


def _catalogs(
    languages: Sequence[str] | None, folders: tuple[Path, ...] = ()
) -> dict[str, frozenset[str]]:
    """The msgids each language's catalogs translate (safeplan's own with the folders'
    ``locales/``), by primary language subtag."""
    shipped = available_languages(folders)[1:]  # English is the source language: it needs none
    if languages is None:
        wanted = list(shipped)
    else:
        wanted = []
        for tag in languages:
            lang = primary(tag)
            if lang == "en":
                continue
            if lang not in shipped:
                known = ", ".join(available_languages(folders))
                raise ValueError(f"safeplan has no catalog for {tag!r} (languages: {known})")
            wanted.append(lang)
    try:
        return {lang: translated_ids(lang, folders) for lang in wanted}
    except TemplateError:  # a catalog that cannot be read: reported by _catalog_problems
        return {lang: frozenset() for lang in wanted}


def _catalog_problems(folders: tuple[Path, ...]) -> list[Problem]:
    """The folders' own catalogs: strings left untranslated or fuzzy, per language, and a new
    language whose catalogs lack safeplan's strings (an error: no copy renders in it)."""
    try:
        found = catalog_problems(folders)
    except TemplateError as err:
        where = f"{err.template}:{err.line}" if err.line else str(err.template)
        return [Problem.refusal("SP-TEMPLATE-CATALOG", where, str(err.args[0]), _CATALOG_SOURCE)]
    out = []
    for file, line, code, message in found:
        where = f"{file}:{line}" if line else file
        if code == "SP-TEMPLATE-CATALOG-INCOMPLETE":
            out.append(Problem.refusal(code, where, message, _CATALOG_SOURCE))
        else:
            out.append(Problem.warning(code, where, message, _CATALOG_SOURCE))
    return out


_CATALOG_SOURCE = "safeplan catalogs (safeplan/locales and a folder's locales/)"


def _check_profiles(folder: Path, max_bytes: int) -> list[Problem]:
    out = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if not _readable(folder, path, max_bytes):
            continue
        try:
            load_profile(path)
        except ProfileError as err:
            text = str(err)
            for prefix in (f"{path}: ", f"{path.name}: "):
                text = text.removeprefix(prefix)
            line = re.search(r"\bline (\d+)", text)
            out.append(
                Problem.refusal(
                    "SP-TEMPLATE-PROFILE",
                    _where(str(path), int(line.group(1)) if line else None),
                    f"the council profile does not load: {text}",
                    "safeplan profiles (docs in safeplan/profiles/*.yaml)",
                )
            )
    return out


def _chain(node: nodes.Node) -> str:
    """``agreement.plan.nation`` for a chain of attributes on a name; ``…`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_chain(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_chain(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Call):
        return f"{_chain(node.node)}(…)"
    return "…"


def _root(node: nodes.Node) -> nodes.Name | None:
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        node = node.node
    return node if isinstance(node, nodes.Name) else None


def _top_level(body: Sequence[nodes.Node]) -> Iterator[nodes.Node]:
    """Statements a template runs outside its blocks, macros and loops (through ``if``)."""
    for node in body:
        yield node
        if isinstance(node, nodes.If):
            yield from _top_level([*node.body, *node.elif_, *node.else_])


def _declared(tree: nodes.Node) -> set[str]:
    """Every name a template sets: ``set``, ``for``, macros and their arguments, imports."""
    names = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    names.update(m.name for m in tree.find_all(nodes.Macro))
    names.update(i.target for i in tree.find_all(nodes.Import))
    for imp in tree.find_all(nodes.FromImport):
        names.update(n if isinstance(n, str) else n[1] for n in imp.names)
    return names


def _merge(contexts: Sequence[Sequence[ContextName]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for context in contexts:
        for n in context:
            if n.name in out and out[n.name] != n.type:
                out[n.name] = None
            else:
                out.setdefault(n.name, n.type)
    return out


def _unsafe_path(name: str) -> bool:
    return (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in name.split("/")
        or re.match(r"^[A-Za-z]:", name) is not None
    )


class _FileCheck:
    """The checks of one layout file."""

    def __init__(
        self,
        env: jinja2.Environment,
        loader: LayoutLoader,
        layer: int,
        name: str,
        path: Path,
        reference: Reference | None,
        catalogs: dict[str, frozenset[str]],
        icons: frozenset[str],
    ) -> None:
        self.env = env
        self.loader = loader
        self.canonical = loader.canonical(layer, name)
        self.name = name
        self.file = str(path)
        self.path = path
        self.reference = reference
        self.catalogs = catalogs
        self.icons = icons
        self.problems: list[Problem] = []

    def add(
        self,
        line: int | None,
        code: str,
        message: str,
        *,
        warning: bool = False,
        source: str = _SOURCE,
    ) -> None:
        make = Problem.warning if warning else Problem.refusal
        self.problems.append(make(code, _where(self.file, line), message, source))

    def run(self) -> list[Problem]:
        try:
            source = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.add(None, "SP-TEMPLATE-SYNTAX", "the file is not UTF-8 text: save it as UTF-8")
            return self.problems
        try:
            tree = self.env.parse(source, self.canonical, self.file)
        except jinja2.TemplateSyntaxError as err:
            self.add(err.lineno, "SP-TEMPLATE-SYNTAX", f"syntax error: {err.message}")
            return self.problems
        ancestors = self._ancestors(tree)
        context = self._context([self.name, *(plain for _, plain, _ in ancestors)])
        self._unsafe(tree)
        self._references(tree)
        self._names(tree, ancestors, context)
        self._filters(tree)
        if ancestors:
            self._blocks(tree, ancestors)
        self._markup(tree)
        self._translations(tree)
        if not any(p.code == "SP-TEMPLATE-UNKNOWN-FILTER" for p in self.problems):
            self._compile(source)
        return self.problems

    # -- what the file builds on ---------------------------------------------------------

    def _ancestors(self, tree: nodes.Template) -> list[tuple[str, str, nodes.Template]]:
        """The layouts this one extends, nearest first: canonical name, plain name, tree."""
        out: list[tuple[str, str, nodes.Template]] = []
        current, current_tree = self.canonical, tree
        seen = {self.canonical}
        while True:
            ext = next((n for n in current_tree.body if isinstance(n, nodes.Extends)), None)
            if ext is None or not isinstance(ext.template, nodes.Const):
                return out
            wanted = ext.template.value
            if not isinstance(wanted, str) or _unsafe_path(wanted):
                return out
            target = self.loader.join(wanted, current)
            layer, plain = self.loader.resolve(target)
            if layer is None:
                if current == self.canonical:
                    self.add(
                        ext.lineno,
                        "SP-TEMPLATE-NOT-FOUND",
                        f"extends {wanted!r}, which is in none of the template folders nor "
                        "among the built-in layouts (safeplan/agreement.xml.j2, "
                        "safeplan/child.xml.j2)",
                    )
                return out
            if target in seen:
                return out
            seen.add(target)
            try:
                source = self.loader.get_source(self.env, target)[0]
                parsed = self.env.parse(source, target)
            except jinja2.TemplateError:  # reported when that file is checked
                return out
            out.append((target, plain, parsed))
            current, current_tree = target, parsed

    def _context(self, names: Sequence[str]) -> dict[str, Any]:
        for name in names:
            if name in LAYOUT_CONTEXTS:
                return {n.name: n.type for n in LAYOUT_CONTEXTS[name]}
        # A partial included by either layout: it may use the names of both.
        return _merge(list(LAYOUT_CONTEXTS.values()))

    # -- names and fields ------------------------------------------------------------------

    def _names(
        self,
        tree: nodes.Template,
        ancestors: Sequence[tuple[str, str, nodes.Template]],
        context: dict[str, Any],
    ) -> None:
        inherited: dict[str, Any] = {}
        for _, _, parent in reversed(ancestors):  # the root layout's names first
            walker = _Types({**context, **inherited}, None)
            walker.stmts([n for n in _top_level(parent.body) if not isinstance(n, nodes.If)])
            inherited.update(walker.scopes[0])
            for name in _declared_top(parent):
                inherited.setdefault(name, None)
        known = (
            (set(context) | set(self.env.globals) | _ALWAYS | {f.name for f in FUNCTIONS})
            | set(inherited)
            | _declared(tree)
        )
        reported: set[tuple[int, str]] = set()
        chains: dict[int, str] = {}
        for item in tree.find_all((nodes.Getattr, nodes.Getitem)):  # longest chain per name
            root = _root(item)
            if root is not None:
                text = _chain(item)
                if len(text) > len(chains.get(id(root), "")):
                    chains[id(root)] = text
        for node in tree.find_all(nodes.Name):
            if node.ctx != "load" or node.name in known or node.name.startswith("__"):
                continue
            shown = chains.get(id(node), node.name)
            if (node.lineno, shown) in reported:
                continue
            reported.add((node.lineno, shown))
            close = difflib.get_close_matches(node.name, sorted(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            what = "" if shown == node.name else f" in {shown!r}"
            self.add(
                node.lineno,
                "SP-TEMPLATE-UNKNOWN-NAME",
                f"unknown name {node.name!r}{what}: it is not in the template context{hint}",
            )
        walker = _Types({**context, **inherited}, self.add)
        walker.stmts(tree.body)

    def _filters(self, tree: nodes.Template) -> None:
        for f in tree.find_all(nodes.Filter):
            if f.name not in self.env.filters:
                close = difflib.get_close_matches(f.name, sorted(self.env.filters), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.add(f.lineno, "SP-TEMPLATE-UNKNOWN-FILTER", f"unknown filter {f.name!r}{hint}")
        for t in tree.find_all(nodes.Test):
            if t.name not in self.env.tests:
                self.add(t.lineno, "SP-TEMPLATE-UNKNOWN-FILTER", f"unknown test {t.name!r}")

    # -- the sandbox -----------------------------------------------------------------------

    def _unsafe(self, tree: nodes.Template) -> None:
        def internal(line: int, attr: str) -> None:
            self.add(
                line,
                "SP-TEMPLATE-UNSAFE",
                f"reaches Python internals ({attr!r}): layouts run in a sandbox and may only "
                "use the fields in docs/template-context.md",
                source=_SANDBOX,
            )

        for node in tree.find_all(nodes.Getattr):
            if node.attr.startswith("_") or node.attr in _INTERNALS:
                internal(node.lineno, node.attr)
        for item in tree.find_all(nodes.Getitem):
            key = item.arg.value if isinstance(item.arg, nodes.Const) else None
            if isinstance(key, str) and (key.startswith("_") or key in _INTERNALS):
                internal(item.lineno, key)
        for name in tree.find_all(nodes.Name):
            if name.name.startswith("__"):
                internal(name.lineno, name.name)
        for call in tree.find_all(nodes.Call):
            if not isinstance(call.node, nodes.Getattr):
                continue
            pattern = call.node.node.value if isinstance(call.node.node, nodes.Const) else None
            if call.node.attr in ("format", "format_map") and isinstance(pattern, str):
                # "{0.__class__}".format(x) reaches attributes through the format string.
                for field in _FORMAT_FIELD.findall(pattern):
                    for part in re.split(r"[.\[\]]", field)[1:]:
                        if part.startswith("_") or part in _INTERNALS:
                            internal(call.lineno, part)
            if call.node.attr in _MUTATORS:
                self.add(
                    call.lineno,
                    "SP-TEMPLATE-UNSAFE",
                    f"calls {call.node.attr}(), which would change data: a layout may only read "
                    "what it is given (use {% set %} to make new values)",
                    source=_SANDBOX,
                )

    def _references(self, tree: nodes.Template) -> None:
        """Layouts extended, included and imported: inside the folders, and there."""
        kinds = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
        for node in tree.find_all(kinds):
            target = getattr(node, "template", None)  # all four kinds have one
            if not isinstance(target, nodes.Const) or not isinstance(target.value, str):
                continue
            wanted = target.value
            if _unsafe_path(wanted):
                self.add(
                    node.lineno,
                    "SP-TEMPLATE-UNSAFE",
                    f"reads a file outside the template folders ({wanted!r}): a layout may only "
                    "use layouts in the template folders",
                    source=_SANDBOX,
                )
            elif isinstance(node, nodes.Extends):
                continue  # checked with the ancestors
            elif self.loader.resolve(self.loader.join(wanted, self.canonical))[0] is None:
                if isinstance(node, nodes.Include) and node.ignore_missing:
                    continue
                verb = "includes" if isinstance(node, nodes.Include) else "imports"
                self.add(
                    node.lineno,
                    "SP-TEMPLATE-NOT-FOUND",
                    f"{verb} {wanted!r}, which is in none of the template folders",
                )

    # -- inheritance -----------------------------------------------------------------------

    def _blocks(
        self, tree: nodes.Template, ancestors: Sequence[tuple[str, str, nodes.Template]]
    ) -> None:
        available = {b.name for _, _, t in ancestors for b in t.find_all(nodes.Block)}
        parent = ancestors[0][1]
        for node in _top_level(tree.body):
            if isinstance(node, nodes.Block) and node.name not in available:
                close = difflib.get_close_matches(node.name, sorted(available), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.add(
                    node.lineno,
                    "SP-TEMPLATE-BLOCK-UNKNOWN",
                    f"block {node.name!r} is not in {parent}, so it is never printed ({hint}"
                    f"its blocks: {', '.join(sorted(available))})",
                )
            elif isinstance(node, nodes.Output) and any(
                not isinstance(n, nodes.TemplateData) or n.data.strip() for n in node.nodes
            ):
                self.add(
                    node.lineno,
                    "SP-TEMPLATE-OUTSIDE-BLOCK",
                    "text outside a {% block %} in a layout that extends another is never "
                    "printed: put it inside the block it belongs to",
                )

    # -- the block markup --------------------------------------------------------------------

    def _markup(self, tree: nodes.Template) -> None:
        ref = self.reference
        defaults_reported: set[str] = set()
        for data in tree.find_all(nodes.TemplateData):
            text = data.data
            for tag in _TAG.finditer(text):
                line = data.lineno + text[: tag.start()].count("\n")
                closing, element = tag.group(1), tag.group(2)
                allowed = markup.ALLOWED_ATTRS.get(element)
                if allowed is None and not closing:
                    self.add(
                        line,
                        "SP-TEMPLATE-MARKUP",
                        f"unknown element <{element}>: the block markup has "
                        f"{', '.join(f'<{t}>' for t in sorted(markup.ALLOWED_ATTRS))}",
                    )
                    continue
                if closing or allowed is None:
                    continue
                end = text.find(">", tag.end())
                inside = text[tag.end() : len(text) if end < 0 else end]
                for attr in _ATTR.finditer(inside):
                    if attr.group(1) not in allowed:
                        self.add(
                            line + inside[: attr.start()].count("\n"),
                            "SP-TEMPLATE-MARKUP",
                            f"<{element}> has no attribute {attr.group(1)!r}"
                            + (f" (it has: {', '.join(sorted(allowed))})" if allowed else ""),
                        )
                styled = False
                for lit in _LITERAL.finditer(inside):
                    at = line + inside[: lit.start()].count("\n")
                    if lit.group(1) == "style":
                        styled = True
                        kind = "table" if element == "table" else "paragraph"
                        if ref is not None and ref.find_style(lit.group(2), kind) is None:
                            self.add(
                                at,
                                "SP-TEMPLATE-STYLE-MISSING",
                                f"style {lit.group(2)!r} ({kind}) is not in the reference DOCX "
                                f"{ref.name}: add it there in Word, or use one of its styles",
                            )
                    elif element == "image" and lit.group(2) not in self.icons:
                        self.add(
                            at,
                            "SP-TEMPLATE-MARKUP",
                            f"no picture named {lit.group(2)!r}: put {lit.group(2)}.png in the "
                            "folder's icons/ folder",
                        )
                styled = styled or re.search(r"\bstyle\s*=", inside) is not None
                default = markup.DEFAULT_STYLES.get(element)
                complete = end >= 0
                if default and complete and not styled and ref is not None:
                    style, kind = default
                    if style not in defaults_reported and ref.find_style(style, kind) is None:
                        defaults_reported.add(style)
                        self.add(
                            line,
                            "SP-TEMPLATE-STYLE-MISSING",
                            f"<{element}> uses the style {style!r}, which is not in the "
                            f"reference DOCX {ref.name}",
                        )

    # -- translations ------------------------------------------------------------------------

    def _translations(self, tree: nodes.Template) -> None:
        for line, _func, message in extract_from_ast(tree):
            msgid = message if isinstance(message, str) else (message or (None,))[0]
            if not isinstance(msgid, str):
                continue
            for lang, ids in self.catalogs.items():
                if msgid not in ids:
                    name = language_name(lang)
                    self.add(
                        line,
                        "SP-TEMPLATE-TRANSLATION-MISSING",
                        f"{msgid!r} is not in the {name} ({lang}) catalogs (safeplan's or the "
                        f"folder's locales/), so {name} copies would print it in English",
                        warning=True,
                        source=_CATALOG_SOURCE,
                    )

    def _compile(self, source: str) -> None:
        try:
            self.env.compile(source, self.canonical, self.file)
        except jinja2.TemplateSyntaxError as err:
            self.add(err.lineno, "SP-TEMPLATE-SYNTAX", f"syntax error: {err.message}")


def _declared_top(tree: nodes.Template) -> set[str]:
    """The names a layout sets outside its blocks: the ones its blocks (and the blocks of the
    layouts extending it) can use."""
    out: set[str] = set()
    for node in _top_level(tree.body):
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            out.update(n.name for n in node.target.find_all(nodes.Name))
            if isinstance(node.target, nodes.Name):
                out.add(node.target.name)
        elif isinstance(node, nodes.Macro):
            out.add(node.name)
        elif isinstance(node, nodes.Import):
            out.add(node.target)
        elif isinstance(node, nodes.FromImport):
            out.update(n if isinstance(n, str) else n[1] for n in node.names)
    return out


class _Types:
    """Follows the types of names through a layout and reports fields an object lacks.

    Deliberately modest: it knows the context's types, ``set`` and ``for`` over them, and a few
    filters; anything else is "unknown" and not checked, so it never reports a false problem.
    """

    def __init__(self, context: dict[str, Any], report: Callable[..., None] | None) -> None:
        self.scopes: list[dict[str, Any]] = [
            {k: (v if not isinstance(v, str) else None) for k, v in context.items()}
        ]
        self.report = report

    # statements

    def stmts(self, body: Sequence[nodes.Node]) -> None:
        for node in body:
            self.stmt(node)

    def _scoped(self, names: dict[str, Any], body: Sequence[nodes.Node]) -> None:
        self.scopes.append(names)
        self.stmts(body)
        self.scopes.pop()

    def stmt(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            item = _item(self.expr(node.iter))
            names = self._bind(node.target, item)
            names["loop"] = None
            self.scopes.append(names)
            if node.test is not None:
                self.expr(node.test)
            self.stmts(node.body)
            self.scopes.pop()
            self.stmts(node.else_)
        elif isinstance(node, nodes.Assign):
            value = self.expr(node.node)
            for name, tp in self._bind(node.target, value).items():
                scope = self.scopes[-1]
                scope[name] = tp if name not in scope or scope[name] == tp else None
        elif isinstance(node, nodes.AssignBlock):
            self.stmts(node.body)
            self.scopes[-1].update(self._bind(node.target, None))
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call)
            for default in node.defaults:
                self.expr(default)
            params = {a.name: None for a in node.args}
            params.update(caller=None, varargs=None, kwargs=None)
            self._scoped(params, node.body)
            if isinstance(node, nodes.Macro):
                self.scopes[-1][node.name] = None
        elif isinstance(node, nodes.With):
            bound: dict[str, Any] = {}
            for target, value in zip(node.targets, node.values, strict=False):
                bound.update(self._bind(target, self.expr(value)))
            self._scoped(bound, node.body)
        elif isinstance(node, nodes.Block):
            self._scoped({}, node.body)
        elif isinstance(node, nodes.If):
            self.expr(node.test)
            self.stmts(node.body)
            self.stmts(node.elif_)
            self.stmts(node.else_)
        elif isinstance(node, nodes.Import | nodes.FromImport):
            self.expr(node.template)
            if isinstance(node, nodes.Import):
                self.scopes[-1][node.target] = None
            else:
                for n in node.names:
                    self.scopes[-1][n if isinstance(n, str) else n[1]] = None
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child)
                else:
                    self.stmt(child)

    def _bind(self, target: nodes.Node, tp: Any) -> dict[str, Any]:
        if isinstance(target, nodes.Name):
            return {target.name: tp}
        return {n.name: None for n in target.find_all(nodes.Name)}

    # expressions

    def expr(self, node: nodes.Node | None) -> Any:
        if node is None:
            return None
        if isinstance(node, nodes.Name):
            for scope in reversed(self.scopes):
                if node.name in scope:
                    return scope[node.name]
            return None
        if isinstance(node, nodes.Getattr):
            return self._attr(self.expr(node.node), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node)
            self.expr(node.arg)
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            if isinstance(key, str):
                return self._attr(base, key, node)
            if isinstance(key, int):
                return _item(base)
            return base if isinstance(node.arg, nodes.Slice) else None
        if isinstance(node, nodes.Call):
            func = self.expr(node.node)
            self._args(node)
            return func.returns if isinstance(func, Method) else None
        if isinstance(node, nodes.Filter):
            base = self.expr(node.node)
            self._args(node)
            if node.name in _SAME_ITEMS:
                return _as_list(base)
            if node.name in _ONE_ITEM:
                return _item(base)
            return base if node.name in ("default", "d") else None
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test)
            first, second = self.expr(node.expr1), self.expr(node.expr2)
            return first if first == second else None
        for child in node.iter_child_nodes():
            self.expr(child)
        return None

    def _args(self, node: nodes.Call | nodes.Filter) -> None:
        for arg in node.args:
            self.expr(arg)
        for kw in node.kwargs:
            self.expr(kw.value)
        self.expr(node.dyn_args)
        self.expr(node.dyn_kwargs)

    def _attr(self, base: Any, attr: str, node: nodes.Node) -> Any:
        if base is None or attr.startswith("_"):  # the sandbox check reports "_" names
            return None
        classes = [m for m in _members(base) if m is not type(None)]
        if not classes or not all(_checkable(c) for c in classes):
            return None
        found = [t for c in classes if (t := member_type(c, attr)) is not MISSING]
        if not found:
            if self.report is not None:
                self._unknown_field(classes, attr, node)
            return None
        return found[0] if all(t == found[0] for t in found) else None

    def _unknown_field(self, classes: Sequence[type], attr: str, node: nodes.Node) -> None:
        names = sorted({f for c in classes for f in _field_names(c)})
        close = difflib.get_close_matches(attr, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        what = " or ".join(c.__name__ for c in classes)
        assert self.report is not None
        self.report(
            node.lineno,
            "SP-TEMPLATE-UNKNOWN-FIELD",
            f"{_chain(node)!r}: {what} has no field {attr!r}{hint}",
        )


def _members(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return (tp,)


def _checkable(tp: Any) -> bool:
    return isinstance(tp, type) and (attrs.has(tp) or issubclass(tp, enum.Enum))


def _field_names(cls: type) -> list[str]:
    names = [f.name for f in attrs.fields(cls)] if attrs.has(cls) else ["name", "value"]
    return names + [n for n in dir(cls) if not n.startswith("_")]


def _item(tp: Any) -> Any:
    """The type of one item of a list type; ``None`` when unknown."""
    if typing.get_origin(tp) in (tuple, list, collections.abc.Sequence):
        args = typing.get_args(tp)
        return args[0] if args else None
    return None


def _as_list(tp: Any) -> Any:
    item = _item(tp)
    return None if item is None else tuple[item, ...]  # type: ignore[valid-type]
