"""Safety details: what in a sentence would help a person causing harm find, track or retaliate
against the adult at risk or the children.

The categories are those of safeplan's domain notes (after the ICO's reprimands, SafeLives on
MARAC confidentiality, and Family Law Act 1996 s.45 on applications made without notice): where
they are or will be; where the children are in the day; routines; her appointments and
services with a place or a time; her specialist help; a court application she is making; her
new contact details; her plans to move; a child's words that expose the child.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import enum

import attrs

from .cast import Cast

__all__ = ["SafetyCategory", "SafetyDetail", "safety_details"]


class SafetyCategory(enum.StrEnum):
    """Why a sentence must stay out of a person causing harm's copy."""

    WHERE_THEY_ARE = "where-they-are"
    CHILDREN_IN_THE_DAY = "children-in-the-day"
    ROUTINE = "routine"
    APPOINTMENT = "appointment"
    SPECIALIST_HELP = "specialist-help"
    COURT_APPLICATION = "court-application"
    CONTACT_DETAILS = "contact-details"
    PLANS_TO_MOVE = "plans-to-move"
    CHILD_WORDS = "child-words"

    @property
    def words(self) -> str:
        """The category in plain words, to finish "This text says ..."."""
        return _WORDS[self]


_WORDS = {
    SafetyCategory.WHERE_THEY_ARE: "where the adult at risk or the children live, stay or would go",
    SafetyCategory.CHILDREN_IN_THE_DAY: (
        "where the children are in the day (school, nursery, GP or clubs)"
    ),
    SafetyCategory.ROUTINE: "who takes or collects whom, where or when, or another routine",
    SafetyCategory.APPOINTMENT: (
        "an appointment or service of the adult at risk, with its place or time"
    ),
    SafetyCategory.SPECIALIST_HELP: (
        "the specialist help the adult at risk gets (an IDVA, MARAC, a refuge, her safety plan)"
    ),
    SafetyCategory.COURT_APPLICATION: "a court application the adult at risk is making or planning",
    SafetyCategory.CONTACT_DETAILS: "a new phone number, email or account of the adult at risk",
    SafetyCategory.PLANS_TO_MOVE: "plans to move",
    SafetyCategory.CHILD_WORDS: "a child's own words that could expose the child",
}


@attrs.frozen
class SafetyDetail:
    """One detail found in a text: its category and where it is (the span is for tools and
    tests; messages never quote it)."""

    category: SafetyCategory
    start: int
    end: int


def safety_details(text: str, cast: Cast, *, holder: str | None = None) -> tuple[SafetyDetail, ...]:
    """The details in ``text`` that would help a person causing harm find, track or retaliate
    against the adult at risk or the children; ``()`` when there are none.

    Args:
        text: One free-text item of the case (one or more sentences).
        cast: Who is who, by the words the text may use for them.
        holder: The role of whoever holds the item or whose words it is (``adult-at-risk``,
            ``person-causing-harm``, ``child``, ``agency``, ``network-member``), or None.
    """
    del text, cast, holder  # the detector is being built (issue 11); until then, nothing found
    return ()
