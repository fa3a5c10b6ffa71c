"""A term read as clauses: who does what, in which form, to whom, on which condition.

A small reader, not a parser: it splits a term into sentences and clauses (:func:`split`), and
for each clause finds where its subject is, its form (a duty: "will", "must", "is to", "agrees
to", "is expected to", a fragment "To inform ..."; a right: "can", "may", "does not have to"; a
state: "is not in a relationship"; a standing rule without a verb: "No contact between ..."),
whether it is negated or limited ("only at", "except", "via"), its verb and what follows it
(:func:`read_form`). Who the subject is is :mod:`.reading`'s.

Imports: nothing of safeplan.
"""

from __future__ import annotations

from .grammar import (
    AUX,
    BE,
    COORDINATORS,
    DETERMINERS,
    DUTY_ADJECTIVES,
    FILLERS,
    LIMITS,
    MODALS,
    NEGATIONS,
    NOUNY,
    PREPOSITIONS,
    RIGHT_ADJECTIVES,
    RIGHTS,
    SUBORDINATORS,
    bare_verb,
    finite,
    is_np_start,
    lemma_of,
    np_then_verb,
    object_follows,
    participle,
    starts_verb_group,
    verbish,
)
from .lexicon import lemma, near_miss, words_of
from .words import BOTH, HER, KIN_WORDS, Word

__all__ = ["EVENT_OPENERS", "Clause", "read_form", "sentences", "split"]


class Clause:
    """One clause of a term, as read.

    Attributes:
        opener: What opens it: None for a main clause; "and"/"or" for one joined to the clause
            before; "if"/"unless" (a condition), "when", "until", "so" (a result), "to" (a
            purpose), "that" (what someone agrees or says), "where"/"who" (a relative clause),
            "because", "whether".
        words: Its words.
        subject: The roles of its subject: its own, or carried over from the clause it is
            joined to, or the holder's; empty when none can be found.
        subject_named: Whether the clause names its subject itself.
        force: "duty", "right", "state", "rule" (a standing rule without a verb) or "event"
            (what someone does, in a condition or a time clause).
        negated: Whether its verb is negated ("will not", "never", "At no time ...").
        limited: Whether its verb is limited ("will only let ...").
        verb: The lemma of its main verb, or None.
        verb_at: Where the verb is in ``words``.
        passive: Whether the verb is passive ("is to be supervised").
        frame: Whether it introduces a list ("Mum agrees:"), whose items carry its subject.
    """

    __slots__ = (
        "allowed",
        "force",
        "frame",
        "limited",
        "negated",
        "opener",
        "passive",
        "sentence",
        "span",
        "subject",
        "subject_named",
        "verb",
        "verb_at",
        "words",
    )

    def __init__(self, opener: str | None, words: list[Word], sentence: int) -> None:
        self.opener = opener
        self.words = words
        self.sentence = sentence
        self.subject: frozenset[str] = frozenset()
        self.subject_named = False
        self.force = "rule"
        self.negated = False
        self.limited = False
        self.verb: str | None = None
        self.verb_at = 0
        self.passive = False
        self.span: tuple[int, int] | None = None
        self.frame = False
        self.allowed = False  # "is (not) allowed to": someone else's permission

    @property
    def rest(self) -> list[Word]:
        """The words after the verb: its objects and complements."""
        return self.words[self.verb_at + 1 :] if self.verb is not None else self.words

    def __repr__(self) -> str:  # for debugging the reader; never in a message
        return (
            f"Clause({self.opener}, subj={sorted(self.subject)}, {self.force}, "
            f"neg={self.negated}, lim={self.limited}, verb={self.verb}, pas={self.passive}, "
            f"{' '.join(w.low for w in self.words)!r})"
        )


