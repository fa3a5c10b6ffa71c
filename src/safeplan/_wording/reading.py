"""Who is who in a term: the subject of each clause and the person each pronoun, kin word
("Mum", "her ex", "their father") and role noun means, as the wording checks read it.

Pronouns are resolved in one pass from left to right: "I" is the holder (or the speaker), a
third-person pronoun the nearest person of its gender and number it can be (an object is never
its own clause's subject: in "She will not be in contact with him", "him" is not "she"); once
"he" or "she" is somebody, it stays that person for the rest of the term. A clause with no
subject of its own carries one over from the clause it is joined to, or the list it is an item
of ("Mum agrees: - to keep ..."), or is the holder's.

:func:`read` is the wording room's one entry to a term: words, clauses, forms, who is who.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools

from .cast import Cast
from .clauses import EVENT_OPENERS, Clause, read_form, sentences, split
from .grammar import (
    DETERMINERS,
    NOUNY,
)
from .lexicon import FATHER_WORDS, MOTHER_WORDS, lemma, words_of
from .words import (
    AGENCY,
    BOTH,
    CHILD,
    FAMILY,
    HER,
    HIM,
    KIN_WORDS,
    NET,
    OTHER,
    PRONOUNS,
    ROLE_OF_CAST,
    THING,
    Word,
    kin_gender,
)
from .words import words as _words

__all__ = ["read"]


# --- who is who -------------------------------------------------------------------------------

_HARM_ACTS = words_of(
    "stay move live return sleep knock "
    "come arrive turn contact call phone ring text message breach break drink shout threaten "
    "become be try go visit attend approach hit push follow wait use harass leave say"
)
_CONDITIONAL = frozenset({"if", "unless", "when", "until"})


class _Scene:
    """Who is who so far: the holder, who "I" is, which role "he" and "she" are, and the
    people mentioned, most recent last."""

    __slots__ = ("bound", "first_person", "holder", "main", "mentioned", "speaker")

    def __init__(self, holder: str | None, speaker: str | None, first_person: bool) -> None:
        self.holder = holder
        self.speaker = speaker
        self.first_person = first_person
        self.bound: dict[str, str] = {}  # gender -> role
        self.mentioned: list[Word] = []
        self.main: Word | None = None  # the subject of the last main clause, if a person

    def bind(self, gender: str | None, role: str | None) -> None:
        if gender is None or role not in (HER, HIM) or gender in self.bound:
            return
        if role in self.bound.values():
            return  # one gender per person
        self.bound[gender] = role


def _other_adult(role: str | None) -> str | None:
    return HIM if role == HER else HER if role == HIM else None


def _possessive(words: list[Word], i: int) -> bool:
    """Whether "her" at ``i`` is a possessive ("her ex") rather than an object ("with her")."""
    if i + 1 >= len(words):
        return False
    nxt = words[i + 1]
    if nxt.kind in ("punct", "pronoun"):
        return False
    return nxt.low not in _NOT_NOUNS and (
        nxt.kind == "name"
        or nxt.role is not None
        or (lemma(nxt.low) is None or nxt.low in NOUNY or nxt.low.endswith("ing"))
    )


_NOT_NOUNS = words_of(
    "to of in into on at by with from for about and or but if when that the a an any this "
    "will would can could must should may might is are was were be not know"
)


def _resolve(clauses: list[Clause], scene: _Scene) -> None:
    for c in clauses:
        subject_roles: set[str] = set()
        for idx, w in enumerate(c.words):
            in_subject = (c.span is not None and c.span[0] <= idx < c.span[1]) or (
                c.verb is not None and idx < c.verb_at
            )
            prev = c.words[idx - 1] if idx else None
            if w.kind == "pronoun":
                _pronoun(c, idx, w, scene, subject_roles, in_subject)
            elif w.kind == "word" and w.low in KIN_WORDS:
                _kin(w, prev, scene)
            if w.low == "'s" and prev is not None:
                w.owner = prev.role
            if w.role is not None and (w.kind != "word" or w.person or w.low in KIN_WORDS):
                scene.mentioned.append(w)
                scene.bind(w.gender, w.role)
            if in_subject and w.role is not None:
                subject_roles.add(w.role)
                if c.opener in (None, "and", "or", "that") and w.person and scene.main is None:
                    scene.main = w
        if c.opener in (None, "that") and not subject_roles:
            scene.main = None


def _kin(w: Word, prev: Word | None, scene: _Scene) -> None:
    """ "Mum", "her ex", "their father", "Sally's mother": who a kin word means."""
    low = w.low
    owner = None
    if prev is not None and prev.low == "'s":
        owner = prev.owner
    elif prev is not None and prev.kind == "pronoun" and PRONOUNS[prev.low][3] in ("poss", "obj"):
        owner = prev.role
    w.person = True
    if low in MOTHER_WORDS or low in FATHER_WORDS:
        gender = "f" if low in MOTHER_WORDS else "m"
        w.gender = gender
        if owner in (HER, HIM, NET, AGENCY, FAMILY):
            w.role = NET  # "Sally's mother", "her dad": a relative
        elif gender in scene.bound:
            w.role = scene.bound[gender]
        else:
            other = scene.bound.get("m" if gender == "f" else "f")
            # With nothing to go on, "Mum" is the adult at risk: the commoner case. A case
            # names who "Mum" is (known_to_children_as) and the cast then says.
            w.role = _other_adult(other) or (HER if gender == "f" else HIM)
        return
    w.gender = kin_gender(low)
    w.role = _other_adult(owner) or (HER if scene.holder == HIM else HIM)


def _pronoun(
    c: Clause, idx: int, w: Word, scene: _Scene, subject_roles: set[str], in_subject: bool
) -> None:
    person, gender, plural, case = PRONOUNS[w.low]
    if w.low == "her" and _possessive(c.words, idx):
        case = "poss"
    if person == 1:
        if plural:
            w.role = BOTH if scene.speaker in (HER, HIM, BOTH, FAMILY, None) else scene.speaker
        else:
            w.role = scene.speaker or FAMILY
        return
    if person == 2:
        w.role = scene.speaker if scene.speaker in (HER, HIM, BOTH) else FAMILY
        return
    if plural:
        for m in reversed(scene.mentioned):
            if m.plural or m.role in (BOTH,):
                w.role = m.role
                return
        return
    if gender in scene.bound:
        w.role = scene.bound[gender]
        return
    other = scene.bound.get("m" if gender == "f" else "f")
    exclude = subject_roles if case == "obj" else set()
    candidates = [
        m
        for m in reversed(scene.mentioned)
        if m.person
        and not m.plural
        and m.role != other
        and m.role not in exclude
        and (m.gender is None or m.gender == gender)
    ]
    role: str | None
    harm_act = (
        case == "subj"
        and _next_verb(c.words, idx) in _HARM_ACTS
        and (c.opener in _CONDITIONAL or not in_subject)
    )
    led = _contact_led(c.words, idx)
    if harm_act or (case == "obj" and led):
        # "If he comes round", "keep him away", "contact with him": an adult, never an agency
        candidates = [m for m in candidates if m.role in (HER, HIM, OTHER, FAMILY)]
    main = scene.main
    if (
        not harm_act
        and case == "subj"
        and c.opener in _CONDITIONAL | {"because"}
        and main is not None
        and main.role in (HER, HIM, FAMILY)
        and main.role != other
        and (main.gender is None or main.gender == gender)
    ):
        role = main.role  # "Sally will tell the social worker if she sees Paul": Sally
    elif harm_act and any(m.role == HIM for m in candidates):
        role = HIM
    elif (harm_act or (case == "obj" and led)) and not candidates:
        role = _other_adult(scene.speaker if scene.first_person else scene.holder) or HIM
    elif candidates:
        role = candidates[0].role
    elif scene.first_person:
        # "I" is the holder: "he" is someone else (with no holder, "I" is a parent, and
        # "him" the other one)
        role = _other_adult(scene.speaker) or (HIM if scene.speaker in (None, FAMILY) else None)
    elif case == "subj" and scene.holder in (HER, HIM):
        role = scene.holder
    elif case == "subj" and scene.holder is None:
        role = FAMILY  # a term of the agreement's own: "she" is someone of the family
    elif _contrasts(c, idx, gender, scene):
        # "She will not be in contact with him": the other adult
        role = _other_adult(scene.holder) or _other_adult(
            next(iter(subject_roles & {HER, HIM}), None)
        )
    else:
        role = None
    w.role = role
    if role is not None:
        w.person = True


def _next_verb(words: list[Word], i: int) -> str | None:
    for w in words[i + 1 : i + 5]:
        if w.low in ("does", "do", "did", "not", "will", "would", "is", "has", "ever", "then"):
            continue
        return lemma(w.low)
    return None


_CONTACT_LEAD = words_of("with let allow permit contact see meet near to from answer against")
_CONTACT_BEFORE = words_of("contact relationship touch together back communication")
_CONTACT_VERBS = words_of(
    "let allow permit contact see meet speak talk communicate message text phone call email "
    "write reply answer reconcile live stay visit invite"
)


def _contrasts(c: Clause, idx: int, gender: str | None, scene: _Scene) -> bool:
    """Whether an object pronoun with no one before it to mean is the other adult: its
    clause's subject is "I" or of the other gender, or it follows a word of contact or
    control ("with him", "let him")."""
    subject = c.words[c.span[0] : c.span[1]] if c.span else []
    if any(w.kind == "pronoun" and PRONOUNS[w.low][0] == 1 for w in subject):
        return True
    if any(w.gender is not None and w.gender != gender for w in subject):
        return True
    return _contact_led(c.words, idx)


def _contact_led(words: list[Word], idx: int) -> bool:
    """Whether the word at ``idx`` follows a word of contact or control: "let him", "keep
    him away", "in contact with him" (but not "a copy ... with her")."""
    prev = words[idx - 1].low if idx else ""
    if prev in ("with", "to", "from", "near", "against"):
        # "in contact with him", "end it with him", "get back together with him"
        back = [w.low for w in words[max(0, idx - 4) : idx - 1]]
        return any(
            b in _CONTACT_BEFORE or lemma(b) in _CONTACT_VERBS | {"end", "finish", "break"}
            for b in back
        )
    return prev in _CONTACT_LEAD or lemma(prev) in _CONTACT_VERBS | _CONTROL_VERBS


