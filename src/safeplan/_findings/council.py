"""What a council's agreement must hold before it is issued: who approved it, where a family
can complain and a child find an advocate, helplines that fit the adult at risk, the limits of
what the agencies can do; and what a child's copy must not get wrong (from the children's room).

Codes (``check``): ``SP-APPROVAL-NOT-RECORDED``, ``SP-APPROVED-BY-AUTHOR``,
``SP-HELPLINES-NOT-FITTED``, ``SP-LIMITATIONS-MISSING``; the children's
``SP-CHILD-STEPS-WITHHELD`` and ``SP-CHILD-SAFETY-ON-ADULT-AT-RISK``; with a previous version,
``SP-CHANGES-NOT-LISTED`` and ``SP-PREVIOUS-VERSION``. With the copies
(``Renderer.findings``), from the profile: ``SP-COMPLAINTS-CONTACT-MISSING`` and
``SP-ADVOCACY-MISSING``.

Imports: _case, _children, _problems, _profiles.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._case import FAMILY_RIGHTS, OFSTED, Role, WrittenAgreement
from .._children import child_findings
from .._problems import Problem
from .._profiles import Profile
from .changes import change_findings

__all__ = ["issue_findings", "route_findings"]

PROCEDURES = (
    "Council written agreement procedures (Newcastle, Cambridgeshire, Hertfordshire, "
    "Derbyshire): approval, signatures and dates, the complaints procedure"
)
ADVOCACY = "Children Act 1989 and its Welsh and Scottish equivalents: children's right to be heard"


def issue_findings(
    agreement: WrittenAgreement, profile: Profile, previous: WrittenAgreement | None = None
) -> list[Problem]:
    """Every finding of this module, of the children's room and, given the previous version,
    of what the typed list of changes leaves out (:mod:`.changes`), in order."""
    out = child_findings(agreement, profile)
    out += _approval(agreement)
    out += _helplines(agreement, profile)
    out += _limitations(agreement)
    if previous is not None:
        out += change_findings(agreement, previous)
    return out


def _approval(agreement: WrittenAgreement) -> Iterator[Problem]:
    part = agreement.participation
    if part.approved_by is None:
        yield Problem.warning(
            "SP-APPROVAL-NOT-RECORDED",
            "$.participation.approved_by",
            "Name the manager who approved this agreement (participation.approved_by, a "
            "professional's id). Council procedures ask for a manager's approval; the manager "
            "signs with the social worker for the local authority. Until then the copies leave "
            "a blank line for them.",
            PROCEDURES,
        )
    elif part.approved_by in (part.drafted_by, agreement.plan.lead_practitioner):
        yield Problem.advice(
            "SP-APPROVED-BY-AUTHOR",
            "$.participation.approved_by",
            "The manager who approves an agreement should not be the person who wrote it or "
            "who leads the plan. Ask another manager to approve it.",
            PROCEDURES,
        )


def route_findings(agreement: WrittenAgreement, profile: Profile) -> list[Problem]:
    """What the copies cannot name because the profile does not: the council's own
    complaints team, and an advocacy service for children. These are the council's to set
    once, in its profile, so they come with the copies (``Renderer.findings``), not with every
    case's check."""
    return list(_routes(agreement, profile))


def _routes(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    if not profile.complaints:
        yield Problem.advice(
            "SP-COMPLAINTS-CONTACT-MISSING",
            "$.plan.profile",
            f"The profile ({profile.name}) names no complaints team of the council's own "
            "(complaints), so the copies tell the family to ask the social worker how to "
            "complain. Add the council's complaints team, with a phone number, web address or "
            "email, to the council's profile.",
            PROCEDURES,
        )
    old_enough = [
        c
        for c in agreement.children
        if (age := c.age_on(agreement.date)) is not None and age >= profile.child_min_age_years
    ]
    if old_enough and not profile.advocacy:
        yield Problem.advice(
            "SP-ADVOCACY-MISSING",
            "$.plan.profile",
            f"The profile ({profile.name}) names no advocacy service for children (advocacy), "
            "so the copies only say that the social worker can arrange an advocate. Add the "
            "service the council commissions, with a phone number, web address or email.",
            ADVOCACY,
        )


def _helplines(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    gendered = sorted(
        {h.gender for h in profile.helplines if h.audience == "adult-at-risk" and h.gender}
    )
    if not gendered:
        return
    for i, person in enumerate(agreement.people):
        if person.role is Role.ADULT_AT_RISK and person.gender is None:
            yield Problem.advice(
                "SP-HELPLINES-NOT-FITTED",
                f"$.people[{i}].gender",
                "Record the adult at risk's gender (gender: woman, man or non-binary) so that "
                "the copies offer the domestic abuse helpline that fits them: the profile has "
                f"helplines only for {' or for '.join(gendered)}. Until then the copies list "
                "each of them.",
                FAMILY_RIGHTS,
            )


def _limitations(agreement: WrittenAgreement) -> Iterator[Problem]:
    committed = {c.agency for c in agreement.commitments}
    if committed and not any(g.limitations for g in agreement.agencies if g.id in committed):
        yield Problem.advice(
            "SP-LIMITATIONS-MISSING",
            "$.agencies",
            "Say plainly what the agencies cannot do (agencies[].limitations), such as 'The "
            "police cannot watch the house all the time.' The copies print it beside their "
            "commitments, so no one takes false comfort from a signed agreement.",
            OFSTED,
        )
