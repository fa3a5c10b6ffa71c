"""How one clause of a term is judged for policing: who is asked, in which form, and what.

The judge reads the clauses of :mod:`.reading` and returns, for a clause, a level (a refusal, or
a warning for a person to read), a kind (control, exclusion, supervision, reporting, contact
between the adults, legal steps, protection, a response to what he does, a condition on her
contact with him) and the words the verdict rests on. :mod:`.policing` runs it over a term and
writes the verdict.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from .clauses import Clause
from .kinds import Level, PolicingKind
from .lexicon import VERB_CLASSES, inflections, lemma, words_of
from .words import AGENCY, BOTH, CHILD, FAMILY, HER, HIM, NET, OTHER, THING, Word

__all__ = [
    "CONTACT_NOUNS",
    "LEGAL_NOUNS",
    "QUIET",
    "Level",
    "PolicingKind",
    "judge_clause",
]


QUIET = frozenset({HIM, NET, "safe-adult", "network-member", "person-causing-harm"})
_NEGATIONS = frozenset({"not", "no", "never", "nobody"})
_LIMITS = frozenset({"only", "except", "unless", "via", "through", "solely", "outwith"})
CONTACT_NOUNS = words_of(
    "contact contacts communication communications relationship relationships meeting meetings "
    "messages message texts calls visits visit time handovers handover together apart"
)
LEGAL_NOUNS = words_of(
    "order orders injunction injunctions non-molestation occupation prosecution charges "
    "statement proceedings protective"
)
_EXCLUSION_OBJECTS = frozenset({"door", "locks", "lock", "key", "keys", "entry", "access"})
_PLACES = frozenset({"house", "home", "flat", "property", "address", "door", "room", "area"})
_CENTRE = frozenset({"centre", "center", "staff", "supervisor", "supervisors", "worker"})
_WISHES = frozenset({"want", "wants", "wish", "wishes", "choose", "chooses", "decide", "decides"})
_CLASS_OF: dict[str, set[str]] = {}
for _name, _lemmas in VERB_CLASSES.items():
    for _lemma in _lemmas:
        _CLASS_OF.setdefault(_lemma, set()).add(_name)


def _classes(verb: str | None) -> set[str]:
    return _CLASS_OF.get(verb or "", set())


# --- judging one clause -----------------------------------------------------------------------


def _her_side(c: Clause, holder: str | None) -> bool:
    """Whether the clause asks something of the adult at risk (or of both parents, or of a
    family member the term does not name)."""
    if c.subject:
        return bool(c.subject & {HER, BOTH, FAMILY})
    return holder in (HER, BOTH, FAMILY, None)


def _scope(clauses: Sequence[Clause], i: int) -> list[Word]:
    """The clause's words and those of the time, place and relative clauses that hang on it
    ("when Dad is in the area", "where Jade is present")."""
    words = list(clauses[i].words)
    for c in clauses[i + 1 :]:
        if c.sentence != clauses[i].sentence or c.opener not in (
            "when",
            "where",
            "who",
            "until",
            "to",
            "whether",
        ):
            break
        words += c.words
    return words


def _conditions(clauses: Sequence[Clause], i: int) -> list[Clause]:
    """The condition clauses a main clause depends on: the "if" clauses before it (back to
    the previous main clause) and after it (up to the next)."""
    out: list[Clause] = []
    c = clauses[i]
    for j in range(i - 1, -1, -1):
        other = clauses[j]
        if other.sentence != c.sentence:
            break
        if other.opener in ("if", "unless"):
            out.append(other)
        elif other.opener in (None, "and", "or", "that") and other.force != "event" and out:
            break
    for other in clauses[i + 1 :]:
        if other.sentence != c.sentence or other.opener in (None, "that"):
            break
        if other.opener in ("and", "or") and other.subject_named:
            break  # "..., and the school will ring the SW if Dad turns up": the school's
        if other.opener in ("if", "unless"):
            out.append(other)
    return out


def _has(words: list[Word], role: str) -> bool:
    return any(w.role == role for w in words)


def _negated(c: Clause, rest: list[Word]) -> bool:
    return c.negated or any(w.low in _NEGATIONS for w in rest)


def _limited(c: Clause, words: list[Word]) -> bool:
    return c.limited or any(w.low in _LIMITS for w in words)


def judge_clause(
    clauses: Sequence[Clause], i: int, c: Clause, holder: str | None, agent: str | None
) -> tuple[Level, PolicingKind, list[Word]] | None:
    if c.force == "right" or c.opener in (
        "so",
        "because",
        "who",
        "where",
        "until",
        "when",
        "whether",
    ):
        return None
    if holder == AGENCY and not (c.subject_named and c.subject & {HER, BOTH}):
        return None  # an agency's term: only a named duty of the adult at risk is judged
    if c.opener in ("if", "unless"):
        return _condition(clauses, i, c)
    if _punishes(clauses, i, c):
        return Level.REFUSE, PolicingKind.CONDITION, c.words
    if _vouches(clauses, i, c, holder):
        return Level.REFUSE, PolicingKind.CONTROL, clauses[i - 1].words + _opened(c)
    scope = _scope(clauses, i)
    if c.opener in ("and", "or") and (c.span is None or c.span[0] == c.span[1]) and i > 0:
        # "Contact with Dad to be at a centre or supervised by ...": the subject carried over
        before = clauses[i - 1]
        if before.span is not None:
            scope = before.words[before.span[0] : before.span[1]] + scope
    if _gated_by_her(clauses, i, c, holder):
        return Level.REFUSE, PolicingKind.CONTROL, c.words + _opened(_later(clauses, i)[0])
    theirs = bool(c.subject) and c.subject <= {AGENCY, NET}
    if not theirs and (
        c.force in ("rule",)
        or c.passive
        or (c.allowed and HIM in c.subject)
        or not c.subject
        or c.subject <= {CHILD, OTHER, THING}
        or (c.verb == "be" and not c.subject_named)
    ):
        found = _rule(clauses, i, c, scope, holder, agent)
        if found is not None or not _her_side(c, holder) or c.subject:
            return found
    if not _her_side(c, holder) or c.force not in ("duty", "state", "rule"):
        return None
    return _her_duty(clauses, i, c, scope)


def _her_duty(
    clauses: Sequence[Clause], i: int, c: Clause, scope: list[Word]
) -> tuple[Level, PolicingKind, list[Word]] | None:
    """A duty (or a state) of the adult at risk: what in it polices him."""
    rest = c.rest
    lows = {w.low for w in scope}
    after_subject = scope[c.span[1] :] if c.span is not None else scope
    him = _has(after_subject, HIM)
    verb = c.verb
    classes = _classes(verb)
    negated = _negated(c, rest)
    limited = _limited(c, rest)
    quoted = c.words
    if {w.low for w in rest[:4]} & _SUPPORT and not _has(rest, HIM):
        return None  # "will ask for help from Beth if Paul contacts her"
    if verb == "police" and c.force == "duty":
        return Level.REFUSE, PolicingKind.CONTROL, quoted
    # Control: "will not allow him into the house", "ensure Dad does not have the children",
    # "make Paul wait in the car", "decide with Amira when Paul can see the children".
    if "control" in classes and him and verb not in ("protect", "safeguard", "shield"):
        if verb == "keep" and lows & {"informed", "updated", "aware"}:
            return Level.REFUSE, PolicingKind.REPORTING, quoted
        if (
            verb not in ("stop", "keep")
            or _him_object(rest)
            or lows & CONTACT_NOUNS
            or (_has(rest, CHILD))
        ):
            away = lows & (_PLACES | {"away", "out", "in", "into", "near"})
            return Level.REFUSE, PolicingKind.EXCLUSION if away else PolicingKind.CONTROL, quoted
    if (
        "control" in classes
        and lows & CONTACT_NOUNS
        and (
            _limited(c, rest)
            or _negated(c, rest)
            or lows & {"supervised", "unsupervised"}
            or _contact_first(rest)
        )
        and verb not in ("protect", "safeguard", "shield")
    ):
        return (
            Level.REFUSE,
            PolicingKind.CONTROL,
            quoted,
        )  # "ensure contact only takes place at the centre"
    if verb == "ensure" and i > 0 and {w.low for w in rest} <= _ANAPHORA:
        # "Paul must not be in the house ..., and Sally will make sure of this."
        for before in reversed(clauses[:i]):
            if (
                HIM in before.subject
                and (before.negated or _limited(before, before.rest))
                and (before.opener in (None, "and"))
            ):
                return Level.REFUSE, PolicingKind.CONTROL, before.words + quoted
    if verb in ("act", "be") and lows & {"supervisor", "chaperone", "supervising"}:
        return Level.REFUSE, PolicingKind.SUPERVISION, quoted
    if verb == "make" and rest and rest[0].role == HIM:
        return Level.REFUSE, PolicingKind.CONTROL, quoted
    asked = any(
        k.opener in ("whether", "when", "where", "if") and HIM in k.subject
        for k in _later(clauses, i)
    )
    if (
        verb in ("decide", "arrange", "organise", "organize", "choose")
        and him
        and (lows & ({"when", "where", "whether", "how", "if"} | CONTACT_NOUNS) or asked)
    ):
        return Level.REFUSE, PolicingKind.CONTROL, quoted
    if (verb in ("protect", "safeguard", "shield") or (verb == "keep" and "safe" in lows)) and him:
        return Level.REFUSE, PolicingKind.PROTECTION, quoted
    # Supervision: "will supervise Liam's contact", "will check that Paul is sober", "will be
    # present whenever Paul sees the children".
    if "supervise" in classes and (him or lows & CONTACT_NOUNS):
        return Level.REFUSE, PolicingKind.SUPERVISION, quoted
    conditions = _conditions(clauses, i)
    around = lows | {w.low for k in conditions for w in k.words}
    present = bool(lows & _PRESENT) or (
        verb in ("stay", "remain", "sit") and "with" in lows and _has(rest, CHILD)
    )
    if (
        verb in ("be", "stay", "remain", "sit")
        and present
        and not negated
        and (
            (
                (him or any(HIM in k.subject for k in conditions))
                and around & (CONTACT_NOUNS | {"sees", "see", "visits", "during"})
            )
            or (lows & CONTACT_NOUNS and lows & {"all", "every", "each", "during", "throughout"})
        )
    ):
        return Level.REFUSE, PolicingKind.SUPERVISION, quoted
    # Exclusion without a control verb: "turn Paul away", "not give Ryan a key", "not answer
    # the door to him", "is not to have Mr Dunn in the property", "ask him to leave".
    if _him_object(rest) and lows & {"away", "out", "off"} and verb not in _SEPARATION:
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted
    his_turn = any(HIM in k.subject for k in conditions)
    if (
        verb in ("give", "answer", "open", "have")
        and negated
        and (_has(rest, HIM) or his_turn)
        and (lows & (_EXCLUSION_OBJECTS | _PLACES | {"in", "round", "stay", "over"}))
    ):
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted
    if (verb in ("change", "lock") and lows & {"locks", "lock", "door"}) or (
        verb in ("keep", "have", "get")
        and lows & {"door", "locks"}
        and lows & {"locked", "changed"}
    ):
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted
    if verb in ("remove", "evict", "block", "bar", "ban") and _him_object(rest):
        kind = PolicingKind.CONTACT if verb == "block" else PolicingKind.EXCLUSION
        return Level.REFUSE, kind, quoted
    if (
        verb in ("ask", "tell")
        and _has(rest[:3], HIM)
        and (lows | _told(clauses, i))
        & {"leave", "go", "stop", "cannot", "can", "not", "away", "out"}
    ):
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted
    # His restriction, which she must pass on or enforce: "inform the school that Paul is not
    # allowed to collect the children".
    if "report" in classes and _restricts_him(rest):
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted
    result = _result(clauses, i)
    if result is not None and HIM in result.subject and _negated(result, result.rest):
        return Level.REFUSE, PolicingKind.EXCLUSION, quoted + _opened(result)
    # His restriction, which she must see kept: "Mr Evans is not to come to the house and Ms
    # Pritchard is responsible for making sure this does not happen".
    if ("control" in classes or verb in ("ensure", "prevent", "stop")) and lows & {
        "this",
        "that",
        "it",
    }:
        earlier = [k for k in clauses[:i] if k.sentence == c.sentence]
        if any(HIM in k.subject and _negated(k, k.rest) for k in earlier):
            return Level.REFUSE, PolicingKind.CONTROL, quoted
    # Legal steps as a duty: "is expected to apply for a non-molestation order", "give the police
    # a statement against Dad".
    if "legal" in classes and lows & LEGAL_NOUNS:
        return Level.REFUSE, PolicingKind.LEGAL, quoted
    if (
        verb in ("give", "provide", "make")
        and lows & {"statement", "evidence"}
        and (_against_him(rest))
    ):
        return Level.REFUSE, PolicingKind.LEGAL, quoted
    # Reporting: "inform SW of any contact from Dean", "give the SW Mum's new address".
    if verb == "let" and "know" in lows:
        classes = classes | {"report"}
    if (
        verb == "keep"
        and lows & {"diary", "log", "record", "note", "notes", "screenshots", "copy", "copies"}
        and (him or any(HIM in k.subject for k in conditions))
    ):
        return Level.REFUSE, PolicingKind.REPORTING, quoted  # evidence of what he does
    if "report" in classes:
        reported = (
            (_has(rest, HIM) and bool(lows & _REPORTED))
            or bool(lows & {"whereabouts", "breach", "breaches"})
            or ("any" in lows and bool(lows & CONTACT_NOUNS))
        )
        to_agency = _has(rest, AGENCY) or verb in ("report", "record", "log", "screenshot")
        if reported and (to_agency or verb in ("inform", "notify", "alert")):
            return Level.REFUSE, PolicingKind.REPORTING, quoted
    # Contact between the adults: "will not be in contact with him", "must avoid contact",
    # "will only communicate with Andriy by text", "will not resume her relationship", "will
    # not invite Paul to the party", "is not in a relationship with Lee".
    reciprocal = BOTH in c.subject and (
        bool(lows & {"each", "apart", "us", "together"})
        or (
            not _people_in(rest)
            # What the parents do to each other, not what each does alone ("The parents
            # agree not to drink alcohol when the children are in their care").
            and (
                verb in _MOVING
                or bool(lows & CONTACT_NOUNS)
                or any("contact" in _classes(lemma(w.low)) for w in c.words if w.kind == "word")
            )
        )
    )
    where_he_is = (
        negated
        and verb in _MOVING | {"attend"}
        and bool(lows & {"anywhere", "where", "place", "places", "events", "somewhere"})
        and any(_has(k.words, HIM) for k in _later(clauses, i))
    )  # "will not go anywhere she knows Paul will be"
    near_him = _him_object(rest) or _has(scope[len(c.words) :], HIM) or reciprocal or where_he_is
    kept_from = (
        negated or limited or verb in ("avoid", "end", "stop") or bool(lows & {"apart", "distance"})
    )
    if near_him and kept_from and (verb not in _SEPARATION or negated):
        return Level.REFUSE, PolicingKind.CONTACT, quoted
    if verb in ("end", "finish", "break") and _has(rest, HIM):
        return Level.REFUSE, PolicingKind.CONTACT, quoted  # "end it with him"
    # The children's contact with him, limited by her: "will not take the children to see
    # Paul", "will hand the children over to Paul only at the police station".
    if (
        (negated or limited)
        and him
        and _has(scope, CHILD)
        and (verb in _MOVING or "contact" in classes or lows & CONTACT_NOUNS)
    ):
        return Level.REFUSE, PolicingKind.CONTROL, quoted
    # His contact as what she must see to: "to follow advice about Mr Khan's contact".
    for k, w in enumerate(rest[:-2]):
        if w.role == HIM and rest[k + 1].low == "'s" and rest[k + 2].low in CONTACT_NOUNS:
            return Level.REFUSE, PolicingKind.CONTROL, quoted
    # A duty that answers what he does: "If Paul comes, Sally will ring 999", "Sally will end
    # the visit if Paul has been drinking", "Gulsen will have broken this agreement".
    his = [k for k in conditions if _his_act(k)]
    # "If Chloe sees Liam in town she will walk away and tell the social worker": meeting him
    his += [
        k
        for k in conditions
        if k.subject & {HER, BOTH} and _has(k.rest, HIM) and "contact" in _classes(k.verb)
    ]
    if his and c.force == "duty" and negated and "contact" in classes:
        # "Priya will not reply if Raj messages her": kept from answering him
        return Level.REFUSE, PolicingKind.CONTACT, quoted + _opened(his[0])
    if his and c.force == "duty":
        harm = any(_harmful(k) for k in his)
        answers = (
            "report" in classes
            or verb in _ANSWERS
            or any(_classes(lemma(w.low)) & {"report"} for w in rest if w.kind == "word")
        )
        removing = _has(rest, CHILD) and (
            verb in ("move", "go", "leave", "flee")
            or (
                verb in ("get", "take", "bring", "keep")
                and bool(lows & {"out", "away", "home", "indoors", "inside", "in"})
            )
        )
        if (
            "end" in classes
            or verb in _ENFORCING
            or removing
            or lows & {"broken", "breached", "breach"}
        ):
            return Level.REFUSE, PolicingKind.RESPONSE, quoted + _opened(his[0])
        if answers:
            # Reporting on him, whatever he did: she is made his monitor.
            return Level.REFUSE, PolicingKind.RESPONSE, quoted + _opened(his[0])
        if harm and verb in ("walk", "go", "move", "run"):
            return Level.REFUSE, PolicingKind.RESPONSE, quoted + _opened(his[0])
        return Level.POSSIBLE, PolicingKind.RESPONSE, quoted + _opened(his[0])
    wished = any(k.words and {w.low for w in k.words} & _WISHES for k in conditions)
    if _has(rest, HIM) and c.force == "duty" and verb not in _SEPARATION and not wished:
        return Level.POSSIBLE, PolicingKind.NAMED, quoted
    return None


_PRESENT = frozenset({"present", "there", "room"})
_ANAPHORA = words_of("of this that it so happens happen is done kept followed sticks")
_SEPARATION = frozenset({"leave", "separate", "divorce", "split"})
_MOVING = words_of("take bring hand leave let send go see visit stay have meet collect drop pick")
_ANSWERS = words_of(
    "take refuse tell call ring phone leave remove stop end cancel report inform contact "
    "alert notify"
)
# What she receives: a duty to get help is not policing ("ask Beth for help").
_SUPPORT = frozenset({"help", "support", "advice", "counselling"})
# Answers that enforce on the spot: ending or stopping a visit, refusing him, taking the
# children away.
_ENFORCING = words_of("end stop cancel terminate halt refuse remove take")
_REPORTED = words_of(
    "contact contacts messages message texts calls visits whereabouts address number "
    "location movements breach breaches behaviour drinking"
)
# What he might do that a term makes her answer for.
_HARM_VERBS = words_of(
    "stay live return move sleep "
    "come arrive turn contact call phone ring text message breach break drink shout threaten "
    "become visit attend approach hit push follow wait harass try go enter refuse see meet "
    "collect pick knock"
)
_HARM_WORDS = words_of(
    "aggressive abusive violent drunk drinking angry threatening intoxicated breach breaches "
    "bail influence drugs house home flat property door area address"
)


def _gated_by_her(clauses: Sequence[Clause], i: int, c: Clause, holder: str | None) -> bool:
    """His contact limited by what she does: "Dad is only to visit when Mum has someone else in
    the house", "Paul will see the children only if Sally agrees": she keeps the gate."""
    if HIM not in c.subject or holder not in (HER, BOTH, None) or c.force != "duty":
        return False
    if not (_limited(c, c.rest) or c.negated):
        return False
    later = _later(clauses, i)
    return (
        bool(later)
        and later[0].opener in ("when", "if", "unless", "until")
        and bool(later[0].subject & {HER, BOTH})
    )


