"""Safety details: what in a sentence would help a person causing harm find, track or retaliate
against the adult at risk or the children.

The categories are those of safeplan's domain notes (after the ICO's reprimands, SafeLives on
MARAC confidentiality, and Family Law Act 1996 s.45 on applications made without notice): where
they are or will be; where the children are in the day; routines; her appointments and
services with a place or a time; her specialist help; a court application she is making; her
new contact details; her plans to move; a child's words that expose the child.

How a text is read, one sentence and one clause at a time:

1. **Words** (:mod:`.safety_text`, over the lexicons of :mod:`.safety_words`): the text is cut
   into words once, and every phrase (people and agencies, times, routines, services, moving,
   court orders, contact details, the words that join clauses), every name of the
   :class:`Cast`, every number and every named place ("in Ossett", "Hillside Primary") is
   found with its kind and span.
2. **Who.** Each mention of a person has a side: hers (the adult at risk, the children, her
   network), his (the person causing harm and his family), a professional's, or anyone's.
   Pronouns take the side of the person they most likely stand for, across the sentences of
   the text; "I" and "we" are the holder's.
3. **Whose clause.** A sentence is cut into clauses at the words that join them and where a
   new subject starts. A clause is *his* when he is its subject, when professionals act on him
   alone ("Amira will visit Paul at his flat"), or when it tells the circumstances of what he
   did ("Tomasz hit her when she said ..."); it is *theirs* when its subject is on her side, or
   when professionals act on her or the children.
4. **What.** Some details disclose in any clause: her specialist help (MARAC, an IDVA, a
   refuge, a marker on her address), a court application she is making, her phone number or
   email, a named school or nursery, an address, a wish that he not know, a child's own words.
   Others disclose only in a clause of theirs: a named place, a time or a specific place joined
   to a routine or an appointment, a route, a new home, a plan to move. A place he already
   knows ("the former family home") never counts, and a restriction on him names a place only
   when it names one ("Paul will not go to the children's school" is quiet; "he will not go
   near Hillside Primary" is not).

Everything is compiled at import (the cast's names once per cast); the work is linear in the
text.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import bisect
import enum
import re

import attrs

from .cast import Cast
from .safety_text import (
    ANALYSED,
    ANY,
    CHILD,
    CUES,
    HER,
    HIM,
    KIN,
    NET,
    OTHER,
    PERSONS,
    POSSESSIVE_PRONOUNS,
    PRO,
    SIDE_OF_ROLE,
    SPEECH_AFTER,
    THEIRS,
    Text,
    Word,
    cut,
    quiet,
    read,
    sentence_spans,
    word_set,
)
from .safety_words import AUX, CHILD_PLACE_TYPES

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


# --- the analysis's words ------------------------------------------------------------------

_FEMALE = word_set(
    "mum mummy mam mammy mom mommy mother nan nana nanna nain gran granny grandma grandmother "
    "auntie aunty aunt sister stepmum"
)
_MALE = word_set(
    "dad daddy dada father papa grandad grandpa grandfather taid uncle brother stepdad"
)
_HE = word_set("he him his himself")
_SHE = word_set("she her hers herself")
_THEY = word_set("they them their theirs themselves")
_SELF = word_set("i me my mine myself we us our ours")
_YOU = word_set("you your yours")
# Words before a name that make it one of several subjects, or someone's.
_CONDITIONS = word_set("if when unless once whenever after before until")
_CONJOINED = word_set("and or nor & , both either with his her their my our your s '")
_QUESTION_WORDS = word_set("what where which how whether if")
# A child telling someone: their words are exposing whatever they said.
_TELLING = word_set(
    "told tells tell disclosed discloses wrote writes shared shares explained explains described "
    "describes asked asks whispered"
)
_DOCUMENT_WORDS = word_set("this child s the")
_SUBORDINATE = word_set(
    "where wherever who whom whose which that if unless until once when whenever because while "
    "whereas although though before after case than"
)
# Clauses that tell when or why something happened: under a clause about him, they are about
# him too ("Tomasz hit her when she said ...": what she said, he heard).
_CIRCUMSTANCE = word_set("when whenever while after before because as until")
_FRAMES = word_set("routine appointment where routine_alone")
# The kinds of word that can carry a detail on their own or with a routine; a sentence is
# analysed only when it holds one of them, secrecy, or a child (safety_text's screen relies on it).
_CUES = CUES
_ANALYSED = ANALYSED
_SCHOOL_TYPES = CHILD_PLACE_TYPES - {"surgery", "practice"}
_MOTHERS = word_set("mum mummy mam mom mother")
_FATHERS = word_set("dad daddy dada father")
# His family, in the lexicon's words ("his mother", "his parents").
_HIS_FAMILY = word_set(
    "mum mummy mam mom mother dad daddy father sister sisters brother brothers family friends "
    "friend parents partner nan gran granny grandma grandad grandparents grandmother "
    "grandfather aunt auntie uncle cousin cousins in-laws"
)
_SERVICE_NUMBER = re.compile(
    r"(?:0800|0808|0300|0330|0333|0343|0344|0345|0370|0371|0843|0844|0845|0870|0871|0872|09|"
    r"0500|116|999|112|101|111)"
)

_SPEECH = SPEECH_AFTER


@attrs.define(slots=True)
class _Clause:
    start: int
    end: int
    join: str  # the word that opened it ("", "where", "if", ";" ...)
    join_end: int
    words: list[Word] = attrs.Factory(list)
    people: list[Word] = attrs.Factory(list)
    subject: str | None = None
    main: bool = True
    his: bool = False  # about him: he is its subject, or it tells how he behaved


@attrs.define(slots=True)
class _Sentence:
    t: Text
    start: int
    end: int
    ti: int  # its words are t.tokens[ti:tj]
    tj: int
    words: list[Word]
    people: list[Word]
    kinds: set[str]

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.t.tokens[self.ti : self.tj])


# --- who ------------------------------------------------------------------------------------


@attrs.define(slots=True)
class _Pronouns:
    """Who the pronouns of a text can stand for: everyone named so far, in order ("Tariq can
    call 999. The police have a marker on his address."), and who is known to be "she" or
    "he"."""

    holder: str | None
    seen: list[Word] = attrs.Factory(list)
    female: set[str] = attrs.Factory(set)
    male: set[str] = attrs.Factory(set)

    def resolve(self, people: list[Word]) -> None:
        """Give each pronoun the side of the person it most likely stands for, and family and
        friends the side of whoever they belong to."""
        holder, seen, female, male = self.holder, self.seen, self.female, self.male
        first = len(seen)  # where this sentence's people start
        owner: Word | None = None
        for w in people:
            if w.side == KIN:
                w.side = _kin_side(w, owner if owner is not None and w.ti - owner.tj <= 2 else None)
            owner = w if w.possessive else None
            if w.side is not None:
                seen.append(w)
                if w.key in _FEMALE:
                    female.add(w.key)
                elif w.key in _MALE:
                    male.add(w.key)
                continue
            key = w.key
            if key in _SELF:
                w.side = holder or HER
            elif key in _YOU:
                w.side = holder or ANY
            elif key in _THEY:
                w.side = next((p.side for p in reversed(seen) if p.side not in (HIM, None)), CHILD)
            else:
                he = key in _HE
                avoid = female if he else male
                pick = next(
                    (p for p in reversed(seen) if p.side in PERSONS and p.key not in avoid), None
                )
                if not he and pick is not None and pick.side == HIM and pick.key not in female:
                    # With no gender known, "she" next to him and her is more often her.
                    pick = next(
                        (
                            p
                            for p in reversed(seen[first:])
                            if p.side in THEIRS and p.key not in male
                        ),
                        pick,
                    )
                if pick is None:
                    pick = next((p for p in reversed(seen) if p.side == PRO), None)
                if pick is None:
                    default = HIM if he else HER
                    w.side = holder if holder in (HER, HIM, CHILD, NET) else default
                else:
                    w.side = pick.side
                    (male if he else female).add(pick.key)
                    if pick.key not in _HE | _SHE:
                        w.key = pick.key
            seen.append(w)


def _kin_side(w: Word, owner: Word | None) -> str:
    """The side of "mum", "his sister", "Siobhan's dad": his family is his; hers, her
    children's and her friends' are hers, except that a child's father is taken to be the
    person causing harm unless the cast says otherwise (it names "Dad" when it knows)."""
    key = w.key
    if owner is None or owner.side is None:
        return HER if key in _MOTHERS else HIM if key in _FATHERS else NET
    if owner.side == HIM:
        return HIM
    if owner.side == CHILD and key in _FATHERS:
        return HIM
    if owner.side == CHILD and key in _MOTHERS:
        return HER
    return NET


def _clauses(s: _Sentence) -> list[_Clause]:
    cuts: list[tuple[int, str, int]] = []
    tokens = s.t.tokens
    for w in s.words:
        if w.kind in ("join", "stop"):
            if tokens[w.ti] in ("(", ")") and _aside(tokens, w.ti):
                continue  # "Sam (8) and Alfie (5)": an age, not a clause
            cuts.append((w.start, tokens[w.tj - 1], w.end))
        elif (
            # A subject followed by its verb starts a clause ("... told his teacher he is ...")
            # unless it is one of several subjects ("Sally and Paul will") or someone's.
            w.kind == "person"
            and not w.possessive
            and w.side is not None
            and w.tj < len(tokens)
            and tokens[w.tj] in AUX
            and (
                w.ti == 0
                or tokens[w.ti - 1] not in _CONJOINED
                # "If Paul comes to the door, Sally will take ...": the comma ends the condition.
                or (tokens[w.ti - 1] == "," and any(c[1] in _CONDITIONS for c in cuts))
            )
        ):
            cuts.append((w.start, "", w.start))
    cuts.sort()
    clauses = [_Clause(s.start, s.end, "", s.start)]
    for at, word, join_end in cuts:
        opened = clauses[-1]
        if at <= opened.start or (not word and not s.t.tokens_between(opened.join_end, at)):
            if word:
                opened.join, opened.join_end = word, join_end
            continue
        opened.end = at
        clauses.append(_Clause(at, s.end, word, join_end))
    i = 0
    for w in s.words:
        while i < len(clauses) - 1 and w.start >= clauses[i].end:
            i += 1
        clauses[i].words.append(w)
        if w.kind == "person":
            clauses[i].people.append(w)
    return clauses


def _aside(tokens: list[str], i: int) -> bool:
    """Whether the bracket at word ``i`` holds only a number: "(8)"."""
    if tokens[i] == "(":
        return i + 2 < len(tokens) and tokens[i + 1].isdigit() and tokens[i + 2] == ")"
    return i >= 2 and tokens[i - 1].isdigit() and tokens[i - 2] == "("


def _subjects(s: _Sentence, clauses: list[_Clause], holder: str | None) -> None:
    main_subject: str | None = holder
    main_his = False
    for c in clauses:
        c.main = c.join not in _SUBORDINATE
        people = c.people
        subject = None
        if people:
            first = people[0]
            subject = first.side
            second = people[1] if len(people) > 1 else None
            if (
                second is not None
                and HIM in (first.side, second.side)
                and (s.t.tokens[first.tj : second.ti] in (["and"], ["&"]))
            ):
                subject = HIM  # "Sally and Paul lived ...": a subject with him is about him
            elif (
                # "her mum", "Siobhan's dad": the head noun is the subject, but a professional
                # of hers acts for her ("Sally's solicitor has applied").
                second is not None
                and first.possessive
                and second.ti - first.tj <= 2
                and (first.key in POSSESSIVE_PRONOUNS or second.side != PRO)
            ):
                subject = second.side
        if subject is None:
            subject = main_subject
        c.subject = subject
        c.his = subject == HIM or (c.join in _CIRCUMSTANCE and main_his)
        if c.main and people:
            main_subject = subject
        if c.main:
            main_his = c.his


# --- what each clause says ------------------------------------------------------------------


# A detail while the text is read: its span and category (made a SafetyDetail once, at the end).
_Found = tuple[int, int, SafetyCategory]


def _detail(category: SafetyCategory, *words: Word) -> _Found:
    return min(w.start for w in words), max(w.end for w in words), category


def _frame_category(kinds: set[str], subject: str | None, words: list[Word]) -> SafetyCategory:
    school = any(
        w.kind == "generic_place" and ("school" in w.key or "nursery" in w.key) for w in words
    )
    if any(w.place == "child" for w in words) or (subject == CHILD and school):
        return SafetyCategory.CHILDREN_IN_THE_DAY
    if "where" in kinds:  # living, staying
        return SafetyCategory.WHERE_THEY_ARE
    if kinds & {"routine", "routine_alone"}:
        return SafetyCategory.ROUTINE
    if "appointment" in kinds:
        return SafetyCategory.APPOINTMENT
    return SafetyCategory.ROUTINE


def _possessor(words: list[Word], w: Word) -> Word | None:
    """The person whose thing this is ("his new flat", "Sally's new number"), if said."""
    owner = None
    for p in words:
        if p.kind == "person" and p.tj <= w.ti and w.ti - p.tj <= 2:
            owner = p
    return owner if owner is not None and owner.possessive else None


def _known(s: _Sentence, c: _Clause, w: Word) -> bool:
    """Whether a place is one he already knows: the former home, his own flat, where they
    lived with him ("Sally and the children lived with Paul at 22 Brook Lane until 9 January")."""
    for k in c.words:
        if k.kind == "known" and k.end <= w.end and w.start - k.end <= 40:
            return True
    owner = _possessor(c.words, w)
    if owner is not None and owner.side == HIM:
        return True
    with_him = [p for p in c.people if p.side == HIM and p.end <= w.start]
    if with_him:
        before = s.t.lower[c.start : with_him[-1].start]
        return _LIVED_WITH.search(before) is not None
    return False


_SIGHTINGS = frozenset(
    {
        "seen at",
        "seen outside",
        "seen near",
        "seen in",
        "is seen at",
        "spotted at",
        "spotted outside",
        "found at",
        "found outside",
        "waits at",
        "waiting at",
        "waits outside",
        "waiting outside",
        "hanging around",
        "hangs around",
    }
)
_HIS_PLACE = re.compile(r"[^.;]{0,12}\bwhere\s+(?:his|he)\b")  # matched right after the place
_GOES_ON = frozenset({"and", "then", ", and", "and then", ", then"})
_ASKING_ABOUT = re.compile(r"\b(?:ask|asking|talk|talking|question|questioning)\b[^.;]*\babout\b")
_UNSERVED = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:been\s+)?served\b|\byet\s+to\s+be\s+served\b|\bbefore\s+it\s+is\s+served\b"
)
_LIVED_WITH = re.compile(r"\b(?:lived|were\s+living|was\s+living|used\s+to\s+live)\s+with\s+$")


def _clause_details(s: _Sentence, c: _Clause, previous: _Clause | None) -> list[_Found]:
    kinds = {w.kind for w in c.words}
    if kinds.isdisjoint(_CUES) and not (previous is not None and c.join == "where"):
        return []
    sides = {p.side for p in c.people}
    if c.join == ":" and previous is not None and all(p.possessive for p in c.people):
        # Note form: "Next core group for Mum only: 12/06, 2pm, at the children's centre".
        sides = {p.side for p in previous.people}
        kinds |= {w.kind for w in previous.words}
    elif not c.people and previous is not None and c.join in _GOES_ON:
        # "Femi will ring Anjali and then go to the house in Fenwick": the same people.
        sides = {p.side for p in previous.people}
    his = c.his or (c.subject in (PRO, OTHER, None) and HIM in sides and not sides & THEIRS)
    ours = bool(sides & THEIRS) or c.subject in THEIRS
    theirs = not his and ours
    generic_only = c.subject == ANY and not sides & THEIRS
    restricts = "restrict" in kinds
    found: list[_Found] = []
    add = found.append

    for w in c.words:
        kind = w.kind
        if kind == "specialist":
            if w.key == "safety plan" and s.t.before(w) in _DOCUMENT_WORDS:
                continue  # "this safety plan": the document itself
            if not generic_only:
                add(_detail(SafetyCategory.SPECIALIST_HELP, w))
        elif kind == "safe_network":
            if (
                "grown" in w.key
                or "trusted" in w.key
                or s.t.before(w) in POSSESSIVE_PRONOUNS
                or (s.t.before(w) == "s" and s.t.before(w, 2) == "'")
            ):
                add(_detail(SafetyCategory.SPECIALIST_HELP, w))
        elif kind == "marker":
            # A marker on an address is a safety measure, unless the address is his.
            if not (his and not sides & THEIRS):
                add(_detail(SafetyCategory.SPECIALIST_HELP, w))
        elif kind == "order":
            if w.key in ("without notice", "ex parte", "ex-parte"):
                add(_detail(SafetyCategory.COURT_APPLICATION, w))
                continue
            if _UNSERVED.search(s.t.lower, s.start, s.end):
                # An order made but not yet served on him: he does not know of it yet.
                add(_detail(SafetyCategory.COURT_APPLICATION, w))
                continue
            applies = [a for a in c.words if a.kind == "apply"]
            if applies and "existing" not in kinds and not his and (ours or c.subject != PRO):
                add(_detail(SafetyCategory.COURT_APPLICATION, w, applies[0]))
        elif kind in ("phone", "email"):
            if kind == "phone":
                digits = re.sub(r"\D", "", w.key)
                digits = "0" + digits[2:] if digits.startswith("44") else digits
                if _SERVICE_NUMBER.match(digits):
                    continue  # a helpline or a service, not a person's number
            # The number is the nearest person's before it: hers, or a professional's or his.
            owner = next((p for p in reversed(c.people) if p.end <= w.start), None)
            if owner.side in THEIRS if owner is not None else not his:
                add(_detail(SafetyCategory.CONTACT_DETAILS, w))
        elif kind == "contact_new":
            owner = _possessor(c.words, w)
            if owner is not None and owner.side == HIM:
                continue
            if ours or (owner is not None and owner.side in THEIRS):
                add(_detail(SafetyCategory.CONTACT_DETAILS, w))
        elif kind == "contact_call":
            # "The best time to ring Sally is ...": the one to be called comes right after.
            callee = next((p for p in s.people if p.start >= w.end), None)
            near = callee is not None and callee.start - w.end <= 2
            if (theirs and not near) or (near and callee is not None and callee.side in THEIRS):
                add(_detail(SafetyCategory.CONTACT_DETAILS, w))
        elif kind == "new_home":
            owner = _possessor(c.words, w)
            if c.subject == HIM and _ASKING_ABOUT.search(s.t.lower, c.start, w.start):
                continue  # "Paul will not ask them about Mum's new home": his restriction
            if owner is not None:
                if owner.side in THEIRS:
                    add(_detail(SafetyCategory.WHERE_THEY_ARE, w))
            elif ours:
                add(_detail(SafetyCategory.WHERE_THEY_ARE, w))
        elif kind == "new_child_place" and theirs:
            add(_detail(SafetyCategory.CHILDREN_IN_THE_DAY, w))
        elif kind == "move" and theirs:
            add(_detail(SafetyCategory.PLANS_TO_MOVE, w))
        elif kind == "routine_alone" and theirs:
            add(_detail(SafetyCategory.ROUTINE, w))

    places = [w for w in c.words if w.kind in ("place", "address", "landmark")]
    if c.join in ("where", "wherever") and previous is not None:
        places += [w for w in previous.words if w.kind in ("place", "address")]
    places = [w for w in places if not _known(s, c, w)]
    # "... with his dad's parents", "at Paul's mother's": a routine with his family he knows.
    with_his = any(p.side == HIM and (p.possessive or p.key in _HIS_FAMILY) for p in c.people)
    frames = [] if with_his else [w for w in c.words if w.kind in _FRAMES]
    if not with_his:
        frames += [w for w in c.words if w.kind == "generic_place" and "contact" not in w.key]
        if c.join == ":" and previous is not None:
            frames += [w for w in previous.words if w.kind in _FRAMES]
    for w in places:
        if w.kind == "address":
            if theirs or restricts or not his:
                add(_detail(SafetyCategory.WHERE_THEY_ARE, w))
        elif w.kind == "landmark" or w.place == "home":
            if w.place == "home" and w.side not in THEIRS:
                continue
            if theirs and frames:
                add(_detail(_frame_category(kinds, c.subject, c.words), w, frames[0]))
        elif w.place == "child":
            school = w.key.split()[-1] in _SCHOOL_TYPES
            # A school or nursery named anywhere says where the children are in the day; a
            # surgery named in a clause about his own appointments is his.
            if school or theirs or sides & THEIRS:
                add(_detail(SafetyCategory.CHILDREN_IN_THE_DAY, w))
        elif theirs:
            if w.place in ("area", "street"):
                add(_detail(SafetyCategory.WHERE_THEY_ARE, w))
            else:
                add(_detail(_frame_category(kinds, c.subject, c.words), w))
        elif his and restricts:
            sightings = [k for k in c.words if k.kind == "restrict" and k.key in _SIGHTINGS]
            only_sighted = bool(sightings) and len(sightings) == sum(
                k.kind == "restrict" for k in c.words
            )
            # "If Paul is seen at the Hollins Care Home": a place he is not to be, unless it is
            # his own (the contact centre, where his course is).
            if only_sighted and (
                "contact" in w.key or _HIS_PLACE.match(s.t.lower, w.end, s.end) is not None
            ):
                continue
            add(_detail(SafetyCategory.WHERE_THEY_ARE, w))
    times = [w for w in c.words if w.kind in ("time", "date")]
    if theirs and times and (frames or kinds & {"contact_call", "contact_new"}):
        add(_detail(_frame_category(kinds, c.subject, c.words), times[0], *(frames[:1] or times)))
    elif theirs and "time" in kinds and not c.people and not with_his:
        # Her own item with a day or an hour and nobody named: "Every Thursday morning".
        add(_detail(SafetyCategory.ROUTINE, *[w for w in times if w.kind == "time"]))
    return found


def _child_words(s: _Sentence) -> list[_Found]:
    """A child's own words, fears or wishes. Telling someone ("Mia has told her teacher ...")
    exposes the child whatever was said; any other words, views or wishes do when they are a
    named child's ("Mia wants to see Dad more often": they expose her to pressure), not when
    they are how "the children" are ("the children are frightened when he drinks" says what his
    behaviour does), nor how a child felt when it happened ("Sam was frightened and hid"); "...
    will not ask Mia what they have said" is a question, not the child's words."""
    found: list[_Found] = []
    children = [w for w in s.people if w.side == CHILD and not w.possessive]
    if not children:
        return found
    tokens = s.t.tokens
    people = {i for w in s.people for i in range(w.ti, w.tj)}
    for w in children:
        m = _SPEECH.match(s.t.lower, w.end, s.end)
        if m is None:
            continue
        i = w.ti - 1
        while i >= s.ti and (i in people or tokens[i] in _CONJOINED):
            i -= 1
        if i >= s.ti and tokens[i] in _QUESTION_WORDS:
            continue
        if _felt_then(m.group(), s.t.lower[m.end() : s.end]):
            continue
        if _TELLING.isdisjoint(m.group().split()) and not _named(w):
            # "the children are frightened when he drinks": what his behaviour does to them,
            # not words or views put in a named child's mouth.
            continue
        found.append((w.start, m.end(), SafetyCategory.CHILD_WORDS))
    return found


_FIRST_PERSON = frozenset({"i", "we", "me", "my", "us", "our"})


def _first_person_about_him(s: _Sentence) -> list[_Found]:
    """A child's own words in their own voice about him: "when dad comes we go in the big
    cupboard under the stairs" (held by the child, so "I" and "we" are the child)."""
    if not any(p.side == HIM for p in s.people):
        return []
    mine = [p for p in s.people if p.key in _FIRST_PERSON]
    return [(mine[0].start, s.end, SafetyCategory.CHILD_WORDS)] if mine else []


_GENERIC_CHILD = re.compile(
    r"^(?:(?:the|their|her|his|both|all|our|my|your|each|any|the\s+two|the\s+three)\s+)*"
    r"(?:children|child|kids|kid|baby|babies|boys|girls|boy|girl|siblings|little\s+ones)$"
)


def _named(w: Word) -> bool:
    """Whether a child is named ("Mia", "Leo and Mia"), not only spoken of ("the children")."""
    return _GENERIC_CHILD.match(w.key) is None


_PAST_FEELING = re.compile(r"\b(?:was|were|felt|got)\s+(?:\w+\s+)?\w+$")
_NOTHING_MORE = re.compile(r"^\s*(?:$|[.,;!]|and\b|but\b|so\b|at\s+the\s+time\b)")


def _felt_then(said: str, rest: str) -> bool:
    """How a child felt when something happened, with nothing about what they fear or where:
    "Sam was frightened and hid upstairs" tells him only what his own act did (he was there).
    Present fears ("Mia is scared ...") and fears with what they are of ("... frightened that
    Dad will find them") still expose the child."""
    return _PAST_FEELING.search(said) is not None and _NOTHING_MORE.match(rest) is not None


def _secrecy_category(s: _Sentence, holder: str | None, child_words: bool) -> SafetyCategory:
    kinds = s.kinds
    if child_words or holder == CHILD:
        return SafetyCategory.CHILD_WORDS
    if "move" in kinds:
        return SafetyCategory.PLANS_TO_MOVE
    if s.vocabulary & {"school", "nursery"}:
        return SafetyCategory.CHILDREN_IN_THE_DAY
    if "order" in kinds:
        return SafetyCategory.COURT_APPLICATION
    return SafetyCategory.WHERE_THEY_ARE


def safety_details(text: str, cast: Cast, *, holder: str | None = None) -> tuple[SafetyDetail, ...]:
    """The details in ``text`` that would help a person causing harm find, track or retaliate
    against the adult at risk or the children; ``()`` when there are none.

    Args:
        text: One free-text item of the case (one or more sentences).
        cast: Who is who, by the words the text may use for them.
        holder: The role of whoever holds the item or whose words it is (``adult-at-risk``,
            ``person-causing-harm``, ``child``, ``agency``, ``network-member``), or None.

    Returns:
        The details in text order, each with its category and the span (offsets into
        ``text``) of the words that carry it.
    """
    side = SIDE_OF_ROLE.get(holder) if holder else None
    # Most texts are proved quiet before they are read in full (a child holder's are always
    # read: "I" and "we" are the child).
    pieces = cut(text)
    if side != CHILD and quiet(text, cast, pieces):
        return ()
    t = read(text, cast, pieces)
    pronouns = _Pronouns(side)
    found: list[_Found] = []
    first = [w.start for w in t.words]
    bisect_left = bisect.bisect_left
    for start, end in sentence_spans(text):
        lo = bisect_left(first, start)
        words = t.words[lo : bisect_left(first, end, lo)]
        people = [w for w in words if w.kind == "person"]
        pronouns.resolve(people)
        kinds = {w.kind for w in words}
        if kinds.isdisjoint(_ANALYSED) and all(p.side != CHILD for p in people):
            continue  # nothing in it can disclose (a child's words need a child)
        ti = bisect_left(t.starts, start)
        s = _Sentence(t, start, end, ti, bisect_left(t.starts, end, ti), words, people, kinds)
        clauses = _clauses(s)
        _subjects(s, clauses, side)
        previous: _Clause | None = None
        for c in clauses:
            found += _clause_details(s, c, previous)
            previous = c
        child = _child_words(s)
        if not child and side == CHILD:
            child = _first_person_about_him(s)
        found += child
        if "secrecy" in kinds:
            category = _secrecy_category(s, side, bool(child))
            found += [_detail(category, w) for w in words if w.kind == "secrecy"]
    ordered = sorted(set(found), key=lambda d: (d[0], d[1], d[2].value))
    return tuple(SafetyDetail(category, a, b) for a, b, category in ordered)
