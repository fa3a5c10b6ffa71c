"""Which case text each copy would print untranslated: ``SP-TRANSLATION-MISSING``.

A copy in another language than the case prints each translatable field (see
``_case/translations.py``) in its language where the item's ``translations`` give it, and the
original, tagged with its language, where not. :func:`untranslated_findings` names every field
a copy holds (so a layout may print) that has no translation in the copy's language: one
warning per field and language, naming the copies by their entry in ``recipients``, never a
name or the text. ``safeplan check`` and the renderer report the same findings, from the same
copies and the same audience, so they agree.

What a copy holds is what the redaction leaves in it (:mod:`.audience`): an item kept out of a
copy needs no translation for it, and a hidden contact detail's label none either.

Imports: _case, _i18n, _errors, _problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from .._case import (
    TRANSLATABLE,
    ContactDetail,
    CopyKind,
    Translations,
    WrittenAgreement,
    primary_language,
)
from .._errors import SafeplanError
from .._i18n import catalog, language_name
from .._problems import Problem
from .audience import Audience
from .copies import Copy, contact_details, recipient_path

__all__ = [
    "held_by",
    "translatable_fields",
    "translation_findings",
    "untranslated_findings",
]

_SOURCE = (
    "Welsh Language Standards (Welsh no less favourably than English); safeplan: a copy in a "
    "family's language is in their language"
)


def translatable_fields(
    value: Any, path: str, skip: Callable[[str], bool] = lambda _: False
) -> Iterator[tuple[str, Any, str, Any]]:
    """Every translatable field with text in ``value`` (a case or one of its items): its path,
    the item holding it, the field's name and its text (a string, or a tuple for a list),
    leaving out the paths ``skip`` says a copy does not hold."""
    if skip(path) or value is None or isinstance(value, str | int | bool | float):
        return
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from translatable_fields(item, f"{path}[{i}]", skip)
        return
    if not attrs.has(type(value)):
        return
    words = TRANSLATABLE.get(type(value).__name__)
    names = {f.name for f in attrs.fields(words)} if words is not None else set()
    for f in attrs.fields(type(value)):
        if not f.init or f.name == "translations":
            continue
        field_value = getattr(value, f.name)
        if f.name in names:
            if field_value and not skip(f"{path}.{f.name}"):
                yield f"{path}.{f.name}", value, f.name, field_value
        elif not isinstance(field_value, str):
            yield from translatable_fields(field_value, f"{path}.{f.name}", skip)


def _translated(item: Any, field: str, language: str) -> bool:
    found = getattr(item, "translations", None)
    if not isinstance(found, Translations):
        return False
    words = found.words(language)
    return words is not None and bool(getattr(words, field, None))


def held_by(agreement: WrittenAgreement, copy: Copy, audience: Audience) -> Callable[[str], bool]:
    """What ``copy`` does not hold (by path), as a ``skip`` for :func:`translatable_fields`."""
    hidden = audience.hidden(copy)
    visible, _ = contact_details(agreement, copy)
    shown = {id(d) for d in visible}
    details = {
        f"$.{group}[{i}].contact_details[{j}]": d
        for group in ("people", "children")
        for i, owner in enumerate(getattr(agreement, group))
        for j, d in enumerate(owner.contact_details)
    }
    child = copy.kind is CopyKind.CHILD

    def skip(path: str) -> bool:
        if path in hidden:
            return True
        detail: ContactDetail | None = details.get(path)
        if detail is not None and id(detail) not in shown:
            return True
        if child:
            # A child's copy prints the child's own plan (and names, which are not translated).
            return path != "$" and not path.startswith("$.safety_plans")
        if path.startswith("$.safety_plans"):
            return copy.kind is CopyKind.ADULT
        return False

    return skip


def translation_findings(
    agreement: WrittenAgreement,
    produced: Iterable[Copy],
    audience: Audience,
    folders: tuple[Path, ...] = (),
) -> list[Problem]:
    """What ``check`` and the renderer both say about the copies' languages: for each language
    whose wording awaits a qualified translator's review, ``SP-TRANSLATION-UNREVIEWED`` (the
    catalogs are safeplan's with the council ``folders``' own), then every
    ``SP-TRANSLATION-MISSING``. A language with no catalog is left to the render, which
    refuses it."""
    produced = tuple(produced)
    out: list[Problem] = []
    seen: set[str] = set()
    for copy in produced:
        for language in copy.languages:
            lang = primary_language(language)
            if lang in seen:
                continue
            seen.add(lang)
            try:
                finding = catalog(language, folders).finding()
            except SafeplanError:
                continue
            if finding is not None:
                out.append(finding)
    return out + untranslated_findings(agreement, produced, audience)


def untranslated_findings(
    agreement: WrittenAgreement, produced: Iterable[Copy], audience: Audience
) -> list[Problem]:
    """``SP-TRANSLATION-MISSING``: each field a produced copy would print in the language it
    was written in because it has no translation in the copy's language. In case-file order,
    one finding per field and language."""
    produced = tuple(produced)
    written = {primary_language(agreement.language)}
    written |= {primary_language(sp.language) for sp in agreement.safety_plans if sp.language}
    if len(written) == 1 and all(
        primary_language(x) in written for c in produced for x in c.languages
    ):
        return []  # every copy is in the one language the whole case is written in
    found: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for copy in produced:
        skip = held_by(agreement, copy, audience)
        for language in copy.languages:
            lang = primary_language(language)
            for path, item, field, _ in translatable_fields(agreement, "$", skip):
                written_in = agreement.language
                if path.startswith("$.safety_plans["):
                    index = int(path[len("$.safety_plans[") :].partition("]")[0])
                    plan = agreement.safety_plans[index]
                    if copy.kind is CopyKind.CHILD and plan.child != copy.recipient:
                        continue
                    written_in = plan.language or agreement.language
                if primary_language(written_in) == lang or _translated(item, field, lang):
                    continue
                key = (path, lang)
                where = recipient_path(agreement, copy)
                if key not in found:
                    found[key] = []
                    order.append(key)
                if where not in found[key]:
                    found[key].append(where)
    position = {path: i for i, path in enumerate(_case_order(agreement))}
    order.sort(key=lambda k: (position.get(k[0], len(position)), k[1]))
    return [_finding(agreement, path, lang, found[(path, lang)]) for path, lang in order]


def _case_order(agreement: WrittenAgreement) -> Iterator[str]:
    for path, *_ in translatable_fields(agreement, "$"):
        yield path


def _finding(agreement: WrittenAgreement, path: str, lang: str, where: list[str]) -> Problem:
    name = language_name(lang)
    original = language_name(agreement.language)
    copies_words = (
        f"copy for {where[0]}"
        if len(where) == 1
        else "copies for " + ", ".join(where[:-1]) + f" and {where[-1]}"
    )
    return Problem.warning(
        "SP-TRANSLATION-MISSING",
        path,
        f"The {name} {copies_words} would print this field as it was written, not in "
        f"{name}: it has no {name} translation. Add one under the item's translations "
        f"({lang}: ...), or give the case to a translator with 'safeplan translate export "
        f"--to {lang}'." + f" Until then the {original} text is printed, marked as {original}.",
        _SOURCE,
    )