def _opened(c: Clause) -> list[Word]:
    """A clause's words with the word that opened it ("if", "when", "so that"), for a quote."""
    word = {"if": "if", "unless": "unless", "when": "when", "until": "until", "so": "so"}.get(
        c.opener or ""
    )
    if word is None:
        return list(c.words)
    start = c.words[0].start if c.words else 0
    return [Word(word, start, start), *c.words]


def _against_him(rest: list[Word]) -> bool:
    return any(
        w.low == "against" and n + 1 < len(rest) and rest[n + 1].role == HIM
        for n, w in enumerate(rest)
    )


def _his_act(k: Clause) -> bool:
    """Whether a condition is what the person causing harm does, or something of his ("if
    Gareth's car is parked outside")."""
    if k.negated:
        return False
    if HIM in k.subject:
        return True
    if k.span is None or THING not in k.subject:
        return False
    head = k.words[k.span[0] : k.span[1]]
    return any(
        w.role == HIM and n + 1 < len(head) and head[n + 1].low == "'s" for n, w in enumerate(head)
    )


def _told(clauses: Sequence[Clause], i: int) -> set[str]:
    """The words of what a clause tells someone: "tell him | he must leave"."""
    nxt = clauses[i + 1] if i + 1 < len(clauses) else None
    if nxt is not None and nxt.sentence == clauses[i].sentence and nxt.opener == "that":
        return {w.low for w in nxt.words}
    return set()