# --- sentences and clauses --------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "e", "g", "i", "e.g", "i.e", "etc", "no"}
)
_CLAUSE_MARKS = frozenset({";", ":", "-", "\u2022", "*", "(", ")", '"'})
_SENTENCE_MARKS = frozenset({".", "!", "?"})
_REPORTING = words_of(
    "agree agrees agreed expect expects expected say says said understand understands "
    "accept accepts know knows means mean think thinks feel feels decide decides "
    "promise promises confirm confirms undertake undertakes believe demonstrate demonstrates "
    "show shows prove proves saying stating states stated"
)
# Verbs whose object does what the infinitive says: "wants me to report him" is my duty.
_ASKING = words_of(
    "want wants wanted expect expects expected ask asks asked tell tells told need needs "
    "require requires required instruct instructs instructed advise advises advised warn "
    "warns warned make makes made get gets got"
)
# Words before "to" that make the infinitive part of the verb ("agrees to keep"), or the
# object's ("allow him to attend"), not a purpose of its own ("work with professionals to
# keep Kwame away").
_CATENATIVE = words_of(
    "able going have has had need needs ought agree agrees agreed commit commits committed is "
    "are am be was were expected required asked responsible want wants wish wishes try tries "
    "plan plans aim aims continue continues seem seems like used about refuse refuses promise "
    "promises attempt attempts fail fails decide decides choose chooses undertake undertakes "
    "not never only also allowed permitted told supposed due free welcome entitled enough "
    "how what where whether when chance opportunity time way right"
)
_OBJECT_CONTROL = words_of(
    "allow let permit ask tell expect want help encourage enable invite advise remind persuade "
    "force get support require instruct"
)


def sentences(words: list[Word]) -> list[list[Word]]:
    """The sentences, each without its asides in brackets ("Jean (maternal grandmother) will
    supervise" reads as "Jean will supervise"; a bracket that holds a whole term is kept)."""
    out: list[list[Word]] = []
    current: list[Word] = []
    depth = 0
    for i, w in enumerate(words):
        if w.kind == "punct" and w.low in ("(", "["):
            depth += 1
            if current:
                continue
        if depth:
            if w.kind == "punct" and w.low in (")", "]"):
                depth -= 1
                continue
            if current:
                continue
        if w.kind == "punct" and w.low in _SENTENCE_MARKS:
            prev = words[i - 1].low if i else ""
            if w.low == "." and prev in _ABBREVIATIONS:
                continue
            if current:
                out.append(current)
            current = []
            continue
        current.append(w)
    if current:
        out.append(current)
    return out


def _bare_after_third_person(words: list[Word], start: int, j: int) -> bool:
    """Whether the verb at ``j`` is a bare form that cannot go on a condition whose subject is
    "he", "she" or a name: in "if Tomasz contacts her and show it to the social worker",
    "show" goes on the main clause."""
    w = words[j]
    if lemma(w.low) != w.low:
        return False
    head = words[start] if start < len(words) else None
    return head is not None and (head.kind == "name" or head.low in ("he", "she", "it"))


EVENT_OPENERS = frozenset({"if", "unless", "when", "until", "because", "where", "who", "so"})
_SPLIT_WORDS: frozenset[str] = frozenset()
_SPLIT_AFTER: frozenset[str] = frozenset()


def _split_words() -> tuple[frozenset[str], frozenset[str]]:
    at = set(SUBORDINATORS) | _CLAUSE_MARKS | COORDINATORS
    at |= {"between", "even", "as", "so", "in", "just", "should", "that", "to", "every"}
    at |= {"each", "any", "no", "me", "us", "you", "i", "he", "she", "we", "they"}
    after = _REPORTING | _ASKING | {"told", "warned", "informed", "said", "says", "is", "was"}
    return frozenset(at), frozenset(after)


