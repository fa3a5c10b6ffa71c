"""Third parties: who a term routes contact between the adults through.

"No contact between the parents except through a third party" is impossible when the family has
no relative or friend who could be that third party (Family Rights Group). :func:`third_parties`
finds each term about contact between the adults (the adult at risk and the person causing harm,
"the parents", "each other", messages about the children) that sends it through someone ("via",
"through", "go through", "passed on by"), and says who: a person of the cast (the rules then ask
whether they have agreed), an agency or professional (no one need agree), or no one named ("a
third party", "a family member or friend", "Sally's mother").

A route that is forbidden ("will not contact Sally ... or through other people") is not a third
party; a route that is the only one allowed ("except through his solicitor") is.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from .cast import Cast
from .clauses import Clause
from .lexicon import words_of
from .reading import read
from .words import AGENCY, BOTH, HER, HIM, NET, OTHER, THING, Word

__all__ = ["ThirdParty", "third_parties"]


@attrs.frozen
class ThirdParty:
    """Who a term sends contact between the adults through.

    Attributes:
        member: The id of the cast member named, when one is.
        role: Their role (``network-member``, ``agency``, ``adult-at-risk`` ...), or None when
            the term names no one.
        named: Whether the term names who it is.
        relation: For one it does not name, the words it calls them by ("sally's mother",
            "a family friend"), lowercased, so a caller can look for a person of the case
            whose relationship it is. Personal data: never shown.
    """

    member: str | None
    role: str | None
    named: bool
    relation: str = attrs.field(default="", repr=False, eq=False)


_ROUTES = frozenset({"via", "through", "thru"})
# A route's marker (:func:`_route`, and a route clause's first word): "via", "through" or
# "thru", or "by" straight after a word of passing on ("passed by", "sent by"): a token "by"
# (never followed by a letter, digit, "'" or "-") after that word and a space. The first search
# is the quick one; the second runs only on a text whose only marker could be "by".
_PASSING_ON = ("passed", "relayed", "sent", "made", "arranged")
_ROUTE = re.compile(r"\b(?:via|through|thru|by)\b", re.IGNORECASE)
_VIA = re.compile(r"\b(?:via|through|thru)\b", re.IGNORECASE)
_PASSED_BY = re.compile(
    r"(?<![^\W_])(?:" + "|".join(_PASSING_ON) + r")\s+by(?![\w'-])", re.IGNORECASE
)


_ALLOWING = frozenset({"except", "unless", "only", "other", "apart", "but", "save"})
_UNNAMED = words_of(
    "third party parties someone somebody anyone person people friend friends relative "
    "relatives family member members another mutual intermediary go-between"
)
_THINGS = words_of(
    "text texts email emails phone letter letters book app application social media "
    "solicitors' court writing message messages contact centre's whatsapp"
)
_CONTACT_NOUNS = words_of(
    "contact communication communications messages message arrangements handovers handover "
    "letters calls texts"
)


def _may_route(text: str) -> bool:
    """Whether a route's marker could be among the text's words (a choice of speed only)."""
    if _ROUTE.search(text) is None:
        return False
    return _VIA.search(text) is not None or _PASSED_BY.search(text) is not None


def third_parties(
    text: str, cast: Cast, *, holder: str | None, speaker: str | None = None
) -> tuple[ThirdParty, ...]:
    """The third parties a term sends contact between the adults through; ``()`` when it
    sends it through no one, or is not about contact between the adults.

    Args:
        text: The term.
        cast: Who is who, by name.
        holder: The role of who holds the term, or None when it is the agreement's own.
        speaker: Who "I" is, when not the holder.
    """
    if not _may_route(text):
        return ()  # no "via", "through" or "passed by": no route
    return routes(text, cast, holder=holder, speaker=speaker)


def routes(
    text: str, cast: Cast, *, holder: str | None, speaker: str | None = None
) -> tuple[ThirdParty, ...]:
    """:func:`third_parties` without its pre-filter (for the test that it never changes an
    answer)."""
    found: list[ThirdParty] = []
    clauses = read(text, cast, holder=holder, speaker=speaker)
    for i, c in enumerate(clauses):
        if not _between_adults(clauses, i, c, holder):
            # "No contact between Mum and Dad unless through a family friend": the route is a
            # clause of its own, hanging on the one before.
            before = clauses[i - 1] if i else None
            if not (
                c.opener in ("unless", "if")
                and c.words
                and c.words[0].low in _ROUTES
                and before is not None
                and before.sentence == c.sentence
                and _between_adults(clauses, i - 1, before, holder)
            ):
                continue
            route = _who(c.words[1:])
        else:
            route = _route(c)
        if route is not None:
            found.append(route)
    return tuple(dict.fromkeys(found))


def _between_adults(clauses: Sequence[Clause], i: int, c: Clause, holder: str | None) -> bool:
    roles = {w.role for w in c.words}
    lows = {w.low for w in c.words}
    if c.subject & {BOTH} or {HER, HIM} <= roles or BOTH in roles or lows & {"parents", "each"}:
        return True
    about_contact = bool(lows & _CONTACT_NOUNS) or c.verb in (
        "contact",
        "communicate",
        "speak",
        "talk",
        "message",
        "send",
        "pass",
        "go",
    )
    if not about_contact:
        return False
    # "Paul will not contact Sally, except through his solicitor"; "Messages about the
    # children go through Jean", in a term of one of the adults.
    if c.subject & {HER, HIM} and roles & {HER, HIM} - c.subject:
        return True
    return (
        (not c.subject or c.subject <= {THING})
        and holder in (HER, HIM, None)
        and (holder in (HER, HIM) or _adults_in(tuple(clauses), c.sentence))
    )


@functools.lru_cache(maxsize=256)
def _adults_in(clauses: tuple[Clause, ...], sentence: int) -> bool:
    return any(w.role in (HER, HIM) for k in clauses if k.sentence == sentence for w in k.words)


def _route(c: Clause) -> ThirdParty | None:
    words = c.words
    for k, w in enumerate(words):
        low = w.low
        marker = low in _ROUTES or (low == "by" and k > 0 and words[k - 1].low in _PASSING_ON)
        if not marker:
            continue
        before = {x.low for x in words[max(0, k - 3) : k]}
        after = {x.low for x in words[k + 1 : k + 4]}
        allowed = (
            bool(before & _ALLOWING)
            or "only" in after
            or any(x.low == "only" for x in words[k + 1 : k + 8])
        )
        if c.negated and not allowed:
            continue  # a route that is forbidden: "will not contact her ... through other people"
        return _who(words[k + 1 :])
    return None


def _who(words: list[Word]) -> ThirdParty | None:
    """Who the words after "via" or "through" name."""
    phrase: list[Word] = []
    for w in words:
        if w.kind == "punct" or w.low in (
            "and",
            "or",
            "if",
            "when",
            "only",
            "to",
            "about",
            "for",
            "at",
            "on",
        ):
            if phrase and w.low in ("and", "or") and not _ended(phrase):
                phrase.append(w)
                continue
            break
        phrase.append(w)
        if len(phrase) >= 6:
            break
    names = [w for w in phrase if w.kind == "name" and w.role not in (HER, HIM)]
    if names:
        first = names[0]
        possessed = any(
            x.low == "'s" for x in phrase[phrase.index(first) + 1 : phrase.index(first) + 2]
        )
        if not possessed:
            return ThirdParty(member=first.member, role=first.role, named=True)
    if any(w.role == AGENCY for w in phrase):
        return ThirdParty(member=None, role=AGENCY, named=True)
    lows = {w.low for w in phrase}
    if lows & _UNNAMED or any(w.role in (NET, OTHER) for w in phrase):
        relation = " ".join(w.low for w in phrase).replace(" 's", "'s")
        return ThirdParty(member=None, role=None, named=False, relation=relation)
    if lows & _THINGS or not phrase:
        return None
    return None


def _ended(phrase: list[Word]) -> bool:
    return any(w.kind == "name" for w in phrase)
