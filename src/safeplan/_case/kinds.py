"""The kinds a case file chooses from: plan types, roles, contact kinds and the other enumerations.

A leaf of the case room: the model, the rules and the copies all name these, and none of them is
needed to say what a kind is.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import enum

__all__ = [
    "AgencyKind",
    "ContactKind",
    "CopyKind",
    "ExpectationKind",
    "Gender",
    "Interpreter",
    "Outcome",
    "PlanType",
    "ReviewKind",
    "Role",
    "SignatureStatus",
    "WrittenSteps",
]


class PlanType(enum.StrEnum):
    """The kind of plan the agreement belongs to."""

    CHILD_PROTECTION = "child-protection"
    CHILD_IN_NEED = "child-in-need"
    PRE_PROCEEDINGS = "pre-proceedings"


class Role(enum.StrEnum):
    """What part an adult plays in the agreement.

    ``PERSON_CAUSING_HARM`` is the person whose behaviour is the source of risk. In some families
    this is not a partner: a mother, a grandparent, an older sibling.
    """

    ADULT_AT_RISK = "adult-at-risk"
    PERSON_CAUSING_HARM = "person-causing-harm"
    PARENT_OR_CARER = "parent-or-carer"
    SAFE_ADULT = "safe-adult"
    NETWORK_MEMBER = "network-member"


class ContactKind(enum.StrEnum):
    """What a contact detail is. Address, phone, school, GP and workplace can locate a person."""

    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    SCHOOL = "school"
    GP = "gp"
    WORKPLACE = "workplace"
    OTHER = "other"


class AgencyKind(enum.StrEnum):
    """The kind of agency making commitments."""

    CHILDRENS_SERVICES = "childrens-services"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    DOMESTIC_ABUSE_SERVICE = "domestic-abuse-service"
    BEHAVIOUR_CHANGE_SERVICE = "behaviour-change-service"
    PROBATION = "probation"
    HOUSING = "housing"
    OTHER = "other"


class ExpectationKind(enum.StrEnum):
    """What an expectation asks a person to do, in structured form.

    ``EXCLUDE``, ``SUPERVISE``, ``RESTRICT`` and ``MONITOR`` describe one person controlling
    another. Given to the adult at risk about the person causing harm, they are refused.
    """

    ACTION = "action"
    ATTEND = "attend"
    STOP = "stop"
    EXCLUDE = "exclude"
    SUPERVISE = "supervise"
    RESTRICT = "restrict"
    MONITOR = "monitor"

    @property
    def polices(self) -> bool:
        """Whether the kind makes its holder control someone else."""
        return self in _POLICING_KINDS


_POLICING_KINDS = frozenset(
    {
        ExpectationKind.EXCLUDE,
        ExpectationKind.SUPERVISE,
        ExpectationKind.RESTRICT,
        ExpectationKind.MONITOR,
    }
)


class ReviewKind(enum.StrEnum):
    """The kinds of meeting (and the one letter) on the plan's timeline.

    The reviewing kinds (core group, review conference, review of the agreement, child in need
    review, pre-proceedings review) are where the agreement is checked. The others mark the
    plan's way so far and ahead: the strategy discussion and the initial conference start a child
    protection plan; the letter before proceedings and the pre-proceedings meeting start the
    pre-proceedings stage; a hearing is in the family court.
    """

    CORE_GROUP = "core-group"
    REVIEW_CONFERENCE = "review-conference"
    AGREEMENT_REVIEW = "agreement-review"
    CHILD_IN_NEED_REVIEW = "child-in-need-review"
    PRE_PROCEEDINGS_REVIEW = "pre-proceedings-review"
    STRATEGY_DISCUSSION = "strategy-discussion"
    INITIAL_CONFERENCE = "initial-conference"
    LETTER_BEFORE_PROCEEDINGS = "letter-before-proceedings"
    PRE_PROCEEDINGS_MEETING = "pre-proceedings-meeting"
    HEARING = "hearing"


class Outcome(enum.StrEnum):
    """What a meeting that was held decided about the plan.

    ``STEPPED_DOWN``: a child protection plan ended and a child in need plan took its place; a
    pre-proceedings stage ended without going to court; a child in need plan ended with help
    continuing elsewhere. ``PLAN_ENDED``: the plan ended. ``PROCEEDINGS_ISSUED``: the local
    authority applied to the family court, which ends the pre-proceedings stage.
    """

    PLAN_CONTINUES = "plan-continues"
    STEPPED_DOWN = "stepped-down"
    PLAN_ENDED = "plan-ended"
    PROCEEDINGS_ISSUED = "proceedings-issued"


class Interpreter(enum.StrEnum):
    """Whether an interpreter was needed, offered and used."""

    NOT_NEEDED = "not-needed"
    OFFERED = "offered"
    USED = "used"
    DECLINED = "declined"
    NOT_RECORDED = "not-recorded"


class SignatureStatus(enum.StrEnum):
    """How a person responded to the agreement. There is deliberately no "reluctant"."""

    SIGNED = "signed"
    SIGNED_WITH_RESERVATIONS = "signed-with-reservations"
    DECLINED = "declined"
    NOT_YET_ASKED = "not-yet-asked"


class CopyKind(enum.StrEnum):
    """Which copy a recipient receives."""

    ADULT = "adult"
    CHILD = "child"
    PROFESSIONAL = "professional"


class Gender(enum.StrEnum):
    """A person's gender, recorded only so that their copies offer the helplines that fit them
    (England's National Domestic Abuse Helpline is for women; the Men's Advice Line for men)."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non-binary"


class WrittenSteps(enum.StrEnum):
    """How a child's copy gives the steps for when the child feels scared (what to do, 999,
    55 from a mobile).

    ``FOR_THE_CHILD`` speaks to the child; ``READ_TOGETHER`` writes them for the child to read
    with a trusted adult ("With your grown-up: ..."); ``WITHHELD`` leaves them out of the copy,
    and ``safeplan check`` says what the social worker must do instead.
    """

    FOR_THE_CHILD = "for-the-child"
    READ_TOGETHER = "read-together"
    WITHHELD = "withheld"
