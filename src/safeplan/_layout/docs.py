"""The template context, documented from the model itself so that it cannot drift.

Layouts see a handful of top-level names (:data:`AGREEMENT_CONTEXT` for the adults' and the
professional copies, :data:`CHILD_CONTEXT` for a child's copy), a few filters and functions
(:data:`FILTERS`, :data:`FUNCTIONS`), and the attrs objects those names hold. This module says
what each top-level name is; everything below them (fields, their types, their descriptions) is
read from the attrs classes and their docstrings when :func:`template_context_markdown` runs.

``docs/template-context.md`` is the output of ``safeplan templates context``; a test fails
when the committed file differs from what the code produces, and another when the renderer
passes a name that is not documented here. ``safeplan templates check`` checks layouts against
these same names and types.

Imports: _children, _copies, _case, _profiles.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import inspect
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from .._case import (
    Agency,
    Meeting,
    Person,
    Professional,
    Signatory,
    SupportContact,
    Timeline,
    WrittenAgreement,
)
from .._children import ChildView
from .._copies import Copy, NotInCopy
from .._profiles import Helpline, Profile, Service

__all__ = [
    "AGREEMENT_CONTEXT",
    "CHILD_CONTEXT",
    "FILTERS",
    "FUNCTIONS",
    "LAYOUT_CONTEXTS",
    "ContextName",
    "documented_classes",
    "template_context_markdown",
]


@attrs.frozen(kw_only=True)
class ContextName:
    """One name a layout can use.

    Attributes:
        name: The name as a layout writes it.
        type: A type (checked by ``templates check``), or words for a function or filter.
        description: What it is, in one or two sentences.
        example: How a layout uses it.
    """

    name: str
    type: Any
    description: str
    example: str = ""


AGREEMENT_CONTEXT: tuple[ContextName, ...] = (
    ContextName(
        name="agreement",
        type=WrittenAgreement,
        description="The case as this copy's reader may see it: the items kept out of their "
        "copy (a person causing harm's copy keeps out the adult at risk's safety planning, "
        "for instance), and the contact details and views they may not see, are already "
        "removed, so a layout cannot print them.",
        example="{{ agreement.reference }}",
    ),
    ContextName(
        name="copy",
        type=Copy,
        description="Which copy this is: its kind, its recipient's id and its language.",
        example='{% if copy.kind.value == "adult" %}',
    ),
    ContextName(
        name="recipient",
        type=Person | Professional | None,
        description="The adult or professional this copy is for; none if they are not in the case.",
        example="{{ recipient.name }}",
    ),
    ContextName(
        name="professional_copy",
        type=bool,
        description="Whether this is the professional copy, which holds every confidential detail.",
        example="{% if professional_copy %}",
    ),
    ContextName(
        name="profile",
        type=Profile,
        description="The council's profile, or the nation's: helplines, meeting names, "
        "timescales, the protective marking.",
        example="{{ profile.meetings.core_group }}",
    ),
    ContextName(
        name="lead",
        type=Professional | None,
        description="The lead practitioner (the plan's lead_practitioner).",
        example="{{ lead.name }}",
    ),
    ContextName(
        name="lead_agency",
        type=Agency | None,
        description="The lead practitioner's agency.",
        example="{{ lead_agency.name }}",
    ),
    ContextName(
        name="holders",
        type=tuple[Person, ...],
        description="The adults who have something to do, the person causing harm first, then "
        "the adult at risk, other parents or carers, safe adults and network members.",
        example="{% for person in holders %}",
    ),
    ContextName(
        name="reviews",
        type=tuple[Meeting, ...],
        description="The meetings booked from the agreement's date forward, in date order: "
        "what the family should put in the diary.",
        example="{% for r in reviews %}{{ r.date | date(language) }}{% endfor %}",
    ),
    ContextName(
        name="meetings_held",
        type=tuple[Meeting, ...],
        description="The meetings that have taken place (and those booked before the agreement "
        "that did not), in date order, each with what it decided (`outcome`).",
        example="{% for m in meetings_held %}{% if m.cancelled %}…{% endif %}{% endfor %}",
    ),
    ContextName(
        name="timeline",
        type=Timeline,
        description="The plan's whole timeline, seen from the agreement's date: the meeting "
        "that ended the plan after it (`plan_end`), the last one that changed it "
        "(`last_change`), what started the pre-proceedings stage, the court hearings.",
        example="{% if timeline.plan_end %}{{ timeline.plan_end.date | date(language) }}"
        "{% endif %}",
    ),
    ContextName(
        name="pre_proceedings_due",
        type=dt.date | None,
        description="For a pre-proceedings plan that gives its start: the date by which the "
        "stage should be over (the profile's `pre_proceedings_max`).",
        example="{{ pre_proceedings_due | date(language) }}",
    ),
    ContextName(
        name="helplines",
        type=tuple[Helpline, ...],
        description="The profile's helplines for this copy's reader: every helpline in the "
        "professional copy; in an adult's copy, those for everyone, for parents, and for the "
        "reader's own role, leaving out a service for women or for men that does not fit the "
        "adult at risk (people[].gender).",
        example="{% for h in helplines %}{{ h.number }}{% endfor %}",
    ),
    ContextName(
        name="support_contacts",
        type=tuple[SupportContact, ...],
        description="The case's local support contacts for this copy's reader: all of them in "
        "the professional copy; in an adult's copy, those with no `for_roles` and those for "
        "the reader's own role.",
        example="{% for s in support_contacts %}{{ s.name }}: {{ s.phone }}{% endfor %}",
    ),
    ContextName(
        name="signatories",
        type=tuple[Signatory, ...],
        description="Everyone asked to sign: the parents and carers, every adult who carries a "
        "duty (terms of their own, contact through them or supervised by them, a child's safe "
        "adult), the lead practitioner and the manager who approved the agreement; each with "
        "the answer the case records, if any.",
        example="{% for s in signatories %}{{ name(s.id) }}{% endfor %}",
    ),
    ContextName(
        name="approver",
        type=Professional | None,
        description="The manager who approved the agreement (participation.approved_by).",
        example="{% if approver %}{{ approver.name }}{% endif %}",
    ),
    ContextName(
        name="complaints",
        type=tuple[Service, ...],
        description="The council's own complaints service, from the profile, in the copy's "
        "language when the profile has its words.",
        example="{% for c in complaints %}{{ c.name }}: {{ c.phone }}{% endfor %}",
    ),
    ContextName(
        name="ombudsman",
        type=Service | None,
        description="Where a complaint goes when the council's own procedure has not put it "
        "right, from the profile.",
        example="{{ ombudsman.web }}",
    ),
    ContextName(
        name="advocacy",
        type=tuple[Service, ...],
        description="Advocacy services for children, from the profile.",
        example="{% for s in advocacy %}{{ s.name }}{% endfor %}",
    ),
    ContextName(
        name="name",
        type="function: name(id) → text",
        description="The name of the adult, child, professional or agency with this id; empty "
        "for none.",
        example="{{ name(e.checked_by) }}",
    ),
    ContextName(
        name="names",
        type="function: names(ids) → text",
        description="The names for a list of ids, joined in words in the copy's language "
        "(Mia and Leo).",
        example="{{ names(c.lives_with) }}",
    ),
    ContextName(
        name="parts_withheld",
        type=bool,
        description="Whether this copy must say, near its start, that some parts of the "
        "agreement are not in it (without saying which): always in a person causing harm's "
        "copy, so that saying it discloses nothing; in another adult's copy when something is "
        "kept out of it.",
        example="{% if parts_withheld %}<box><p>…</p></box>{% endif %}",
    ),
    ContextName(
        name="some_withheld",
        type=bool,
        description="In the professional copy: whether any item is kept out of some copy "
        "(each such item is then marked with not_in_copies).",
        example="{% if some_withheld %}",
    ),
    ContextName(
        name="not_in_copies",
        type="function: not_in_copies(item, field=none) → list of NotInCopy",
        description="In the professional copy: the copies an item (a concern, a term, a "
        'view ...) is not in, and why; with a field (`"support"` of an expectation, '
        '`"reason"` of a signature), the copies that field is not in. Empty in every other '
        "copy, and for an item every copy holds.",
        example="{% for n in not_in_copies(c) %}{{ n.name }}{% endfor %}",
    ),
    ContextName(
        name="language",
        type=str,
        description="The copy's language tag, such as en-GB or cy-GB. Give it to the date filters.",
        example="{{ a.date | date(language) }}",
    ),
    ContextName(
        name="rtl",
        type=bool,
        description="Whether the copy's language is written right to left (Urdu, Arabic): "
        'the layout then gives the document dir="rtl".',
        example='<document lang="{{ language }}"{% if rtl %} dir="rtl"{% endif %}>',
    ),
)

CHILD_CONTEXT: tuple[ContextName, ...] = (
    ContextName(
        name="child",
        type=ChildView,
        description="Everything a child's layout may use. Nothing else about the case reaches "
        "it: not the adults' concerns, not anyone's address, not the agreement.",
        example="{{ child.name }}",
    ),
    ContextName(
        name="copy",
        type=Copy,
        description="Which copy this is: its kind, the child's id and its language.",
        example="{{ copy.language }}",
    ),
    ContextName(
        name="language",
        type=str,
        description="The copy's language tag, such as en-GB or cy-GB.",
        example="{{ d | month(language) }}",
    ),
    ContextName(
        name="rtl",
        type=bool,
        description="Whether the copy's language is written right to left (Urdu, Arabic): "
        'the layout then gives the document dir="rtl".',
        example='<document lang="{{ language }}"{% if rtl %} dir="rtl"{% endif %}>',
    ),
    ContextName(
        name="year",
        type=int,
        description="The year of the agreement's date, so a layout can leave the year out of "
        "a month in the same year.",
        example="{% if d.year != year %}",
    ),
)

#: The top-level names of each built-in layout, by its file name.
LAYOUT_CONTEXTS: dict[str, tuple[ContextName, ...]] = {
    "agreement.xml.j2": AGREEMENT_CONTEXT,
    "child.xml.j2": CHILD_CONTEXT,
}

FILTERS: tuple[ContextName, ...] = (
    ContextName(
        name="date",
        type="filter: date → text",
        description="A date in words in the copy's language: 3 March 2026, 3 Mawrth 2026. "
        "Empty for none.",
        example="{{ r.date | date(language) }}",
    ),
    ContextName(
        name="month",
        type="filter: date → text",
        description="The month and year: March 2026.",
        example="{{ c.date | month(language) }}",
    ),
    ContextName(
        name="month_only",
        type="filter: date → text",
        description="The month alone: March.",
        example="{{ c.date | month_only(language) }}",
    ),
    ContextName(
        name="join_words",
        type="filter: list → text",
        description="Joins items in words in the copy's language: Mia, Leo and Sam. Empty "
        "items are left out. With `phrases=true` the items are the layout's own translated "
        "phrases, and Welsh mutates the last after a (cam-drin emosiynol a cham-drin "
        "ariannol); names are never mutated.",
        example="{{ child.safe_adults | join_words(language) }}",
    ),
    ContextName(
        name="category",
        type="filter: text, words → text",
        description="A category slug in words, looked up in a mapping the layout gives; a slug "
        "not in it prints with its hyphens as spaces.",
        example='{{ slug | category({"physical": _("physical abuse")}) }}',
    ),
)

FUNCTIONS: tuple[ContextName, ...] = (
    ContextName(
        name="_",
        type="function: _(text, **values) → text",
        description="Translates a fixed string into the copy's language from safeplan's "
        "catalogs. Values fill %(name)s placeholders and are escaped. A string that is not in "
        "a catalog prints in English: `safeplan templates check` warns about it.",
        example='{{ _("For %(name)s", name=child.name) }}',
    ),
    ContextName(
        name="ngettext",
        type="function: ngettext(singular, plural, n, **values) → text",
        description="Like `_`, choosing the singular or plural form for the number n.",
        example='{{ ngettext("%(num)s day", "%(num)s days", n) }}',
    ),
)

# --- reading the model ----------------------------------------------------------------------

_SIMPLE: dict[Any, str] = {
    str: "text",
    int: "whole number",
    float: "number",
    bool: "yes or no",
    dt.date: "date",
    type(None): "none",
}


def _members(tp: Any) -> tuple[Any, ...]:
    """The alternatives of a union, or the type itself."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return (tp,)


