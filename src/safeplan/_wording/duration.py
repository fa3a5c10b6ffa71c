"""How long a term says it lasts: never-ending and outliving wording.

A written agreement is short-lived: it ends when the plan it belongs to ends, or sooner (council
procedures; Family Rights Group). Parents describe agreements "with no time limit" that apply
"even if Children's Services stop their involvement". :func:`outlives` finds such wording in any
field and names it by a fixed label, never by the case's own words:

- after or even if the agency's involvement ends: "even if Children's Services stop", "once
  the case is closed", "including after the plan ends", "and after";
- no end: "no time limit", "no end date", "indefinitely", "permanently", "for ever",
  "for the foreseeable future", "on an ongoing basis", "now or in the future", "never ...
  again";
- an end no one can know: "until further notice", "until the social worker says so", "for as
  long as the social worker decides", "until he has shown ... to the satisfaction of";
- an end years away: "until the children are 18", "until they are 16".

An end that is a date, a meeting or the plan itself ("until the review on 12 March", "while the
child protection plan is in place", "until this agreement ends") is not outliving.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools

from .screen import Screen
from .screen_needs import NEEDS

__all__ = ["outlives"]

# Who stops being involved. "They" is left out: "Paul stays for 15 minutes after they leave"
# is about the children leaving contact, not the agency.
_AGENCY = (
    r"(?:children'?s\s+services|social\s+(?:care|services|work(?:ers?)?)|the\s+(?:local\s+)?"
    r"authority|the\s+(?:la|council|department|trust)|cs|csc|the\s+sw|the\s+social\s+worker|"
    r"the\s+plan|the\s+(?:child\s+protection\s+|cp\s+|cin\s+)?plan|the\s+case|(?:their|its|"
    r"your|our|the)\s+involvement|professionals|the\s+agencies|we)"
)
_ENDS = (
    r"(?:stop\w*|end\w*|clos\w*|ceas\w*|withdr[ae]w\w*|finish\w*|(?:is|are|has|have)\s+"
    r"(?:no\s+longer|not)|(?:are|is)\s+(?:closed|ended|finished|over)|close\s+the\s+case|"
    r"no\s+longer|leave|step\w*\s+(?:back|down)|(?:are|is)\s+not\s+involved)"
)
_CLOSURE = (
    rf"(?:{_AGENCY}\s+(?:\w+\s+){{0,3}}?{_ENDS}|the\s+(?:case|plan|file)\s+(?:is\s+|has\s+been\s+)?"
    rf"(?:closed|ends|ended|stops|finishes)|(?:case|plan)\s+closure|closure\s+of\s+the\s+case|"
    rf"(?:the\s+)?(?:court\s+|care\s+)?proceedings\s+(?:have\s+|has\s+)?(?:finished|ended|"
    rf"concluded|closed|are\s+over))"
)
# (label, pattern), compiled case-insensitively by the screen when first needed.
_OUTLIVES: tuple[tuple[str, str], ...] = (
    # After, or even if, the agency's involvement ends.
    (
        "even if children's services stop",
        rf"\beven\s+(?:if|when|after|once|though|if\s+and\s+when)\b[^.;]{{0,80}}?{_CLOSURE}|"
        r"\beven\s+(?:if|when|after|once|though)\s+they\s+(?:stop|no\s+longer|close|finish|end|"
        r"withdraw|step\s+(?:back|down)|are\s+no\s+longer)\w*|"
        r"\beven\s+(?:if|when|after|once|though)\b(?=[^.;]{0,80}?\b(?:plan|case|services|"
        r"involvement|social|authority|council|csc?)\b)(?=[^.;]{0,80}?\b(?:no\s+longer|stop\w*|"
        r"clos\w*|end\w*|ceas\w*|withdr\w*|finish\w*|off)\b)",
    ),
    (
        "after the case is closed",
        rf"\b(?:continue\w*|remain\w*|still|stay\w*|keep\w*|carr(?:y|ies)\s+on|appl(?:y|ies)|"
        rf"in\s+(?:force|place|effect)|last\w*|stand\w*|valid|binding|hold\w*)\b[^.;]{{0,60}}?"
        rf"\b(?:after|once|when|beyond|past|following)\s+{_CLOSURE}",
    ),
    (
        "after the plan ends",
        rf"\b(?:including|and|or|also)\s+(?:after|beyond|once|following)\s+{_CLOSURE}",
    ),
    (
        "beyond the plan",
        r"\b(?:beyond|outlast\w*|outliv\w*)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
        r"(?:child\s+protection\s+|cp\s+)?(?:plan|case|involvement)\b(?!\s+(?:review|meeting))|"
        r"\b(?:after|past)\s+the\s+end\s+of\s+(?:the\s+)?(?:child\s+protection\s+|cp\s+)?"
        r"(?:plan|case|involvement)\b",
    ),
    ("and after", r"\b(?:involved|involvement|plan|open|working\s+with\s+\w+)\s+and\s+after\b"),
    # No end.
    (
        "no time limit",
        r"\b(?:no|without\s+(?:a|any)?|not\s+have\s+an?|not\s+time)[\s-]*(?:(?:set|fixed|specific|agreed|clear)\s+)?(?:time[\s-]+limits?|"
        r"end[\s-]+dates?|expiry(?:\s+date)?|limit\s+(?:on|to)\s+how\s+long|time[\s-]+frame|"
        r"timescales?|end\s+point)\b|\bnot\s+time[\s-]+limited\b|\bopen[\s-]+ended\b",
    ),
    (
        "indefinitely",
        r"\b(?:indefinite(?:ly)?|permanent(?:ly)?|forever|for\s+ever|for\s+good|for\s+life|"
        r"for\s+the\s+rest\s+of|in\s+perpetuity|lifelong|always\s+and\s+forever)\b",
    ),
    ("for the foreseeable future", r"\bfor\s+the\s+fore?seeable(?:\s+future)?\b"),
    ("from now on", r"\bfrom\s+now\s+on(?:wards)?\b|\bhenceforth\b|\bgoing\s+forward\b"),
    (
        "on an ongoing basis",
        r"\b(?:on\s+an?\s+)?ongoing\s+basis\b|\b(?:is|are|remains?|will\s+be)\s+ongoing\s*(?:[.;]|$)",
    ),
    (
        "now or in the future",
        r"\b(?:now\s+(?:or|and)\s+in\s+(?:the\s+)?future|at\s+any\s+(?:point|time)\s+in\s+(?:the\s+)?future|in\s+(?:the\s+)?future\s+(?:as\s+well|too))\b",
    ),
    (
        "never ... again",
        r"\bnever\b[^.;]{0,60}?\bagain\b|\bever\s+again\b|,\s*ever\s*(?:[.;]|$)"
        # "will never return to the family home": a going back that is ruled out for good
        r"|\bnever\s+(?:be\s+allowed\s+to\s+|be\s+able\s+to\s+)?(?:return|come\s+back|move\s+back|go\s+back)\b",
    ),
    (
        "reviewed as and when required",
        r"\breview\w*\s+(?:\w+\s+)?(?:as\s+and\s+when|when(?:ever)?|if|as)\s+(?:required|needed|"
        r"necessary|appropriate)\b",
    ),
    # An end no one can know.
    (
        "until further notice",
        r"\buntil\s+(?:further\s+notice|otherwise\s+(?:agreed|advised|notified|told|decided|"
        r"stated)|told\s+otherwise|advised\s+otherwise|further\s+(?:review|advice)\s+is\s+given)\b",
    ),
    (
        "until the social worker says so",
        rf"\buntil\s+(?:{_AGENCY}|(?:the\s+)?(?:sw|social\s+worker|team\s+manager|manager|"
        rf"professionals?))\s+(?:\w+\s+){{0,2}}?(?:say\w*|decid\w*|agree\w*|tell\w*|"
        rf"think\w*|feel\w*|consider\w*|(?:is|are)\s+(?:satisfied|happy|confident|sure)|"
        rf"allow\w*|permit\w*|advise\w*|confirm\w*)\b"
        r"|\buntil\s+(?:the\s+)?(?:\w+\s+){0,2}(?:orders?|says?|decides?|agrees?|advises?|directs?)"
        r"\s+otherwise\b",
    ),
    (
        "for as long as the social worker decides",
        rf"\bfor\s+as\s+long\s+as\s+(?:{_AGENCY}|(?:the\s+)?(?:sw|social\s+worker|team\s+"
        rf"manager|manager|professionals?|court))\s+(?:\w+\s+){{0,2}}?(?:say\w*|decid\w*|"
        rf"think\w*|feel\w*|consider\w*|want\w*|wish\w*|deem\w*|see\s+fit|(?:is|are|remain)\s+"
        rf"(?:involved|worried|concerned)|need\w*|requir\w*)",
    ),
    (
        "whether or not children's services are involved",
        rf"\bwhether\s+or\s+not\s+{_AGENCY}\s+(?:\w+\s+){{0,2}}?(?:involved|open|closed|"
        rf"working|stay|remain|close)",
    ),
    (
        "when the social worker thinks it right",
        rf"\b(?:only\s+)?when(?:ever)?\s+(?:{_AGENCY}|(?:the\s+)?(?:sw|social\s+worker|team\s+"
        rf"manager|manager|professionals?))\s+(?:\w+\s+){{0,1}}?(?:think\w*|decid\w*|feel\w*|"
        rf"consider\w*|deem\w*|see\s+fit|say\w*)\b",
    ),
    (
        "to the satisfaction of",
        r"\buntil\b[^.;]{0,80}?\bto\s+the\s+satisfaction\s+of\b",
    ),
    # An end years away.
    (
        "until the children are 18",
        r"\buntil\s+(?:the\s+|all\s+(?:the\s+)?|both\s+|each\s+of\s+the\s+)?"
        r"(?:youngest\s+|eldest\s+|oldest\s+|younger\s+|older\s+)?(?:children|child|kids|"
        r"boys|girls|baby|bairns|weans|they|he|she|(?-i:[A-Z])\w+)\s+(?:is|are|turns?|reach(?:es)?|"
        r"becomes?)\s+(?:aged\s+)?(?:1[0-9]|[5-9]|eighteen|sixteen|adults?)\b|\buntil\s+"
        r"(?:adulthood|they\s+(?:grow\s+up|leave\s+home))\b|\breach(?:es)?\s+adulthood\b|"
        r"\bfor\s+as\s+long\s+as\s+(?:the\s+)?(?:children|child|kids|they)\s+(?:live|are|remain|"
        r"stay)\b",
    ),
)


_SCREEN = Screen(_OUTLIVES, known=NEEDS)


def outlives(text: str) -> str | None:
    """The label of the first never-ending or outliving wording in ``text`` (such as "until
    further notice"), or None. The label is fixed: it never repeats the case's words."""
    return _outlives(text)


# A case repeats its texts ("Every two weeks" in many fields; the rules and a re-check of the
# same case): each is read once. Keyed by the case's text: emptied per document in benchmarks
# (bench_render.PER_CASE_CACHES).
@functools.lru_cache(maxsize=4096)
def _outlives(text: str) -> str | None:
    return _SCREEN.first(text)