def split(words: list[Word], sentence: int) -> list[Clause]:
    clauses: list[Clause] = []
    opener: str | None = None
    start = 0
    i = 0
    n = len(words)

    def close(end: int, next_opener: str | None) -> None:
        nonlocal start, opener
        part = words[start:end]
        if part:
            clauses.append(Clause(opener, part, sentence))
        opener = next_opener
        start = end

    between = False  # inside "between X and Y"
    conditional = False
    while i < n:
        w = words[i]
        low = w.low
        prev = words[i - 1].low if i else ""
        conditional = opener in ("if", "when", "unless")
        if (
            low not in _SPLIT_WORDS
            and prev not in _SPLIT_AFTER
            and not (conditional and w.kind != "punct" and i > start + 1)
        ):
            i += 1  # most words open nothing: a quick way past them
            continue
        if low == "between":
            between = True
        if w.kind == "punct" and low in _CLAUSE_MARKS:
            before = len(clauses)
            close(i, None)
            if low == ":" and len(clauses) > before:
                clauses[-1].frame = True
            start = i + 1
            i += 1
            between = False
            continue
        if low == "even" and i + 1 < n and words[i + 1].low in SUBORDINATORS:
            close(i, None)
            start = i + 1
            i += 1
            continue
        if low == "as" and i + 2 < n and words[i + 1].low == "soon" and words[i + 2].low == "as":
            close(i, "if")  # "as soon as Paul breaks his bail conditions"
            start = i + 3
            i = start
            continue
        if w.kind == "word" and low in SUBORDINATORS and i + 1 < n:
            if low == "as" and not np_then_verb(words, i + 1):
                i += 1
                continue
            if low in ("who", "which", "where") and i == 0:
                i += 1
                continue
            if low == "after" and words[i + 1].low in ("each", "every", "the", "it"):
                i += 1
                continue
            close(i, SUBORDINATORS[low])
            start = i + 1
            i += 1
            continue
        if low == "so" and i + 1 < n and (words[i + 1].low == "that" or np_then_verb(words, i + 1)):
            close(i, "so")
            start = i + 2 if words[i + 1].low == "that" else i + 1
            i = start
            continue
        if (
            low in ("every", "each", "any")
            and i + 2 < n
            and words[i + 1].low == "time"
            and (np_then_verb(words, i + 2))
        ):
            close(i, "if")  # "every time he turns up"
            start = i + 2
            i = start
            continue
        if low == "in" and i + 3 < n and words[i + 1].low == "the" and words[i + 2].low == "event":
            close(i, "if")  # "in the event that Mr Jones attends", "in the event of ..."
            start = i + 4 if words[i + 3].low in ("that", "of") else i + 3
            i = start
            continue
        if low in ("in", "just") and i + 1 < n and words[i + 1].low == "case":
            close(i, "if")
            start = i + 2
            i = start
            continue
        if (
            low == "should"
            and (i == 0 or prev in (",", "and", "but", "or"))
            and is_np_start(words[i + 1] if i + 1 < n else w)
        ):
            close(i, "if")
            start = i + 1
            i += 1
            continue
        if low == "that" and (prev in _REPORTING or (prev in ("is", "was") and i > 1)):
            close(i, "that")
            start = i + 1
            i += 1
            continue
        if prev in _REPORTING and i > 1 and np_then_verb(words, i):
            close(i, "that")
            i += 1
            continue
        if (
            prev in _ASKING
            and (w.low in ("me", "us", "you") or (w.kind == "name" and w.role in (HER, BOTH)))
            and (i + 2 < n and words[i + 1].low == "to" and bare_verb(words[i + 2]))
        ):
            close(i, "that")  # "the social worker wants me to report him": my duty
            i += 1
            continue
        if prev in _REPORTING | {"said", "says"} and low == "no":
            close(i, "that")  # "the contract said no contact with him"
            i += 1
            continue
        if (
            low == "that"
            and i + 1 < n
            and words[i + 1].low in ("i", "he", "she", "we", "they", "you")
            and (np_then_verb(words, i + 1, infinitive=False))
        ):
            close(i, "that")  # "they put in the plan that I can't have him in the house"
            start = i + 1
            i += 1
            continue
        if (
            w.low in ("i", "he", "she", "we", "they")
            and prev in ("me", "us", "you", "him", "her", "them")
            and i > start + 1
            and any(finite(x) for x in words[start:i])
            and np_then_verb(words, i, infinitive=False, reach=3)
        ):
            close(i, "that")  # "the SW told me I have to report him"
            i += 1
            continue
        if (
            prev in ("told", "warned", "informed")
            and w.low in ("i", "he", "she", "we", "they")
            and (np_then_verb(words, i))
        ):
            close(i, "that")  # "I was told I had to ring the police"
            i += 1
            continue
        if (
            opener in ("if", "when", "unless")
            and i > start + 1
            and (
                w.kind == "name"
                or w.low in ("i", "he", "she", "they", "we", "you")
                or (
                    w.low in KIN_WORDS
                    and words[i - 1].low not in DETERMINERS | {"'s", "his", "her", "their", "my"}
                )
            )
            and any(verbish(x) for x in words[start:i])
            and np_then_verb(words, i, infinitive=False, reach=3)
        ):
            close(i, None)  # "If he comes round I have to call them."
            i += 1
            continue
        if (
            low == "to"
            and i + 1 < n
            and i > start
            and bare_verb(words[i + 1])
            and prev not in _CATENATIVE
            and words[i - 1].kind != "pronoun"
            and words[i + 1].low != "be"
            and any(finite(x) for x in words[start:i])
            and not any(lemma(x.low) in _OBJECT_CONTROL for x in words[start:i])
        ):
            close(i, "to")  # a purpose: "... to keep Kwame away"
            start = i + 1
            i += 1
            continue
        if low == "and" and between:
            between = False
            i += 1
            continue
        if (
            w.kind in ("word", "punct")
            and low in COORDINATORS
            and i + 1 < n
            and (
                any(finite(x) or x.low in AUX for x in words[start:i])
                or (opener is not None and low == ",")  # "Until further notice, Priya will ..."
            )
        ):
            j = i + 1
            while j < n and words[j].low in ("then", "also", "and", "immediately", "straight"):
                j += 1
            if starts_verb_group(words, j) or np_then_verb(words, j):
                subordinate = opener in EVENT_OPENERS
                new_subject = not starts_verb_group(words, j)
                joined: str | None = "or" if low in ("or", "nor") else "and"
                if subordinate and new_subject:
                    joined = None  # "If Paul comes, Sally will ..."
                elif (
                    subordinate
                    and words[j].low not in MODALS
                    and low != ","
                    and not _bare_after_third_person(words, start, j)
                ):
                    joined = opener  # "if I didn't go on the course or got back with my ex"
                close(i, joined)
                start = j
                i = j
                continue
        i += 1
    close(n, None)
    return clauses