def _restricts_him(rest: list[Word]) -> bool:
    for k, w in enumerate(rest):
        if w.role == HIM and any(x.low in ("not", "never", "no") for x in rest[k + 1 : k + 4]):
            return True
    return False


def _harmful(k: Clause) -> bool:
    """Whether a condition is something the person causing harm does that a victim would be
    made to answer: coming round, contacting her, breaching his bail, becoming aggressive."""
    return k.verb in _HARM_VERBS or any(
        w.low in _HARM_WORDS or w.low in CONTACT_NOUNS for w in k.words
    )


def _people_in(rest: list[Word]) -> bool:
    """Whether the words name someone of the family (an agency does not count: "not to meet
    without a professional present")."""
    return any(w.role in (HER, HIM, CHILD, NET, OTHER, FAMILY, BOTH) for w in rest)


_OBJECT_LEAD = words_of(
    "of with to from near at for into in by about around round towards against over"
)


def _him_object(rest: list[Word]) -> bool:
    """Whether the person causing harm is the clause's object, or in one of its phrases
    ("with him", "to Paul's flat"), rather than in something said about him ("what Paul
    did")."""
    for k, w in enumerate(rest):
        if w.role != HIM:
            continue
        if k == 0:
            return True
        prev = rest[k - 1].low
        if prev in _OBJECT_LEAD or (
            prev in ("the", "her", "his", "their", "my")
            and k >= 2
            and (rest[k - 2].low in _OBJECT_LEAD or k == 1)
        ):
            return True
        if lemma(prev) is not None or prev in ("any", "no"):
            return True
    return False


