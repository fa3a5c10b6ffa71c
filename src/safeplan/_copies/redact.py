"""Redaction and the leak check: the case as one copy's reader may see it, and a last search of
everything the copy would print for what its reader must not see.

:func:`redact` builds the view a layout receives: items withheld from the copy (the
:class:`~.audience.Audience`) are absent, contact details the reader may not see are removed,
and so are the children's plans an adult's copy does not carry and every code word, so no
template can print them. :func:`leak_check` then searches all that the copy would print (its
layout's text, attribute values such as alt text, its properties, header and footer, the text
of every part copied from the reference DOCX, its file name) for every hidden value
(:mod:`.leaks`); on a hit it finds the field to correct, by its path in the case file, and
refuses the copy. Messages name the field, the kind of value and the copy (by the path of its
entry in ``recipients``), never a value, a name or an id.

Imports: _case, _errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from .._case import (
    ChildSafetyPlan,
    ContactDetail,
    CopyKind,
    Translations,
    WrittenAgreement,
    unchecked_evolve,
)
from .._errors import ConfidentialLeakError
from .audience import Audience, audience_of
from .copies import Copy, carers, contact_details, hidden_code_words, may_see, recipient_path
from .leaks import KIND_WORDS, Matcher, matcher_for

__all__ = [
    "copy_matcher",
    "free_text",
    "leak_check",
    "printed_fields",
    "redact",
    "translated_text",
]

_LISTS = (
    "concerns",
    "strengths",
    "expectations",
    "commitments",
    "contact_arrangements",
    "terms",
    "contingency",
    "views",
    "support_contacts",
)


def redact(
    agreement: WrittenAgreement, copy: Copy, audience: Audience | None = None
) -> WrittenAgreement:
    """The agreement as this copy's reader may see it.

    Removes the items the audience withholds from the copy (and the fields it empties: the
    support offered with the adult at risk's expectations, a signature's reasons, an agency's
    limitation that carries a safety detail), hidden
    contact details, the children's plans an adult's copy does not carry, and every code word
    (the agreement's layouts never print one).

    Args:
        agreement: The case.
        copy: The copy.
        audience: The case's audience (:func:`~.audience.audience_of`); computed when not
            given.
    """
    if copy.kind is CopyKind.PROFESSIONAL:
        plans = tuple(attrs.evolve(sp, code_word=None) for sp in agreement.safety_plans)
        return unchecked_evolve(agreement, safety_plans=plans)
    hidden = (audience or audience_of(agreement)).hidden(copy)
    changes: dict[str, Any] = {
        "people": tuple(
            _with_details(p, _visible(copy, p.id, p.contact_details)) for p in agreement.people
        ),
        "children": tuple(
            _with_details(c, _visible(copy, c.id, c.contact_details, carers(agreement, c)))
            for c in agreement.children
        ),
    }
    if copy.kind is CopyKind.ADULT:
        changes["safety_plans"] = ()
    else:
        # A child's layout receives a ChildView, not this; the child's own plan only.
        changes["safety_plans"] = tuple(
            sp if sp.print_code_word else attrs.evolve(sp, code_word=None)
            for sp in agreement.safety_plans
            if sp.child == copy.recipient
        )
    if hidden:
        # A field path is its owner's path, a dot and the field's name (no dot in it).
        owners = frozenset(p.rpartition(".")[0] for p in hidden)
        for name in _LISTS:
            items = getattr(agreement, name)
            kept = tuple(
                _without_fields(item, f"$.{name}[{i}]", hidden, owners)
                for i, item in enumerate(items)
                if f"$.{name}[{i}]" not in hidden
            )
            same = len(kept) == len(items) and all(a is b for a, b in zip(kept, items, strict=True))
            if not same:
                changes[name] = kept
        version = agreement.version
        changes_kept = tuple(
            c for i, c in enumerate(version.changes) if f"$.version.changes[{i}]" not in hidden
        )
        if len(changes_kept) != len(version.changes):
            changes["version"] = attrs.evolve(version, changes=changes_kept)
        agencies = tuple(
            attrs.evolve(
                g,
                limitations=tuple(
                    limit
                    for j, limit in enumerate(g.limitations)
                    if f"$.agencies[{i}].limitations[{j}]" not in hidden
                ),
            )
            if any(f"$.agencies[{i}].limitations[{j}]" in hidden for j in range(len(g.limitations)))
            else g
            for i, g in enumerate(agreement.agencies)
        )
        if any(a is not b for a, b in zip(agencies, agreement.agencies, strict=True)):
            changes["agencies"] = agencies
        changes["signatures"] = tuple(
            attrs.evolve(s, reason=None) if f"$.signatures[{i}].reason" in hidden else s
            for i, s in enumerate(agreement.signatures)
        )
    # Redaction only removes what the reader may not see from an agreement that has passed
    # every rule, so the rules need not run again.
    return unchecked_evolve(agreement, **changes)


def _without_fields(
    item: Any, path: str, hidden: frozenset[str], owners: frozenset[str] | None = None
) -> Any:
    """``item`` without the fields ``hidden`` names (``path.field``); ``owners``: the paths
    that own a hidden path (``path`` in them when a field of the item is hidden), if known."""
    if owners is not None and path not in owners:
        return item
    field_changes: dict[str, Any] = {
        f.name: None for f in attrs.fields(type(item)) if f.init and f"{path}.{f.name}" in hidden
    }
    if field_changes and getattr(item, "translations", None):
        # A field kept out of the copy is kept out in every language.
        field_changes["translations"] = Translations(
            (tag, attrs.evolve(words, **{k: None for k in field_changes if hasattr(words, k)}))
            for tag, words in item.translations.items()
        )
    return attrs.evolve(item, **field_changes) if field_changes else item


def _with_details(owner: Any, visible: tuple[ContactDetail, ...]) -> Any:
    # ``visible`` is a selection of the owner's details: when it holds them all, the owner
    # is already what attrs.evolve would build (an equal object), so it is kept.
    if len(visible) == len(owner.contact_details):
        return owner
    return attrs.evolve(owner, contact_details=visible)


def _visible(
    copy: Copy,
    owner: str,
    details: tuple[ContactDetail, ...],
    owner_carers: frozenset[str] = frozenset(),
) -> tuple[ContactDetail, ...]:
    return tuple(d for d in details if may_see(copy, owner, d, owner_carers))


# --- what a copy prints, field by field ---------------------------------------------------------


def free_text(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every string in a case or a view object (contact details aside), with its path."""
    yield from _walk(value, path, lambda _: False, _no_details)


def _walk(
    value: Any,
    path: str,
    skip: Callable[[str], bool],
    hide: Callable[[ContactDetail], bool],
) -> Iterator[tuple[str, str]]:
    if skip(path):
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]", skip, hide)
    elif isinstance(value, ContactDetail):
        if not hide(value):
            yield from _walk(value.value, f"{path}.value", skip, hide)
            if value.label:
                yield f"{path}.label", value.label
            yield from _walk(value.translations, f"{path}.translations", skip, hide)
    elif isinstance(value, Translations):
        for tag, words in value.items():
            yield from _walk(words, f"{path}.{tag}", skip, hide)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            if not f.init:
                continue
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}", skip, hide)


