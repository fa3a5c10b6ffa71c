"""Which copies a case asks for, in which language, and the names of their files.

A copy's file name comes from the case's reference and the recipient's id, never a name. Names
are injective on every common file system by construction: the id is case-folded, normalised
(NFC, then accents dropped), reduced to ASCII letters, digits, ``-`` and ``_``, and capped in
length; whenever that is not exactly the id, a short stable hash of the raw id is added. So
``siân`` and ``siôn``, ``paul`` and ``paul.``, ``Paul`` and ``paul``, and two ids in Cyrillic all
get files of their own, even on a disk that ignores case (Windows shares, OneDrive) or
normalises Unicode (macOS). The reference is treated the same way, keeping its letter case.

Imports: _case.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import attrs

from .._case import Child, ContactDetail, CopyKind, Person, Role, WrittenAgreement

__all__ = [
    "Copy",
    "carers",
    "contact_details",
    "copies",
    "hidden_code_words",
    "may_see",
    "recipient_path",
    "safe_name",
]

_NOT_SAFE = re.compile(r"[^a-z0-9_-]+")
_NOT_SAFE_KEEP_CASE = re.compile(r"[^A-Za-z0-9_-]+")
_HASH_LENGTH = 8


def safe_name(value: str, *, limit: int = 40, keep_case: bool = False) -> str:
    """A file-name-safe form of ``value``: injective, ASCII, at most ``limit`` characters plus
    a hash.

    The value is NFC-normalised, case-folded (unless ``keep_case``), stripped of accents and
    reduced to ``[a-z0-9_-]``; when the result is not exactly ``value`` (or was cut to
    ``limit``), ``-`` and the first 8 hex digits of the SHA-256 of the raw value are added, so
    two different values never share a name, even compared without case.

    >>> safe_name("sally"), safe_name("Sally") != safe_name("sally"), safe_name("siân")[:5]
    ('sally', True, 'sian-')
    """
    text = unicodedata.normalize("NFC", value)
    if not keep_case:
        text = text.casefold()
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    pattern = _NOT_SAFE_KEEP_CASE if keep_case else _NOT_SAFE
    slug = pattern.sub("-", ascii_text).strip("-")
    exact = slug == value
    if len(slug) > limit:
        slug = slug[:limit].rstrip("-")
        exact = False
    if exact and slug:
        return slug
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]
    return f"{slug}-{digest}" if slug else digest


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
        """A file name stem: the kind and the recipient's id (see :func:`safe_name`), never a
        name. Two recipients never share a stem, even compared without case."""
        return f"{self.kind.value}-{safe_name(self.recipient)}"


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


def recipient_path(agreement: WrittenAgreement, copy: Copy) -> str:
    """Where the case asks for a copy: ``$.recipients[N]``, or ``$.plan.lead_practitioner``
    for the professional copy a case gets without asking. Messages name a copy by this path,
    never by its recipient's id or name."""
    for i, r in enumerate(agreement.recipients):
        if r.person == copy.recipient and r.copy is copy.kind:
            return f"$.recipients[{i}]"
    return "$.plan.lead_practitioner"


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


def carers(agreement: WrittenAgreement, owner: Person | Child) -> frozenset[str]:
    """The adults a child lives with who do not cause harm: they see the child's confidential
    details. Empty for an adult."""
    if not isinstance(owner, Child):
        return frozenset()
    return frozenset(
        ref
        for ref in owner.lives_with
        if (p := agreement.person(ref)) is not None and p.role is not Role.PERSON_CAUSING_HARM
    )


def contact_details(
    agreement: WrittenAgreement, copy: Copy
) -> tuple[tuple[ContactDetail, ...], tuple[ContactDetail, ...]]:
    """The contact details of the case that ``copy`` may show, and those it may not."""
    shown: list[ContactDetail] = []
    hidden: list[ContactDetail] = []
    owners: list[Person | Child] = [*agreement.people, *agreement.children]
    for owner in owners:
        owner_carers = carers(agreement, owner)
        for d in owner.contact_details:
            (shown if may_see(copy, owner.id, d, owner_carers) else hidden).append(d)
    return tuple(shown), tuple(hidden)


def hidden_code_words(agreement: WrittenAgreement, copy: Copy) -> tuple[str, ...]:
    """Every child's code word that ``copy`` may not print: all of them, but the child's own
    in the child's own copy when the plan allows it to be printed."""
    return tuple(
        sp.code_word
        for sp in agreement.safety_plans
        if sp.code_word
        and not (copy.kind is CopyKind.CHILD and copy.recipient == sp.child and sp.print_code_word)
    )
