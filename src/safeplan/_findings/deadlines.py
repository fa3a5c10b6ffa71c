"""Deadlines: each due date of a case beside the case's own meeting for it, from the timeline.

The due dates come from the profile room (``_profiles/schedule.py``); this module matches them
with the plan's timeline (``WrittenAgreement.timeline``: meetings held and booked) and says, for
each, whether it is met, late, not booked yet, or was overdue before the agreement was written.

Imports: _case, _profiles.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import Literal, TypeAlias

import attrs

from .._case import Meeting, PlanType, ReviewKind, Timeline, WrittenAgreement
from .._profiles import (
    DueDate,
    Link,
    Profile,
    core_group_chain,
    pre_proceedings_due,
    resolve_profile,
    review_chain,
)

__all__ = ["Deadline", "DeadlineStatus", "deadlines"]

DeadlineStatus: TypeAlias = Literal["met", "late", "not-booked", "overdue"]


@attrs.frozen(kw_only=True)
class Deadline(DueDate):
    """A due date (see :class:`DueDate`) and the case's own meeting for it, if any.

    Attributes:
        booked: The date of the case's meeting for this deadline (held or booked), or ``None``.
        path: Where that meeting is in the case file, such as ``$.reviews[2].date``.
        held: Whether that meeting took place; ``None`` when there is none.
        agreement_date: The agreement's date: deadlines before it are history.
    """

    booked: dt.date | None = None
    path: str | None = None
    held: bool | None = None
    agreement_date: dt.date | None = None

    @property
    def met(self) -> bool | None:
        """Whether the booked date meets the due date; ``None`` when nothing is booked."""
        return None if self.booked is None else self.booked <= self.due

    @property
    def history(self) -> bool:
        """Whether the deadline fell before the agreement's date."""
        return self.agreement_date is not None and self.due < self.agreement_date

    @property
    def status(self) -> DeadlineStatus:
        """``met``; ``late``; ``not-booked``; or ``overdue``: the deadline fell before the
        agreement and the case lists no meeting by then (the next one is after the agreement's
        date), so either one was held and is not listed, or it is overdue."""
        if self.booked is None:
            return "not-booked"
        if self.booked <= self.due:
            return "met"
        if self.history and self.agreement_date is not None and self.booked >= self.agreement_date:
            return "overdue"
        return "late"

    def to_dict(self) -> dict[str, str | bool | None]:  # type: ignore[override]
        """Return the deadline as JSON-ready data (dates in ISO format)."""
        return {
            **super().to_dict(),
            "booked": None if self.booked is None else self.booked.isoformat(),
            "path": self.path,
            "held": self.held,
            "met": self.met,
            "status": self.status,
            "before_agreement": self.history,
        }


