"""The plan's timeline: every meeting held and booked, in date order, and what each decided.

A case file gives the timeline in three places, all of which keep the meaning they had before
the timeline existed: ``plan.strategy_discussion`` and ``plan.initial_conference`` are meetings
held (or, dated after the agreement, booked), and each ``reviews`` entry is a meeting held or
booked (:class:`~.model.Review`: a ``held`` left out means held when the entry has an
``outcome`` or is dated before the agreement, else booked). :func:`build_timeline` turns them
into one :class:`Timeline` of :class:`Meeting` records, each with the path of the entry it came
from.

The rules here judge the schedule from the agreement's date forward. Meetings held before the
agreement are history: they set the deadline of the next meeting (the next review conference is
due within the interval since the last one held), and are never errors themselves. A plan that
stepped down or ended is data (a held meeting's ``outcome``); an agreement written for a plan
that had already ended is refused, and an agreement whose end is tied to the plan ends with it.

Imports: _profiles, _problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from .._problems import Problem
from .._profiles import Profile, nation_profile, review_date_problems
from .kinds import Outcome, PlanType, ReviewKind

if TYPE_CHECKING:
    from .model import WrittenAgreement

__all__ = [
    "DECIDING_KINDS",
    "REVIEWING_KINDS",
    "Meeting",
    "Timeline",
    "birth_after",
    "build_timeline",
    "conference_pre_birth",
    "timeline_refusals",
]

SAFEPLAN = "safeplan data rules"
OFSTED = (
    "Ofsted, 'Prevent, protect and repair' (2017), and its national director's commentary on "
    "written agreements in domestic abuse cases (2018)"
)
WORKING_TOGETHER = "Working Together to Safeguard Children 2023 (the child protection plan)"

#: The plan each kind of meeting belongs to (a review of the agreement belongs to none).
PLAN_OF_KIND: dict[ReviewKind, PlanType | None] = {
    ReviewKind.STRATEGY_DISCUSSION: PlanType.CHILD_PROTECTION,
    ReviewKind.INITIAL_CONFERENCE: PlanType.CHILD_PROTECTION,
    ReviewKind.CORE_GROUP: PlanType.CHILD_PROTECTION,
    ReviewKind.REVIEW_CONFERENCE: PlanType.CHILD_PROTECTION,
    ReviewKind.CHILD_IN_NEED_REVIEW: PlanType.CHILD_IN_NEED,
    ReviewKind.LETTER_BEFORE_PROCEEDINGS: PlanType.PRE_PROCEEDINGS,
    ReviewKind.PRE_PROCEEDINGS_MEETING: PlanType.PRE_PROCEEDINGS,
    ReviewKind.PRE_PROCEEDINGS_REVIEW: PlanType.PRE_PROCEEDINGS,
    ReviewKind.HEARING: PlanType.PRE_PROCEEDINGS,
    ReviewKind.AGREEMENT_REVIEW: None,
}

#: Where the agreement is looked at again: an agreement needs one of these ahead of it.
REVIEWING_KINDS = frozenset(
    {
        ReviewKind.CORE_GROUP,
        ReviewKind.REVIEW_CONFERENCE,
        ReviewKind.AGREEMENT_REVIEW,
        ReviewKind.CHILD_IN_NEED_REVIEW,
        ReviewKind.PRE_PROCEEDINGS_REVIEW,
    }
)

#: The meetings that decide about the plan, and so may record an outcome.
DECIDING_KINDS = frozenset(
    {
        ReviewKind.REVIEW_CONFERENCE,
        ReviewKind.CHILD_IN_NEED_REVIEW,
        ReviewKind.PRE_PROCEEDINGS_MEETING,
        ReviewKind.PRE_PROCEEDINGS_REVIEW,
        ReviewKind.HEARING,
    }
)

_PLO_START = (ReviewKind.LETTER_BEFORE_PROCEEDINGS, ReviewKind.PRE_PROCEEDINGS_MEETING)


@attrs.frozen(kw_only=True)
class Meeting:
    """One meeting on the plan's timeline, as the case file gives it.

    Attributes:
        kind: What the meeting is.
        date: When it was or will be held.
        held: Whether it took place (worked out from the date when the case does not say).
        outcome: What it decided about the plan, once held.
        chaired_by: The id of the professional who chairs it.
        path: Where the case file gives it, such as ``$.reviews[2]``.
        before_agreement: Whether it is dated before the agreement's own date.
    """

    kind: ReviewKind
    date: dt.date
    held: bool
    outcome: Outcome | None = None
    chaired_by: str | None = None
    path: str
    before_agreement: bool

    @property
    def plan_type(self) -> PlanType | None:
        """The plan this meeting belongs to; ``None`` for a review of the agreement."""
        return PLAN_OF_KIND[self.kind]

    @property
    def booked(self) -> bool:
        """Whether the meeting is still to come: not held, and not before the agreement."""
        return not self.held and not self.before_agreement

    @property
    def cancelled(self) -> bool:
        """Whether the meeting was booked before the agreement and did not take place."""
        return not self.held and self.before_agreement

    @property
    def ends_plan(self) -> bool:
        """Whether its outcome ends the plan it belongs to (stepped down or ended; for the
        pre-proceedings stage, also an application to court)."""
        if not self.held or self.outcome is None:
            return False
        if self.outcome is Outcome.PROCEEDINGS_ISSUED:
            return self.plan_type is PlanType.PRE_PROCEEDINGS
        return self.outcome in (Outcome.STEPPED_DOWN, Outcome.PLAN_ENDED)


@attrs.frozen(kw_only=True)
class Timeline:
    """The plan's meetings in date order, seen from the agreement's date.

    Attributes:
        meetings: Every meeting, held and booked, in date order (file order on the same day).
        agreement_date: The agreement's own date.
        plan_type: The plan the agreement belongs to.
        pre_birth_conference: Whether the initial conference was about an unborn child (one
            is still unborn, or was born after it): its own first-review rule still applies.
        birth: The date of birth after that conference, once the child is born.
    """

    meetings: tuple[Meeting, ...]
    agreement_date: dt.date
    plan_type: PlanType
    pre_birth_conference: bool = False
    birth: dt.date | None = None

    @property
    def held(self) -> tuple[Meeting, ...]:
        """The meetings that took place, in date order."""
        return tuple(m for m in self.meetings if m.held)

    def behind(self, meeting: Meeting) -> bool:
        """Whether a meeting is history for the agreement: dated before it, or held on its
        date (the agreement was written after it)."""
        return meeting.before_agreement or (meeting.held and not self.after(meeting))

    @property
    def history(self) -> tuple[Meeting, ...]:
        """What happened up to the agreement: held meetings dated on or before its date, and
        meetings before it that did not take place."""
        return tuple(m for m in self.meetings if self.behind(m))

    @property
    def ahead(self) -> tuple[Meeting, ...]:
        """The meetings from the agreement's date forward: booked, or held since."""
        return tuple(m for m in self.meetings if not self.behind(m))

    @property
    def booked(self) -> tuple[Meeting, ...]:
        """The meetings still to come, in date order."""
        return tuple(m for m in self.meetings if m.booked)

    def after(self, meeting: Meeting) -> bool:
        """Whether a meeting is dated after the agreement's date."""
        return meeting.date > self.agreement_date

    def of_kind(self, *kinds: ReviewKind) -> tuple[Meeting, ...]:
        """The meetings of any of ``kinds``, in date order."""
        return tuple(m for m in self.meetings if m.kind in kinds)

    @property
    def plan_end(self) -> Meeting | None:
        """The held meeting after the agreement's date that ended the agreement's plan, if the
        case records one: an agreement tied to the plan ended with it."""
        return next(
            (
                m
                for m in self.meetings
                if self.after(m) and m.ends_plan and m.plan_type is self.plan_type
            ),
            None,
        )

    @property
    def ended_before(self) -> Meeting | None:
        """The held meeting on or before the agreement's date that ended the agreement's plan,
        when no later meeting started a plan of that type again; ``None`` when the plan was in
        place on the agreement's date."""
        return self.ended(self.plan_type)

    def ended(self, plan_type: PlanType) -> Meeting | None:
        """The held meeting on or before the agreement's date that ended a plan of
        ``plan_type``, when no later meeting started one again."""
        ended: Meeting | None = None
        for m in self.meetings:
            if not m.held or self.after(m):
                continue
            if m.plan_type is plan_type and m.ends_plan:
                ended = m
            elif ended is not None and _starts(m, plan_type):
                ended = None
        return ended

    @property
    def last_change(self) -> Meeting | None:
        """The latest held meeting on or before the agreement's date whose outcome changed the
        plan (stepped it down, ended it, or applied to court)."""
        changes = [
            m
            for m in self.meetings
            if m.held
            and not self.after(m)
            and m.outcome is not None
            and m.outcome is not Outcome.PLAN_CONTINUES
        ]
        return changes[-1] if changes else None

    @property
    def initial_conference(self) -> Meeting | None:
        """The initial conference that started the current child protection plan: the latest
        one on or before the agreement's date, else the first one booked after it."""
        conferences = [m for m in self.of_kind(ReviewKind.INITIAL_CONFERENCE) if not m.cancelled]
        before = [m for m in conferences if not self.after(m)]
        if before:
            return before[-1]
        return conferences[0] if conferences else None

    @property
    def strategy_discussion(self) -> Meeting | None:
        """The latest strategy discussion on or before the initial conference (or, with none,
        the agreement's date)."""
        ic = self.initial_conference
        limit = ic.date if ic is not None else self.agreement_date
        found = [
            m
            for m in self.of_kind(ReviewKind.STRATEGY_DISCUSSION)
            if m.date <= limit and not m.cancelled
        ]
        return found[-1] if found else None

    def plan_meetings(self, kind: ReviewKind) -> tuple[Meeting, ...]:
        """The current plan's meetings of ``kind``: after the initial conference that started
        it (for child protection), not cancelled, and none after a meeting that ended it."""
        ic = self.initial_conference
        end = self.plan_end
        return tuple(
            m
            for m in self.of_kind(kind)
            if not m.cancelled
            and (ic is None or m.date > ic.date)
            and (end is None or m.date <= end.date)
        )

    @property
    def pre_proceedings_start(self) -> Meeting | None:
        """What started the current pre-proceedings stage: the latest letter before
        proceedings on or before the agreement's date (else the first one after), or, with no
        letter, the pre-proceedings meeting found the same way."""
        for kind in _PLO_START:
            found = [m for m in self.of_kind(kind) if not m.cancelled]
            before = [m for m in found if not self.after(m)]
            if before:
                return before[-1]
            if found:
                return found[0]
        return None

    @property
    def hearings(self) -> tuple[Meeting, ...]:
        """Court hearings on the timeline, held or booked."""
        return tuple(m for m in self.of_kind(ReviewKind.HEARING) if not m.cancelled)

    @property
    def proceedings_issued(self) -> Meeting | None:
        """The first held meeting that recorded an application to court, if any."""
        return next(
            (m for m in self.held if m.outcome is Outcome.PROCEEDINGS_ISSUED),
            None,
        )

    @property
    def going_to_court(self) -> bool:
        """Whether the case has a court hearing on its timeline or an application recorded."""
        return bool(self.hearings) or self.proceedings_issued is not None