def _result(clauses: Sequence[Clause], i: int) -> Clause | None:
    """The "so that ..." clause that says what a clause is for."""
    for c in clauses[i + 1 :]:
        if c.sentence != clauses[i].sentence or c.opener in (None, "that"):
            return None
        if c.opener == "so":
            return c
    return None


_REMOVAL = words_of("removed remove taken take care proceedings accommodated court")


def _contact_first(rest: list[Word]) -> bool:
    """Whether what she must ensure is about contact itself: "ensure that any handover takes
    place in a public place" (not "ensure the children are ready for the contact worker")."""
    for w in rest[:4]:
        if w.low in CONTACT_NOUNS:
            return True
        if w.low not in ("that", "the", "any", "all", "every", "each") and w.kind != "punct":
            return False
    return False


def _punishes(clauses: Sequence[Clause], i: int, c: Clause) -> bool:
    """A consequence for the family of what the person causing harm does: "If Paul comes to
    the house, the children will be removed", "if he came back they would take the kids"."""
    if c.subject & {HIM}:
        return False
    lows = {w.low for w in c.words}
    if not lows & _REMOVAL or not (
        lows & {"children", "kids", "child", "baby", "bairns", "weans", "court", "proceedings"}
        or _has(c.words, CHILD)
    ):
        return False
    conditions = _conditions(clauses, i)
    return any(HIM in k.subject and not k.negated and _harmful(k) for k in conditions)


