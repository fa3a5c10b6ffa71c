"""Policing: a term that makes the adult at risk exclude, supervise, restrict, report on or
keep away from the person causing harm.

Ofsted (2017, 2018) found agreements that put the burden on the victim to police the
perpetrator: "she will not allow him into the house", "she will not be in contact with him", a
mother made to supervise contact and stop it if he argues. Under coercive control no one can
safely keep such a term. :func:`policing` reads a term as clauses (:mod:`.reading`) and judges
each one (:mod:`.judge`): who is asked (the holder, a named subject, "I", "we", or nobody), in
which form (a duty or a standing rule; never a right such as "Sam can call 999"), and what (a
verb of control, exclusion, supervision, reporting, legal action or contact, aimed at the person
causing harm or at contact between the adults). A refusal quotes the words it rests on, with
every name replaced by its role, and says how to write the term as someone else's duty.

A term held by the person causing harm, an agency or a network member is theirs to keep: it is
judged only where it names the adult at risk as the one who must act.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re

import attrs

from .cast import Cast
from .judge import CONTACT_NOUNS, LEGAL_NOUNS, QUIET, Level, PolicingKind, judge_clause
from .lexicon import (
    AGENCY_HEADS,
    AT_RISK_WORDS,
    CHILD_NOUNS,
    FUNCTION_WORDS,
    HARM_WORDS,
    NETWORK_NOUNS,
    VERB_CLASSES,
    inflections,
    words_of,
)
from .named import judge_named
from .reading import read
from .words import (
    AGENCY,
    BOTH,
    BOTH_NOUNS,
    CHILD,
    FAMILY,
    HER,
    HIM,
    KIN_WORDS,
    NET,
    OTHER,
    PRONOUNS,
    Word,
    names_any,
    tokens,
)

__all__ = ["Level", "PolicingKind", "Verdict", "analyse", "policing"]


@attrs.frozen
class Verdict:
    """A policing term, as found.

    Attributes:
        level: A refusal, or a warning for a person to read.
        kind: What it asks the adult at risk to do.
        words: The words that make it so, safe to quote: the term's own function words and the
            lexicon's verbs, with every name replaced by its role ("the person causing harm")
            and every other word by "...".
    """

    level: Level
    kind: PolicingKind
    words: str


def policing(
    text: str,
    cast: Cast,
    *,
    holder: str | None,
    agent: str | None = None,
    speaker: str | None = None,
) -> Verdict | None:
    """Whether a term makes the adult at risk police the person causing harm.

    Args:
        text: The term (one or more sentences).
        cast: Who is who, by name.
        holder: The role of who holds the term (``adult-at-risk``, ``person-causing-harm``,
            ``both-parents``, ``agency``, ``network-member``), or None when the term is the
            agreement's own (a contingency step, a general term, a contact arrangement).
        agent: The role of whoever the case names to carry out what the term leaves without a
            subject ("is to be supervised"): a contact arrangement's supervisor.
        speaker: Who "I" is, when not the holder.

    Returns:
        The strongest finding (a refusal before a warning), or None.
    """
    if holder in QUIET:
        return None
    if holder != BOTH and _TRIGGERS.search(text) is None and not _names_him(text, cast):
        return None  # nothing in it a verdict could rest on (a choice of speed only)
    if holder == AGENCY and not _may_name_her(text, cast):
        return None  # an agency's term that cannot name her as the one who acts (speed only)
    return _policing(text, cast, holder, agent, speaker)


def analyse(
    text: str,
    cast: Cast,
    *,
    holder: str | None,
    agent: str | None = None,
    speaker: str | None = None,
) -> Verdict | None:
    """:func:`policing` without its pre-filter (for the test that it never changes an
    answer)."""
    if holder in QUIET:
        return None
    return _policing.__wrapped__(text, cast, holder, agent, speaker)


def _names_him(text: str, cast: Cast) -> bool:
    """Whether the text holds a name of the person causing harm (or of both parents)."""
    return names_any(text, cast, _HIS)


_HIS = frozenset({HIM, BOTH})
_HERS = frozenset({HER, BOTH})


def _may_name_her(text: str, cast: Cast) -> bool:
    """Whether a word of the text could come to stand for the adult at risk or both parents.

    An agency's term is judged only where a clause names one of them as its subject
    (:func:`.judge.judge_clause`), and a clause's subject is the roles of its words (or of an
    earlier clause's, or the holder's: the agency). A word gets one of those roles only as a
    name of theirs, a noun for them ("the mother", "the parents"), a kin word ("Mum", "her
    ex") or a pronoun (resolved to whoever it may mean, even with no one named: "if he comes,
    she ..."). A term with none of these, token for token as the reader splits it, cannot be
    refused or warned about."""
    for w in tokens(text):
        low = w.low
        if low in PRONOUNS or low in KIN_WORDS or low in AT_RISK_WORDS or low in BOTH_NOUNS:
            return True
    return names_any(text, cast, _HERS)


# Every verdict rests on one of these words (a pronoun, a kin word, a word of contact,
# supervision, locks, legal steps, reporting) or on a name of the person causing harm.
_TRIGGERS = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        re.escape(w)
        for w in sorted(
            frozenset(PRONOUNS)
            | KIN_WORDS
            | HARM_WORDS
            | AT_RISK_WORDS
            | CONTACT_NOUNS
            | LEGAL_NOUNS
            | words_of(
                "police policing supervisor supervisors chaperone chaperoning supervising "
                "supervised supervise supervises supervision unsupervised lock locks locked door "
                "doors gate key keys whereabouts breach breaches breached listening watching "
                "monitoring monitor overseeing oversee checking present parents parent couple "
                "each apart together"
            ),
            key=lambda w: (-len(w), w),
        )
    )
    + r")(?![\w])",
    re.IGNORECASE,
)


# The rules and the findings read the same terms: judge each once.
@functools.lru_cache(maxsize=4096)
def _policing(
    text: str, cast: Cast, holder: str | None, agent: str | None, speaker: str | None
) -> Verdict | None:
    clauses = read(text, cast, holder=holder, speaker=speaker)
    best: Verdict | None = None
    for i, c in enumerate(clauses):
        found = judge_clause(clauses, i, c, holder, agent)
        if found is None:
            continue
        level, kind, quoted = found
        verdict = Verdict(level=level, kind=kind, words=_quote(quoted))
        if verdict.level is Level.REFUSE:
            return verdict
        best = best or verdict
    if best is None:
        found = judge_named(clauses, holder)
        if found is not None:
            level, kind, quoted = found
            best = Verdict(level=level, kind=kind, words=_quote(quoted))
    return best


# --- quoting ----------------------------------------------------------------------------------

_LABELS = {
    HER: "the adult at risk",
    HIM: "the person causing harm",
    BOTH: "the parents",
    CHILD: "the children",
    AGENCY: "a professional",
    NET: "a family member",
    OTHER: "someone",
    FAMILY: "a family member",
}
# Words for a part someone plays: safe to quote (initials of agencies are left out: a local
# service's initials could be a name).
_ROLE_NOUNS = (
    CHILD_NOUNS | NETWORK_NOUNS | AGENCY_HEADS | KIN_WORDS | HARM_WORDS | AT_RISK_WORDS
) - words_of("sw la cs csc dvs psni idva isva marac mash nspcc cafcass gp")
_VERB_FORMS = frozenset(
    form
    for lemmas in VERB_CLASSES.values()
    for lemma_word in lemmas
    for form in inflections(lemma_word)
)
_SAFE = FUNCTION_WORDS | _VERB_FORMS


def _quote(words: list[Word], limit: int = 16) -> str:
    """The words, safe to show: names and resolved pronouns as their role, function words and
    the lexicon's verbs as written (lowercased), anything else as "..."."""
    out: list[str] = []
    for k, w in enumerate(words):
        if w.kind == "punct":
            continue
        nxt = words[k + 1] if k + 1 < len(words) else None
        possessive = w.low in ("his", "my", "their", "our", "your") or (
            w.low == "her" and nxt is not None and nxt.kind != "punct" and nxt.low not in _SAFE
        )
        if w.kind == "pronoun" and possessive:
            token = w.low  # "her relationship": a pronoun, not a name
        elif w.kind == "name" or (w.kind == "pronoun" and w.role in (HER, HIM)):
            label = _LABELS.get(w.role or "", "someone")
            if out and out[-1] == "the" and label.startswith("the "):
                out.pop()
            token = label
        elif w.low == "'s":
            token = "'s"
        elif w.capital and k > 0 and w.low != "i" and w.role is None:
            token = "..."  # a capitalised word the cast does not know may be a name
        elif w.low in _SAFE or w.low == "999":
            token = w.low
        elif w.role is not None and w.kind == "word" and w.low in _ROLE_NOUNS:
            token = w.low  # "the parents", "her ex", "the social worker": words, not names
        else:
            token = "..."
        if token == "..." and out and out[-1] == "...":
            continue
        if token == "'s" and out:
            out[-1] += "'s"
            continue
        out.append(token)
        if len(out) >= limit:
            out.append("...")
            break
    while out and out[-1] == "...":
        out.pop()
    return " ".join(out)