def _starts(meeting: Meeting, plan_type: PlanType) -> bool:
    """Whether a held meeting starts a plan of ``plan_type`` again after one ended."""
    if plan_type is PlanType.CHILD_PROTECTION:
        return meeting.kind is ReviewKind.INITIAL_CONFERENCE
    if plan_type is PlanType.PRE_PROCEEDINGS:
        return meeting.kind in _PLO_START
    # A child in need plan starts when a child protection plan steps down to it.
    return (
        meeting.plan_type is PlanType.CHILD_PROTECTION and meeting.outcome is Outcome.STEPPED_DOWN
    )


def build_timeline(agreement: WrittenAgreement) -> Timeline:
    """The agreement's timeline, from the plan's dates and every ``reviews`` entry."""
    day = agreement.date
    found: list[tuple[dt.date, int, Meeting]] = []
    plan = agreement.plan
    for order, (kind, value, path) in enumerate(
        (
            (
                ReviewKind.STRATEGY_DISCUSSION,
                plan.strategy_discussion,
                "$.plan.strategy_discussion",
            ),
            (ReviewKind.INITIAL_CONFERENCE, plan.initial_conference, "$.plan.initial_conference"),
        )
    ):
        if value is not None:
            # Held by the agreement's date (the agreement is often made at the conference);
            # a date after it is a meeting still to come.
            meeting = Meeting(
                kind=kind, date=value, held=value <= day, path=path, before_agreement=value < day
            )
            found.append((value, order - 2, meeting))
    for i, r in enumerate(agreement.reviews):
        held = r.held
        if held is None:
            held = r.outcome is not None or r.date < day
        meeting = Meeting(
            kind=r.kind,
            date=r.date,
            held=held,
            outcome=r.outcome,
            chaired_by=r.chaired_by,
            path=f"$.reviews[{i}]",
            before_agreement=r.date < day,
        )
        found.append((r.date, i, meeting))
    found.sort(key=lambda item: (item[0], item[1]))
    # The plan's own fields and a reviews entry may give the same meeting: keep the entry.
    meetings: list[Meeting] = []
    for _, _, m in found:
        twin = next(
            (
                k
                for k, other in enumerate(meetings)
                if other.kind is m.kind and other.date == m.date and other.path.startswith("$.plan")
            ),
            None,
        )
        if twin is not None:
            meetings[twin] = m
        else:
            meetings.append(m)
    timeline = Timeline(meetings=tuple(meetings), agreement_date=day, plan_type=plan.plan_type)
    ic = timeline.initial_conference
    conference = None if ic is None else ic.date
    return attrs.evolve(
        timeline,
        pre_birth_conference=conference_pre_birth(agreement, conference),
        birth=birth_after(agreement, conference),
    )