_CONTROL_VERBS = frozenset({"keep", "stop", "prevent", "report", "block", "ask", "tell"})


_DUTY_NOUNS = words_of("responsibility duty job role task")


def _subject_roles(words: list[Word]) -> frozenset[str]:
    """The roles a subject noun phrase names: "Mum and Dad" -> both; "Any contact between
    Mum and Dad" -> none (its head is a thing); "Dad's contact" -> none."""
    roles: set[str] = set()
    for i, w in enumerate(words):
        if w.low in ("between", "of", "with", "from", "by", "for", "about", "in", "at", "to"):
            break
        if w.role is None:
            continue
        nxt = words[i + 1].low if i + 1 < len(words) else ""
        after = words[i + 2].low if nxt == "'s" and i + 2 < len(words) else nxt
        if after in _DUTY_NOUNS and (nxt == "'s" or w.kind == "pronoun"):
            roles.add(w.role)  # "her responsibility to ...": hers
            continue
        if (
            nxt == "'s"
            or (w.kind == "pronoun" and PRONOUNS[w.low][3] == "poss")
            or (w.low == "her" and i + 1 < len(words) and _possessive(words, i))
        ):
            continue  # a possessor, not the subject
        roles.add(w.role)
    if {HER, HIM} <= roles:
        roles = (roles - {HER, HIM}) | {BOTH}
    return frozenset(roles)