def _vouches(clauses: Sequence[Clause], i: int, c: Clause, holder: str | None) -> bool:
    """She agrees what he will not do: "Sally agrees that Paul will not stay at the house"
    makes her answer for it."""
    if c.opener != "that" or i == 0 or HIM not in c.subject:
        return False
    if not (_negated(c, c.rest) or _limited(c, c.rest)):
        return False
    matrix = clauses[i - 1]
    if matrix.verb not in ("agree", "promise", "confirm", "accept", "undertake"):
        return False
    if not (matrix.subject & {HER} or (not matrix.subject and holder == HER)):
        return False
    lows = {w.low for w in c.words}
    return (
        bool(lows & (_PLACES | CONTACT_NOUNS))
        or "contact" in _classes(c.verb)
        or (c.verb in ("stay", "come", "live", "visit", "go"))
    )


def _condition(
    clauses: Sequence[Clause], i: int, c: Clause
) -> tuple[Level, PolicingKind, list[Word]] | None:
    """A condition on the adult at risk's contact with him: "If Sally resumes her
    relationship with Paul, ...", "if I got back with my ex, ..."."""
    if not c.subject & {HER, BOTH, FAMILY}:
        return None
    lows = {w.low for w in c.words}
    if lows & _WISHES:
        return None
    classes = _classes(c.verb)
    contact = (
        "contact" in classes
        or bool(lows & CONTACT_NOUNS)
        or (c.verb in ("get", "move") and lows & {"back", "together"})
    )
    if contact and (_has(c.rest, HIM) or BOTH in c.subject):
        return Level.REFUSE, PolicingKind.CONDITION, c.words
    if "control" in classes and _has(c.rest, HIM):
        return Level.REFUSE, PolicingKind.CONTROL, c.words
    if c.verb in ("allow", "let", "permit") and lows & CONTACT_NOUNS:
        return Level.REFUSE, PolicingKind.CONTROL, c.words  # "If Ms Green allows contact, ..."
    return None


