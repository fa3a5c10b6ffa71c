"""The statutory due dates of the child protection process, counted on a profile's calendar.

:func:`review_chain` and :func:`core_group_chain` give each meeting of a chain its deadline
(the first counted from the initial conference, each later one from the one before it);
:func:`pre_proceedings_due` the end of the pre-proceedings stage; :func:`due_dates` the due dates
of a case from what has happened so far; :func:`review_date_problems` refuses review conference
dates that break them, from the agreement's date forward. Everything here works on plain dates:
the case room matches them with the case's meetings.

Counting: the day something happens is day 0. "Within 15 working days of the strategy
discussion" is the 15th working day after it; "within 3 months" is the same day of the month
3 calendar months later, clamped to the end of a shorter month. Due dates in calendar days,
weeks or months are not moved off weekends: they are the last day allowed, not a proposal.

Imports: _problems.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal, TypeAlias

import attrs

from .._problems import Problem
from .calendar import format_date
from .profile import Period, Profile

__all__ = [
    "DueDate",
    "DueKind",
    "Link",
    "Schedule",
    "core_group_chain",
    "due_dates",
    "pre_proceedings_due",
    "review_chain",
    "review_date_problems",
]

DueKind: TypeAlias = Literal[
    "first-conference",
    "first-core-group",
    "later-core-group",
    "first-review",
    "later-review",
    "pre-proceedings-end",
]


@attrs.frozen(kw_only=True)
class DueDate:
    """One deadline.

    Attributes:
        kind: ``first-conference``, ``first-core-group``, ``later-core-group``,
            ``first-review``, ``later-review`` or ``pre-proceedings-end``.
        meeting: The meeting that is due, in the nation's words.
        due: The last day it may be held.
        counted_from: The day the timescale is counted from.
        rule: The rule in plain English, e.g. ``within 10 working days of the initial child
            protection conference``.
        source: The guidance the rule comes from.
    """

    kind: DueKind
    meeting: str
    due: date
    counted_from: date
    rule: str
    source: str

    def to_dict(self) -> dict[str, str]:
        """Return the due date as JSON-ready data (dates in ISO format)."""
        return {
            "kind": self.kind,
            "meeting": self.meeting,
            "due": self.due.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "rule": self.rule,
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class Schedule:
    """The due dates of a case, in order of kind and then date."""

    items: tuple[DueDate, ...]

    def get(self, kind: DueKind) -> DueDate | None:
        """The first due date of ``kind``, or ``None`` if there is none."""
        return next((item for item in self.items if item.kind == kind), None)

    def all(self, kind: DueKind) -> tuple[DueDate, ...]:
        """Every due date of ``kind``, in order."""
        return tuple(item for item in self.items if item.kind == kind)

    def to_dict(self) -> dict[str, list[dict[str, str]]]:
        """Return the schedule as JSON-ready data."""
        return {"items": [item.to_dict() for item in self.items]}


@attrs.frozen
class Link:
    """One deadline of a chain of meetings, and the meeting that answers it.

    ``index`` is the position, in the dates given, of the meeting matched with this deadline;
    ``None`` for a deadline projected past the last meeting given.
    """

    due: DueDate
    index: int | None


def _first_review(
    profile: Profile, initial_conference: date, pre_birth: bool, birth: date | None
) -> tuple[date, str, Period]:
    """The first review's due date, its rule in words and the period it counts."""
    timescales, meetings, calendar = profile.timescales, profile.meetings, profile.calendar
    period, counted_from = timescales.first_review, meetings.initial_conference
    if pre_birth and timescales.first_review_pre_birth is not None:
        period = timescales.first_review_pre_birth
        counted_from = f"pre-birth {meetings.initial_conference}"
    due = period.add_to(initial_conference, calendar)
    rule = f"within {period} of the {counted_from}"
    after_birth = timescales.review_after_birth
    if pre_birth and birth is not None and after_birth is not None:
        birth_due = after_birth.add_to(birth, calendar)
        rule = f"{rule}, or within {after_birth} of the birth, whichever is sooner"
        due = min(due, birth_due)
    return due, rule, period