def read(
    text: str, cast: Cast, *, holder: str | None, speaker: str | None = None
) -> tuple[Clause, ...]:
    """The clauses of a term, with who is who resolved.

    The readers of one term (policing, third parties) share one reading: the result is kept
    for the next call with the same arguments. Callers must not change the clauses.

    Args:
        text: The term.
        cast: Who is who, by name.
        holder: The role of who holds the term (whose duty a clause without a subject is), or
            None when the term is the agreement's own.
        speaker: Who "I" is, when not the holder.
    """
    return _read(text, cast, holder, speaker)


@functools.lru_cache(maxsize=4096)
def _read(text: str, cast: Cast, holder: str | None, speaker: str | None) -> tuple[Clause, ...]:
    tokens = _words(text, cast)
    first_person = any(w.kind == "pronoun" and PRONOUNS[w.low][0] == 1 for w in tokens)
    role = ROLE_OF_CAST.get(holder, holder) if holder else None
    said = ROLE_OF_CAST.get(speaker, speaker) if speaker else role
    scene = _Scene(role, said, first_person)
    clauses: list[Clause] = []
    for s, sentence in enumerate(sentences(tokens)):
        parts = split(sentence, s)
        for c in parts:
            read_form(c, c.words)
            if c.opener in EVENT_OPENERS and c.verb is None:
                _gerund(c)  # "In the event of Mr Jones coming to the house"
            if c.opener in EVENT_OPENERS and c.verb is not None:
                c.force = "event"
        clauses += parts
    _resolve(clauses, scene)
    _subjects(clauses, scene)
    return tuple(clauses)