def _carried_out(clauses: Sequence[Clause], i: int) -> bool:
    """Whether the term names an agency or a network member who carries the rule out: "...,
    which the social work department will put into effect", "Jean will supervise. No contact
    outside Jean's house."."""
    sentences, anywhere = _agents(tuple(clauses))
    if anywhere:
        return True
    return any(j != i and clauses[j].sentence == clauses[i].sentence for j in sentences)


@functools.lru_cache(maxsize=256)
def _agents(clauses: tuple[Clause, ...]) -> tuple[tuple[int, ...], bool]:
    """The clauses whose subject is an agency or the network, and whether one of them
    supervises or enforces (once per term)."""
    found: list[int] = []
    anywhere = False
    for j, c in enumerate(clauses):
        if not c.subject or not c.subject <= {AGENCY, NET}:
            continue
        if c.force not in ("duty", "state", "event"):
            continue
        found.append(j)
        if _classes(c.verb) & {"supervise", "control"} or c.verb in ("put", "arrange", "enforce"):
            anywhere = True
    return tuple(found), anywhere


def _sentence_of(clauses: Sequence[Clause], i: int) -> Sequence[Clause]:
    """The clauses of the sentence clause ``i`` is in (clauses come in sentence order)."""
    s = clauses[i].sentence
    start = i
    while start > 0 and clauses[start - 1].sentence == s:
        start -= 1
    end = i + 1
    while end < len(clauses) and clauses[end].sentence == s:
        end += 1
    return clauses[start:end]