def translated_text(value: Any) -> Iterator[str]:
    """Every translation a view (or a case, or its items) holds, the words of its items in
    other languages: the leak check searches them too, whatever language the copy is in, so a
    refuge address typed in the Welsh of a concern refuses the copy as the English would.

    Translations sit on items of the case's lists, on the people's contact details and on the
    version, never deeper, so only those are looked at."""
    out: list[str] = []
    _translations_into(value, out)
    return iter(out)


def _translations_into(value: Any, out: list[str]) -> None:
    """:func:`translated_text`, collected into ``out`` (calls, not nested generators)."""
    if isinstance(value, tuple):
        for item in value:
            _translations_into(item, out)
        return
    found = getattr(value, "translations", None)
    if isinstance(found, Translations) and found:
        for words in found.values():
            out.extend(text for _, text in _walk(words, "$", _never, _no_details))
    if isinstance(value, WrittenAgreement):
        for name in _HOLDERS:
            _translations_into(getattr(value, name), out)
    else:
        details = getattr(value, "contact_details", None)
        if details:
            _translations_into(details, out)


def _never(_: str) -> bool:
    return False


# The agreement's fields whose items may carry translations.
_HOLDERS = (
    "people",
    "children",
    "professionals",
    "agencies",
    *_LISTS,
    "signatures",
    "overrides",
    "version",
    "safety_plans",
)


def _no_details(_: ContactDetail) -> bool:
    return True