def conference_pre_birth(agreement: WrittenAgreement, conference: dt.date | None) -> bool:
    """Whether the initial conference was about an unborn child: a child is still unborn, or
    was born after the conference (a pre-birth plan keeps its own first-review rule after the
    birth)."""
    if agreement.pre_birth:
        return True
    if conference is None:
        return False
    return any(
        c.date_of_birth is not None and c.date_of_birth > conference for c in agreement.children
    )


def birth_after(agreement: WrittenAgreement, conference: dt.date | None) -> dt.date | None:
    """The earliest date of birth after the conference (the birth a pre-birth plan waited
    for), if any."""
    if conference is None:
        return None
    births = [
        c.date_of_birth
        for c in agreement.children
        if c.date_of_birth is not None and c.date_of_birth > conference
    ]
    return min(births) if births else None


# --- the refusals -------------------------------------------------------------------------


def timeline_refusals(agreement: WrittenAgreement) -> Iterator[Problem]:
    """Refuse a timeline that does not hold together, or a schedule that breaks the nation's
    timescales from the agreement's date forward."""
    timeline = agreement.timeline
    yield from _entries(agreement)
    ended = timeline.ended_before
    if ended is not None:
        words = {
            PlanType.CHILD_PROTECTION: "child protection plan",
            PlanType.CHILD_IN_NEED: "child in need plan",
            PlanType.PRE_PROCEEDINGS: "pre-proceedings stage",
        }[timeline.plan_type]
        hint = (
            " If it stepped down to a child in need plan, set plan.plan_type to child-in-need."
            if timeline.plan_type is PlanType.CHILD_PROTECTION
            and ended.outcome is Outcome.STEPPED_DOWN
            else ""
        )
        yield Problem.refusal(
            "SP-PLAN-ENDED",
            f"{ended.path}.outcome",
            f"The {words} this agreement belongs to ended at this meeting, on or before the "
            f"agreement's date. Give the plan now in place in plan.plan_type, or list the "
            f"meeting that started a new plan.{hint}",
            SAFEPLAN,
        )
    yield from _review_ahead(agreement, timeline)
    if agreement.plan.plan_type is PlanType.CHILD_PROTECTION:
        yield from _child_protection_schedule(agreement, timeline)


