"""Deadlines: each statutory due date of a case beside the case's own date for that meeting.

The due dates themselves come from the profile room (``_profiles/schedule.py``); this module
matches them with the plan's dates and the reviews the case books.

Imports: _case, _profiles.
"""

from __future__ import annotations

import datetime as dt
import os

import attrs

from .._case import ReviewKind, WrittenAgreement
from .._profiles import DueDate, Profile, due_dates, resolve_profile

__all__ = ["Deadline", "deadlines"]


@attrs.frozen(kw_only=True)
class Deadline(DueDate):
    """A statutory due date (see :class:`DueDate`) and the date the case gives for that
    meeting, if any.

    Attributes:
        booked: The case's date for this meeting (held or planned), or ``None``.
        path: Where that date is in the case file, such as ``$.reviews[2].date``.
    """

    booked: dt.date | None = None
    path: str | None = None

    @property
    def met(self) -> bool | None:
        """Whether the booked date meets the due date; ``None`` when nothing is booked."""
        return None if self.booked is None else self.booked <= self.due

    def to_dict(self) -> dict[str, str | bool | None]:  # type: ignore[override]
        """Return the deadline as JSON-ready data (dates in ISO format)."""
        return {
            **super().to_dict(),
            "booked": None if self.booked is None else self.booked.isoformat(),
            "path": self.path,
            "met": self.met,
        }


def deadlines(
    agreement: WrittenAgreement, *, profile: Profile | str | os.PathLike[str] | None = None
) -> tuple[Deadline, ...]:
    """The statutory due dates of a case, each with the case's own date for that meeting.

    The due dates come from the plan's dates (strategy discussion, initial conference, whether a
    child is unborn) and the profile's timescales. The first conference is matched with the
    plan's initial conference; the first core group with the earliest core group in
    ``reviews``; the first review with the earliest review conference, and each later review
    with the next one. Each later review is counted from the review conference before it, and
    one more is projected after the last one booked.

    Args:
        agreement: The case.
        profile: A :class:`Profile`, a profile name or a council's YAML file; default: the
            case's council profile, else its nation's.

    Raises:
        ProfileError: The profile cannot be found or read.
    """
    chosen = resolve_profile(agreement, profile)
    plan = agreement.plan
    core_groups = sorted(
        (r.date, i) for i, r in enumerate(agreement.reviews) if r.kind is ReviewKind.CORE_GROUP
    )
    conferences = sorted(
        (r.date, i)
        for i, r in enumerate(agreement.reviews)
        if r.kind is ReviewKind.REVIEW_CONFERENCE
    )
    schedule = due_dates(
        chosen,
        strategy_discussion=plan.strategy_discussion,
        initial_conference=plan.initial_conference,
        pre_birth=agreement.pre_birth,
        reviews_held=[d for d, _ in conferences],
        upcoming_reviews=1,
    )
    result: list[Deadline] = []
    later = 0
    for item in schedule.items:
        booked: dt.date | None = None
        path: str | None = None
        if item.kind == "first-conference" and plan.initial_conference is not None:
            booked, path = plan.initial_conference, "$.plan.initial_conference"
        elif item.kind == "first-core-group" and core_groups:
            booked, index = core_groups[0]
            path = f"$.reviews[{index}].date"
        elif item.kind == "first-review" and conferences:
            booked, index = conferences[0]
            path = f"$.reviews[{index}].date"
        elif item.kind == "later-review":
            later += 1
            if later < len(conferences):
                booked, index = conferences[later]
                path = f"$.reviews[{index}].date"
        result.append(Deadline(**attrs.asdict(item, recurse=False), booked=booked, path=path))
    return tuple(result)