def _documentable(tp: Any) -> bool:
    return isinstance(tp, type) and (
        (attrs.has(tp) or issubclass(tp, enum.Enum)) and tp.__module__.startswith("safeplan.")
    )


def _hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj)
    except (NameError, TypeError):  # an annotation imported only for type checking
        return {}


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of every attrs field of ``cls``."""
    hints = _hints(cls)
    return {f.name: hints.get(f.name, f.type) for f in attrs.fields(cls)}


def _public_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public properties and methods defined by the class itself, in source order."""
    fields = {f.name for f in attrs.fields(cls)} if attrs.has(cls) else set()
    for name, value in vars(cls).items():
        if name.startswith("_") or name in fields:
            continue
        if isinstance(value, property) or inspect.isfunction(value):
            yield name, value


def member_type(cls: type, name: str) -> Any:
    """The type of ``cls().name``: a field's type, a property's return type, a
    :class:`Method` for a method; ``None`` when unknown, :data:`MISSING` when there is none."""
    if attrs.has(cls):
        fields = field_types(cls)
        if name in fields:
            return fields[name]
    if issubclass(cls, enum.Enum) and name in ("value", "name"):
        return str
    value = inspect.getattr_static(cls, name, MISSING)
    if value is MISSING or name.startswith("_"):
        return MISSING
    if isinstance(value, property):
        return _hints(value.fget).get("return")
    if inspect.isfunction(value):
        return Method(_hints(value).get("return"))
    return None