# --- reading one clause ---------------------------------------------------------------------


def read_form(clause: Clause, words: list[Word]) -> None:
    """Find the clause's subject span, its form, negation, verb and passive."""
    i = 0
    n = len(words)
    while (
        i < n
        and (words[i].low in FILLERS or (words[i].low.endswith("ly") and i == 0))
        and (words[i].kind == "word")
    ):
        i += 1
    if i + 2 < n and words[i].low == "at" and words[i + 1].low == "no":
        # "At no time is Mr Hughes to be left ...", "At no point should the children ..."
        clause.negated = True
        i += 3
        if i < n and (words[i].low in MODALS or words[i].low in BE):
            inverted = words[i]
            subject_end = _np_end(words, i + 1)
            clause.subject_named = subject_end > i + 1
            _mark_subject(clause, words, i + 1, subject_end)
            rest = [inverted, *words[subject_end:]]
            _verb_group(clause, rest, 0, offset_words=words, offset=subject_end - 1)
            return
    if i + 1 < n and words[i].low == "there" and words[i + 1].low in BE:
        # "There is to be no contact between ..."
        j = i + 2
        if j + 1 < n and words[j].low == "to" and words[j + 1].low == "be":
            clause.force = "duty"
            j += 2
        else:
            clause.force = "state"
        clause.verb = "be"
        clause.verb_at = j - 1
        clause.span = (i, i + 1)  # "there": a thing, never the holder
        clause.negated = any(w.low in NEGATIONS for w in words[j:])
        return
    if (
        i + 3 < n
        and words[i].low == "it"
        and words[i + 1].low == "is"
        and (
            words[i + 2].low in ("on", "up", "my", "her", "his", "your", "our", "their")
            or words[i + 2].kind == "name"
            or words[i + 2].role is not None
        )
    ):
        # "it's on me to make sure ...", "it is up to her to ..."
        # "It is Mother's responsibility to ..."
        for k in range(i + 2, min(i + 7, n)):
            if words[k].low == "to" and k + 1 < n and bare_verb(words[k + 1]):
                who = next(
                    (
                        j
                        for j in range(i + 2, k)
                        if words[j].kind in ("pronoun", "name") or words[j].role
                    ),
                    i + 2,
                )
                _mark_subject(clause, words, who, who + 1)
                clause.subject_named = True
                _verb_group(clause, words, k)
                return
    if i < n and starts_verb_group(words, i):
        _verb_group(clause, words, i)
        return
    end = _np_end(words, i)
    if (
        end >= n
        and i + 1 < n
        and words[i].kind in ("name", "pronoun")
        and (
            words[i + 1].kind == "word"
            and words[i + 1].low.endswith(("s", "ed"))
            and words[i + 1].low.isalpha()
        )
    ):
        # "If Paul knocks": a verb the lexicon does not know, after a name
        _mark_subject(clause, words, i, i + 1)
        clause.subject_named = True
        clause.force = "state"
        low = words[i + 1].low
        clause.verb = low[:-2] if low.endswith("ed") else low[:-1]
        clause.verb_at = i + 1
        return
    if end >= n:
        # No verb: a standing rule ("No contact between the parents.") or a label.
        _mark_subject(clause, words, i, n)
        clause.subject_named = False
        clause.force = "rule"
        clause.negated = any(w.low in NEGATIONS for w in words)
        clause.verb = None
        clause.verb_at = 0
        return
    _mark_subject(clause, words, i, end)
    clause.subject_named = end > i
    _verb_group(clause, words, end)