def deadlines(
    agreement: WrittenAgreement, *, profile: Profile | str | os.PathLike[str] | None = None
) -> tuple[Deadline, ...]:
    """The due dates of a case, each with the case's own meeting for it, from its timeline.

    Child protection: the first conference (from the strategy discussion) matched with the
    initial conference; the first core group (and, where the profile sets a gap, each later
    one) with the plan's core groups in date order; the first review with the first review
    conference after the initial conference, each later one with the next, counted from the one
    before it, held or booked. One more is projected after the last review conference listed
    (and the last core group, where a gap is set). Pre-proceedings: the end of the stage
    (the profile's ``pre_proceedings_max`` from the letter before proceedings) matched with the
    meeting that ended it, else the last pre-proceedings review or hearing booked.

    A deadline that fell before the agreement's date is history: its ``status`` is ``overdue``
    when no meeting is listed by it and the next is after the agreement's date.

    Args:
        agreement: The case.
        profile: A :class:`Profile`, a profile name or a council's YAML file; default: the
            case's council profile, else its nation's.

    Raises:
        ProfileError: The profile cannot be found or read.
    """
    chosen = resolve_profile(agreement, profile)
    timeline = agreement.timeline
    day = agreement.date
    result: list[Deadline] = []

    def add(item: DueDate, meeting: Meeting | None) -> None:
        result.append(_deadline(item, meeting, day))

    def add_links(links: Sequence[Link], meetings: Sequence[Meeting]) -> None:
        for link in links:
            add(link.due, None if link.index is None else meetings[link.index])

    plo = _pre_proceedings(timeline, chosen)
    if timeline.ended(PlanType.CHILD_PROTECTION) is not None:
        # A child protection plan that stepped down or ended before the agreement: its
        # deadlines are history the agreement's own plan does not follow.
        return () if plo is None else (_deadline(*plo, day),)
    ic = timeline.initial_conference
    sd = timeline.strategy_discussion
    timescales, names = chosen.timescales, chosen.meetings
    if sd is not None and timescales.first_conference is not None:
        period = timescales.first_conference
        add(
            DueDate(
                kind="first-conference",
                meeting=names.initial_conference,
                due=period.add_to(sd.date, chosen.calendar),
                counted_from=sd.date,
                rule=f"within {period} of the {names.strategy_discussion}",
                source=timescales.source,
            ),
            ic,
        )
    if ic is not None or timeline.plan_meetings(ReviewKind.REVIEW_CONFERENCE):
        ic_date = None if ic is None else ic.date
        core = timeline.plan_meetings(ReviewKind.CORE_GROUP)
        add_links(
            core_group_chain(
                chosen,
                initial_conference=ic_date,
                core_groups=[m.date for m in core],
                upcoming=1 if core else 0,
            ),
            core,
        )
        conferences = _conferences(timeline, ic)
        add_links(
            review_chain(
                chosen,
                initial_conference=ic_date,
                review_conferences=[m.date for m in conferences],
                pre_birth=timeline.pre_birth_conference,
                birth=timeline.birth,
                upcoming=1,
            ),
            conferences,
        )
    if plo is not None:
        add(*plo)
    return tuple(result)


def _deadline(item: DueDate, meeting: Meeting | None, day: dt.date) -> Deadline:
    return Deadline(
        **attrs.asdict(item, recurse=False),
        booked=None if meeting is None else meeting.date,
        path=None if meeting is None else _date_path(meeting),
        held=None if meeting is None else meeting.held,
        agreement_date=day,
    )


def _date_path(meeting: Meeting) -> str:
    return meeting.path if meeting.path.startswith("$.plan") else f"{meeting.path}.date"


def _conferences(timeline: Timeline, ic: Meeting | None) -> tuple[Meeting, ...]:
    """The review conferences the chain runs through: all of the current plan's, or, with no
    initial conference, those from the last one held on or before the agreement's date."""
    conferences = timeline.plan_meetings(ReviewKind.REVIEW_CONFERENCE)
    if ic is not None:
        return conferences
    held = [m for m in conferences if m.held and not timeline.after(m)]
    if not held:
        return conferences
    return tuple(m for m in conferences if m.date >= held[-1].date)


def _pre_proceedings(timeline: Timeline, profile: Profile) -> tuple[DueDate, Meeting | None] | None:
    """The end of the pre-proceedings stage, and the meeting that ends it (or is booked to)."""
    start = timeline.pre_proceedings_start
    if start is None or timeline.plan_type is not PlanType.PRE_PROCEEDINGS:
        return None
    words = (
        "the letter before proceedings"
        if start.kind is ReviewKind.LETTER_BEFORE_PROCEEDINGS
        else "the pre-proceedings meeting"
    )
    due = pre_proceedings_due(profile, start.date, counted_from=words)
    if due is None:
        return None
    later = [m for m in timeline.meetings if m.date >= start.date and not m.cancelled]
    ended = next(
        (m for m in later if m.ends_plan and m.plan_type is PlanType.PRE_PROCEEDINGS), None
    )
    if ended is not None:
        return due, ended
    deciding = [
        m
        for m in later
        if m.kind in (ReviewKind.PRE_PROCEEDINGS_REVIEW, ReviewKind.HEARING) and m.booked
    ]
    return due, (deciding[-1] if deciding else None)