def _later(clauses: Sequence[Clause], i: int) -> list[Clause]:
    """The clauses after clause ``i`` in its sentence."""
    out = []
    for k in clauses[i + 1 :]:
        if k.sentence != clauses[i].sentence:
            break
        out.append(k)
    return out


def _rule(
    clauses: Sequence[Clause],
    i: int,
    c: Clause,
    scope: list[Word],
    holder: str | None,
    agent: str | None,
) -> tuple[Level, PolicingKind, list[Word]] | None:
    """A standing rule or a passive that names no one to keep it: "No contact between the
    parents", "Contact ... is to be supervised", "At no time is Mr Hughes to be left alone with
    the children", "To inform SW of any contact from Dean"."""
    if holder in (AGENCY,) or c.force in ("event",):
        return None
    lows = {w.low for w in scope}
    her = (
        _has(scope, HER)
        or _has(scope, BOTH)
        or bool(lows & {"parents", "us", "each"})
        or (
            holder == HER and not _has(scope, CHILD)  # "no contact with him", held by her
        )
    )
    him = _has(scope, HIM) or _has(scope, BOTH)
    kids = _has(scope, CHILD)
    negated = c.negated or bool(lows & _NEGATIONS)
    limited = _limited(c, scope)
    assigned = agent in (AGENCY, NET) or _agent_named(scope) or _carried_out(clauses, i)
    contact = (
        bool(lows & CONTACT_NOUNS)
        or "contact" in _classes(c.verb)
        or "communication" in lows
        or ("between" in lows and bool(lows & {"meeting", "meetings", "visits", "calls"}))
        or any("contact" in _classes(lemma(w.low)) for w in scope if w.kind == "word")
    )
    supervised = bool(lows & {"supervised", "supervise", "supervision", "supervising"})
    if (
        contact
        and her
        and him
        and (negated or limited or lows & {"each", "breach", "breaches", "public"})
    ):
        return Level.REFUSE, PolicingKind.CONTACT, c.words
    if _has(scope, HER) and lows & {"breach", "breaches"} and "no-contact" in lows:
        return (
            Level.REFUSE,
            PolicingKind.CONTACT,
            c.words,
        )  # "breach of the no-contact ... by Mother"
    if c.verb in ("inform", "tell", "report", "notify") and him and not c.subject:
        return Level.REFUSE, PolicingKind.REPORTING, c.words
    if (
        _controls_him(scope)
        and (not c.subject_named or c.subject & {HER, BOTH, THING})
        and (holder in (HER, BOTH, None) or _has(scope, HER))
    ):
        return Level.REFUSE, PolicingKind.CONTROL, c.words
    if (
        ((c.passive and c.verb in ("allow", "let", "permit")) or (c.allowed and c.negated))
        and HIM in c.subject
        and not assigned
        and (kids or _has(scope, HER) or lows & _PLACES or c.passive)
    ):
        return Level.REFUSE, PolicingKind.CONTROL, c.words  # "Dad is not to be allowed in"
    if _has(scope, HER) and lows & _WATCHING:
        return Level.REFUSE, PolicingKind.SUPERVISION, c.words  # "with Mum listening in"
    if assigned:
        return None
    sentence = {w.low for k in _sentence_of(clauses, i) for w in k.words}
    if supervised and (him or contact) and not _centre(sentence):
        return Level.REFUSE, PolicingKind.SUPERVISION, c.words
    if supervised and (him or contact) and _has(scope, OTHER):
        return Level.REFUSE, PolicingKind.SUPERVISION, c.words
    if (
        him
        and kids
        and negated
        and (
            contact
            or c.verb in ("leave", "be")
            or (c.passive and c.verb in ("take", "bring", "drop"))  # "must not be taken to his"
            or lows & {"care", "alone"}
        )
    ):
        return Level.REFUSE, PolicingKind.EXCLUSION, c.words
    if (
        c.passive
        and negated
        and HIM in c.subject
        and c.verb in ("give", "tell", "show", "send")
        and lows & _HER_WHEREABOUTS
    ):
        return Level.REFUSE, PolicingKind.CONTROL, c.words  # "Dean is not to be given the address"
    his_thing = c.span is not None and _has(c.words[c.span[0] : c.span[1]], HIM)
    if (
        him
        and c.force in ("duty", "rule")
        and not c.subject_named
        and holder in (HER, BOTH, None)
        and (contact or c.verb in ("leave",))
        and not his_thing
    ):
        return Level.POSSIBLE, PolicingKind.NAMED, c.words
    return None


