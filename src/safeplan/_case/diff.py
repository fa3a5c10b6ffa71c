"""What changed between two versions of an agreement, in plain English.

:func:`diff` compares an earlier version with a later one and returns one :class:`Change` per
difference a family would want to know about: terms added, removed or reworded, dates moved,
contact details changed, people added or removed. Each change's ``line`` is a sentence a social
worker can paste into ``version.changes``, which every copy prints.

Lines quote no more of the case than they must. A term is named by its first words; a place,
a time or a professional's work number is given when the change is that place, time or number;
a family member's address, phone, school or GP never is ("Sally Green's address changed").
A change that touches something not every copy may hold (a confidential detail, an item
withheld from someone, a confidential view, a child's code word) is marked ``restricted``: it
must not go into ``version.changes``, which every copy prints, and is for the case record only.

Items are matched by their ``id`` where they have one, else by whom they belong to and how
alike their words are.

Imports: _profiles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .._profiles import format_date
from .changes import (
    MEETINGS,
    OUTCOMES,
    PLAN_FIELDS,
    PLANS,
    ROLE_WORDS,
    Change,
    ChangeKind,
    and_,
    audience,
    kind_words,
    pair,
    short,
    words,
)
from .kinds import ReviewKind
from .model import (
    Agency,
    ChildSafetyPlan,
    Commitment,
    Concern,
    ContactDetail,
    Note,
    Review,
    Strength,
    SupportContact,
    WrittenAgreement,
)

__all__ = ["Change", "ChangeKind", "diff", "unlisted"]


def diff(old: WrittenAgreement, new: WrittenAgreement) -> tuple[Change, ...]:
    """The changes from ``old`` (an earlier version) to ``new``, in the order a reader meets
    them in a copy: the agreement's dates, the people, then each part of the agreement."""
    d = _Diff(old, new)
    return tuple(d.changes())


def unlisted(old: WrittenAgreement, new: WrittenAgreement) -> tuple[Change, ...]:
    """The changes from ``old`` to ``new`` that ``new.version.changes`` does not mention.

    A typed line mentions a change when they share enough of the words that say what it is
    about (the place, the term's words, the meeting): two such words, or one and two names or
    everyday words of the case (a word in five or more of its items counts half, as a name
    does). A restricted change is never expected in the list: every copy prints it.
    """
    half = _name_words(old) | _name_words(new) | _common_words(old) | _common_words(new)
    typed = [words(line) for line in new.version.changes]

    def mentioned(line: frozenset[str], change: Change) -> bool:
        shared = line & change.words
        weak = shared & half
        return len(shared - weak) + 0.5 * len(weak) >= 2

    return tuple(
        c
        for c in diff(old, new)
        if not c.restricted and not any(mentioned(line, c) for line in typed)
    )


def _common_words(agreement: WrittenAgreement) -> frozenset[str]:
    """Words in five or more of the case's items: they say little about which one changed."""
    texts = [
        *(c.text for c in agreement.concerns),
        *(s.text for s in agreement.strengths),
        *(e.what for e in agreement.expectations),
        *(e.how_checked or "" for e in agreement.expectations),
        *(c.what for c in agreement.commitments),
        *(n.text for n in agreement.contingency),
        *(n.text for n in agreement.terms),
    ]
    counts: dict[str, int] = {}
    for text in texts:
        for w in words(text):
            counts[w] = counts.get(w, 0) + 1
    return frozenset(w for w, n in counts.items() if n >= 5)


def _name_words(agreement: WrittenAgreement) -> frozenset[str]:
    found: set[str] = set()
    for group in (agreement.people, agreement.children, agreement.professionals):
        for member in group:
            found |= words(member.name)
    for p in agreement.people:
        found |= words(p.known_to_children_as)
    return frozenset(found)


# --- the comparison ---------------------------------------------------------------------------


