"""Who is who in a case, by the words its sentences may use for them.

A sentence in a case file names people in many ways: "Sally Green", "Sally", "Ms Green", "Mum",
"the mother". A :class:`Cast` holds, for each person, the names the case gives them and their
part (their role), so the wording checks can tell a sentence about the person causing harm from
one about the adult at risk or a child.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["ROLES", "Cast", "Member"]

# The parts a member can play: the case's adult roles, and children, professionals, agencies.
ROLES = frozenset(
    {
        "adult-at-risk",
        "person-causing-harm",
        "parent-or-carer",
        "safe-adult",
        "network-member",
        "child",
        "professional",
        "agency",
        "both-parents",
        "other",
    }
)
# Words labelled sets use for roles the case model spells otherwise.
_ROLE_ALIASES = {"social-worker": "professional"}
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")


def _names(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


# Hashes cached: a cast is a key of the wording caches, looked up for every sentence read.
@attrs.frozen(kw_only=True, cache_hash=True)
class Member:
    """One person (or agency) of the cast.

    Attributes:
        role: Their part: a role of the case (``adult-at-risk``, ``person-causing-harm``,
            ``parent-or-carer``, ``safe-adult``, ``network-member``), or ``child``,
            ``professional``, ``agency``, ``both-parents``, ``other``.
        names: Every word or phrase that refers to them, most specific first: full name, first
            name, title and surname, what the children call them ("Mum", "Grandma Jean").
        id: Their id in the case file, when they come from one.
    """

    role: str = attrs.field()
    names: tuple[str, ...] = attrs.field(converter=_names, repr=False)
    id: str | None = None

    @role.validator
    def _check_role(self, _: attrs.Attribute[str], value: str) -> None:
        if value not in ROLES:
            raise ValueError(f"not a role of the cast: {value!r}")

    @classmethod
    def person(
        cls,
        role: str,
        name: str,
        *,
        known_as: str | None = None,
        id: str | None = None,
    ) -> Member:
        """A person from a case file: their full name gives the first name and, for adults,
        "Mr/Mrs/Ms/Miss/Mx/Dr Surname"; ``known_as`` is what the children call them."""
        words = name.split()
        names = [name]
        if len(words) > 1:
            names.append(words[0])
            if role != "child":
                names += [f"{title} {words[-1]}" for title in _TITLES]
        if known_as:
            names.append(known_as)
        return cls(role=role, names=tuple(names), id=id)


def _members(values: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(values)


@attrs.frozen(cache_hash=True)
class Cast:
    """Everyone a case's sentences may name.

    Build one from a case (``WrittenAgreement.cast()``) or, for a sentence on its own, from a
    mapping of words to roles (:meth:`from_roles`).
    """

    members: tuple[Member, ...] = attrs.field(converter=_members)

    @classmethod
    def from_roles(cls, roles: Mapping[str, str]) -> Cast:
        """A cast from words and roles, as labelled sentence sets give them:
        ``{"Sally": "adult-at-risk", "Paul": "person-causing-harm", "Mum": "adult-at-risk"}``.
        Each word is a member of its own (the set does not say which words name one person)."""
        return cls(
            tuple(
                Member(role=_ROLE_ALIASES.get(role, role), names=(word,))
                for word, role in roles.items()
            )
        )

    def of_role(self, *roles: str) -> tuple[Member, ...]:
        """The members with one of these roles, in order."""
        return tuple(m for m in self.members if m.role in roles)

    def names_of(self, *roles: str) -> tuple[str, ...]:
        """Every name of every member with one of these roles, longest first (so "Sally
        Green" is tried before "Sally")."""
        found = {n for m in self.of_role(*roles) for n in m.names}
        return tuple(sorted(found, key=lambda n: (-len(n), n)))

    def role_of(self, words: str) -> str | None:
        """The role of the member these words name (matched whole, ignoring case), or None
        when no member, or members of different roles, have that name."""
        key = words.strip().casefold()
        roles = {m.role for m in self.members for n in m.names if n.casefold() == key}
        return roles.pop() if len(roles) == 1 else None

    def pattern(self, *roles: str) -> re.Pattern[str] | None:
        """One expression matching any name of the members with these roles as whole words,
        or None when they have no names."""
        names = self.names_of(*roles)
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in names)
        return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", re.IGNORECASE)
