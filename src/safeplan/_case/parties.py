"""Who signs an agreement: every adult with a part in it, the social worker and the manager who
approved it.

Council procedures ask for the signature (and the date) of everyone who is party to the
agreement: the parents and carers, any network member or safe adult who carries a duty (a
grandmother who takes the children to contact, say), the social worker for the local authority
and the manager who approved it. Each may sign, sign with reservations, or decline and say
why. :func:`signatories` lists them, each with the signature the case records for them, if any,
so a layout prints a recorded answer or a blank form to fill in.

Imports: nothing of safeplan (the case room only).
"""

from __future__ import annotations

import enum

import attrs

from .kinds import Role, SignatureStatus
from .model import Signature, WrittenAgreement

__all__ = ["Signatory", "SignatoryReason", "signatories"]


class SignatoryReason(enum.StrEnum):
    """Why someone is asked to sign, most important first."""

    PARENT = "parent"  # a parent or carer who is party to the agreement
    TERMS = "terms"  # has terms of their own in it
    THIRD_PARTY = "third-party"  # contact arrangements go through them
    SUPERVISES = "supervises"  # supervises a child's time with an adult
    SAFE_ADULT = "safe-adult"  # a child's safe adult
    LEAD = "lead"  # the social worker who leads the plan, for the agency
    APPROVER = "approver"  # the manager who approved the agreement, for the agency
    RECORDED = "recorded"  # only a signature record names them


_PARENTS = frozenset({Role.ADULT_AT_RISK, Role.PERSON_CAUSING_HARM, Role.PARENT_OR_CARER})


@attrs.frozen(kw_only=True)
class Signatory:
    """One person asked to sign.

    Attributes:
        id: Their id: a person's or a professional's.
        reasons: Why they are asked to sign, most important first.
        signature: What the case records of their answer; ``None`` when they have not been
            asked yet (a layout prints a form to fill in).
        professional: Whether they sign for an agency rather than for themselves.
    """

    id: str
    reasons: tuple[SignatoryReason, ...]
    signature: Signature | None = None
    professional: bool = False

    @property
    def reason(self) -> SignatoryReason:
        """The main reason they are asked to sign."""
        return self.reasons[0]

    @property
    def answered(self) -> bool:
        """Whether the case records their answer (signed, with reservations, or declined)."""
        return self.signature is not None and self.signature.status is not (
            SignatureStatus.NOT_YET_ASKED
        )


def signatories(agreement: WrittenAgreement) -> tuple[Signatory, ...]:
    """Everyone asked to sign, in order: the adults in the family and network (as the case
    lists them) who are parents or carry a duty, then the social worker who leads the plan,
    then the manager who approved it. Anyone else with a signature record comes last."""
    reasons: dict[str, list[SignatoryReason]] = {}

    def add(ref: str | None, reason: SignatoryReason) -> None:
        if ref is not None and reason not in reasons.setdefault(ref, []):
            reasons[ref].append(reason)

    people = {p.id for p in agreement.people}
    for p in agreement.people:
        if p.role in _PARENTS:
            add(p.id, SignatoryReason.PARENT)
    for e in agreement.expectations:
        add(e.who, SignatoryReason.TERMS)
    for ca in agreement.contact_arrangements:
        if ca.through_third_party:
            add(ca.third_party, SignatoryReason.THIRD_PARTY)
        if ca.supervised_by in people:
            add(ca.supervised_by, SignatoryReason.SUPERVISES)
    for sp in agreement.safety_plans:
        for ref in sp.safe_adults:
            add(ref, SignatoryReason.SAFE_ADULT)
    recorded = {s.person: s for s in agreement.signatures}
    family = [
        Signatory(
            id=p.id, reasons=tuple(sorted(reasons[p.id], key=_rank)), signature=recorded.get(p.id)
        )
        for p in agreement.people
        if p.id in reasons
    ]
    pros: list[Signatory] = []
    lead = agreement.plan.lead_practitioner
    approver = agreement.participation.approved_by
    if agreement.professional(lead) is not None:
        pros.append(_professional(lead, SignatoryReason.LEAD, recorded))
    if approver is not None and approver != lead and agreement.professional(approver):
        pros.append(_professional(approver, SignatoryReason.APPROVER, recorded))
    listed = {s.id for s in (*family, *pros)}
    others = [
        Signatory(
            id=s.person,
            reasons=(SignatoryReason.RECORDED,),
            signature=s,
            professional=agreement.professional(s.person) is not None,
        )
        for s in agreement.signatures
        if s.person not in listed
    ]
    return (*family, *pros, *others)


def _professional(ref: str, reason: SignatoryReason, recorded: dict[str, Signature]) -> Signatory:
    return Signatory(id=ref, reasons=(reason,), signature=recorded.get(ref), professional=True)


_ORDER = {reason: i for i, reason in enumerate(SignatoryReason)}


def _rank(reason: SignatoryReason) -> int:
    return _ORDER[reason]
