"""How the findings read words: a profile's terms matched on word boundaries, safeplan's own
vague constructions, blaming and witness words, the wider net for policing, and time
expressions.

Every label these functions return is safe to show: a profile term as the profile writes it, or
a fixed label such as "keep ... safe"; never the case's own words. Measured against the labelled
sentences in ``tests/data/expectations.yaml``.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

__all__ = [
    "ADJECTIVE_DOMESTIC",
    "CHILD_WORDS",
    "SEPARATION",
    "STANDING",
    "WITNESS_WORDS",
    "blaming_message",
    "find_terms",
    "has_time",
    "name_pattern",
    "overlaps",
    "policing_suspected",
    "quote_list",
    "vague_message",
    "vague_wording",
]


# --- matching terms ---------------------------------------------------------------------------


@functools.cache
def _term_pattern(term: str) -> re.Pattern[str]:
    # Word boundaries that also work for terms starting or ending with punctuation; any run of
    # spaces in the text matches a space in the term.
    body = r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<![\w'’]){body}(?![\w'’])", re.IGNORECASE)


def find_terms(text: str, terms: Iterable[str]) -> list[tuple[str, int, int]]:
    """Each term found in ``text``, with its span. A term inside a longer found term is dropped."""
    found: list[tuple[str, int, int]] = []
    for term in terms:
        for match in _term_pattern(term).finditer(text):
            found.append((term, match.start(), match.end()))
    # Longest first, then drop any match inside one already kept ("volatile" in "volatile
    # relationship").
    found.sort(key=lambda item: (item[1], -(item[2] - item[1])))
    kept: list[tuple[str, int, int]] = []
    for term, start, end in found:
        if any(start >= s and end <= e for _, s, e in kept):
            continue
        kept.append((term, start, end))
    return kept


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def quote_list(labels: Sequence[str]) -> str:
    quoted = [f"'{label}'" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --- vague wording ----------------------------------------------------------------------------

# Vague constructions a word list cannot express, added to the profile's vague_terms. Each has a
# fixed label, so a message never repeats the case's own words ("keep Mia safe" is reported as
# "keep ... safe"). Measured with the profile's terms against tests/data/expectations.yaml.
_VAGUE_CONSTRUCTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(pattern, re.IGNORECASE))
    for label, pattern in (
        ("keep ... safe", r"\bkeep\s+(?:\w+\s+){0,3}safe\b"),
        ("prioritise", r"\bprioriti[sz]\w*\b"),
        ("demonstrate", r"\bdemonstrat\w*\b"),
        ("show that ... can", r"\bshow\s+(?:that\s+)?\w+\s+can\b"),
        (
            "accept support",
            r"\baccept\w*\s+(?:all\s+)?(?:offers\s+of\s+)?(?:support|help|advice)\b",
        ),
        ("address his or her ...", r"\baddress\w*\s+(?:his|her|their)\b"),
        ("cooperate", r"\bco-?operat\w*\b"),
        ("take responsibility", r"\btake\s+responsibility\b"),
        ("positive changes", r"\b(?:positive|necessary|meaningful)\s+changes?\b"),
        ("better choices", r"\bmake\s+(?:better|positive|good|safe)\s+(?:choices|decisions)\b"),
        ("seek help", r"\bseek\s+(?:help|support)\b"),
        ("as needed", r"\b(?:as|where|if|when)\s+needed\b"),
        ("whenever necessary", r"\bwhenever\s+(?:necessary|needed|required)\b"),
        ("monitor the situation", r"\b(?:monitor|review)\s+the\s+situation\b"),
        ("keep an eye on", r"\bkeep\s+(?:an|a\s+close)\s+eye\s+on\b"),
        (
            "work with services",
            r"\bwork\s+(?:closely\s+)?with\s+(?:the\s+family|services|professionals|agencies|"
            r"children's\s+services|the\s+local\s+authority|the\s+council)\b",
        ),
        ("be there for", r"\bbe\s+there\s+for\b"),
        ("exposed to", r"\bexposed\s+to\b"),
        ("engage", r"\bengag(?:e|es|ed|ing|ement)\b"),
        ("as and when", r"\bas\s+and\s+when\b"),
        ("put ... first", r"\bput\s+(?:\S+\s+){1,3}first\b"),
        (
            "act or behave ...ly",
            r"\b(?:act|behave|parent|respond|communicate|conduct)\w*\s+(?:\w+\s+)?\w{4,}ly\b",
        ),
        (
            "manage his or her emotions",
            r"\bmanage\w*\s+(?:his|her|their)\s+(?:emotions|feelings|anger|behaviour|stress)\b",
        ),
        (
            "offer support",
            r"\b(?:offer|provide|give)\w*\s+(?:\w+\s+)?support"
            r"(?:\s+to\s+(?:the\s+family|her|him|them))?\s*(?:[.;]|$)",
        ),
    )
)


def vague_wording(text: str, terms: Iterable[str]) -> list[str]:
    """The vague wording in ``text``: the profile's ``terms`` and safeplan's own constructions.

    Args:
        text: An expectation or a commitment.
        terms: The profile's ``vague_terms``, matched case-insensitively on word boundaries.

    Returns:
        Labels that are safe to show: a profile term as written in the profile, or the fixed
        label of a construction (such as "keep ... safe"); never the text's own words. In the
        order found, each once.
    """
    labels = [term for term, _, _ in find_terms(text, terms)]
    for label, pattern in _VAGUE_CONSTRUCTIONS:
        if pattern.search(text):
            labels.append(label)
    seen: set[str] = set()
    unique = []
    for label in labels:
        if label.casefold() not in seen:
            seen.add(label.casefold())
            unique.append(label)
    return unique


_VAGUE_EXAMPLES = {
    "engage": "'will go to every session of the course on Tuesday evenings'",
    "engage with": "'will go to every session of the course on Tuesday evenings'",
    "engage with services": "'will go to every session of the course on Tuesday evenings'",
    "appropriately": "'will not shout or swear during visits'",
    "appropriate": "'will not shout or swear during visits'",
    "at all times": "'every day, including weekends'",
    "keep ... safe": "'will take the children to their grandmother's if there is shouting'",
    "cooperate": "'will meet the social worker every two weeks'",
    "regularly": "'every Monday'",
}


def vague_message(labels: Sequence[str]) -> str:
    example = next(
        (_VAGUE_EXAMPLES[label] for label in labels if label in _VAGUE_EXAMPLES),
        "'will go to the family centre every Tuesday at 10am'",
    )
    verb = "is" if len(labels) == 1 else "are"
    return (
        f"{quote_list(labels)} {verb} too vague to check: no one could say whether it was "
        f"kept. Say exactly what will be done, where and how often, for example {example}."
    )


def _word_set(words: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string, to keep long word lists short on the page."""
    return frozenset(words.split(separator))


