"""The wording the refusal rules look for: terms that make the adult at risk police the person
causing harm, and terms that make an agreement outlive its plan.

Each list of patterns is searched as one alternation behind a keyword pre-filter that never
changes the answer (:class:`_Wording`). Measured against a labelled set of sentences
(``tests/data/expectations.yaml``) and a blind one written without seeing the patterns.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import re
import re._constants as _sre  # type: ignore[import-not-found]  # no stubs; the parser's own
import re._parser as _sre_parse  # type: ignore[import-not-found]
from typing import Any

__all__ = ["outlives_wording", "policing_wording"]

# Wording that makes the adult at risk exclude, supervise, restrict, report on or police the
# person causing harm. Matched only in expectations held by an adult at risk. Measured against a
# labelled set of sentences (tests/data/expectations.yaml, tests/case/test_policing_wording.py).
#
# A name must start with a capital letter ((?-i:...) keeps that test case-sensitive).
_NAME = r"(?-i:[A-Z])[\w'’-]+"
_PRONOUN_OR_NAME = rf"(?:him|her|them|he|she|they|{_NAME}|the\s+\w+|anyone|anybody)"
# The children are never the person being policed: "will not talk to the children" is her own
# conduct, and "will not let the children play outside" is a parenting rule.
_CHILDREN = (
    r"(?:the\s+|her\s+|their\s+|his\s+|both\s+)?(?:children|child|kids|baby|babies|son|daughter|"
    r"boys|girls)\b(?!['’]s)"
)
# What being with, near or in touch with someone looks like. A control verb ("not let", "make
# sure") aimed at the children is policing only when one of these follows it.
_CONTACT = (
    r"(?:contact|see|sees|seeing|visit\w*|meet\w*|come|comes|coming|near|into|"
    r"in\s+the\s+(?:house|home|flat)|alone\s+with|left\s+(?:alone\s+)?with|"
    r"stay(?:s|ing)?\s+(?:overnight|the\s+night|with|at)|access|collect\w*|pick\w*\s+up|"
    r"spend\w*\s+time|talk\w*\s+to|speak\w*\s+to|(?:be|is|are)\s+with|look\w*\s+after|"
    r"babysit\w*|care\s+for|alone|on\s+(?:his|her|their)\s+own\s+with)"
)
_NEGATION = r"(?:not|no|never|doesn't|don't|won't|isn't|aren't|cannot|can't|nobody|no\s+one)"
_DUTY = (
    r"(?:will|must|should|shall|agrees?\s+to|is\s+to|are\s+to|needs?\s+to|has\s+to|have\s+to|"
    r"is\s+expected\s+to|is\s+required\s+to)"
)
# What the person causing harm might do that she is made to act on or report.
_HIS_ACT = (
    r"(?:comes?|turns?\s+up|arrives?|visits?|contacts?|calls?|phones?|rings?|texts?|messages?|"
    r"breach\w*|breaks?|tries|goes|is\s+drunk|has\s+been\s+drinking|drinks|shouts?|threatens?)"
)
_POLICING_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "will not allow him into the house", "will not let Paul see", "only allow Paul to"
        rf"\b(?:not|never|only|won't|cannot|can't)\s+(?:to\s+)?(?:allow|let|permit)\s+"
        rf"(?!{_CHILDREN})",
        # ... and, about the children, only with contact: "not let the children stay with Paul"
        rf"\b(?:not|never|only|won't|cannot|can't)\s+(?:to\s+)?(?:allow|let|permit)\s+"
        rf"{_CHILDREN}[^.;]*\b{_CONTACT}",
        r"\b(?:allow|let|permit)\s+no\b",
        # "will ensure he has no contact", "ensure the children are not left alone with Paul";
        # not "make sure the children are not late for school"
        rf"\b(?:ensure|make\s+sure|making\s+sure)\b[^.;]*\b{_NEGATION}\b[^.;]*\b{_CONTACT}",
        rf"\b(?:ensure|make\s+sure|making\s+sure)\b[^.;]*\b{_NEGATION}\s+{_CONTACT}",
        # "make sure contact only happens at Jean's house"
        r"\b(?:ensure|make\s+sure|making\s+sure)\b[^.;]*\bcontact\s+(?:between|with|only|"
        r"takes?\s+place|happens)\b",
        # "will supervise contact and stop it if"; "will monitor"; supervising the children
        # themselves is parenting
        rf"\b(?:supervise|supervising|supervision\s+of|monitor|monitoring|chaperone|chaperoning|"
        rf"oversee|overseeing)\b(?!\s+{_CHILDREN})",
        # "will police him"; "the police" is the service, not the verb
        rf"(?<!the\s)\bpolice\s+(?:him|her|them|his|{_NAME})|\bpolicing\b",
        # "be present whenever Paul sees the children"
        rf"\b(?:be\s+present|be\s+there|(?:stay|remain|be)\s+in\s+the\s+room|"
        rf"(?:stay|remain)\s+with\s+{_CHILDREN})[^.;]*\b(?:when|whenever|while|during|every\s+time|"
        rf"visits?|contact)\b",
        r"\b(?:stop|end|terminate|halt|cut\s+short|cancel)\s+(?:the\s+|any\s+|all\s+|a\s+)?"
        r"(?:contact|visits?|meetings?|call|calls|it)\b",
        # "will keep him away", "prevent Paul from", "keep the children away from Paul"
        r"\b(?:prevent|stop|keep|bar|ban|exclude|remove|turn)\s+"
        + _PRONOUN_OR_NAME
        + r"\s+(?:from|away|out|off)\b",
        rf"\bprotect\s+(?:\w+\s+){{0,2}}from\s+(?:him|her|them|{_NAME})",
        r"\b(?:exclude|ban|bar)\b",
        # "change the locks so that Paul cannot get in"
        rf"\bso\s+(?:that\s+)?(?:he|she|they|{_NAME})\s+(?:cannot|can't|can\s+not|won't|is\s+not\s+able)\b",
        r"\bchange\s+the\s+locks\b",
        # "will watch Paul with the children"
        rf"\b(?:watch|keep\s+an\s+eye\s+on)\s+(?:him|her|them|{_NAME})\s+(?:with|when|while|during)\b",
        # "she will not be in contact with him", "will have no contact with"
        r"\bnot\s+(?:be\s+in\s+|have\s+(?:any\s+)?|make\s+(?:any\s+)?|to\s+have\s+(?:any\s+)?)"
        r"contact\b",
        r"\b(?:have|has|having|be\s+in)\s+no\s+contact\b",
        r"\bno\s+contact\s+(?:with|between)\b",
        # "will not have Paul at the house"
        rf"\bnot\s+have\s+(?:him|her|them|{_NAME})\s+(?:at|in|round|over|to\s+stay|stay|living)\b",
        # "she will not see him", "will not reply to his messages", "will not resume the
        # relationship"; not "will not talk to the children about the court case"
        r"\b(?:won't|will\s+not|must\s+not|should\s+not|not\s+to)\s+(?:agree\s+to\s+)?(?:see|meet|"
        r"speak\s+to|talk\s+to|communicate\s+with|contact|reply\s+to|respond\s+to|answer|invite|"
        r"visit|phone|text|message|email|write\s+to|reconcile\s+with|resume|restart|continue)\b"
        rf"(?!\s+{_CHILDREN})",
        r"\bnot\s+(?:answer|open)\s+the\s+door\b",
        # "will not move Paul back into the family home"
        rf"\bnot\b[^.;]*\b(?:him|her|them|{_NAME})\s+back\s+(?:in|into|home)\b",
        # "will make sure Paul keeps to the times agreed"; "will check that Paul is sober"
        rf"\b(?:ensure|make\s+sure)\s+(?:that\s+)?(?:he|she|they|{_NAME})\s+(?:keeps?\s+to|"
        r"sticks?\s+to|follows?|complies\s+with|abides\s+by)\s+(?:the|this|these|his|her|their)\s+"
        r"(?:agreement|times|rules|arrangements?|conditions|plan)\b",
        r"\bcheck\w*\b[^.;]*\b(?:sober|drunk|drinking|high|using)\b",
        # "will not get back together with Paul"
        r"\b(?:not|never)\s+(?:get\s+back\s+together|reunite|move\s+back\s+in)\b",
        # "will not give Paul her new address"
        r"\bnot\s+(?:give|tell|share)\b[^.;]*\b(?:address|phone\s+number|whereabouts|"
        r"where\s+(?:she|they)\s+(?:is|are|live|lives|living))\b",
        # "will keep a diary of the messages Paul sends": gathering evidence on him
        r"\b(?:keep\s+a\s+(?:diary|record|log|note)|record|log)\b[^.;]*\b(?:messages?|texts?|calls?|"
        r"contact)\b",
        rf"\bblock\s+(?:his|her|their|{_NAME}['’]s)\b",
        # "will not take the children to see Paul"
        rf"\bnot\s+(?:take|bring)\s+(?:{_CHILDREN}|them|{_NAME})\s+to\s+(?:see|visit|meet)\b",
        rf"\b(?:refuse|deny)\s+{_PRONOUN_OR_NAME}\s+(?:entry|access|contact)\b",
        r"\bin\s+charge\s+of\s+(?:contact|visits)\b",
        r"\bresponsible\s+for\s+(?:stopping|preventing|ensuring|keeping|making\s+sure)\b",
        # A duty to enforce or report: "will call the police if Paul comes to the house",
        # "will tell Amira if Paul contacts her", "will report any breach". A right ("can call
        # 999 if Paul comes") is not a duty.
        rf"\b{_DUTY}\s+(?:\w+\s+)?(?:call|phone|ring|contact|tell|inform|notify|alert|report)\b"
        rf"[^.;]*\b(?:if|when|whenever|as\s+soon\s+as)\s+(?:he|she|they|{_NAME})\s+"
        rf"(?:\w+\s+)?{_HIS_ACT}\b",
        rf"\b(?:if|when|whenever)\s+(?:he|she|they|{_NAME})\s+(?:\w+\s+)?{_HIS_ACT}\b[^.;]*"
        rf"\b{_DUTY}\s+(?:\w+\s+){{0,4}}(?:call|phone|ring|tell|inform|report|ask\s+(?:him|her|them)\s+to\s+leave)\b",
        r"\b(?:inform|tell|notify|report\s+to|let\s+\w+\s+know)\b[^.;]*\b(?:of|about)\s+any\s+(?:contact|breach\w*|"
        r"visits?|messages?|calls?)\b",
        r"\breport\s+(?:any|all|every)\s+(?:contact|breach\w*|visits?|messages?|calls?|incidents?)\b",
        rf"\bask\s+(?:him|her|them|{_NAME})\s+to\s+leave\b",
    )
)

# Wording that makes an agreement outlive the plan ("applies even if Children's Services stop
# their involvement") or last with no time limit.
_OUTLIVES_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\beven\s+(?:if|when|after|once)\b[^.;]*\b(?:children'?s\s+services|social\s+"
        r"(?:care|services|work|workers?)|the\s+(?:local\s+authority|council|department)|"
        r"the\s+plan|the\s+case|involvement)\b",
        r"\b(?:after|beyond|past|outlast\w*|outliv\w*)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?"
        r"(?:plan|case|involvement)\s+(?:ends|has\s+ended|is\s+closed|closes|ceases)\b",
        r"\bbeyond\s+the\s+end\s+of\s+the\s+(?:plan|involvement|case)\b",
        r"\b(?:indefinitely|permanently|forever|for\s+ever|in\s+perpetuity|for\s+life|"
        r"for\s+the\s+rest\s+of|with\s+no\s+end\s+date|no\s+time\s+limit|without\s+time\s+limit|"
        r"without\s+an?\s+end\s+date)\b",
    )
)


# Each list as one expression (the plain definition of a match; tests compare against it).
_POLICING = re.compile("|".join(f"(?:{p.pattern})" for p in _POLICING_PATTERNS), re.IGNORECASE)
_OUTLIVES = re.compile("|".join(f"(?:{p.pattern})" for p in _OUTLIVES_PATTERNS), re.IGNORECASE)

# Characters outside ASCII that IGNORECASE matches with an ASCII letter (İ ı ſ K); the keyword
# pre-filter below lowercases the text, which would not map these, so a text holding one is
# searched without it. tests/case/test_wording_prefilter.py checks this list against every code
# point.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _required(items: Any) -> list[frozenset[str]]:
    """What any match of a parsed pattern (a sequence) must contain: a list of sets of
    lowercase ASCII words; every match contains at least one word of every set.

    Only literal runs of ASCII letters the match must pass through count: optional parts,
    classes, lookarounds and anchors contribute nothing and split runs, so each word is a
    substring of every match (up to case). An alternation counts only if every branch
    requires something (the union of each branch's best set).
    """
    needs: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            needs.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is _sre.LITERAL and chr(av).isascii() and chr(av).isalpha():
            run.append(chr(av).lower())
            continue
        flush()
        if op is _sre.SUBPATTERN:
            needs += _required(av[-1])
        elif op is _sre.BRANCH:
            branches = [_best(_required(b)) for b in av[1]]
            if all(b is not None for b in branches):
                needs.append(frozenset().union(*(b for b in branches if b is not None)))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            needs += _required(av[2])
    flush()
    return needs


# Words too common to be worth checking first (a choice of speed only, never of the answer).
_COMMON = frozenset(
    (
        *("a", "an", "and", "any", "are", "as", "at", "be", "can", "for", "has", "have"),
        *("her", "his", "if", "in", "is", "it", "no", "not", "of", "on", "or", "that"),
        *("the", "their", "them", "they", "this", "to", "was", "when", "will", "with"),
    )
)


def _rank(words: frozenset[str]) -> tuple[int, int, int]:
    # The most selective set first: no common words, longest shortest word, fewest words.
    return (-len(words & _COMMON), min(map(len, words)), -len(words))


def _best(needs: list[frozenset[str]]) -> frozenset[str] | None:
    return max(needs, key=_rank, default=None)


class _Wording:
    """Patterns searched as one alternation, behind a keyword pre-filter that never changes the
    answer: a pattern is searched only when the (lowercased) text holds a word from each of its
    required sets (see :func:`_required`); a text no pattern could match is not searched."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns
        self.needs = tuple(
            (
                p,
                # The most selective set first: most patterns are ruled out at once.
                tuple(
                    sorted(_required(_sre_parse.parse(p.pattern, p.flags)), key=_rank, reverse=True)
                ),
            )
            for p in patterns
        )

    def __call__(self, text: str) -> bool:
        if not text.isascii() and not _FOLDS_TO_ASCII.isdisjoint(text):
            return any(p.search(text) is not None for p in self.patterns)
        low = text.lower()
        for pattern, needs in self.needs:
            for words in needs:
                for word in words:
                    if word in low:
                        break
                else:
                    break  # this set has no word in the text: the pattern cannot match
            else:
                if pattern.search(text) is not None:
                    return True
        return False


_policing_wording = _Wording(_POLICING_PATTERNS)
_outlives = _Wording(_OUTLIVES_PATTERNS)


def policing_wording(text: str) -> bool:
    """Whether wording would make its holder exclude, supervise, restrict or police someone."""
    return _policing_wording(text)


def outlives_wording(text: str) -> bool:
    """Whether wording makes an agreement last with no time limit or after the plan ends."""
    return _outlives(text)
