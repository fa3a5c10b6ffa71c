"""The grammar the clause reader leans on: the small word classes of English a term is built
from (modals, auxiliaries, negations, determiners, prepositions, subordinators) and the tests
that tell where a noun phrase ends and a verb group begins ("contact with" is a noun, "contact
the police" a verb).

Imports: nothing of safeplan.
"""

from __future__ import annotations

from .lexicon import lemma, near_miss, words_of
from .words import PRONOUNS, Word

__all__ = [
    "AUX",
    "BE",
    "COORDINATORS",
    "DETERMINERS",
    "DUTY_ADJECTIVES",
    "FILLERS",
    "LIMITS",
    "MODALS",
    "NEGATIONS",
    "NOUNY",
    "OBJECT_STARTS",
    "PREPOSITIONS",
    "RIGHTS",
    "RIGHT_ADJECTIVES",
    "SUBORDINATORS",
    "bare_verb",
    "finite",
    "is_np_start",
    "lemma_of",
    "np_then_verb",
    "object_follows",
    "participle",
    "plain_noun",
    "starts_verb_group",
    "verbish",
]

# Verbs that are as often nouns: after "and" they open a clause only before an object.
NOUNY = words_of(
    "phone call text message email contact visit ring record report show supervise support "
    "access care work number"
)
OBJECT_STARTS = words_of(
    "the a an any all his her their my your our him them me us it this that 999 to up back "
    "in out away down off"
)
MODALS = frozenset({"will", "shall", "must", "should", "would", "can", "could", "may", "might"})
RIGHTS = frozenset({"can", "could", "may", "might"})
BE = frozenset({"is", "are", "am", "was", "were", "be", "been", "being"})
AUX = BE | frozenset({"has", "have", "had", "does", "do", "did"})
NEGATIONS = frozenset({"not", "never", "no", "nobody", "nothing", "neither", "nor"})
LIMITS = frozenset({"only", "except", "unless", "via", "through", "solely", "outwith"})
FILLERS = words_of(
    "basically also then immediately just always still even please interim therefore so "
    "however additionally further furthermore"
)
DETERMINERS = words_of(
    "the a an any all no every each this that these those some both either another other such"
)
PREPOSITIONS = words_of(
    "to of in into on at by with from for about over under between through via near around "
    "round without towards toward against during across"
)
DUTY_ADJECTIVES = frozenset({"expected", "required", "asked", "responsible", "obliged"})
RIGHT_ADJECTIVES = frozenset({"able", "free", "entitled", "welcome", "allowed"})
SUBORDINATORS = {
    "if": "if",
    "unless": "unless",
    "whenever": "if",
    "when": "when",
    "while": "when",
    "whilst": "when",
    "once": "when",
    "until": "until",
    "till": "until",
    "before": "until",
    "after": "when",
    "because": "because",
    "as": "because",
    "since": "because",
    "where": "where",
    "who": "who",
    "which": "who",
    "whether": "whether",
    "whatever": "that",
}
COORDINATORS = frozenset({"and", "or", "but", "then", ",", "nor", "&"})
_PARTICIPLES = words_of(
    "supervised left kept taken called referred allowed permitted monitored seen told asked "
    "agreed committed promised decided undertaken been got given said "
    "expected required banned barred excluded prevented stopped given made put brought "
    "arranged agreed offered removed placed held managed observed overseen chaperoned "
    "checked watched informed notified reported contacted visited"
)


def verbish(w: Word) -> bool:
    """Whether a word can open a verb group."""
    return w.low in MODALS or w.low in AUX or lemma(w.low) is not None