# --- blaming, witness and passive wording -----------------------------------------------------

_MUTUAL = _word_set(
    "volatile|volatile relationship|toxic|toxic relationship|argument|arguments|arguing|"
    "altercation|altercations|fight|fights|fighting|mutual|relationship difficulties|"
    "tit for tat|heated",
    "|",
)
_HIDING = frozenset({"a domestic", "the domestic", "domestics", "domestic incident"})
_EXCUSING = frozenset({"lost his temper", "lost her temper", "anger issues"})
# "a domestic" is a blurring noun ("there was a domestic"); "a domestic abuse service" is not.
ADJECTIVE_DOMESTIC = re.compile(r"\s+(?:abuse|abuser|abusive|violence|violent|homicide)\b", re.I)
WITNESS_WORDS = re.compile(r"\b(?:witness(?:ed|es|ing)?|onlookers?|bystanders?)\b", re.IGNORECASE)
CHILD_WORDS = re.compile(
    r"\b(?:child|children|son|sons|daughter|daughters|baby|babies|kids?|boy|girl|brother|sister)\b",
    re.IGNORECASE,
)


def blaming_message(term: str) -> str:
    key = term.casefold()
    if key in _MUTUAL:
        return (
            f"'{term}' makes it sound as if both adults were equally to blame, which hides who is "
            "causing the harm. Say who did what: 'The children's father shouted at their mother "
            "and threw a mug at her.'"
        )
    if key in _HIDING or key.startswith("incident"):
        return (
            f"'{term}' hides what happened and who did it. Say what the person causing harm did, "
            "and when: 'On 3 October the children's father pushed their mother against a wall.'"
        )
    if key in _EXCUSING or "temper" in key or "anger" in key:
        return (
            f"'{term}' presents the abuse as something that happened to the person causing harm. "
            "Say what they did: 'The children's father punched the door and shouted.'"
        )
    if "witness" in key or key == "exposed to":
        return (
            f"'{term}' describes the child as an onlooker. A child who sees or hears domestic "
            "abuse is a victim in their own right. Say what the child saw or heard and how it "
            "affected them."
        )
    if "protect" in key or key.startswith(("allow", "let ", "chose", "choos", "provok")):
        return (
            f"'{term}' puts the responsibility for the harm on the adult at risk. Say what the "
            "person causing harm did, and record what the adult at risk has done to keep the "
            "children safe."
        )
    return f"'{term}' can blur who is responsible for the harm. Say plainly who did what."