_HER_WHEREABOUTS = words_of(
    "address addresses number numbers details location whereabouts where school nursery phone"
)

_CONTROL_FORMS = frozenset(
    f for v in ("allow", "let", "permit", "keep", "stop", "prevent") for f in inflections(v)
)


def _controls_him(words: list[Word]) -> bool:
    """A control verb aimed at him inside a noun phrase: "allowing Father into the family
    home", "Failure by Sally to keep Paul away"."""
    for k, w in enumerate(words):
        if w.low not in _CONTROL_FORMS:
            continue
        if any(x.role == HIM for x in words[k + 1 : k + 4]):
            return True
        # "Failure to prevent contact between the children and Mr Reid"
        if any(x.low in CONTACT_NOUNS for x in words[k + 1 : k + 3]) and any(
            x.role == HIM for x in words[k + 1 : k + 9]
        ):
            return True
    return False


_WATCHING = words_of(
    "listening watching monitoring supervising supervised present overseeing checking"
)


def _centre(lows: set[str]) -> bool:
    return bool(lows & _CENTRE)


def _agent_named(words: list[Word]) -> bool:
    """Whether the clause names who carries it out: "by centre staff", "by Jean"."""
    for k, w in enumerate(words):
        if w.low == "by" and k + 1 < len(words):
            nxt = words[k + 1 : k + 4]
            if nxt[0].low in ("a", "an", "any", "another", "someone", "somebody"):
                return False  # "by a responsible person", "by a family member": no one named
            if any(x.role in (AGENCY, NET) for x in nxt):
                return True
    return False