@attrs.frozen
class Method:
    """A method a layout may call, and what it returns."""

    returns: Any


MISSING: Any = object()


def documented_classes(roots: Iterable[Any]) -> list[type]:
    """Every safeplan attrs class and enumeration reachable from ``roots`` through fields and
    property types, in the order met (breadth first)."""
    seen: list[type] = []
    queue = list(roots)
    while queue:
        tp = queue.pop(0)
        for found in _classes_in(tp):
            if found in seen:
                continue
            seen.append(found)
            if attrs.has(found):
                queue.extend(field_types(found).values())
            for _, member in _public_members(found):
                if isinstance(member, property):
                    queue.append(_hints(member.fget).get("return"))
    return seen


def _classes_in(tp: Any) -> Iterator[type]:
    if _documentable(tp):
        yield tp
        return
    for arg in typing.get_args(tp):
        if arg is not Ellipsis:
            yield from _classes_in(arg)


def _type_words(tp: Any) -> str:
    """A type as a template maintainer reads it: "list of Person", "date, or none"."""
    if isinstance(tp, str):
        return tp
    if tp in _SIMPLE:
        return _SIMPLE[tp]
    members = _members(tp)
    if len(members) > 1:
        rest = [m for m in members if m is not type(None)]
        words = " or ".join(_type_words(m) for m in rest)
        return f"{words}, or none" if len(rest) < len(members) else words
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (tuple, list, collections.abc.Sequence) and args:
        return f"list of {_type_words(args[0])}"
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping) and args:
        return f"by language tag: {_type_words(args[-1])}"
    if origin is Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if _documentable(tp):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    if isinstance(tp, type):
        return tp.__name__
    return str(tp).replace("typing.", "")


