"""Copies and redaction: who gets which copy, and what each copy may hold.

Every copy is rendered from a *redacted* agreement: the contact details and views its recipient
may not see are removed before a layout ever sees the case, so no template can print them. Free
text cannot be redacted that way (a postcode typed into a concern, say), so it is searched for
every hidden value, and a copy whose text would carry one is refused with the field's path.

Who may see a confidential detail: professionals (the professional copy), the person the detail
belongs to, the adults a child lives with (for the child's details, unless they cause harm), and
the people its ``visible_to`` names. The rules refuse a ``visible_to`` that names a
person causing harm for a detail of the adult at risk or a child.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ._errors import ConfidentialLeakError
from ._model import (
    Child,
    ChildSafetyPlan,
    ContactDetail,
    ContactKind,
    CopyKind,
    Person,
    Role,
    WrittenAgreement,
)

__all__ = ["Copy", "copies", "find_leak", "redact"]


def _str_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Copy:
    """One document to produce: which kind, for whom, in which language.

    Attributes:
        kind: Adult, child or professional.
        recipient: The id of the person, child or professional it is for.
        languages: The language tags the copy is written in: one, or two for a bilingual copy
            (Welsh and English, in the profile's order), block by block.
    """

    kind: CopyKind
    recipient: str
    languages: tuple[str, ...] = attrs.field(default=("en-GB",), converter=_str_tuple)

    @languages.validator
    def _check_languages(self, _: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if not 1 <= len(value) <= 2:
            raise ValueError("a copy is in one language, or two for a bilingual copy")

    @property
    def language(self) -> str:
        """The copy's first (or only) language."""
        return self.languages[0]

    @property
    def bilingual(self) -> bool:
        """Whether the copy is in two languages."""
        return len(self.languages) == 2

    @property
    def stem(self) -> str:
        """A file name stem: the kind and the recipient's id, never a name."""
        return f"{self.kind.value}-{_slug(self.recipient)}"


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-") or "copy"


def copies(
    agreement: WrittenAgreement,
    *,
    kinds: frozenset[CopyKind] | None = None,
    language_order: str = "english-only",
) -> tuple[Copy, ...]:
    """Every copy the case asks for, in file order.

    A professional copy (with everything) is always included: for the first professional
    recipient, or for the lead practitioner if the case names none.

    Each copy is in the recipient's language: the recipient entry's ``language``, else the
    person's preferred language. When neither is known and the profile is bilingual (Wales:
    ``welsh-first`` or ``english-first``), the copy is bilingual, Welsh and English in the
    profile's order, as the Welsh Language Standards require. ``language: bilingual`` asks for
    a bilingual copy explicitly.

    Args:
        agreement: The case.
        kinds: Only copies of these kinds (default: all).
        language_order: The profile's language order.
    """
    out: list[Copy] = []
    seen: set[tuple[CopyKind, str]] = set()
    for r in agreement.recipients:
        key = (r.copy, r.person)
        if key in seen:
            continue
        seen.add(key)
        wanted = r.language or _preferred(agreement, r.person)
        out.append(
            Copy(kind=r.copy, recipient=r.person, languages=_languages(wanted, language_order))
        )
    if not any(c.kind is CopyKind.PROFESSIONAL for c in out):
        lead = agreement.plan.lead_practitioner
        out.append(
            Copy(
                kind=CopyKind.PROFESSIONAL,
                recipient=lead,
                languages=_languages(_preferred(agreement, lead), language_order),
            )
        )
    if kinds is not None:
        out = [c for c in out if c.kind in kinds]
    return tuple(out)


def _preferred(agreement: WrittenAgreement, ref: str) -> str | None:
    person = agreement.person(ref) or agreement.child(ref)
    return person.preferred_language if person is not None else None


_WELSH, _ENGLISH = "cy-GB", "en-GB"


def _languages(wanted: str | None, order: str) -> tuple[str, ...]:
    bilingual = (_WELSH, _ENGLISH) if order == "welsh-first" else (_ENGLISH, _WELSH)
    if wanted == "bilingual":
        return bilingual
    if wanted:
        return (wanted,)
    return (_ENGLISH,) if order == "english-only" else bilingual


def may_see(
    copy: Copy, owner: str, detail: ContactDetail, carers: frozenset[str] = frozenset()
) -> bool:
    """Whether a copy may show a contact detail belonging to ``owner``.

    ``carers`` are the adults a child lives with: they see the child's confidential details
    (school, GP) unless they cause harm, which the caller has already excluded.
    """
    if not detail.confidential or copy.kind is CopyKind.PROFESSIONAL:
        return True
    return (
        copy.recipient == owner or copy.recipient in detail.visible_to or copy.recipient in carers
    )


def _carers(agreement: WrittenAgreement, owner: Person | Child) -> frozenset[str]:
    if not isinstance(owner, Child):
        return frozenset()
    return frozenset(
        ref
        for ref in owner.lives_with
        if (p := agreement.person(ref)) is not None and p.role is not Role.PERSON_CAUSING_HARM
    )


def redact(agreement: WrittenAgreement, copy: Copy) -> WrittenAgreement:
    """The agreement as this copy's recipient may see it.

    Removes hidden contact details, confidential views and, outside the professional copy,
    every code word. The result is checked like any agreement (``attrs.evolve``).
    """
    if copy.kind is CopyKind.PROFESSIONAL:
        people = agreement.people
        children = agreement.children
        views = agreement.views
    else:
        people = tuple(
            attrs.evolve(p, contact_details=_visible(copy, p.id, p.contact_details))
            for p in agreement.people
        )
        children = tuple(
            attrs.evolve(
                c, contact_details=_visible(copy, c.id, c.contact_details, _carers(agreement, c))
            )
            for c in agreement.children
        )
        views = tuple(
            v for v in agreement.views if not v.confidential or v.person == copy.recipient
        )
    # Adults' copies carry no child's safety plan; a child's copy carries only the child's own.
    if copy.kind is CopyKind.ADULT:
        plans: tuple[ChildSafetyPlan, ...] = ()
    elif copy.kind is CopyKind.CHILD:
        plans = tuple(
            sp if sp.print_code_word else attrs.evolve(sp, code_word=None)
            for sp in agreement.safety_plans
            if sp.child == copy.recipient
        )
    else:
        plans = tuple(attrs.evolve(sp, code_word=None) for sp in agreement.safety_plans)
    return attrs.evolve(
        agreement, people=people, children=children, views=views, safety_plans=plans
    )


def _visible(
    copy: Copy,
    owner: str,
    details: tuple[ContactDetail, ...],
    carers: frozenset[str] = frozenset(),
) -> tuple[ContactDetail, ...]:
    return tuple(d for d in details if may_see(copy, owner, d, carers))


# --- leak detection -------------------------------------------------------------------------

_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\b", re.IGNORECASE)
_DIGITS = re.compile(r"\+?\d[\d\s().-]{4,}\d")
_HOUSE_NUMBER = re.compile(r"^\s*(?:flat|apartment|unit)?\s*\d+[a-z]?\s*,?\s*", re.IGNORECASE)

_KIND_WORDS = {
    ContactKind.ADDRESS: "an address",
    ContactKind.PHONE: "a phone number",
    ContactKind.EMAIL: "an email address",
    ContactKind.SCHOOL: "a school",
    ContactKind.GP: "a GP surgery",
    ContactKind.WORKPLACE: "a workplace",
    ContactKind.OTHER: "a confidential detail",
}


_TOKEN = re.compile(r"[\w@+]+(?:[.'’][\w@+]+)*")


def _norm(text: str) -> str:
    # Words only, so "Birch Road." matches "Birch Road"; an email or "Meddygfa'r" stays whole.
    return " ".join(_TOKEN.findall(text.casefold()))


def _specific(phrase: str) -> bool:
    # Two real words at least: "Flat 2" or a lone town name would match far too much.
    return sum(1 for w in phrase.split() if len(w) >= 3 and not w.isdigit()) >= 2


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") and len(digits) > 10 else digits


@attrs.frozen
class _Needle:
    kind: ContactKind
    phrases: tuple[str, ...]
    postcodes: tuple[str, ...]
    digits: str | None


def _needle(detail: ContactDetail) -> _Needle:
    value = detail.value
    phrases: set[str] = set()
    full = _norm(value)
    if len(full) >= 4:
        phrases.add(full)
    postcodes = tuple((a + b).upper() for a, b in _POSTCODE.findall(value))
    digits: str | None = None
    if detail.kind is ContactKind.PHONE:
        d = _phone_digits(value)
        digits = d if len(d) >= 6 else None
    else:
        parts = [p for p in re.split(r"[,\n;]+", value) if p.strip()]
        # The last part of a multi-part address or place is its town ("Llanfair Dyffryn"):
        # shared with many homes, so too common to refuse on. The postcode is kept separately.
        for part in parts[:-1] if len(parts) > 1 else parts:
            part = _POSTCODE.sub("", part)
            for candidate in (part, _HOUSE_NUMBER.sub("", part)):
                words = _norm(candidate)
                if _specific(words):
                    phrases.add(words)
    return _Needle(detail.kind, tuple(sorted(phrases)), postcodes, digits)


def _hidden(agreement: WrittenAgreement, copy: Copy) -> list[_Needle]:
    owners: list[Person | Child] = [*agreement.people, *agreement.children]
    return [
        _needle(d)
        for owner in owners
        for d in owner.contact_details
        if not may_see(copy, owner.id, d, _carers(agreement, owner))
    ]


def _contains(text: str, needle: _Needle) -> bool:
    norm = f" {_norm(text)} "
    if any(f" {p} " in norm for p in needle.phrases):
        return True
    if needle.postcodes:
        found = {(a + b).upper() for a, b in _POSTCODE.findall(text)}
        if found.intersection(needle.postcodes):
            return True
    if needle.digits:
        for run in _DIGITS.findall(text):
            if needle.digits in _phone_digits(run):
                return True
    return False


def _free_text(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _free_text(item, f"{path}[{i}]")
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            if not f.init or f.name == "contact_details":
                continue
            yield from _free_text(getattr(value, f.name), f"{path}.{f.name}")


def find_leak(agreement: WrittenAgreement, redacted: WrittenAgreement, copy: Copy) -> None:
    """Refuse a copy whose free text would carry a detail hidden from its recipient.

    Args:
        agreement: The whole case, which says what is confidential.
        redacted: The case as the copy will show it (from :func:`redact`).
        copy: The copy.

    Raises:
        ConfidentialLeakError: naming the field that holds the text, and the kind of detail;
            never the value.
    """
    find_leak_in(agreement, _free_text(redacted, "$"), copy)


def find_leak_in(agreement: WrittenAgreement, texts: Iterable[tuple[str, str]], copy: Copy) -> None:
    """Refuse a copy if any of ``texts`` (path, text) carries a detail hidden from it."""
    needles = _hidden(agreement, copy)
    if not needles:
        return
    for path, text in texts:
        for needle in needles:
            if _contains(text, needle):
                raise ConfidentialLeakError(
                    f"The text at {path} contains {_KIND_WORDS[needle.kind]} that is confidential "
                    f"and must not appear in the {copy.kind.value} copy for recipient "
                    f"'{copy.recipient}'. Take it out of the text (the layout shows confidential "
                    "details only to those allowed to see them).",
                    path=path,
                    recipient=copy.recipient,
                )


def check_output(text: str, agreement: WrittenAgreement, copy: Copy) -> None:
    """A last check on everything a copy would print (its layout's text and its properties)."""
    for needle in _hidden(agreement, copy):
        if _contains(text, needle):
            raise ConfidentialLeakError(
                f"The layout would print {_KIND_WORDS[needle.kind]} that is confidential in the "
                f"{copy.kind.value} copy for recipient '{copy.recipient}'. Check the layout's "
                "wording and any text it adds.",
                path="$",
                recipient=copy.recipient,
            )