def starts_verb_group(words: list[Word], j: int) -> bool:
    if j >= len(words):
        return False
    w = words[j]
    if w.kind != "word":
        return False
    nxt = words[j + 1].low if j + 1 < len(words) else ""
    if w.low in MODALS or w.low in ("not", "never"):
        return True
    if w.low == "to":
        return j + 1 < len(words) and bare_verb(words[j + 1])
    base = lemma(w.low)
    if base is None:
        return near_miss(w.low) is not None
    if w.low.endswith("ing") and base != w.low:
        return False
    if w.low in NOUNY or (w.low.endswith("s") and lemma(w.low) in NOUNY):
        # "contact with", "phone number": a noun; "contact the police", "ring 999": a verb
        return object_follows(words, j)
    if w.low.endswith("ed") and j + 1 < len(words) and plain_noun(words[j + 1]):
        return False  # "Supervised contact only": an adjective
    return nxt not in ("'s",)


def object_follows(words: list[Word], j: int) -> bool:
    if j + 1 >= len(words):
        return False
    nxt = words[j + 1]
    return (
        nxt.low in OBJECT_STARTS
        or nxt.kind in ("name", "pronoun")
        or nxt.low.isdigit()
        or (nxt.low in PRONOUNS)
    )


def plain_noun(w: Word) -> bool:
    return (
        w.kind == "word"
        and w.low not in DETERMINERS
        and w.low not in PREPOSITIONS
        and (w.low not in PRONOUNS and w.low not in MODALS and w.low not in AUX and w.low != "by")
    )


def finite(w: Word) -> bool:
    """A modal, or a verb form that is not also a noun ("will", "works", "take")."""
    return w.kind == "word" and (
        w.low in MODALS or (lemma(w.low) is not None and w.low not in NOUNY and w.low not in AUX)
    )


def bare_verb(w: Word) -> bool:
    return w.kind == "word" and (lemma(w.low) == w.low or near_miss(w.low) is not None)


def is_np_start(w: Word) -> bool:
    if (w.low in NEGATIONS and w.low != "no") or w.low in MODALS or w.low in ("to", "only"):
        return False
    return (
        w.kind in ("name", "pronoun")
        or w.low in DETERMINERS
        or w.role is not None
        or (w.kind == "word" and lemma(w.low) is None and w.low not in PREPOSITIONS)
    )


def np_then_verb(words: list[Word], j: int, *, infinitive: bool = True, reach: int = 6) -> bool:
    """Whether a noun phrase starts at ``j`` and a verb group follows it within ``reach``
    words."""
    if j >= len(words) or not is_np_start(words[j]):
        return False
    if words[j].low in ("i", "he", "she", "we", "they") and j + 1 < len(words):
        nxt = words[j + 1]
        if nxt.kind == "word" and lemma(nxt.low) is not None and not nxt.low.endswith("ing"):
            return True  # "he texts", "she contacts": after a subject pronoun, a verb
    for k in range(j, min(j + reach, len(words))):
        w = words[k]
        if k > j and w.kind == "word" and (w.low in MODALS or w.low in AUX):
            return True
        if k > j and w.kind == "word" and w.low == "to" and k + 1 < len(words):
            return infinitive and bare_verb(words[k + 1])
        if (
            k > j
            and w.kind == "word"
            and lemma(w.low) is not None
            and k - j <= 3
            and (words[k - 1].low not in DETERMINERS and words[k - 1].low not in PREPOSITIONS)
            and words[k - 1].low not in ("his", "her", "their", "my", "your", "our", "'s")
            and ((w.low not in NOUNY and lemma(w.low) not in NOUNY) or object_follows(words, k))
            # "and the door locked when ...": a participle describing the door, not its verb
            and not (w.low.endswith("ed") and not object_follows(words, k))
        ):
            return not w.low.endswith("ing")
        if (
            k > j
            and w.low in ("and", "or")
            and k + 1 < len(words)
            and (words[k + 1].kind in ("name", "pronoun") or words[k + 1].role is not None)
        ):
            continue  # "Paul and Sally do not meet": one noun phrase
        if w.kind == "punct" or (k > j and (w.low in COORDINATORS or w.low in SUBORDINATORS)):
            return False
    return False


def participle(low: str) -> bool:
    if low in _PARTICIPLES:
        return True
    base = lemma(low)
    return base is not None and base != low and low.endswith(("ed", "en", "wn"))


def lemma_of(low: str) -> str | None:
    return lemma(low)