# --- docstrings -----------------------------------------------------------------------------

_ROLE = re.compile(r":\w+:`~?(?:[\w.]*\.)?([\w.]+)`")


def _md(text: str) -> str:
    """reStructuredText bits as markdown, on one line, safe inside a table cell."""
    text = _ROLE.sub(r"`\1`", text).replace("``", "`")
    return " ".join(text.split()).replace("|", "\\|")


def _split_doc(doc: str | None) -> tuple[str, str, dict[str, str]]:
    """The summary paragraph, the other prose, and the ``Attributes:`` descriptions."""
    lines = inspect.cleandoc(doc or "").splitlines()
    prose: list[str] = []
    described: dict[str, str] = {}
    current: str | None = None
    section = False
    base: int | None = None
    for line in lines:
        stripped = line.strip()
        if stripped in ("Attributes:", "Args:", "Returns:", "Raises:"):
            section = stripped == "Attributes:"
            current, base = None, None
            if not section:
                prose.append("\0")  # other sections end the prose
            continue
        if section:
            indent = len(line) - len(line.lstrip())
            if not stripped:
                continue
            if indent == 0:
                section = False
                prose.append(line)
                continue
            base = indent if base is None else base
            match = re.match(r"(\w+)(?:\s*\([^)]*\))?:\s*(.*)", stripped)
            if indent == base and match:
                current = match.group(1)
                described[current] = match.group(2)
            elif current is not None:
                described[current] += " " + stripped
        else:
            prose.append(line)
    text = "\n".join(prose).split("\0")[0].strip()
    summary, _, rest = text.partition("\n\n")
    return _md(summary), _md(rest), {k: _md(v) for k, v in described.items()}


