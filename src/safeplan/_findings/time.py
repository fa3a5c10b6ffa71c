"""The time findings: what the plan's timeline says a reviewer would ask about, from the
agreement's date forward.

Codes: ``SP-OUTLIVES-REVIEW`` (the agreement runs past the plan's next review, or only "with the
plan"), ``SP-CORE-GROUP-MISSING``, ``SP-CORE-GROUP-LATE``, ``SP-CORE-GROUP-GAP`` (core groups
booked from the agreement's date forward), ``SP-REVIEW-OVERDUE`` (a review conference fell due
before the agreement and none is listed as held by then), ``SP-PRE-PROCEEDINGS-LONG`` (the
pre-proceedings stage runs past the profile's ``pre_proceedings_max``, the Public Law Working
Group's 16 weeks), ``SP-PRE-PROCEEDINGS-START-MISSING``. Meetings held before the agreement are
history: they set the next deadline, and are never findings themselves.

Imports: _case, _problems, _profiles.
"""

from __future__ import annotations

from collections.abc import Iterator

from .._case import FAMILY_RIGHTS, REVIEWING_KINDS, PlanType, ReviewKind, WrittenAgreement
from .._problems import Problem
from .._profiles import Profile, format_date
from .deadlines import Deadline, deadlines

__all__ = ["time_findings"]

_LINKED_REVIEWS = {
    PlanType.CHILD_PROTECTION: ReviewKind.REVIEW_CONFERENCE,
    PlanType.CHILD_IN_NEED: ReviewKind.CHILD_IN_NEED_REVIEW,
    PlanType.PRE_PROCEEDINGS: ReviewKind.PRE_PROCEEDINGS_REVIEW,
}


