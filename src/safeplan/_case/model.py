"""The case model: frozen, keyword-only attrs classes.

A :class:`WrittenAgreement` is the whole case file: the people, the plan it belongs to, what each
person and agency will do, how it is reviewed, when it ends, and one :class:`ChildSafetyPlan` per
child. Constructing one runs every safety rule (see :mod:`.rules`) and raises one
:class:`~safeplan.RefusedError` listing every problem. ``attrs.evolve`` re-runs them.

People, children, professionals and agencies carry an ``id`` (a short key such as ``"mum"`` or
``"sw1"``) that the rest of the file uses to refer to them. Free text and names are personal data:
they are left out of every ``repr``.

Imports: _profiles, _wording, _errors, _problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from .._errors import RefusedError
from .._problems import Problem
from .._profiles import Nation
from .._wording import Cast, Member
from .kinds import (
    AgencyKind,
    ContactKind,
    CopyKind,
    ExpectationKind,
    Gender,
    Interpreter,
    Outcome,
    PlanType,
    ReviewKind,
    Role,
    SignatureStatus,
    WrittenSteps,
)
from .rules import refusals
from .timeline import Timeline, build_timeline
from .translations import (
    AgencyWords,
    CommitmentWords,
    ContactArrangementWords,
    ContactDetailWords,
    ExpectationWords,
    PersonWords,
    PlanWords,
    ProfessionalWords,
    ReasonWords,
    SupportContactWords,
    TextWords,
    Translations,
    VersionWords,
    ViewWords,
    translations_field,
)

__all__ = [
    "Agency",
    "AgencyKind",
    "AgencyWords",
    "CheckIn",
    "Child",
    "ChildSafetyPlan",
    "Commitment",
    "CommitmentWords",
    "Concern",
    "ContactArrangement",
    "ContactArrangementWords",
    "ContactDetail",
    "ContactDetailWords",
    "ContactKind",
    "CopyKind",
    "End",
    "Expectation",
    "ExpectationKind",
    "ExpectationWords",
    "Gender",
    "Interpreter",
    "Nation",
    "Note",
    "Outcome",
    "Override",
    "Participation",
    "Person",
    "PersonWords",
    "Plan",
    "PlanType",
    "PlanWords",
    "Professional",
    "ProfessionalWords",
    "ReasonWords",
    "Recipient",
    "Review",
    "ReviewKind",
    "Role",
    "Signature",
    "SignatureStatus",
    "Strength",
    "SupportContact",
    "SupportContactWords",
    "TextWords",
    "Translations",
    "Version",
    "VersionWords",
    "View",
    "ViewWords",
    "WrittenAgreement",
    "WrittenSteps",
]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    # Embedders pass lists; frozen objects must hold tuples to stay hashable and immutable.
    return tuple(value)


def _private(**kwargs: Any) -> Any:
    """A field holding personal data: never shown in a repr."""
    return attrs.field(repr=False, **kwargs)


def _many(*, private: bool = False) -> Any:
    return attrs.field(factory=tuple, converter=_tuple, repr=not private)


def _audience() -> Any:
    """Who else may or may not see an item: person, child or professional ids, or role names
    (``person-causing-harm``, ``adult-at-risk``, ...)."""
    return attrs.field(factory=tuple, converter=_tuple)


@attrs.frozen(kw_only=True)
class Note:
    """One free-text item of a list: a contingency step, a general term.

    Attributes:
        text: The words, naming who does what.
        withheld_from: Ids or roles whose copies must not hold this item.
        shared_with: Ids or roles who may see it although safeplan's safe defaults would keep
            it from them (the adult at risk's safety planning is kept from a person causing
            harm unless the case says it may be shared).
    """

    text: str = _private()
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[TextWords] = translations_field(TextWords)

    def __str__(self) -> str:
        return self.text


def _note(value: Note | str) -> Note:
    return value if isinstance(value, Note) else Note(text=value)


def _notes(values: Iterable[Note | str]) -> tuple[Note, ...]:
    # A plain string is a note with no audience of its own, as case files may give it.
    return tuple(_note(v) for v in values)


@attrs.frozen(kw_only=True)
class ContactDetail:
    """An address, phone number, school, GP or workplace.

    A confidential detail is shown only to professionals, to the person it belongs to, and to the
    people named in ``visible_to`` (ids). Refuge addresses must always be confidential.
    """

    kind: ContactKind
    value: str = _private()
    label: str | None = _private(default=None)
    confidential: bool = False
    visible_to: tuple[str, ...] = _many()
    translations: Translations[ContactDetailWords] = translations_field(ContactDetailWords)


@attrs.frozen(kw_only=True)
class Person:
    """An adult in the family or network.

    Attributes:
        id: The key the rest of the case file uses for this person.
        name: How the person is named in the documents.
        role: Their part in the agreement.
        relationship: Plain words, such as "mother of Mia and Leo".
        preferred_language: A language tag such as ``en-GB`` or ``cy-GB``; ``None`` when not yet
            asked (Welsh councils must then send Welsh).
        interpreter_needed: Whether they need an interpreter to take part.
        agreed: For safe adults, network members and third parties: whether they have agreed to
            the part the plan gives them. ``None`` means not yet asked.
        contact_details: Addresses and numbers, each possibly confidential.
        known_to_children_as: What the children call them ("Mum", "Grandma Jean"), used in the
            children's versions.
        gender: Recorded only so that the copies offer the helplines that fit the adult at
            risk (a service for women, or for men). ``None`` means not recorded: the copies
            then list every domestic abuse helpline of the profile, each saying who it is for.
    """

    id: str
    name: str = _private()
    role: Role
    relationship: str | None = _private(default=None)
    known_to_children_as: str | None = _private(default=None)
    date_of_birth: dt.date | None = _private(default=None)
    preferred_language: str | None = None
    interpreter_needed: bool = False
    agreed: bool | None = None
    contact_details: tuple[ContactDetail, ...] = _many(private=True)
    gender: Gender | None = _private(default=None)
    translations: Translations[PersonWords] = translations_field(PersonWords)


@attrs.frozen(kw_only=True)
class Child:
    """A child on the plan, born or unborn.

    An unborn child has ``expected_date`` and no ``date_of_birth``. Unborn children and babies get
    no child's version of the plan, but they are children on the plan all the same.
    """

    id: str
    name: str = _private()
    date_of_birth: dt.date | None = _private(default=None)
    expected_date: dt.date | None = None
    lives_with: tuple[str, ...] = _many()
    preferred_language: str | None = None
    additional_needs: str | None = _private(default=None)
    contact_details: tuple[ContactDetail, ...] = _many(private=True)

    @property
    def unborn(self) -> bool:
        """Whether the child is not yet born."""
        return self.date_of_birth is None and self.expected_date is not None

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``; ``None`` for an unborn child."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return max(years, 0)


@attrs.frozen(kw_only=True)
class Agency:
    """An organisation that makes commitments: children's services, police, health, a service.

    Attributes:
        limitations: What the agency cannot do, said plainly ("The police cannot watch the
            house all the time."). Printed beside its commitments, so no one takes false
            comfort from them.
    """

    id: str
    name: str = _private()
    kind: AgencyKind = AgencyKind.OTHER
    phone: str | None = _private(default=None)
    limitations: tuple[str, ...] = _many(private=True)
    translations: Translations[AgencyWords] = translations_field(AgencyWords)


@attrs.frozen(kw_only=True)
class Professional:
    """A practitioner. Their work contact details are not confidential."""

    id: str
    name: str = _private()
    job_title: str = _private()
    agency: str
    phone: str | None = _private(default=None)
    email: str | None = _private(default=None)
    translations: Translations[ProfessionalWords] = translations_field(ProfessionalWords)


@attrs.frozen(kw_only=True)
class Plan:
    """The multi-agency plan the agreement belongs to.

    Attributes:
        nation: Decides the statutory timescales and categories.
        plan_type: Child protection, child in need, or pre-proceedings.
        categories: The categories of concern, as the nation names them.
        strategy_discussion: Date of the strategy discussion, if there was one: a meeting on
            the plan's timeline, held by the agreement's date (else booked). A ``reviews``
            entry may give it instead.
        initial_conference: Date of the initial child protection conference that started the
            current plan: a meeting on the timeline, like the strategy discussion.
        lead_practitioner: The id of the professional leading the plan.
        ends: The date the plan is expected to end, if known.
        profile: The name of a council profile that extends the nation's.
    """

    nation: Nation
    plan_type: PlanType
    categories: tuple[str, ...] = _many()
    strategy_discussion: dt.date | None = None
    initial_conference: dt.date | None = None
    lead_practitioner: str
    ends: dt.date | None = None
    profile: str | None = None


@attrs.frozen(kw_only=True)
class Concern:
    """Why professionals are worried, in plain words naming who did what.

    ``by`` names the people whose actions caused the concern, so a layout can say who did it.
    """

    text: str = _private()
    by: tuple[str, ...] = _many()
    date: dt.date | None = None
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[TextWords] = translations_field(TextWords)


@attrs.frozen(kw_only=True)
class Strength:
    """What is going well. ``protective`` marks the adult at risk's efforts to keep the children
    safe, which Safe & Together asks every plan to record."""

    text: str = _private()
    person: str | None = None
    protective: bool = False
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[TextWords] = translations_field(TextWords)


@attrs.frozen(kw_only=True)
class Expectation:
    """Something one person will do.

    Attributes:
        who: The id of the person who will do it.
        what: In plain words, naming who does what.
        kind: The structured shape of the expectation.
        about: The id of another person it concerns, if any.
        when: When or how often ("every Tuesday", "by 1 March").
        starts: From when it applies (default: the agreement's date).
        until: Until when it applies (default: the end of the agreement).
        checked_by: The id of the professional or agency who checks it.
        how_checked: How they will check it.
        support: The help offered to do it.
        withheld_from: Ids or roles whose copies must not hold this expectation.
        shared_with: Ids or roles who may see it although safe defaults would withhold it.
    """

    id: str | None = None
    who: str
    what: str = _private()
    kind: ExpectationKind = ExpectationKind.ACTION
    about: str | None = None
    when: str | None = _private(default=None)
    starts: dt.date | None = None
    until: dt.date | None = None
    checked_by: str | None = None
    how_checked: str | None = _private(default=None)
    support: str | None = _private(default=None)
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[ExpectationWords] = translations_field(ExpectationWords)


@attrs.frozen(kw_only=True)
class Commitment:
    """What an agency will do, with a date or a frequency."""

    agency: str
    by: str | None = None
    what: str = _private()
    when: str | None = _private(default=None)
    by_date: dt.date | None = None
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[CommitmentWords] = translations_field(CommitmentWords)


@attrs.frozen(kw_only=True)
class ContactArrangement:
    """How children see an adult.

    When contact goes through a third party (handovers, messages), that third party must be
    named, and must have agreed.
    """

    children: tuple[str, ...] = _many()
    adult: str
    where: str | None = _private(default=None)
    how_often: str | None = _private(default=None)
    supervised_by: str | None = None
    through_third_party: bool = False
    third_party: str | None = None
    notes: str | None = _private(default=None)
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[ContactArrangementWords] = translations_field(
        ContactArrangementWords
    )


@attrs.frozen(kw_only=True)
class Review:
    """One entry of the plan's timeline: a meeting held or booked (or the letter before
    proceedings), its date, who chairs it and, once held, what it decided.

    Attributes:
        kind: What the meeting is.
        date: When it was or will be held.
        chaired_by: The id of the professional who chairs it.
        held: Whether it took place. When not given, a meeting with an ``outcome`` or dated
            before the agreement was held, and one on or after the agreement's date is booked
            (so case files written before the timeline existed mean what they always meant).
            ``False`` on a date before the agreement: it was booked and did not take place.
        outcome: What a held conference, review, pre-proceedings meeting or hearing decided
            about the plan.
    """

    kind: ReviewKind
    date: dt.date
    chaired_by: str | None = None
    held: bool | None = None
    outcome: Outcome | None = None


@attrs.frozen(kw_only=True)
class End:
    """When the agreement stops applying: on a date, when the plan ends, or whichever comes first.

    An agreement never outlives the plan it belongs to.
    """

    date: dt.date | None = None
    with_plan: bool = False


@attrs.frozen(kw_only=True)
class Participation:
    """How the agreement was made, and whether the family had what they needed to take part.

    Attributes:
        approved_by: The id of the professional (a team manager) who approved the agreement
            for the agency. They sign it, with the social worker, for the local authority.
    """

    drafted_by: str | None = None
    approved_by: str | None = None
    drafted_with: tuple[str, ...] = _many()
    family_group_conference: dt.date | None = None
    family_group_conference_offered: bool = False
    interpreter: Interpreter = Interpreter.NOT_RECORDED
    legal_advice_offered: bool | None = None
    time_to_read_days: int | None = None


@attrs.frozen(kw_only=True)
class View:
    """A person's or a child's views in their own words.

    A ``confidential`` view appears only in the professional copy and the person's own copy:
    for what a child or the adult at risk said that must not reach the person causing harm.
    """

    person: str
    words: str = _private()
    date: dt.date | None = None
    confidential: bool = False
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[ViewWords] = translations_field(ViewWords)


@attrs.frozen(kw_only=True)
class Signature:
    """How a person responded, with the date and, if they gave one, their reason."""

    person: str
    status: SignatureStatus
    date: dt.date | None = None
    reason: str | None = _private(default=None)
    translations: Translations[ReasonWords] = translations_field(ReasonWords)


@attrs.frozen(kw_only=True)
class SupportContact:
    """A local service or person to call. National helplines come from the nation's profile."""

    name: str = _private()
    phone: str | None = _private(default=None)
    hours: str | None = _private(default=None)
    description: str | None = _private(default=None)
    for_roles: tuple[str, ...] = _many()
    withheld_from: tuple[str, ...] = _audience()
    shared_with: tuple[str, ...] = _audience()
    translations: Translations[SupportContactWords] = translations_field(SupportContactWords)


@attrs.frozen(kw_only=True)
class Recipient:
    """Who receives which copy, and in which language.

    ``language`` defaults to the person's preferred language; ``bilingual`` asks for a Welsh and
    English copy in the profile's order.
    """

    person: str
    copy: CopyKind
    language: str | None = None


@attrs.frozen(kw_only=True)
class Version:
    """Which draft this is and, when it replaces an earlier one, what changed."""

    number: int = 1
    replaces: int | None = None
    changes: tuple[str, ...] = _many(private=True)
    translations: Translations[VersionWords] = translations_field(VersionWords)


@attrs.frozen(kw_only=True)
class Override:
    """A recorded decision to issue despite a rule that can be overridden.

    The override turns that refusal into a finding that the document must show, naming the rule,
    the reason and the professional who authorised it.

    Attributes:
        rule: The code of the rule, such as ``SP-POLICING``.
        target: The path of the item it applies to, such as ``$.expectations[3]``.
        reason: Why, in plain words.
        authorised_by: The id of the professional who authorised it.
        date: When it was authorised.
    """

    rule: str
    target: str
    reason: str = _private()
    authorised_by: str
    date: dt.date
    translations: Translations[ReasonWords] = translations_field(ReasonWords)


@attrs.frozen(kw_only=True)
class CheckIn:
    """When someone will check in with a child, and who."""

    date: dt.date
    who: str


@attrs.frozen(kw_only=True)
class ChildSafetyPlan:
    """One child's safety plan, from which the child's own version is written.

    Attributes:
        child: The child's id.
        explanation: Why grown-ups are helping, written for the child (never the adult concerns).
        safe_adults: Ids of adults who have agreed to be the child's safe adults.
        safe_places: Places the child can go.
        what_to_do: What to do if the child feels scared or someone is getting hurt.
        grown_ups_will: What the grown-ups will do, in words for the child.
        check_ins: When people will check how things are going.
        child_words: The child's own words.
        code_word: A word the child can use to ask for help. Never printed unless
            ``print_code_word`` is true.
        age_band: Overrides the band worked out from the child's age (for additional needs).
        print_override: Allows a printed plan that would otherwise be refused.
        language: The language this plan's words are written in, when it is not the case's
            (a Welsh-speaking child's plan written in Welsh in an English-language case).
        written_steps: How the copy gives the steps for when the child feels scared (see
            :class:`WrittenSteps`). ``None``: for the child from the profile's
            ``safety_plan_min_age_years``, written for reading with a grown-up below it (or
            left out, when the profile's ``young_child_steps`` is ``withheld``).
    """

    child: str
    explanation: str = _private()
    safe_adults: tuple[str, ...] = _many()
    safe_places: tuple[str, ...] = _many(private=True)
    what_to_do: tuple[str, ...] = _many(private=True)
    grown_ups_will: tuple[str, ...] = _many(private=True)
    check_ins: tuple[CheckIn, ...] = _many()
    child_words: str | None = _private(default=None)
    code_word: str | None = _private(default=None)
    print_code_word: bool = False
    age_band: str | None = None
    print_override: Override | None = None
    language: str | None = None
    written_steps: WrittenSteps | None = None
    translations: Translations[PlanWords] = translations_field(PlanWords)


@attrs.frozen(kw_only=True)
class WrittenAgreement:
    """A written agreement and the children's safety plans that go with it.

    ``date`` is the day the agreement is made; ``starts``, the day it applies from when that
    is later (once it is signed, say); every copy prints both.

    ``language`` is the language the case's free text is written in (``en-GB`` by default):
    copies in another language print that text tagged with it, so spell-checkers and screen
    readers read it right.

    ``date`` is the day the agreement was made and ``starts`` the day it applies from
    (default: its date). ``contingency`` says what happens if the agreement is not kept;
    ``terms`` holds general terms that apply to everyone. Every item a copy can print (a
    concern, a strength, an expectation, a commitment, a contact arrangement, a view, a support
    contact, a note) may name in ``withheld_from`` the people or roles whose copies must not
    hold it, and in ``shared_with`` those who may see it although safe defaults would keep it
    from them.

    Construction refuses an agreement that must never be issued and raises one
    :class:`~safeplan.RefusedError` listing every problem. Overridden refusals are kept in
    :attr:`overridden` so that every copy can show them.
    """

    reference: str
    date: dt.date
    starts: dt.date | None = None
    language: str = "en-GB"
    version: Version = attrs.field(factory=Version)
    plan: Plan
    people: tuple[Person, ...] = _many()
    children: tuple[Child, ...] = _many()
    professionals: tuple[Professional, ...] = _many()
    agencies: tuple[Agency, ...] = _many()
    concerns: tuple[Concern, ...] = _many()
    strengths: tuple[Strength, ...] = _many()
    expectations: tuple[Expectation, ...] = _many()
    commitments: tuple[Commitment, ...] = _many()
    contact_arrangements: tuple[ContactArrangement, ...] = _many()
    reviews: tuple[Review, ...] = _many()
    end: End | None = None
    contingency: tuple[Note, ...] = attrs.field(factory=tuple, converter=_notes, repr=False)
    terms: tuple[Note, ...] = attrs.field(factory=tuple, converter=_notes, repr=False)
    participation: Participation = attrs.field(factory=Participation)
    views: tuple[View, ...] = _many()
    signatures: tuple[Signature, ...] = _many()
    support_contacts: tuple[SupportContact, ...] = _many()
    recipients: tuple[Recipient, ...] = _many()
    safety_plans: tuple[ChildSafetyPlan, ...] = _many()
    overrides: tuple[Override, ...] = _many()

    overridden: tuple[Problem, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        refused, overridden = refusals(self)
        if refused:
            raise RefusedError(refused)
        object.__setattr__(self, "overridden", tuple(overridden))

    # Lookups used by the rules, the views and the layouts. Derived, never stored.

    def person(self, person_id: str) -> Person | None:
        """The adult with this id, or ``None``."""
        return next((p for p in self.people if p.id == person_id), None)

    def child(self, child_id: str) -> Child | None:
        """The child with this id, or ``None``."""
        return next((c for c in self.children if c.id == child_id), None)

    def professional(self, professional_id: str) -> Professional | None:
        """The professional with this id, or ``None``."""
        return next((p for p in self.professionals if p.id == professional_id), None)

    def agency(self, agency_id: str) -> Agency | None:
        """The agency with this id, or ``None``."""
        return next((a for a in self.agencies if a.id == agency_id), None)

    def people_in_role(self, role: Role) -> tuple[Person, ...]:
        """Every adult with the given role, in file order."""
        return tuple(p for p in self.people if p.role is role)

    def expectations_of(self, person_id: str) -> tuple[Expectation, ...]:
        """Every expectation held by the given person, in file order."""
        return tuple(e for e in self.expectations if e.who == person_id)

    def cast(self) -> Cast:
        """Who is who, by the words the case's sentences may use for them (for the wording
        checks): every adult by role, every child, every professional and agency."""
        members = [
            Member.person(p.role.value, p.name, known_as=p.known_to_children_as, id=p.id)
            for p in self.people
        ]
        members += [Member.person("child", c.name, id=c.id) for c in self.children]
        members += [Member.person("professional", p.name, id=p.id) for p in self.professionals]
        members += [Member(role="agency", names=(g.name,), id=g.id) for g in self.agencies]
        return Cast(tuple(members))

    @property
    def start(self) -> dt.date:
        """The day the agreement applies from: ``starts``, else its date."""
        return self.starts or self.date

    @property
    def pre_birth(self) -> bool:
        """Whether any child on the plan is unborn."""
        return any(c.unborn for c in self.children)

    @property
    def timeline(self) -> Timeline:
        """The plan's timeline: every meeting held and booked, in date order, with what each
        decided (from ``plan.strategy_discussion``, ``plan.initial_conference`` and
        ``reviews``)."""
        return build_timeline(self)


def unchecked_evolve(agreement: WrittenAgreement, **changes: Any) -> WrittenAgreement:
    """A copy of an agreement with some fields replaced, without running the rules again.

    Only for internal views of an agreement that has already passed every rule (redaction,
    language tagging): what they change cannot make the agreement unsafe.
    """
    new = object.__new__(WrittenAgreement)
    for f in attrs.fields(WrittenAgreement):
        value = changes.pop(f.name) if f.name in changes else getattr(agreement, f.name)
        object.__setattr__(new, f.name, value)
    if changes:
        raise TypeError(f"not fields of WrittenAgreement: {sorted(changes)}")
    return new
