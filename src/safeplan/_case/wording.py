"""The case's terms as the wording checks read them.

Every free-text field where a duty can be written, with the path of its item (which an override
names), and who holds it: an expectation is its holder's (``who``); a commitment an agency's; a
contact arrangement, a contingency step and a general term are the agreement's own (no holder),
so their clauses are judged by the subject they name. A contact arrangement says who "I" is (the
adult whose contact it is) and who carries out what it leaves without a subject (its supervisor).

The reading itself is the wording room's (:mod:`safeplan._wording`): this module only knows where
the terms are.

Imports: nothing of safeplan (beyond the case room's own kinds and, for types, model).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from .kinds import Role

if TYPE_CHECKING:
    from .model import WrittenAgreement

__all__ = ["Term", "duty_terms", "holder_role"]


@attrs.frozen
class Term:
    """One free-text field where a duty can be written.

    Attributes:
        path: The item's path (``$.expectations[2]``): what a refusal names and an override
            targets.
        field: The field within the item (``what``, ``when``, ``notes``), or None for a
            contingency step or a general term.
        text: The words (personal data: never shown).
        holder: The role of who holds it, or None when it is the agreement's own.
        speaker: Who "I" is in it, when not the holder.
        agent: The role of whoever carries out what it leaves without a subject.
        third_party: Whether the item says in a field of its own that contact goes through a
            third party (the third-party rule then reads that field, not the words).
    """

    path: str
    field: str | None
    text: str = attrs.field(repr=False)
    holder: str | None
    speaker: str | None = None
    agent: str | None = None
    third_party: bool = False

    @property
    def field_path(self) -> str:
        """The path of the field itself (``$.expectations[2].when``)."""
        return f"{self.path}.{self.field}" if self.field else self.path


def holder_role(agreement: WrittenAgreement, person_id: str | None) -> str | None:
    """The role the wording checks give a person of the case: their role, with a parent or
    carer and a safe adult read as network members (their terms are theirs to keep)."""
    person = agreement.person(person_id) if person_id is not None else None
    if person is not None:
        if person.role in (Role.PARENT_OR_CARER, Role.SAFE_ADULT):
            return "network-member"
        return person.role.value
    if person_id is not None and agreement.professional(person_id) is not None:
        return "agency"
    return None


def duty_terms(agreement: WrittenAgreement) -> Iterator[Term]:
    """Every field where a duty can be written, in case-file order."""
    for i, e in enumerate(agreement.expectations):
        holder = holder_role(agreement, e.who)
        for name in ("what", "when", "how_checked"):
            value = getattr(e, name)
            if value:
                yield Term(f"$.expectations[{i}]", name, value, holder)
    for i, ca in enumerate(agreement.contact_arrangements):
        speaker = holder_role(agreement, ca.adult)
        agent = holder_role(agreement, ca.supervised_by)
        for name in ("where", "how_often", "notes"):
            value = getattr(ca, name)
            if value:
                yield Term(
                    f"$.contact_arrangements[{i}]",
                    name,
                    value,
                    None,
                    speaker=speaker,
                    agent=agent,
                    third_party=ca.third_party is not None or ca.through_third_party,
                )
    for i, note in enumerate(agreement.contingency):
        if note.text.strip():
            yield Term(f"$.contingency[{i}]", None, note.text, None)
    for i, com in enumerate(agreement.commitments):
        for name in ("what", "when"):
            value = getattr(com, name)
            if value:
                yield Term(f"$.commitments[{i}]", name, value, "agency")
    for i, note in enumerate(agreement.terms):
        if note.text.strip():
            yield Term(f"$.terms[{i}]", None, note.text, None)
