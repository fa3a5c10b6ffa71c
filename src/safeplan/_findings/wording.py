"""What the wording findings say, and the few patterns only the findings use: messages for
vague and blaming wording, witness and separation wording, and time expressions. Reading a term
(policing, vague constructions, a profile's word lists in their forms) is the wording room's
(:mod:`safeplan._wording`).

Every label these messages quote is safe to show: a profile term as the profile writes it, or a
fixed label such as "keep ... safe"; never the case's own words.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = [
    "ADJECTIVE_DOMESTIC",
    "CHILD_WORDS",
    "SEPARATION",
    "STANDING",
    "WITNESS_WORDS",
    "blaming_message",
    "has_time",
    "name_pattern",
    "overlaps",
    "quote_list",
    "vague_message",
]


# --- spans and lists ---------------------------------------------------------------------------


def overlaps(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def quote_list(labels: Sequence[str]) -> str:
    quoted = [f"'{label}'" for label in labels]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


# --- vague wording ----------------------------------------------------------------------------

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


# --- separating ------------------------------------------------------------------------------

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