def _np_end(words: list[Word], i: int) -> int:
    """Where the noun phrase starting at ``i`` ends: at the first word that opens a verb
    group after it."""
    n = len(words)
    j = i
    while j < n:
        w = words[j]
        if j > i and w.kind == "word":
            if w.low in MODALS or w.low in AUX:
                return j
            if w.low == "to" and j + 1 < n and bare_verb(words[j + 1]):
                return j
            if (
                w.low in ("not", "never")
                and j + 1 < n
                and (verbish(words[j + 1]) or words[j + 1].low == "to")
            ):
                return j
            prev = words[j - 1]
            base = lemma(w.low)
            if (
                base is not None
                and (w.low in NOUNY or lemma(w.low) in NOUNY)
                and not (object_follows(words, j))
            ):
                base = None
            if (
                base is not None
                and not w.low.endswith("ing")
                and prev.low not in DETERMINERS
                and prev.low not in PREPOSITIONS
                and prev.low != "'s"
                and not (
                    prev.kind == "word" and prev.low in ("his", "her", "their", "my", "our", "your")
                )
            ):
                return j
            if base is None and near_miss(w.low) is not None:
                return j
        j += 1
    return n


def _mark_subject(clause: Clause, words: list[Word], start: int, end: int) -> None:
    clause.verb_at = end
    clause.span = (start, end)