# --- policing the adult at risk might still be asked to do ------------------------------------

_FIRST_MODAL = re.compile(
    r"\b(will|must|should|shall|can|may|could|might|agrees?\s+to|is\s+to|are\s+to|needs?\s+to|"
    r"has\s+to|have\s+to|is\s+expected\s+to|is\s+required\s+to)\b",
    re.IGNORECASE,
)
_RIGHTS = frozenset({"can", "may", "could", "might"})
SEPARATION = re.compile(
    r"\b(?:separat(?:e|es|ed|ing|ion)|end\w*\s+(?:the|her|his|their)\s+relationship|"
    r"leave\w*\s+(?:him|her|them|the\s+relationship|the\s+family\s+home|(?-i:[A-Z])\w+)|"
    r"mov(?:e|es|ing)\s+out|split\s+up|divorce)\b",
    re.IGNORECASE,
)


def name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    parts = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(re.escape(p) for p in parts)
    return re.compile(rf"(?<![\w'’])(?:{body})(?![\w])")


def policing_suspected(text: str, names: Iterable[str]) -> bool:
    """Whether an adult at risk's expectation may ask her to control the person causing harm.

    The wording refusal (``SP-POLICING``) is precise but misses new phrasings. This wider net
    flags a term that names the person causing harm (``names``, matched case-sensitively as
    whole words) and is written as a duty ("will", "must"; not "can" or "may"), unless it is
    about separating, which :func:`check` reports on its own.
    """
    pattern = name_pattern(names)
    if pattern is None or pattern.search(text) is None:
        return False
    modal = _FIRST_MODAL.search(text)
    if modal is None or modal.group(1).casefold() in _RIGHTS:
        return False
    return SEPARATION.search(text) is None


# --- time expressions -------------------------------------------------------------------------

_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_TIME = re.compile(
    r"\b(?:every\s+(?!one\b)|each\s+(?:\w+\s+)?(?:day|week|month|visit|meeting|session|time|"
    r"morning|evening|night|term|review|appointment|weekend|\w+day)s?\b|daily|weekly|"
    r"fortnightly|monthly|yearly|annually|once|twice|within|until|before|after\s+(?:each|every)|from\s+\d|by\s+\d|by\s+(?:the\s+)?(?:end|next|first)|"
    r"on\s+\d|times\s+a|same\s+day|today|tomorrow|tonight|weekends?|mornings?|evenings?|"
    r"afternoons?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|\d{1,2}\s+may|may\s+\d{4}|"
    rf"{_MONTHS}|\d{{1,2}}(?::\d\d|\.\d\d)?\s*(?:am|pm)|noon|midday)\b",
    re.IGNORECASE,
)
# A standing rule holds for the whole agreement and needs no date: "only at the centre", "not".
STANDING = re.compile(r"\b(?:not|never|no|only|always|any\s+time|at\s+any\s+time)\b", re.I)


def has_time(text: str) -> bool:
    return _TIME.search(text) is not None