def _entries(agreement: WrittenAgreement) -> Iterator[Problem]:
    for i, r in enumerate(agreement.reviews):
        path = f"$.reviews[{i}]"
        if r.outcome is not None and r.held is False:
            yield Problem.refusal(
                "SP-MEETING-OUTCOME-NOT-HELD",
                f"{path}.outcome",
                "This meeting is marked as not held, so it cannot have an outcome. Record "
                "the outcome once the meeting has taken place (held: true).",
                SAFEPLAN,
            )
        if r.outcome is not None and r.kind not in DECIDING_KINDS:
            yield Problem.refusal(
                "SP-MEETING-OUTCOME-KIND",
                f"{path}.outcome",
                "Only a review conference, a child in need review, a pre-proceedings meeting "
                "or review, or a court hearing decides about the plan. Record the outcome on "
                "the meeting that decided it.",
                SAFEPLAN,
            )
        if (
            r.kind is ReviewKind.AGREEMENT_REVIEW
            and r.date < agreement.date
            and agreement.version.replaces is None
        ):
            yield Problem.refusal(
                "SP-REVIEW-BEFORE-AGREEMENT",
                f"{path}.date",
                "This review of the agreement is dated before the agreement itself, and the "
                "agreement replaces no earlier version. Check the date, or give the version "
                "this agreement replaces.",
                SAFEPLAN,
            )