def _verb_group(
    clause: Clause,
    words: list[Word],
    k: int,
    *,
    offset_words: list[Word] | None = None,
    offset: int = 0,
) -> None:
    n = len(words)
    force = "state"
    negated = clause.negated
    passive = False

    def at(j: int) -> str:
        return words[j].low if j < n else ""

    def done(j: int, verb: str | None) -> None:
        clause.force = force
        clause.negated = negated
        clause.passive = passive
        clause.verb = verb
        clause.verb_at = (j + offset) if offset_words is not None else j

    if at(k) == "to":  # a fragment: "To inform SW ...", "Mum to ensure ..."
        force = "duty"
        k += 1
    elif at(k) in ("not", "never") and at(k + 1) == "to":
        force = "duty"
        negated = True
        k += 2
    while k < n:
        low = at(k)
        if low in MODALS:
            if force not in ("duty", "right"):
                force = "right" if low in RIGHTS else "duty"
            k += 1
            if at(k) in ("not", "never", "no") and low in RIGHTS:
                force = "duty"  # "cannot", "may not": a prohibition
            continue
        if low in NEGATIONS and low != "nor":
            if low in ("not", "never", "no") and (
                (k + 1 < n and verbish(words[k + 1])) or at(k + 1) in LIMITS
            ):
                negated = True
                k += 1
                continue
            if low == "no":
                negated = True
                k += 1
                continue
            negated = True
            k += 1
            continue
        if low in FILLERS or (
            low.endswith("ly") and low not in ("only", "apply", "reply", "rely", "supply")
        ):
            k += 1
            continue
        if low in ("only", "solely", "just") and k + 1 < n and verbish(words[k + 1]):
            clause.limited = True
            k += 1
            continue
        if low in ("do", "does", "did") and at(k + 1) in ("not", "never"):
            negated = True
            k += 2
            if at(k) in ("have", "need") and at(k + 1) == "to":
                force = "right"  # "does not have to": no duty
                negated = False
                k += 2
            continue
        if low in ("has", "have", "had", "'ve") and at(k + 1) == "got" and at(k + 2) == "to":
            if force != "right":
                force = "duty"  # "I've got to get the kids out"
            k += 3
            continue
        if (
            low in ("has", "have", "had")
            and k + 1 < n
            and at(k + 1) != "been"
            and participle(at(k + 1))
            and (at(k + 1) not in ("to",))
        ):
            k += 1  # "has agreed to", "have told": the perfect, not "have"
            continue
        if (
            low in ("has", "have", "had")
            and at(k + 1) == "been"
            and at(k + 2) in ("told", "asked", "advised", "instructed")
            and at(k + 3) == "to"
        ):
            force = "duty"  # "she has been told to keep him away"
            k += 4
            continue
        if low in ("has", "have", "had", "need", "needs", "ought") and at(k + 1) == "to":
            if force != "right":
                force = "duty"
            k += 2
            continue
        if low in BE:
            nxt = at(k + 1)
            if nxt in ("not", "never"):
                negated = True
                k += 1
                nxt = at(k + 1)
            if nxt in ("only", "also", "just", "still") and at(k + 2) in ("to", "not"):
                clause.limited = clause.limited or nxt == "only"  # "is only to visit when ..."
                k += 1
                nxt = at(k + 1)
            if nxt == "to":
                force = "duty"
                k += 2
                if at(k) == "be":
                    k += 1
                    if k < n and participle(at(k)):
                        passive = True
                        done(k, lemma_of(at(k)))
                        return
                continue
            if nxt in DUTY_ADJECTIVES and at(k + 2) in ("to", "for"):
                force = "duty" if not negated else "right"
                if nxt == "responsible" and negated:
                    force = "right"
                negated = False if force == "right" else negated
                k += 3
                continue
            if nxt in ("meant", "supposed", "told", "advised", "instructed", "warned", "made") and (
                at(k + 2) == "to"
            ):
                force = "duty"  # "I'm meant to phone", "she was told to keep him away"
                k += 3
                continue
            if (
                nxt == "been"
                and at(k + 2) in ("told", "asked", "advised", "instructed")
                and (at(k + 3) == "to")
            ):
                force = "duty"
                k += 4
                continue
            if nxt in RIGHT_ADJECTIVES and at(k + 2) == "to":
                force = "duty" if negated else "right"  # "is not allowed to see him": must not
                clause.allowed = nxt in ("allowed", "permitted")
                k += 3
                continue
            if nxt == "on" and at(k + 2) in ("me", "her", "him", "them", "you", "us"):
                force = "duty"
                k += 3
                if at(k) == "to":
                    k += 1
                continue
            if k + 1 < n and participle(nxt) and nxt not in ("in", "with"):
                passive = True
                done(k + 1, lemma_of(nxt))
                return
            done(k, "be")
            return
        if low in (
            "agree",
            "agrees",
            "agreed",
            "commit",
            "commits",
            "committed",
            "undertake",
            "undertakes",
            "promise",
            "promises",
            "continue",
            "continues",
            "keep",
            "keeps",
            "try",
            "tries",
            "aim",
            "aims",
            "expect",
            "expects",
            "want",
            "wants",
            "wish",
            "wishes",
            "plan",
            "plans",
            "intend",
            "intends",
            "attempt",
            "attempts",
        ):
            nxt = at(k + 1)
            if nxt in ("not", "never") and at(k + 2) == "to":
                negated = True
                force = (
                    "duty"
                    if force in ("state", "duty")
                    and low.startswith(("agree", "commit", "undertake", "promise"))
                    else force
                )
                k += 3
                continue
            if nxt == "to":
                if low.startswith(("agree", "commit", "undertake", "promise")) and force != "right":
                    force = "duty"
                k += 2
                continue
            if (
                low in ("keep", "keeps", "continue", "continues")
                and nxt.endswith("ing")
                and lemma(nxt)
            ):
                k += 1
                continue
            if low.startswith(("agree", "commit")) and nxt in (":", "-", ""):
                force = "duty"
                done(k, lemma_of(low))
                return
        if participle(low) and at(k + 1) == "by":
            passive = True
            done(k, lemma_of(low))
            return
        if low in ("make", "makes", "making", "made") and at(k + 1) == "sure":
            done(k + 1, "ensure")
            return
        if low == "see" and at(k + 1) == "to" and at(k + 2) == "it":
            done(k + 2, "ensure")
            return
        base = lemma_of(low)
        if base is None:
            fix = near_miss(low)
            if fix is not None:
                done(k, fix)
                return
            if force in ("duty", "right") and words[k].kind == "word" and low.isalpha():
                done(k, low)  # an unknown verb after a modal
                return
            k += 1
            if k - (clause.verb_at if offset_words is None else 0) > 4:
                break
            continue
        if base == "be":
            k += 0
        done(k, base)
        return
    clause.force = force if force != "state" else "rule"
    clause.negated = negated
    clause.verb = None
    clause.verb_at = 0


_SPLIT_WORDS, _SPLIT_AFTER = _split_words()