def review_chain(
    profile: Profile,
    *,
    initial_conference: date | None,
    review_conferences: Sequence[date],
    pre_birth: bool = False,
    birth: date | None = None,
    fallback_start: date | None = None,
    upcoming: int = 0,
) -> tuple[Link, ...]:
    """The deadlines of the review conferences, each matched with the one that answers it.

    The first review is due within ``first_review`` of the initial conference (or of
    ``fallback_start`` when no initial conference is given; with neither, the first review
    conference listed has no deadline and starts the chain). Each later one is due within
    ``later_reviews`` of the one before it, held or booked. ``upcoming`` more are projected
    after the last one given, each as if the one before it were held on its due date.

    Args:
        profile: Supplies the timescales, the meeting names and the calendar.
        initial_conference: When the plan's initial conference was (or will be) held.
        review_conferences: The review conferences of this plan, held or booked, any order.
        pre_birth: The initial conference was about an unborn child.
        birth: The child's date of birth, once born (for ``review_after_birth``).
        fallback_start: Where the first review is counted from with no initial conference.
        upcoming: How many deadlines to project past the last review conference given.
    """
    meetings = profile.meetings
    order = sorted(range(len(review_conferences)), key=lambda i: review_conferences[i])
    links: list[Link] = []
    start = initial_conference if initial_conference is not None else fallback_start
    if start is not None:
        due, rule, period = _first_review(profile, start, pre_birth, birth)
        if initial_conference is None:
            rule = (
                f"within {period} of the date of the agreement when no "
                f"{meetings.initial_conference} date is given"
            )
        first = DueDate(
            kind="first-review",
            meeting=f"first {meetings.review_conference}",
            due=due,
            counted_from=start,
            rule=rule,
            source=profile.timescales.source,
        )
        links.append(Link(first, order[0] if order else None))
    # Each review conference after the first is counted from the one before it; with no start,
    # the first one listed opens the chain with nothing to count it from.
    for previous, current in itertools.pairwise(order):
        links.append(Link(_later_review(profile, review_conferences[previous]), current))
    anchor = review_conferences[order[-1]] if order else (links[-1].due.due if links else None)
    for _ in range(upcoming):
        if anchor is None:
            break
        item = _later_review(profile, anchor)
        links.append(Link(item, None))
        anchor = item.due
    return tuple(links)


def _later_review(profile: Profile, previous: date) -> DueDate:
    later, meetings = profile.timescales.later_reviews, profile.meetings
    return DueDate(
        kind="later-review",
        meeting=meetings.review_conference,
        due=later.add_to(previous, profile.calendar),
        counted_from=previous,
        rule=f"within {later} of the previous {meetings.review_conference}",
        source=profile.timescales.source,
    )


def core_group_chain(
    profile: Profile,
    *,
    initial_conference: date | None,
    core_groups: Sequence[date],
    upcoming: int = 0,
) -> tuple[Link, ...]:
    """The deadlines of the core group meetings, each matched with the one that answers it.

    The first is due within ``first_core_group`` of the initial conference; where the profile
    sets ``core_group_interval``, each later one within that of the one before it, and
    ``upcoming`` more are projected after the last one given.
    """
    timescales, meetings, calendar = profile.timescales, profile.meetings, profile.calendar
    order = sorted(range(len(core_groups)), key=lambda i: core_groups[i])
    links: list[Link] = []
    if initial_conference is not None and timescales.first_core_group is not None:
        period = timescales.first_core_group
        first = DueDate(
            kind="first-core-group",
            meeting=f"first {meetings.core_group}",
            due=period.add_to(initial_conference, calendar),
            counted_from=initial_conference,
            rule=f"within {period} of the {meetings.initial_conference}",
            source=timescales.source,
        )
        links.append(Link(first, order[0] if order else None))
    interval = timescales.core_group_interval
    if interval is None:
        return tuple(links)

    def later(previous: date) -> DueDate:
        return DueDate(
            kind="later-core-group",
            meeting=meetings.core_group,
            due=interval.add_to(previous, calendar),
            counted_from=previous,
            rule=f"within {interval} of the previous {meetings.core_group}",
            source=timescales.source,
        )

    for previous, current in itertools.pairwise(order):
        links.append(Link(later(core_groups[previous]), current))
    anchor = core_groups[order[-1]] if order else None
    for _ in range(upcoming):
        if anchor is None:
            break
        item = later(anchor)
        links.append(Link(item, None))
        anchor = item.due
    return tuple(links)


def pre_proceedings_due(profile: Profile, start: date, *, counted_from: str) -> DueDate | None:
    """When the pre-proceedings stage should be over, by the profile's ``pre_proceedings_max``
    counted from ``start`` (``counted_from`` names it: "the letter before proceedings")."""
    timescales = profile.timescales
    period = timescales.pre_proceedings_max
    if period is None:
        return None
    return DueDate(
        kind="pre-proceedings-end",
        meeting="decision to end pre-proceedings or apply to court",
        due=period.add_to(start, profile.calendar),
        counted_from=start,
        rule=f"within {period} of {counted_from}",
        source=timescales.pre_proceedings_source or timescales.source,
    )