def printed_fields(
    agreement: WrittenAgreement, copy: Copy, audience: Audience
) -> Iterator[tuple[str, str]]:
    """Every piece of the case's text that ``copy`` may print, with its path in the case
    file: the fields of the items it holds and the contact details it may show. For a
    child's copy, the child's own plan and the names a child's copy uses."""
    visible, _ = contact_details(agreement, copy)
    shown = {id(d) for d in visible}

    def hide(detail: ContactDetail) -> bool:
        return id(detail) not in shown

    if copy.kind is CopyKind.CHILD:
        for i, sp in enumerate(agreement.safety_plans):
            if sp.child == copy.recipient:
                yield from _walk(sp, f"$.safety_plans[{i}]", _code_word(sp), hide)
        for i, p in enumerate(agreement.people):
            yield f"$.people[{i}].name", p.name
            if p.known_to_children_as:
                yield f"$.people[{i}].known_to_children_as", p.known_to_children_as
        for i, pro in enumerate(agreement.professionals):
            yield f"$.professionals[{i}].name", pro.name
        return
    hidden = audience.hidden(copy)
    adult = copy.kind is CopyKind.ADULT

    def skip(path: str) -> bool:
        if path in hidden:
            return True
        if ".translations." in path:
            # A translation of a field kept out of the copy is kept out with it.
            owner, _, rest = path.partition(".translations.")
            field = rest.partition(".")[2].partition("[")[0]
            if field and f"{owner}.{field}" in hidden:
                return True
        if path.startswith("$.safety_plans"):
            return adult or path.endswith(".code_word")
        return False

    yield from _walk(agreement, "$", skip, hide)


def _code_word(plan: ChildSafetyPlan) -> Callable[[str], bool]:
    def skip(path: str) -> bool:
        return path.endswith(".code_word") and not plan.print_code_word

    return skip


# --- the leak check -------------------------------------------------------------------------


def copy_matcher(agreement: WrittenAgreement, copy: Copy) -> Matcher:
    """Every value hidden from ``copy``, compiled: its hidden contact details and code words."""
    visible, hidden = contact_details(agreement, copy)
    return matcher_for(visible, hidden, hidden_code_words(agreement, copy))


def leak_check(
    agreement: WrittenAgreement,
    copy: Copy,
    audience: Audience,
    printed: str,
    *,
    parts: Iterable[tuple[str, str]] = (),
    parts_text: str | None = None,
    matcher: Matcher | None = None,
) -> None:
    """Refuse a copy that would print a value hidden from its reader.

    Args:
        agreement: The whole case, which says what is hidden from whom.
        copy: The copy.
        audience: The case's audience (what the copy holds).
        printed: Everything the copy's layout, properties, header and footer print, and its
            file name.
        parts: The text of each part copied into the copy from elsewhere (the reference
            DOCX), as (part name, text).
        parts_text: The texts of ``parts`` joined, when the caller keeps them so (one search
            finds nothing faster than many).
        matcher: The copy's matcher, when already built.

    Raises:
        ConfidentialLeakError: naming the field of the case that holds the text (or the part,
            or the layout), the kind of value and the copy; never the value.
    """
    found = matcher if matcher is not None else copy_matcher(agreement, copy)
    if not found:
        return
    parts = tuple(parts)
    joined = parts_text if parts_text is not None else "\n".join(t for _, t in parts)
    if found.find(printed) is None and found.find(joined) is None:
        return
    where = recipient_path(agreement, copy)
    for path, text in printed_fields(agreement, copy, audience):
        kind = found.find(text)
        if kind is not None:
            raise ConfidentialLeakError(
                f"The text at {path} contains {KIND_WORDS[kind]} that must not appear in the "
                f"{copy.kind.value} copy for {where}. Take it out of the text: the layouts show "
                "confidential details only to those allowed to see them, and never a code word.",
                path=path,
                recipient=copy.recipient,
            )
    for part, text in parts:
        kind = found.find(text)
        if kind is not None:
            raise ConfidentialLeakError(
                f"The reference DOCX's part {part} contains {KIND_WORDS[kind]} that must not "
                f"appear in the {copy.kind.value} copy for {where}. Take it out of the "
                "reference DOCX (a council's template must hold no case's details).",
                path=f"reference:{part}",
                recipient=copy.recipient,
            )
    raise ConfidentialLeakError(
        f"The layout would print {KIND_WORDS[kind]} that must not appear in the "
        f"{copy.kind.value} copy for {where}. Check the layout's wording and any text it adds."
        if (kind := found.find(printed)) is not None
        else "The copy would print a confidential detail.",
        path="$",
        recipient=copy.recipient,
    )
