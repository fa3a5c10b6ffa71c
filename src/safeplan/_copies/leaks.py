"""Copies and redaction: who gets which copy, and what each copy may hold.

Every copy is rendered from a *redacted* agreement: the contact details and views its recipient
may not see are removed before a layout ever sees the case, so no template can print them. Free
text cannot be redacted that way (a postcode typed into a concern, say), so it is searched for
every hidden value, and a copy whose text would carry one is refused with the field's path.

Who may see a confidential detail: professionals (the professional copy), the person the detail
belongs to, the adults a child lives with (for the child's details, unless they cause harm), and
the people its ``visible_to`` names. The rules refuse a ``visible_to`` that names a
person causing harm for a detail of the adult at risk or a child.

Imports: _case, _errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import attrs

from ._case import (
    Child,
    ChildSafetyPlan,
    ContactDetail,
    ContactKind,
    CopyKind,
    Person,
    Role,
    WrittenAgreement,
    unchecked_evolve,
)
from ._errors import ConfidentialLeakError

__all__ = ["Copy", "check_output", "copies", "find_leak", "find_leak_in", "free_text", "redact"]


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


_Owner = TypeVar("_Owner", Person, Child)


def redact(agreement: WrittenAgreement, copy: Copy) -> WrittenAgreement:
    """The agreement as this copy's recipient may see it.

    Removes hidden contact details, confidential views, the children's plans an adult's copy
    does not carry and every code word that may not be printed.
    """
    if copy.kind is CopyKind.PROFESSIONAL:
        people = agreement.people
        children = agreement.children
        views = agreement.views
    else:
        people = tuple(
            _with_details(p, _visible(copy, p.id, p.contact_details)) for p in agreement.people
        )
        children = tuple(
            _with_details(c, _visible(copy, c.id, c.contact_details, _carers(agreement, c)))
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
    # Redaction only removes what the recipient may not see from an agreement that has
    # passed every rule, so the rules need not run again.
    return unchecked_evolve(
        agreement, people=people, children=children, views=views, safety_plans=plans
    )


def _with_details(owner: _Owner, visible: tuple[ContactDetail, ...]) -> _Owner:
    # ``visible`` is a selection of the owner's details: when it holds them all, the owner
    # is already what attrs.evolve would build (an equal object), so it is kept.
    if len(visible) == len(owner.contact_details):
        return owner
    return attrs.evolve(owner, contact_details=visible)


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
_NOT_DIGIT = re.compile(r"\D+")
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


# Every ASCII byte that is not a digit. UTF-8 keeps other characters' bytes >= 0x80.
_ASCII_NOT_DIGITS = bytes(b for b in range(128) if not chr(b).isdigit())


def _all_digits(text: str) -> str:
    """``_NOT_DIGIT.sub("", text)``: every digit of ``text``, in order, run together.

    Bytes do the bulk of it: the ASCII characters that are not digits are deleted from the
    UTF-8 bytes, which leaves the ASCII digits and, whole, every other character; only those
    few are then searched for digits (``\\d`` takes any script's).
    """
    kept = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_NOT_DIGITS)
    if kept.isascii():
        return kept.decode("ascii")
    return _NOT_DIGIT.sub("", kept.decode("utf-8", "surrogatepass"))


def _phone_digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") and len(digits) > 10 else digits


@attrs.frozen
class _Matcher:
    """Every value hidden from one copy, compiled to be found in one pass over a text.

    Phrases are matched on normalised words (so "Birch Road." finds "Birch Road"), postcodes
    with or without their space, phone numbers by their digits whatever the spacing.
    """

    phrase_kinds: dict[str, ContactKind]
    postcodes: dict[str, ContactKind]
    digits: dict[str, ContactKind]
    key_words: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        words = frozenset(max(p.split(), key=len) for p in self.phrase_kinds)
        object.__setattr__(self, "key_words", words)

    def find(self, text: str) -> ContactKind | None:
        """The kind of the first hidden value in ``text``, or ``None``."""
        folded = text.casefold()
        # Each phrase's longest word is a plain substring of the case-folded text wherever the
        # phrase appears, so the text is normalised only when one of those words is there; then
        # substring search on normalised words, bounded by spaces.
        if any(word in folded for word in self.key_words):
            norm = f" {_norm(text)} "
            for phrase, phrase_kind in self.phrase_kinds.items():
                if f" {phrase} " in norm:
                    return phrase_kind
        # The postcode expression runs only when an outward code (the "NX4" of "NX4 7QP") is
        # in the text at all.
        if any(code[:-3].casefold() in folded for code in self.postcodes):
            for a, b in _POSTCODE.findall(text):
                kind = self.postcodes.get((a + b).upper())
                if kind is not None:
                    return kind
        if self.digits:
            # Likewise, numbers are parsed only when the digits appear somewhere, spacing aside.
            run_together = _all_digits(text)
            if any(d[1:] in run_together for d in self.digits):
                for run in _DIGITS.findall(text):
                    number = _phone_digits(run)
                    for digits, kind in self.digits.items():
                        if digits in number:
                            return kind
        return None


def _phrases_of(detail: ContactDetail) -> set[str]:
    value = detail.value
    phrases: set[str] = set()
    full = _norm(value)
    if len(full) >= 4:
        phrases.add(full)
    if detail.kind is ContactKind.PHONE:
        return phrases
    parts = [p for p in re.split(r"[,\n;]+", value) if p.strip()]
    # The last part of a multi-part address or place is its town ("Llanfair Dyffryn"): shared
    # with many homes, so too common to refuse on. The postcode is matched on its own.
    for part in parts[:-1] if len(parts) > 1 else parts:
        part = _POSTCODE.sub("", part)
        for candidate in (part, _HOUSE_NUMBER.sub("", part)):
            words = _norm(candidate)
            if _specific(words):
                phrases.add(words)
    return phrases


def _matcher(agreement: WrittenAgreement, copy: Copy) -> _Matcher | None:
    """The matcher for every detail hidden from ``copy``, or ``None`` when nothing is hidden."""
    phrase_kinds: dict[str, ContactKind] = {}
    postcodes: dict[str, ContactKind] = {}
    digits: dict[str, ContactKind] = {}
    owners: list[Person | Child] = [*agreement.people, *agreement.children]
    for owner in owners:
        carers = _carers(agreement, owner)
        for d in owner.contact_details:
            if may_see(copy, owner.id, d, carers):
                continue
            for phrase in _phrases_of(d):
                phrase_kinds.setdefault(phrase, d.kind)
            for a, b in _POSTCODE.findall(d.value):
                postcodes.setdefault((a + b).upper(), d.kind)
            if d.kind is ContactKind.PHONE:
                number = _phone_digits(d.value)
                if len(number) >= 6:
                    digits.setdefault(number, d.kind)
    if not (phrase_kinds or postcodes or digits):
        return None
    return _Matcher(phrase_kinds, postcodes, digits)


def free_text(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every string in a case or a view object (contact details aside), with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from free_text(item, f"{path}[{i}]")
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            if not f.init or f.name == "contact_details":
                continue
            yield from free_text(getattr(value, f.name), f"{path}.{f.name}")


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
    matcher = _matcher(agreement, copy)
    if matcher is None:
        return
    if matcher.find("\n".join(_strings_in(redacted))) is not None:
        _raise_at(matcher, free_text(redacted), copy)


def _strings_in(value: Any) -> Iterator[str]:
    # The same walk as free_text without building paths: the common case finds nothing.
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings_in(item)
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            if f.init and f.name != "contact_details":
                yield from _strings_in(getattr(value, f.name))


def find_leak_in(agreement: WrittenAgreement, texts: Iterable[tuple[str, str]], copy: Copy) -> None:
    """Refuse a copy if any of ``texts`` (path, text) carries a detail hidden from it."""
    matcher = _matcher(agreement, copy)
    if matcher is None:
        return
    fields = list(texts)
    # One pass over all the text; only when something is found, field by field for the path
    # (a number that only appears across two joined fields is then found in neither).
    if matcher.find("\n".join(text for _, text in fields)) is None:
        return
    _raise_at(matcher, fields, copy)


def _raise_at(matcher: _Matcher, fields: Iterable[tuple[str, str]], copy: Copy) -> None:
    for path, text in fields:
        kind = matcher.find(text)
        if kind is not None:
            raise ConfidentialLeakError(
                f"The text at {path} contains {_KIND_WORDS[kind]} that is confidential "
                f"and must not appear in the {copy.kind.value} copy for recipient "
                f"'{copy.recipient}'. Take it out of the text (the layout shows confidential "
                "details only to those allowed to see them).",
                path=path,
                recipient=copy.recipient,
            )


def check_output(text: str, agreement: WrittenAgreement, copy: Copy) -> None:
    """A last check on everything a copy would print (its layout's text and its properties)."""
    matcher = _matcher(agreement, copy)
    kind = matcher.find(text) if matcher is not None else None
    if kind is not None:
        raise ConfidentialLeakError(
            f"The layout would print {_KIND_WORDS[kind]} that is confidential in the "
            f"{copy.kind.value} copy for recipient '{copy.recipient}'. Check the layout's "
            "wording and any text it adds.",
            path="$",
            recipient=copy.recipient,
        )