def _gerund(c: Clause) -> None:
    for k, w in enumerate(c.words):
        if w.kind == "word" and w.low.endswith("ing") and lemma(w.low) not in (None, w.low):
            c.span = (0, k)
            c.verb = lemma(w.low)
            c.verb_at = k
            return


def _subjects(clauses: list[Clause], scene: _Scene) -> None:
    """Each clause's subject: its own, or carried over from the clause it is joined to (or the
    list it is an item of), or the holder's."""
    previous: Clause | None = None  # the last main clause
    frame: Clause | None = None
    last: Clause | None = None
    for c in clauses:
        span = c.span
        own = _subject_roles(c.words[span[0] : span[1]]) if span else frozenset()
        if (
            span
            and span[1] - span[0] == 1
            and c.words[span[0]].low in ("they", "we")
            and (c.words[span[0]].role is None)
        ):
            source = previous or last
            if source is not None and source.subject & {BOTH, CHILD, AGENCY}:
                own = source.subject
            else:
                own = frozenset({OTHER})  # "they": not the holder
        carried = None
        if (
            not own
            and span
            and span[1] > span[0]
            and (c.verb is not None or c.passive or c.force == "duty")
            and any(
                w.kind == "word" and w.role is None and w.low not in DETERMINERS
                for w in c.words[span[0] : span[1]]
            )
        ):
            own = frozenset({THING})
        if own:
            c.subject = own
            c.subject_named = own != {THING}
        elif c.verb is not None and (span is None or span[0] == span[1]):
            if (
                c.opener in EVENT_OPENERS
                and last is not None
                and last.sentence == c.sentence
                and (last.opener == c.opener)
            ):
                carried = last
            elif (
                c.opener in ("and", "or", "to")
                and previous is not None
                and (previous.sentence == c.sentence)
            ):
                carried = previous
            elif frame is not None and frame.sentence == c.sentence:
                carried = frame
            if carried is not None and carried.subject:
                c.subject = carried.subject
                if c.force in ("state", "rule") and carried.force in ("duty", "right"):
                    c.force = carried.force
                if c.opener == "or" and carried.negated:
                    c.negated = True
            elif scene.holder is not None and c.opener not in EVENT_OPENERS:
                c.subject = frozenset({scene.holder})
        if (
            c.opener == "that"
            and c.force == "right"
            and previous is not None
            and (previous.force == "duty" and previous.verb in ("demonstrate", "show", "prove"))
        ):
            c.force = "duty"  # "will demonstrate that she can protect ..."
        if c.frame and (c.force in ("duty", "right") or c.verb in ("agree", "commit")):
            frame = c
            if c.force not in ("duty", "right"):
                c.force = "duty"
        if (
            c.opener == "to"
            and last is not None
            and last.words
            and (last.words[-1].low in ("responsibility", "duty", "job", "role", "task"))
        ):
            c.force = "duty"  # "her responsibility to keep the children safe"
        if c.opener in (None, "and", "or", "that", "to"):
            previous = c
        last = c