def _mentioning(prose: str, name: str) -> str:
    """Sentences of the class's prose that name the field, for fields the docstring does not
    list under ``Attributes:``."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z`])", prose)
    return " ".join(s for s in sentences if f"`{name}`" in s)


def _first_line(doc: str | None) -> str:
    return _md(inspect.cleandoc(doc or "").split("\n\n")[0])


# --- markdown -------------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _names_table(names: Sequence[ContextName]) -> list[str]:
    return _table(
        ("name", "type", "what it is", "example"),
        (
            (
                f"`{n.name}`",
                _type_words(n.type),
                _md(n.description),
                f"`{n.example}`".replace("|", "\\|") if n.example else "",
            )
            for n in names
        ),
    )


def _signature(name: str, func: Callable[..., Any]) -> str:
    params = list(inspect.signature(func).parameters.values())[1:]
    shown = ", ".join(("*" if p.kind is p.VAR_POSITIONAL else "") + p.name for p in params)
    return f"{name}({shown})"


def _class_section(cls: type) -> list[str]:
    summary, prose, described = _split_doc(cls.__doc__)
    out = [f"### {cls.__name__}", ""]
    if summary:
        out += [summary, ""]
    if issubclass(cls, enum.Enum):
        values = ", ".join(f"`{m.value}`" for m in cls)
        out += [f"Compare `.value` with one of: {values}.", ""]
    else:
        rows = []
        for field, tp in field_types(cls).items():
            words = described.get(field) or _mentioning(f"{summary} {prose}", field)
            if not words and field == "translations" and cls.__name__ != "Helpline":
                words = _TRANSLATIONS
            rows.append((f"`{field}`", _type_words(tp), words))
        out += [*_table(("field", "type", "what it is"), rows), ""]
    members = list(_public_members(cls))
    if members:
        rows = []
        for name, member in members:
            if isinstance(member, property):
                tp = _hints(member.fget).get("return")
                rows.append(
                    (f"`{name}`", _type_words(tp) if tp else "", _first_line(member.__doc__))
                )
            else:
                tp = _hints(member).get("return")
                rows.append(
                    (
                        f"`{_signature(name, member)}`",
                        _type_words(tp) if tp else "",
                        _first_line(member.__doc__),
                    )
                )
        out += [*_table(("also", "gives", "what it is"), rows), ""]
    return out


_TRANSLATIONS = (
    "The item's free text in other languages, by language tag. The copy already prints its "
    "language's words in the fields themselves (and the original, tagged with its language, "
    "where a field has no translation), so layouts rarely need this."
)

_INTRO = """\
# The template context

What a layout can use: the names each layout receives, the filters and functions, and every
object those names hold, with its fields. Generated from the model by
`safeplan templates context > docs/template-context.md`; do not edit by hand (a test fails
when this file and the code disagree). `safeplan templates check` checks layouts against it.

How to read it:

- `agreement.plan.nation` reads a field of a field. Ids (such as `e.who`) name people; print the
  name with `name(e.who)`.
- "or none" means the value may be missing: test it first, `{% if lead.phone %}…{% endif %}`.
- "list of" means several: `{% for person in holders %}…{% endfor %}`.
- Enumerations print as their value (`adult-at-risk`); compare with `.value`.
- Layouts also have jinja's own filters and tests
  (<https://jinja.palletsprojects.com/en/stable/templates/#list-of-builtin-filters>).
- Layouts run in a sandbox: names that start with `_`, Python internals, methods that change data
  and files outside the template folders are refused.
"""


def template_context_markdown() -> str:
    """What a layout can use, as Markdown: the whole of ``docs/template-context.md``.

    The names each built-in layout receives, the filters and functions, and every object those
    names hold with its fields, read from the model's own classes and docstrings (this is what
    ``safeplan templates context`` prints).
    """
    out = [_INTRO]
    out += ["## Names in the written agreement (`agreement.xml.j2`)", ""]
    out += ["The adults' copies and the professional copy.", ""]
    out += [*_names_table(AGREEMENT_CONTEXT), ""]
    out += ["## Names in a child's safety plan (`child.xml.j2`)", ""]
    out += [*_names_table(CHILD_CONTEXT), ""]
    out += ["## Filters", ""]
    out += [*_names_table(FILTERS), ""]
    out += ["## Functions in every layout", ""]
    out += [*_names_table(FUNCTIONS), ""]
    # NotInCopy is what not_in_copies gives: a function's result, so named here.
    roots = [n.type for n in (*AGREEMENT_CONTEXT, *CHILD_CONTEXT)] + [NotInCopy]
    classes = documented_classes(roots)
    objects = [c for c in classes if not issubclass(c, enum.Enum)]
    enums = [c for c in classes if issubclass(c, enum.Enum)]
    out += ["## Objects", ""]
    for cls in objects:
        out += _class_section(cls)
    out += ["## Enumerations", ""]
    for cls in enums:
        out += _class_section(cls)
    return "\n".join(out).rstrip("\n") + "\n"
