"""The record of one change between two versions of an agreement, and the words the comparison
is made of: the kinds of change, the phrases for roles, meetings and plans, how a text's words
are counted (for matching a typed line to a change) and how an item is named by its first
words. :mod:`.diff` does the comparing.

Imports: nothing of safeplan (the case room only).
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from .kinds import Outcome, PlanType, ReviewKind, Role

__all__ = [
    "MEETINGS",
    "OUTCOMES",
    "PLANS",
    "PLAN_FIELDS",
    "ROLE_WORDS",
    "Change",
    "ChangeKind",
    "alike",
    "and_",
    "audience",
    "kind_words",
    "pair",
    "short",
    "words",
]


class ChangeKind(enum.StrEnum):
    """What sort of change a :class:`Change` is."""

    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    CHANGED = "changed"  # who, how or how often, but not the wording
    MOVED = "moved"  # a date
    CONTACT = "contact"  # an address, phone, school, GP or workplace
    PERSON_ADDED = "person-added"
    PERSON_REMOVED = "person-removed"


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two versions.

    Attributes:
        kind: What sort of change it is.
        path: Where it is: in the later version, or (for something removed) in the earlier one,
            as ``previous:$.expectations[3]``.
        line: The change in one plain-English sentence, ready for ``version.changes``. Holds
            the case's words: never put it in a log.
        restricted: Whether the change touches something not every copy may hold; its line is
            for the case record, not for ``version.changes``.
    """

    kind: ChangeKind
    path: str
    line: str = attrs.field(repr=False)
    restricted: bool = False
    words: frozenset[str] = attrs.field(default=frozenset(), repr=False, eq=False)

    def __str__(self) -> str:
        return self.line


ROLE_WORDS = {
    Role.ADULT_AT_RISK: "adult at risk",
    Role.PERSON_CAUSING_HARM: "person causing harm",
    Role.PARENT_OR_CARER: "parent or carer",
    Role.SAFE_ADULT: "safe adult",
    Role.NETWORK_MEMBER: "network member",
}
MEETINGS = {
    ReviewKind.CORE_GROUP: "core group meeting",
    ReviewKind.REVIEW_CONFERENCE: "review child protection conference",
    ReviewKind.AGREEMENT_REVIEW: "review of this agreement",
    ReviewKind.CHILD_IN_NEED_REVIEW: "child in need review",
    ReviewKind.PRE_PROCEEDINGS_REVIEW: "pre-proceedings review meeting",
    ReviewKind.STRATEGY_DISCUSSION: "strategy discussion",
    ReviewKind.INITIAL_CONFERENCE: "initial child protection conference",
    ReviewKind.LETTER_BEFORE_PROCEEDINGS: "letter before proceedings",
    ReviewKind.PRE_PROCEEDINGS_MEETING: "pre-proceedings meeting",
    ReviewKind.HEARING: "court hearing",
}
OUTCOMES = {
    Outcome.PLAN_CONTINUES: "the plan continues",
    Outcome.STEPPED_DOWN: "the plan steps down",
    Outcome.PLAN_ENDED: "the plan ends",
    Outcome.PROCEEDINGS_ISSUED: "to apply to the family court",
}
PLANS = {
    PlanType.CHILD_PROTECTION: "a child protection plan",
    PlanType.CHILD_IN_NEED: "a child in need plan",
    PlanType.PRE_PROCEEDINGS: "the pre-proceedings stage",
}
PLAN_FIELDS = {
    "explanation": "why grown-ups are helping",
    "safe_adults": "the safe grown-ups",
    "safe_places": "the safe places",
    "what_to_do": "what to do if they feel scared",
    "grown_ups_will": "what the grown-ups will do",
    "check_ins": "when people will check in",
    "child_words": "their own words",
    "written_steps": "how the steps are written",
}


# --- words ----------------------------------------------------------------------------------

_WORD = re.compile(r"[\w']+")
_STOP = frozenset(
    re.findall(
        r"\w+",
        """
        a an and are as at be been by can do does for from go goes has have he her him his i if
        in into is it its me my no not of on one or our she so than that the their them then
        there they this to up us was we were what when where which who will with would you your
        now also each say says said more other any all only just must should could may might
        here about after before over under very
        """,
    )
)


def words(text: str | None) -> frozenset[str]:
    """The words of a text that say what it is about: lower case, "'s" and a plural "s"
    dropped, common words left out."""
    out = set()
    for w in _WORD.findall((text or "").casefold().replace("’", "'")):
        w = w.removesuffix("'s").strip("'")
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w and w not in _STOP:
            out.add(w)
    return frozenset(out)


def short(text: str, count: int = 8) -> str:
    """The first words of a text, to name it without quoting all of it."""
    parts = text.split()
    head = " ".join(parts[:count])
    return f"“{head}…”" if len(parts) > count else f"“{head}”"


def alike(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold().split(), b.casefold().split()).ratio()


_T = TypeVar("_T")


def pair(
    old: Sequence[_T],
    new: Sequence[_T],
    same_owner: Callable[[_T, _T], bool],
    text: Callable[[_T], str],
    key: Callable[[_T], Any] | None = None,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Match items of two lists: by ``key`` where both have one, else, among items with the same
    owner, the most alike wording first (at least half alike). Returns the pairs (old index,
    new index), the old items left (removed) and the new items left (added), in order."""
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    if key is not None:
        keyed = {key(o): i for i, o in enumerate(old) if key(o) is not None}
        for j, n in enumerate(new):
            k = key(n)
            if k is not None and k in keyed and keyed[k] not in used_old:
                pairs.append((keyed[k], j))
                used_old.add(keyed[k])
                used_new.add(j)
    scored = sorted(
        (
            (-alike(text(o), text(n)), i, j)
            for i, o in enumerate(old)
            if i not in used_old
            for j, n in enumerate(new)
            if j not in used_new and same_owner(o, n)
        ),
    )
    for score, i, j in scored:
        if -score < 0.5 or i in used_old or j in used_new:
            continue
        pairs.append((i, j))
        used_old.add(i)
        used_new.add(j)
    removed = [i for i in range(len(old)) if i not in used_old]
    added = [j for j in range(len(new)) if j not in used_new]
    return sorted(pairs, key=lambda p: p[1]), removed, added


def audience(item: Any) -> bool:
    """Whether an item is kept from, or shared beyond, someone's copy."""
    return bool(getattr(item, "withheld_from", ()) or getattr(item, "shared_with", ()))


def and_(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


_KIND_WORDS = {"gp": "GP surgery", "phone": "phone number", "email": "email address"}


def kind_words(label: str) -> str:
    return _KIND_WORDS.get(label, label)