def _review_ahead(agreement: WrittenAgreement, timeline: Timeline) -> Iterator[Problem]:
    ahead = [m for m in timeline.ahead if m.kind in REVIEWING_KINDS and not m.cancelled]
    if ahead:
        return
    if any(m.kind in REVIEWING_KINDS for m in timeline.meetings):
        message = (
            "Every review listed is before the agreement's date or has already happened. "
            "Book the next one, so the family knows when the agreement will be looked at "
            "again and who will check how it is going."
        )
    else:
        message = (
            "Add at least one review date. Families need to know when the agreement will be "
            "looked at again, and who will check how it is going."
        )
    yield Problem.refusal("SP-REVIEW-MISSING", "$.reviews", message, OFSTED)


def _child_protection_schedule(
    agreement: WrittenAgreement, timeline: Timeline
) -> Iterator[Problem]:
    profile: Profile = nation_profile(agreement.plan.nation)
    ic = timeline.initial_conference
    conferences = timeline.plan_meetings(ReviewKind.REVIEW_CONFERENCE)
    held_before = [m for m in conferences if m.held and not timeline.after(m)]
    if ic is None and not held_before:
        yield Problem.refusal(
            "SP-CONFERENCE-MISSING",
            "$.plan.initial_conference",
            "Give the date of the initial child protection conference, or list the last "
            "review conference held (held: true), so the review dates can be checked against "
            "the statutory timescale.",
            WORKING_TOGETHER,
        )
    if ic is None and held_before:
        # The first review listed as held opens the chain: the ones after it are judged.
        conferences = tuple(m for m in conferences if m.date >= held_before[-1].date)
    ic_date = ic.date if ic is not None else None
    yield from review_date_problems(
        profile,
        initial_conference=ic_date,
        review_conference_dates=[m.date for m in conferences],
        agreement_date=agreement.date,
        pre_birth=timeline.pre_birth_conference,
        birth=timeline.birth,
        path_of=lambda k: f"{conferences[k].path}.date",
        fallback=not held_before,
    )