def due_dates(
    profile: Profile,
    *,
    strategy_discussion: date | None,
    initial_conference: date | None,
    pre_birth: bool = False,
    reviews_held: Sequence[date] = (),
    upcoming_reviews: int = 2,
    birth: date | None = None,
) -> Schedule:
    """Work out the statutory due dates from what has happened so far.

    Missing dates only mean fewer due dates: nothing here raises for a case that is incomplete.

    Args:
        profile: Supplies the timescales, the meeting names and the calendar.
        strategy_discussion: When the strategy discussion (Scotland: the inter-agency referral
            discussion) was held; gives the first conference's due date.
        initial_conference: When the initial conference was held; gives the first core group's
            and the first review's due dates.
        pre_birth: The conference was about an unborn child; uses ``first_review_pre_birth``
            when the profile sets one.
        reviews_held: Review conferences already held, the first review included, in any order.
        upcoming_reviews: How many later reviews to project after the last one held (or after
            the first review's due date when none has been held).
        birth: After a pre-birth conference, the child's date of birth (for
            ``review_after_birth``).

    Returns:
        The due dates. Each later review is due within ``later_reviews`` of the review before
        it: of the date it was held if it has been held, else of its due date.
    """
    timescales, meetings, calendar = profile.timescales, profile.meetings, profile.calendar
    items: list[DueDate] = []
    if strategy_discussion is not None and timescales.first_conference is not None:
        period = timescales.first_conference
        items.append(
            DueDate(
                kind="first-conference",
                meeting=meetings.initial_conference,
                due=period.add_to(strategy_discussion, calendar),
                counted_from=strategy_discussion,
                rule=f"within {period} of the {meetings.strategy_discussion}",
                source=timescales.source,
            )
        )
    if initial_conference is None:
        return Schedule(items=tuple(items))
    first_core = core_group_chain(profile, initial_conference=initial_conference, core_groups=())
    items.extend(link.due for link in first_core)
    held = sorted(reviews_held)
    # With reviews held, one more is projected after the last of them; with none, the first
    # review's due date counts as the first, and upcoming_reviews are projected after it.
    chain = review_chain(
        profile,
        initial_conference=initial_conference,
        review_conferences=held,
        pre_birth=pre_birth,
        birth=birth,
        upcoming=max(upcoming_reviews, 1) if held else upcoming_reviews,
    )
    items.extend(link.due for link in chain)
    return Schedule(items=tuple(items))


def review_date_problems(
    profile: Profile,
    *,
    initial_conference: date | None,
    review_conference_dates: Sequence[date],
    agreement_date: date,
    pre_birth: bool,
    path_of: Callable[[int], str],
    birth: date | None = None,
    fallback: bool = True,
) -> list[Problem]:
    """Refuse review conference dates that break the profile's timescales, from the
    agreement's date forward.

    ``SP-REVIEW-LATE``: the first review conference is after the first review's due date,
    counted from the initial conference (or, when no initial conference date is given and
    ``fallback`` is true, from the date of the agreement: an agreement is never left
    unreviewed for longer). ``SP-REVIEW-GAP``: a review conference is more than
    ``later_reviews`` after the one before. A deadline that fell before the agreement's date is
    history, never a refusal (the findings say when none was held by it).

    Args:
        profile: Supplies the timescales, the meeting names and the calendar.
        initial_conference: When the initial conference was held, if known.
        review_conference_dates: The review conference dates, held or planned, in any order.
        agreement_date: The date of the agreement; deadlines before it are not judged.
        pre_birth: The plan is for an unborn child (uses ``first_review_pre_birth`` if set).
        path_of: Gives the case-file path of the review conference date at an index of
            ``review_conference_dates``.
        birth: After a pre-birth conference, the child's date of birth.
        fallback: Count the first review from the agreement's date when no initial
            conference date is given.

    Returns:
        Refusals, in date order. Messages hold dates and rules, never names or free text.
    """
    if not review_conference_dates:
        return []
    timescales, meetings = profile.timescales, profile.meetings
    nation = profile.nation.display_name
    review = meetings.review_conference
    chain = review_chain(
        profile,
        initial_conference=initial_conference,
        review_conferences=review_conference_dates,
        pre_birth=pre_birth,
        birth=birth,
        fallback_start=agreement_date if fallback else None,
    )
    problems: list[Problem] = []
    for link in chain:
        if link.index is None:
            continue
        held_on = review_conference_dates[link.index]
        item = link.due
        if held_on <= item.due or item.due < agreement_date:
            continue
        if item.kind == "first-review":
            problems.append(
                Problem.refusal(
                    "SP-REVIEW-LATE",
                    path_of(link.index),
                    f"The first {review} must be {item.rule} "
                    f"(by {format_date(item.due)} in {nation}). Bring it forward.",
                    timescales.source,
                )
            )
        else:
            problems.append(
                Problem.refusal(
                    "SP-REVIEW-GAP",
                    path_of(link.index),
                    f"Each {review} must be within {timescales.later_reviews} of the one "
                    f"before it. This one follows the one on {format_date(item.counted_from)}, "
                    f"so it is due by {format_date(item.due)} in {nation}. Bring it forward.",
                    timescales.source,
                )
            )
    return problems