def time_findings(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    """Every time finding of a built agreement, in the order of the codes above."""
    yield from _outlives_review(agreement)
    found = deadlines(agreement, profile=profile)
    if agreement.plan.plan_type is PlanType.CHILD_PROTECTION:
        yield from _core_groups(found, profile)
        yield from _overdue_reviews(found, profile)
    if agreement.plan.plan_type is PlanType.PRE_PROCEEDINGS:
        yield from _pre_proceedings(agreement, found, profile)


def _core_groups(found: tuple[Deadline, ...], profile: Profile) -> Iterator[Problem]:
    meetings = profile.meetings
    for d in found:
        if d.kind == "first-core-group":
            if d.booked is None and not d.history:
                yield Problem.advice(
                    "SP-CORE-GROUP-MISSING",
                    "$.reviews",
                    f"Add the first {meetings.core_group}: it is due by {format_date(d.due)} "
                    f"({d.rule}).",
                    d.source,
                )
            elif d.status == "late" and not d.history:
                yield Problem.warning(
                    "SP-CORE-GROUP-LATE",
                    d.path or "$.reviews",
                    f"The first {meetings.core_group} is due by {format_date(d.due)} "
                    f"({d.rule}). Bring it forward.",
                    d.source,
                )
        elif d.kind == "later-core-group" and d.status == "late" and not d.history:
            yield Problem.warning(
                "SP-CORE-GROUP-GAP",
                d.path or "$.reviews",
                f"{meetings.core_group.capitalize()}s must be at most "
                f"{profile.timescales.core_group_interval} apart. This one follows the one on "
                f"{format_date(d.counted_from)}, so it is due by {format_date(d.due)}.",
                d.source,
            )


def _overdue_reviews(found: tuple[Deadline, ...], profile: Profile) -> Iterator[Problem]:
    review = profile.meetings.review_conference
    for d in found:
        if d.kind in ("first-review", "later-review") and d.status == "overdue":
            yield Problem.warning(
                "SP-REVIEW-OVERDUE",
                d.path or "$.reviews",
                f"A {review} was due by {format_date(d.due)} ({d.rule}), before this "
                f"agreement's date, and none is listed as held between "
                f"{format_date(d.counted_from)} and this one. If one was held, list it with "
                "its date (held: true) so the next one is counted from it; if not, this one "
                "is overdue: hold it as soon as possible.",
                d.source,
            )


def _pre_proceedings(
    agreement: WrittenAgreement, found: tuple[Deadline, ...], profile: Profile
) -> Iterator[Problem]:
    timeline = agreement.timeline
    end = next((d for d in found if d.kind == "pre-proceedings-end"), None)
    if timeline.pre_proceedings_start is None:
        if profile.timescales.pre_proceedings_max is not None:
            yield Problem.advice(
                "SP-PRE-PROCEEDINGS-START-MISSING",
                "$.reviews",
                "Add the date of the letter before proceedings (kind: "
                "letter-before-proceedings), so the length of the pre-proceedings stage can be "
                f"checked against the {profile.timescales.pre_proceedings_max} it should last "
                "at most.",
                profile.timescales.pre_proceedings_source or profile.timescales.source,
            )
        return
    if end is None:
        return
    ended = timeline.plan_end
    if ended is not None and ended.date <= end.due:
        return
    # What runs past the end: the agreement itself, a meeting booked, or the agreement's end.
    late: tuple[str, str] | None = None
    if agreement.date > end.due and (ended is None or ended.date > end.due):
        late = ("$.date", "This agreement is dated after that")
    else:
        booked = [
            m
            for m in timeline.ahead
            if m.plan_type is PlanType.PRE_PROCEEDINGS and m.date > end.due and not m.cancelled
        ]
        if booked:
            late = (
                f"{booked[0].path}.date",
                f"The meeting on {format_date(booked[0].date)} is after that",
            )
        elif (
            agreement.end is not None
            and agreement.end.date is not None
            and agreement.end.date > end.due
        ):
            late = (
                "$.end.date",
                f"This agreement runs until {format_date(agreement.end.date)}, after that",
            )
        if late is None and agreement.plan.ends is not None and agreement.plan.ends > end.due:
            late = ("$.plan.ends", f"The plan is set to end on {format_date(agreement.plan.ends)}")
    if late is None:
        return
    path, what = late
    yield Problem.warning(
        "SP-PRE-PROCEEDINGS-LONG",
        path,
        f"The pre-proceedings stage started on {format_date(end.counted_from)} and should "
        f"last at most {profile.timescales.pre_proceedings_max}, until "
        f"{format_date(end.due)} ({end.rule}). {what}. Decide by then whether to end "
        "pre-proceedings or apply to court, or record why the family needs longer (an "
        "assessment still under way, a baby not yet born) and when the decision will be made.",
        end.source,
    )


def _outlives_review(agreement: WrittenAgreement) -> Iterator[Problem]:
    """An agreement lasts only until the plan's next review, where the plan takes it over.

    Child protection and child in need: the next review conference (child in need review).
    Pre-proceedings: the agreement is the plan for the whole pre-proceedings stage, so it must
    end by the last pre-proceedings review listed. With no review of that kind, the latest review
    of any other reviewing kind but a core group is used instead. Reviews held before the
    agreement are history and never count.
    """
    end = agreement.end
    if end is None:
        return
    if end.date is None:
        if end.with_plan:
            yield Problem.warning(
                "SP-OUTLIVES-REVIEW",
                "$.end",
                "The agreement ends only when the plan ends, which may be many months away. "
                "Give it an end date no later than the plan's next review, and review it there.",
                FAMILY_RIGHTS,
            )
        return
    ahead = [m for m in agreement.timeline.ahead if not m.cancelled]
    linked_kind = _LINKED_REVIEWS[agreement.plan.plan_type]
    linked = sorted(m.date for m in ahead if m.kind is linked_kind)
    if linked:
        limit = linked[-1] if agreement.plan.plan_type is PlanType.PRE_PROCEEDINGS else linked[0]
    else:
        others = sorted(
            m.date
            for m in ahead
            if m.kind in REVIEWING_KINDS and m.kind is not ReviewKind.CORE_GROUP
        )
        if not others:
            return
        limit = others[-1]
    if end.date > limit:
        yield Problem.warning(
            "SP-OUTLIVES-REVIEW",
            "$.end.date",
            f"The agreement ends on {format_date(end.date)}, after its review on "
            f"{format_date(limit)}. An agreement should last only until the plan's next review, "
            "where the plan takes it over. End it on or before that date.",
            FAMILY_RIGHTS,
        )