class _Diff:
    def __init__(self, old: WrittenAgreement, new: WrittenAgreement) -> None:
        self.old = old
        self.new = new

    def name(self, ref: str | None, *, old: bool = False) -> str:
        """A name by id, from the version it belongs to (then the other)."""
        if ref is None:
            return ""
        first, second = (self.old, self.new) if old else (self.new, self.old)
        for a in (first, second):
            for group in (a.people, a.children, a.professionals, a.agencies):
                for found in group:
                    if found.id == ref:
                        return str(found.name)
        return ref

    def change(
        self,
        kind: ChangeKind,
        path: str,
        line: str,
        *,
        restricted: bool = False,
        about: Sequence[str | None] = (),
        names: Sequence[str | None] = (),
    ) -> Change:
        keys = set(words(line.replace("“", " ").replace("”", " ")))
        for text in about:
            keys |= words(text)
        for n in names:
            keys |= words(n)
        return Change(kind=kind, path=path, line=line, restricted=restricted, words=frozenset(keys))

    def changes(self) -> Iterator[Change]:
        yield from self._dates()
        yield from self._people()
        yield from self._items()
        yield from self._meetings()
        yield from self._services()
        yield from self._plans()

    # -- dates and the plan --------------------------------------------------------------------

    def _dates(self) -> Iterator[Change]:
        old, new = self.old, self.new
        # A new version has a new date; the day it applies from moves with it unless a start
        # of its own is set.
        if (old.starts is not None or new.starts is not None) and old.start != new.start:
            yield self.change(
                ChangeKind.MOVED,
                "$.starts",
                f"The agreement now applies from {format_date(new.start)} (it was "
                f"{format_date(old.start)}).",
                about=["start", "applies", "from"],
            )
        oe, ne = old.end, new.end
        if oe is not None and ne is not None:
            if oe.date != ne.date and ne.date is not None:
                was = f" (it was {format_date(oe.date)})" if oe.date else ""
                yield self.change(
                    ChangeKind.MOVED,
                    "$.end.date",
                    f"The agreement now ends on {format_date(ne.date)}{was}.",
                    about=["end", "ends", "date"],
                )
            elif oe.date is not None and ne.date is None:
                yield self.change(
                    ChangeKind.CHANGED,
                    "$.end",
                    "The agreement no longer ends on a date of its own: it ends with the plan.",
                    about=["end", "ends", "plan"],
                )
            if oe.with_plan != ne.with_plan and ne.date is not None:
                line = (
                    "The agreement now also ends if the plan ends first."
                    if ne.with_plan
                    else "The agreement no longer ends when the plan ends, only on its date."
                )
                yield self.change(ChangeKind.CHANGED, "$.end.with_plan", line, about=["end"])
        if old.plan.plan_type is not new.plan.plan_type:
            yield self.change(
                ChangeKind.CHANGED,
                "$.plan.plan_type",
                f"The children are now on {PLANS[new.plan.plan_type]} (before: "
                f"{PLANS[old.plan.plan_type]}).",
                about=["plan"],
            )
        if old.plan.ends != new.plan.ends and new.plan.ends is not None:
            yield self.change(
                ChangeKind.MOVED,
                "$.plan.ends",
                f"The plan is now expected to end on {format_date(new.plan.ends)}.",
                about=["plan", "end"],
            )

    # -- people ----------------------------------------------------------------------------------

    def _people(self) -> Iterator[Change]:
        old, new = self.old, self.new
        old_people = {p.id: p for p in old.people}
        for i, p in enumerate(new.people):
            was = old_people.get(p.id)
            path = f"$.people[{i}]"
            if was is None:
                who = f"{p.name}, {p.relationship}," if p.relationship else str(p.name)
                yield self.change(
                    ChangeKind.PERSON_ADDED,
                    path,
                    f"Added {who} to this agreement.",
                    names=[p.name],
                    about=["added", p.relationship],
                )
                continue
            if was.role is not p.role:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.role",
                    f"{p.name} is now named as {ROLE_WORDS[p.role]} in this agreement.",
                    names=[p.name],
                )
            yield from self._details(path, p.name, was.contact_details, p.contact_details)
        new_people = {p.id for p in new.people}
        for i, p in enumerate(old.people):
            if p.id not in new_people:
                yield self.change(
                    ChangeKind.PERSON_REMOVED,
                    f"previous:$.people[{i}]",
                    f"{p.name} is no longer part of this agreement.",
                    names=[p.name],
                    about=["removed"],
                )
        old_children = {c.id: c for c in old.children}
        for i, c in enumerate(new.children):
            was_child = old_children.get(c.id)
            path = f"$.children[{i}]"
            if was_child is None:
                yield self.change(
                    ChangeKind.PERSON_ADDED,
                    path,
                    f"Added {c.name} to the plan.",
                    names=[c.name],
                    about=["child", "added"],
                )
                continue
            if was_child.unborn and not c.unborn:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.date_of_birth",
                    f"{c.name} has been born.",
                    names=[c.name],
                    about=["born", "birth"],
                )
            yield from self._details(path, c.name, was_child.contact_details, c.contact_details)
        new_children = {c.id for c in new.children}
        for i, c in enumerate(old.children):
            if c.id not in new_children:
                yield self.change(
                    ChangeKind.PERSON_REMOVED,
                    f"previous:$.children[{i}]",
                    f"{c.name} is no longer on the plan.",
                    names=[c.name],
                )
        old_pros = {p.id: p for p in old.professionals}
        for i, pro in enumerate(new.professionals):
            was_pro = old_pros.get(pro.id)
            path = f"$.professionals[{i}]"
            if was_pro is None:
                yield self.change(
                    ChangeKind.PERSON_ADDED,
                    path,
                    f"{pro.name} ({pro.job_title}, {self.name(pro.agency)}) is now part of the "
                    "plan.",
                    names=[pro.name],
                    about=[pro.job_title, "added"],
                )
                continue
            if was_pro.job_title != pro.job_title:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.job_title",
                    f"{pro.name} is now {pro.job_title}.",
                    names=[pro.name],
                    about=[pro.job_title],
                )
            if was_pro.phone != pro.phone and pro.phone:
                yield self.change(
                    ChangeKind.CONTACT,
                    f"{path}.phone",
                    f"{pro.name}'s work phone number is now {pro.phone}.",
                    names=[pro.name],
                    about=["phone", "number", "contact"],
                )
        new_pros = {p.id for p in new.professionals}
        for i, pro in enumerate(old.professionals):
            if pro.id not in new_pros:
                yield self.change(
                    ChangeKind.PERSON_REMOVED,
                    f"previous:$.professionals[{i}]",
                    f"{pro.name} is no longer part of the plan.",
                    names=[pro.name],
                )

    def _details(
        self,
        path: str,
        owner: str,
        old: Sequence[ContactDetail],
        new: Sequence[ContactDetail],
    ) -> Iterator[Change]:
        """Contact details that changed, named by their kind, never by their value."""

        def label(d: ContactDetail) -> str:
            return (d.label or d.kind.value).casefold()

        def key(d: ContactDetail) -> tuple[str, str]:
            return (d.kind.value, (d.label or "").casefold())

        before = {key(d): d for d in old}
        after = {key(d): (j, d) for j, d in enumerate(new)}
        for k, (j, d) in after.items():
            was = before.get(k)
            if was is not None and was.value == d.value:
                continue
            what = "changed" if was is not None else "was added"
            secret = d.confidential or (was is not None and was.confidential)
            yield self.change(
                ChangeKind.CONTACT,
                f"{path}.contact_details[{j}]",
                f"{owner}'s {kind_words(label(d))} {what}.",
                restricted=secret,
                names=[owner],
                about=["contact", label(d), d.kind.value],
            )
        for k, was in before.items():
            if k not in after:
                yield self.change(
                    ChangeKind.CONTACT,
                    f"{path}.contact_details",
                    f"{owner}'s {kind_words(label(was))} was taken out.",
                    restricted=was.confidential,
                    names=[owner],
                    about=["contact", label(was)],
                )

    # -- the agreement's items -------------------------------------------------------------------

    def _items(self) -> Iterator[Change]:
        yield from self._texts(
            "concerns",
            self.old.concerns,
            self.new.concerns,
            what="a concern",
            text=lambda c: c.text,
        )
        yield from self._texts(
            "strengths",
            self.old.strengths,
            self.new.strengths,
            what="what is going well",
            text=lambda s: s.text,
            owner=lambda s: s.person,
        )
        yield from self._terms()
        yield from self._commitments()
        yield from self._contact()
        yield from self._texts(
            "terms",
            self.old.terms,
            self.new.terms,
            what="a term for everyone",
            text=lambda n: n.text,
            bare=True,
        )
        yield from self._texts(
            "contingency",
            self.old.contingency,
            self.new.contingency,
            what="a step of what happens if the agreement is not kept",
            text=lambda n: n.text,
            bare=True,
        )
        yield from self._views()
        yield from self._limitations()

    def _texts(
        self,
        field: str,
        old: Sequence[Concern | Strength | Note],
        new: Sequence[Concern | Strength | Note],
        *,
        what: str,
        text: Callable[[Any], str],
        owner: Callable[[Any], str | None] = lambda _: None,
        bare: bool = False,
    ) -> Iterator[Change]:
        pairs, removed, added = pair(old, new, lambda a, b: owner(a) == owner(b), text)

        def where(i: int) -> str:
            return f"$.{field}[{i}]" if bare else f"$.{field}[{i}].text"

        for i, j in pairs:
            if text(old[i]) != text(new[j]):
                yield self.change(
                    ChangeKind.REWORDED,
                    where(j),
                    f"Reworded {what}: now {short(text(new[j]))}",
                    restricted=audience(new[j]) or audience(old[i]),
                    about=[text(old[i]), text(new[j])],
                )
        for j in added:
            yield self.change(
                ChangeKind.ADDED,
                where(j),
                f"Added {what}: {short(text(new[j]))}",
                restricted=audience(new[j]),
                about=[text(new[j]), "added", "new"],
            )
        for i in removed:
            yield self.change(
                ChangeKind.REMOVED,
                f"previous:{where(i)}",
                f"Took out {what}: {short(text(old[i]))}",
                restricted=audience(old[i]),
                about=[text(old[i]), "removed"],
            )

    def _terms(self) -> Iterator[Change]:
        old, new = self.old.expectations, self.new.expectations
        pairs, removed, added = pair(
            old, new, lambda a, b: a.who == b.who, lambda e: e.what, key=lambda e: e.id
        )
        for i, j in pairs:
            o, n = old[i], new[j]
            who = self.name(n.who)
            path = f"$.expectations[{j}]"
            secret = audience(o) or audience(n)
            about = [o.what, n.what]
            if o.what != n.what:
                yield self.change(
                    ChangeKind.REWORDED,
                    f"{path}.what",
                    f"Reworded a term for {who}: now {short(n.what)}",
                    restricted=secret,
                    about=about,
                    names=[who],
                )
            name = short(n.what, 6)
            if o.when != n.when:
                line = (
                    f"{who}'s term {name} now says when: {n.when.rstrip('.')}."
                    if n.when
                    else f"{who}'s term {name} no longer says when."
                )
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.when",
                    line,
                    restricted=secret,
                    about=[*about, "when", "often", n.when],
                    names=[who],
                )
            for field_name, words_ in (("starts", "from"), ("until", "until")):
                was, now = getattr(o, field_name), getattr(n, field_name)
                if was != now and now is not None:
                    yield self.change(
                        ChangeKind.MOVED,
                        f"{path}.{field_name}",
                        f"{who}'s term {name} now applies {words_} {format_date(now)}.",
                        restricted=secret,
                        about=[*about, "date", words_],
                        names=[who],
                    )
            if o.checked_by != n.checked_by and n.checked_by:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.checked_by",
                    f"{self.name(n.checked_by)} now checks {who}'s term {name}",
                    restricted=secret,
                    about=[*about, "check"],
                    names=[who, self.name(n.checked_by)],
                )
            if o.how_checked != n.how_checked and n.how_checked:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.how_checked",
                    f"Changed how {who}'s term {name} is checked.",
                    restricted=secret,
                    about=[*about, "check", n.how_checked],
                    names=[who],
                )
            if o.support != n.support and n.support:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.support",
                    f"Changed the help offered with {who}'s term {name}.",
                    restricted=secret,
                    about=[*about, "help", "support", n.support],
                    names=[who],
                )
        for j in added:
            n = new[j]
            who = self.name(n.who)
            yield self.change(
                ChangeKind.ADDED,
                f"$.expectations[{j}]",
                f"Added a term for {who}: {short(n.what)}",
                restricted=audience(n),
                about=[n.what, "added", "new", "term"],
                names=[who],
            )
        for i in removed:
            o = old[i]
            who = self.name(o.who, old=True)
            yield self.change(
                ChangeKind.REMOVED,
                f"previous:$.expectations[{i}]",
                f"Took out a term for {who}: {short(o.what)}",
                restricted=audience(o),
                about=[o.what, "removed", "term"],
                names=[who],
            )

    def _commitments(self) -> Iterator[Change]:
        old, new = self.old.commitments, self.new.commitments
        pairs, removed, added = pair(old, new, lambda a, b: a.agency == b.agency, lambda c: c.what)

        def whose(c: Commitment, *, was: bool = False) -> str:
            return self.name(c.agency, old=was)

        for i, j in pairs:
            o, n = old[i], new[j]
            path = f"$.commitments[{j}]"
            secret = audience(o) or audience(n)
            about = [o.what, n.what, whose(n)]
            if o.what != n.what:
                yield self.change(
                    ChangeKind.REWORDED,
                    f"{path}.what",
                    f"Reworded what {whose(n)} will do: now {short(n.what)}",
                    restricted=secret,
                    about=about,
                )
            if (o.when, o.by_date) != (n.when, n.by_date):
                if n.by_date and n.by_date != o.by_date:
                    now = f"by {format_date(n.by_date)}"
                else:
                    now = (n.when or "").rstrip(".").lower() or "with no date"
                yield self.change(
                    ChangeKind.CHANGED if o.by_date == n.by_date else ChangeKind.MOVED,
                    path,
                    f"The commitment {short(n.what, 6)} now says when: {now}.",
                    restricted=secret,
                    about=[*about, "when", "often", "date", n.when],
                )
            if o.by != n.by and n.by:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.by",
                    f"{self.name(n.by)} will now do {short(n.what, 6)}",
                    restricted=secret,
                    about=about,
                    names=[self.name(n.by)],
                )
        for j in added:
            n = new[j]
            yield self.change(
                ChangeKind.ADDED,
                f"$.commitments[{j}]",
                f"Added what {whose(n)} will do: {short(n.what)}",
                restricted=audience(n),
                about=[n.what, "added", "new", whose(n)],
            )
        for i in removed:
            o = old[i]
            yield self.change(
                ChangeKind.REMOVED,
                f"previous:$.commitments[{i}]",
                f"Took out what {whose(o, was=True)} would do: {short(o.what)}",
                restricted=audience(o),
                about=[o.what, "removed", whose(o, was=True)],
            )

    def _contact(self) -> Iterator[Change]:
        old, new = self.old.contact_arrangements, self.new.contact_arrangements
        pairs, removed, added = pair(
            old,
            new,
            lambda a, b: a.adult == b.adult,
            lambda c: " ".join(sorted(c.children)),
        )
        for i, j in pairs:
            o, n = old[i], new[j]
            adult = self.name(n.adult)
            path = f"$.contact_arrangements[{j}]"
            secret = audience(o) or audience(n)
            about = ["time", "contact", "see", o.where, n.where, o.notes, n.notes]
            kids = [self.name(c) for c in n.children]
            if o.where != n.where and n.where:
                was = f" from {o.where}" if o.where else ""
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.where",
                    f"Time with {adult} moved{was} to {n.where}.",
                    restricted=secret,
                    about=[*about, "moved", "where"],
                    names=[adult, *kids],
                )
            if o.how_often != n.how_often and n.how_often:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.how_often",
                    f"Time with {adult} is now {n.how_often.rstrip('.')}.",
                    restricted=secret,
                    about=[*about, "often", "when", n.how_often],
                    names=[adult, *kids],
                )
            if o.supervised_by != n.supervised_by:
                line = (
                    f"{self.name(n.supervised_by)} now supervises time with {adult}."
                    if n.supervised_by
                    else f"Time with {adult} is no longer supervised."
                )
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.supervised_by",
                    line,
                    restricted=secret,
                    about=[*about, "supervise", "supervised"],
                    names=[adult, *kids, self.name(n.supervised_by)],
                )
            if (o.through_third_party, o.third_party) != (n.through_third_party, n.third_party):
                line = (
                    f"Arrangements for time with {adult} now go through {self.name(n.third_party)}."
                    if n.through_third_party
                    else f"Arrangements for time with {adult} no longer go through anyone else."
                )
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.third_party",
                    line,
                    restricted=secret,
                    about=[*about, "arrangement", "through"],
                    names=[adult, *kids, self.name(n.third_party)],
                )
            if o.notes != n.notes and n.notes:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.notes",
                    f"Changed the notes on time with {adult}: now {short(n.notes)}",
                    restricted=secret,
                    about=about,
                    names=[adult, *kids],
                )
            if set(o.children) != set(n.children):
                yield self.change(
                    ChangeKind.CHANGED,
                    f"{path}.children",
                    f"Time with {adult} is now for {and_(kids)}.",
                    restricted=secret,
                    about=about,
                    names=[adult, *kids],
                )
        for j in added:
            n = new[j]
            adult = self.name(n.adult)
            where = f" at {n.where}" if n.where else ""
            yield self.change(
                ChangeKind.ADDED,
                f"$.contact_arrangements[{j}]",
                f"Added time with {adult}{where}.",
                restricted=audience(n),
                about=["time", "contact", "added", n.where],
                names=[adult],
            )
        for i in removed:
            o = old[i]
            adult = self.name(o.adult, old=True)
            yield self.change(
                ChangeKind.REMOVED,
                f"previous:$.contact_arrangements[{i}]",
                f"Took out the arrangement for time with {adult}.",
                restricted=audience(o),
                about=["time", "contact", "removed"],
                names=[adult],
            )

    def _views(self) -> Iterator[Change]:
        before = {v.person: v for v in self.old.views}
        for j, v in enumerate(self.new.views):
            was = before.get(v.person)
            if was is not None and was.words == v.words:
                continue
            secret = v.confidential or audience(v) or (was is not None and was.confidential)
            what = "updated" if was is not None else "added"
            yield self.change(
                ChangeKind.CHANGED if was is not None else ChangeKind.ADDED,
                f"$.views[{j}]",
                f"{self.name(v.person)}'s own words were {what}.",
                restricted=secret,
                about=["words", "said", "view"],
                names=[self.name(v.person)],
            )

    def _limitations(self) -> Iterator[Change]:
        before: dict[str, Agency] = {g.id: g for g in self.old.agencies}
        for j, g in enumerate(self.new.agencies):
            was = before.get(g.id)
            old_limits = set(was.limitations) if was is not None else set()
            for k, text in enumerate(g.limitations):
                if text not in old_limits:
                    yield self.change(
                        ChangeKind.ADDED,
                        f"$.agencies[{j}].limitations[{k}]",
                        f"Added what {g.name} cannot do: {short(text)}",
                        about=[text, "cannot", g.name],
                    )
            if was is not None:
                for text in was.limitations:
                    if text not in set(g.limitations):
                        yield self.change(
                            ChangeKind.REMOVED,
                            f"$.agencies[{j}].limitations",
                            f"Took out what {g.name} cannot do: {short(text)}",
                            about=[text, "cannot", g.name],
                        )
            if was is not None and was.phone != g.phone and g.phone:
                yield self.change(
                    ChangeKind.CONTACT,
                    f"$.agencies[{j}].phone",
                    f"{g.name}'s phone number is now {g.phone}.",
                    about=["phone", "number", g.name],
                )

    # -- meetings -----------------------------------------------------------------------------

    def _meetings(self) -> Iterator[Change]:
        old = sorted(self.old.reviews, key=lambda r: (r.kind.value, r.date))
        new_indexed = sorted(
            enumerate(self.new.reviews), key=lambda p: (p[1].kind.value, p[1].date)
        )
        by_kind_old: dict[ReviewKind, list[Review]] = {}
        for r in old:
            by_kind_old.setdefault(r.kind, []).append(r)
        by_kind_new: dict[ReviewKind, list[tuple[int, Review]]] = {}
        for j, r in new_indexed:
            by_kind_new.setdefault(r.kind, []).append((j, r))
        found: list[tuple[dt.date, Change]] = []
        for kind in ReviewKind:
            was = by_kind_old.get(kind, [])
            now = by_kind_new.get(kind, [])
            meeting = MEETINGS[kind]
            for k in range(max(len(was), len(now))):
                if k < len(was) and k < len(now):
                    j, r = now[k]
                    if was[k].date == r.date and (was[k].held, was[k].outcome) != (
                        r.held,
                        r.outcome,
                    ):
                        what = "took place" if r.held else "is now recorded as not held"
                        if r.held and r.outcome is not None:
                            what = f"took place and decided: {OUTCOMES[r.outcome]}"
                        found.append(
                            (
                                r.date,
                                self.change(
                                    ChangeKind.CHANGED,
                                    f"$.reviews[{j}]",
                                    f"The {meeting} on {format_date(r.date)} {what}.",
                                    about=[meeting, "held", "meeting"],
                                ),
                            )
                        )
                    if was[k].date != r.date:
                        found.append(
                            (
                                r.date,
                                self.change(
                                    ChangeKind.MOVED,
                                    f"$.reviews[{j}].date",
                                    f"The {meeting} on {format_date(was[k].date)} moved to "
                                    f"{format_date(r.date)}.",
                                    about=[meeting, "moved", "date", "meeting"],
                                ),
                            )
                        )
                elif k < len(now):
                    j, r = now[k]
                    found.append(
                        (
                            r.date,
                            self.change(
                                ChangeKind.ADDED,
                                f"$.reviews[{j}]",
                                f"Added a {meeting} on {format_date(r.date)}.",
                                about=[meeting, "added", "meeting"],
                            ),
                        )
                    )
                else:
                    r = was[k]
                    found.append(
                        (
                            r.date,
                            self.change(
                                ChangeKind.REMOVED,
                                "$.reviews",
                                f"The {meeting} on {format_date(r.date)} is no longer listed.",
                                about=[meeting, "removed", "meeting"],
                            ),
                        )
                    )
        for _, c in sorted(found, key=lambda p: p[0]):
            yield c

    # -- support contacts ---------------------------------------------------------------------

    def _services(self) -> Iterator[Change]:
        before: dict[str, SupportContact] = {s.name: s for s in self.old.support_contacts}
        after = {s.name for s in self.new.support_contacts}
        for j, s in enumerate(self.new.support_contacts):
            secret = audience(s) or bool(s.for_roles)
            was = before.get(s.name)
            if was is None:
                phone = f" ({s.phone})" if s.phone else ""
                yield self.change(
                    ChangeKind.ADDED,
                    f"$.support_contacts[{j}]",
                    f"Added {s.name}{phone} to the list of help and support.",
                    restricted=secret,
                    about=[s.name, "help", "support", "added"],
                )
            elif was.phone != s.phone and s.phone:
                yield self.change(
                    ChangeKind.CONTACT,
                    f"$.support_contacts[{j}].phone",
                    f"{s.name}'s phone number is now {s.phone}.",
                    restricted=secret,
                    about=[s.name, "phone", "number"],
                )
        for i, s in enumerate(self.old.support_contacts):
            if s.name not in after:
                yield self.change(
                    ChangeKind.REMOVED,
                    f"previous:$.support_contacts[{i}]",
                    f"Took {s.name} off the list of help and support.",
                    restricted=audience(s) or bool(s.for_roles),
                    about=[s.name, "removed"],
                )

    # -- the children's plans ---------------------------------------------------------------

    def _plans(self) -> Iterator[Change]:
        before: dict[str, ChildSafetyPlan] = {p.child: p for p in self.old.safety_plans}
        after = {p.child for p in self.new.safety_plans}
        for j, plan in enumerate(self.new.safety_plans):
            child = self.name(plan.child)
            was = before.get(plan.child)
            if was is None:
                yield self.change(
                    ChangeKind.ADDED,
                    f"$.safety_plans[{j}]",
                    f"Added a safety plan written for {child}.",
                    about=["safety", "plan", "added"],
                    names=[child],
                )
                continue
            changed = [
                label
                for field_name, label in PLAN_FIELDS.items()
                if getattr(was, field_name) != getattr(plan, field_name)
            ]
            if changed:
                yield self.change(
                    ChangeKind.CHANGED,
                    f"$.safety_plans[{j}]",
                    f"{child}'s own safety plan changed: {and_(changed)}.",
                    about=["safety", "plan", "own", *changed],
                    names=[child],
                )
            if (was.code_word, was.print_code_word) != (plan.code_word, plan.print_code_word):
                yield self.change(
                    ChangeKind.CHANGED,
                    f"$.safety_plans[{j}].code_word",
                    f"The code word in {child}'s plan changed.",
                    restricted=True,
                    about=["code", "word"],
                    names=[child],
                )
        for i, plan in enumerate(self.old.safety_plans):
            if plan.child not in after:
                yield self.change(
                    ChangeKind.REMOVED,
                    f"previous:$.safety_plans[{i}]",
                    f"{self.name(plan.child, old=True)} no longer has a written safety plan.",
                    about=["safety", "plan", "removed"],
                    names=[self.name(plan.child, old=True)],
                )
