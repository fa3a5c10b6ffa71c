"""The refusals: what an agreement must never be issued with.

Every rule adds :class:`Problem` records to one list, so the error a social worker sees names
every problem at once. A message names the field and the rule, never a value from the case.

Codes are stable; ``docs`` and the README list them. The one rule that may be overridden (with a
recorded reason and the professional who authorised it) is ``SP-POLICING``: an override turns
the refusal into a finding that every copy must show.
"""

from __future__ import annotations

import re
import re._constants as _sre  # type: ignore[import-not-found]  # no stubs; the parser's own
import re._parser as _sre_parse  # type: ignore[import-not-found]
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .._problems import Problem
from .._profiles import nation_profile, review_date_problems
from .kinds import CopyKind, PlanType, ReviewKind, Role, SignatureStatus

if TYPE_CHECKING:
    from .model import ContactDetail, WrittenAgreement

__all__ = ["OVERRIDABLE", "policing_wording", "refusals"]

OFSTED = (
    "Ofsted, 'Prevent, protect and repair' (2017), and its national director's commentary on "
    "written agreements in domestic abuse cases (2018)"
)
FAMILY_RIGHTS = (
    "Family Rights Group advice on written agreements; council written agreement procedures"
)
WORKING_TOGETHER = "Working Together to Safeguard Children 2023 (the child protection plan)"
SAFE_AND_TOGETHER = "Safe & Together model: pivot to the person causing harm"
SAFEPLAN = "safeplan data rules"

POLICING = "SP-POLICING"
OVERRIDABLE = frozenset({POLICING})

# Wording that makes the adult at risk exclude, supervise, restrict, report on or police the
# person causing harm. Matched only in expectations held by an adult at risk. Measured against a
# labelled set of sentences (tests/data/expectations.yaml, tests/test_policing_wording.py).
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
# searched without it. tests/test_rules.py checks this list against every code point.
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


def _outlives_wording(text: str) -> bool:
    return _outlives(text)


def refusals(agreement: WrittenAgreement) -> tuple[list[Problem], list[Problem]]:
    """Run every rule.

    Returns:
        The refusals, and the findings left by valid overrides (which the document must show).
    """
    problems = list(_references(agreement))
    problems += _reviews(agreement)
    problems += _end(agreement)
    problems += _person_causing_harm(agreement)
    problems += _policing(agreement)
    problems += _third_parties(agreement)
    problems += _commitments(agreement)
    problems += _contingency(agreement)
    problems += _children_and_plans(agreement)
    problems += _signatures_and_versions(agreement)
    return _apply_overrides(agreement, problems)


# --- references -----------------------------------------------------------------------------


def _references(agreement: WrittenAgreement) -> Iterator[Problem]:
    """Ids are unique, and every reference points at something of the right kind."""

    groups = {
        "people": [p.id for p in agreement.people],
        "children": [c.id for c in agreement.children],
        "professionals": [p.id for p in agreement.professionals],
        "agencies": [g.id for g in agreement.agencies],
    }
    every = Counter(i for ids in groups.values() for i in ids)
    for group, ids in groups.items():
        for i, key in enumerate(ids):
            if every[key] > 1:
                yield Problem.refusal(
                    "SP-ID-DUPLICATE",
                    f"$.{group}[{i}].id",
                    "Two entries share this id. Give each person, child, professional and "
                    "agency its own id.",
                    SAFEPLAN,
                )
            if not key.strip():
                yield Problem.refusal(
                    "SP-ID-EMPTY", f"$.{group}[{i}].id", "Give this entry an id.", SAFEPLAN
                )

    people = set(groups["people"])
    children = set(groups["children"])
    pros = set(groups["professionals"])
    agencies = set(groups["agencies"])
    anyone = people | children | pros
    # Unions used in loops, built once.
    family = people | children
    pros_or_agencies = pros | agencies
    people_or_pros = people | pros

    def unknown(path: str, what: str) -> Problem:
        return Problem.refusal(
            "SP-REF-UNKNOWN", path, f"This must be the id of {what} in this case file.", SAFEPLAN
        )

    # Each reference is checked before its path is built: "if ref is not None and ref not in
    # allowed: yield unknown(path, what)".

    if (
        agreement.plan.lead_practitioner is not None
        and agreement.plan.lead_practitioner not in pros
    ):
        yield unknown("$.plan.lead_practitioner", "a professional")
    for i, pro in enumerate(agreement.professionals):
        if pro.agency is not None and pro.agency not in agencies:
            yield unknown(f"$.professionals[{i}].agency", "an agency")
    for i, c in enumerate(agreement.children):
        for j, ref in enumerate(c.lives_with):
            if ref is not None and ref not in people:
                yield unknown(f"$.children[{i}].lives_with[{j}]", "an adult")
        if c.date_of_birth is None and c.expected_date is None:
            yield Problem.refusal(
                "SP-CHILD-DATE",
                f"$.children[{i}]",
                "Give the child's date of birth or, for an unborn child, the expected date.",
                SAFEPLAN,
            )
        if c.date_of_birth is not None and c.expected_date is not None:
            yield Problem.refusal(
                "SP-CHILD-DATE",
                f"$.children[{i}]",
                "A child has a date of birth or an expected date, not both.",
                SAFEPLAN,
            )
    harmful = {p.id for p in agreement.people if p.role is Role.PERSON_CAUSING_HARM}
    owners: list[tuple[str, int, str, tuple[ContactDetail, ...]]]
    owners = [("people", i, p.id, p.contact_details) for i, p in enumerate(agreement.people)]
    owners += [("children", i, c.id, c.contact_details) for i, c in enumerate(agreement.children)]
    for group, i, owner_id, details in owners:
        for j, d in enumerate(details):
            for k, ref in enumerate(d.visible_to):
                path = f"$.{group}[{i}].contact_details[{j}].visible_to[{k}]"
                if ref is not None and ref not in anyone:
                    yield unknown(path, "a person, child or professional")
                if d.confidential and ref in harmful and owner_id not in harmful:
                    yield Problem.refusal(
                        "SP-CONFIDENTIAL-SHARED",
                        path,
                        "A confidential detail of the adult at risk or a child cannot be shared "
                        "with a person causing harm. Take them off this list, or do not mark "
                        "the detail as confidential if it is already known to them.",
                        SAFEPLAN,
                    )
            refuge = d.kind.value == "address" and "refuge" in (d.label or "").casefold()
            if refuge and not d.confidential:
                yield Problem.refusal(
                    "SP-REFUGE-NOT-CONFIDENTIAL",
                    f"$.{group}[{i}].contact_details[{j}].confidential",
                    "A refuge address must be marked confidential.",
                    SAFEPLAN,
                )
    for i, con in enumerate(agreement.concerns):
        for j, ref in enumerate(con.by):
            if ref is not None and ref not in family:
                yield unknown(f"$.concerns[{i}].by[{j}]", "a person")
    for i, strength in enumerate(agreement.strengths):
        if strength.person is not None and strength.person not in family:
            yield unknown(f"$.strengths[{i}].person", "a person")
    for i, e in enumerate(agreement.expectations):
        if e.who is not None and e.who not in people:
            yield unknown(f"$.expectations[{i}].who", "an adult in the family")
        if e.about is not None and e.about not in family:
            yield unknown(f"$.expectations[{i}].about", "a person")
        if e.checked_by is not None and e.checked_by not in pros_or_agencies:
            yield unknown(f"$.expectations[{i}].checked_by", "a professional or an agency")
    for i, com in enumerate(agreement.commitments):
        if com.agency is not None and com.agency not in agencies:
            yield unknown(f"$.commitments[{i}].agency", "an agency")
        if com.by is not None and com.by not in pros:
            yield unknown(f"$.commitments[{i}].by", "a professional")
    for i, ca in enumerate(agreement.contact_arrangements):
        for j, ref in enumerate(ca.children):
            if ref is not None and ref not in children:
                yield unknown(f"$.contact_arrangements[{i}].children[{j}]", "a child")
        if ca.adult is not None and ca.adult not in people:
            yield unknown(f"$.contact_arrangements[{i}].adult", "an adult")
        if ca.supervised_by is not None and ca.supervised_by not in people_or_pros:
            yield unknown(
                f"$.contact_arrangements[{i}].supervised_by", "an adult or a professional"
            )
        if ca.third_party is not None and ca.third_party not in people:
            yield unknown(
                f"$.contact_arrangements[{i}].third_party", "an adult in the family or network"
            )
    for i, r in enumerate(agreement.reviews):
        if r.chaired_by is not None and r.chaired_by not in pros:
            yield unknown(f"$.reviews[{i}].chaired_by", "a professional")
    if (
        agreement.participation.drafted_by is not None
        and agreement.participation.drafted_by not in pros
    ):
        yield unknown("$.participation.drafted_by", "a professional")
    for j, ref in enumerate(agreement.participation.drafted_with):
        if ref is not None and ref not in anyone:
            yield unknown(f"$.participation.drafted_with[{j}]", "a person")
    for i, v in enumerate(agreement.views):
        if v.person is not None and v.person not in anyone:
            yield unknown(f"$.views[{i}].person", "a person")
    for i, sig in enumerate(agreement.signatures):
        if sig.person is not None and sig.person not in people_or_pros:
            yield unknown(f"$.signatures[{i}].person", "an adult")
    for i, rec in enumerate(agreement.recipients):
        if rec.person is not None and rec.person not in anyone:
            yield unknown(f"$.recipients[{i}].person", "a person, child or professional")
        if rec.copy is CopyKind.CHILD and rec.person not in children:
            yield Problem.refusal(
                "SP-RECIPIENT-COPY",
                f"$.recipients[{i}].copy",
                "Only a child on the plan can receive a child's copy.",
                SAFEPLAN,
            )
        if rec.copy is CopyKind.PROFESSIONAL and rec.person not in pros:
            yield Problem.refusal(
                "SP-RECIPIENT-COPY",
                f"$.recipients[{i}].copy",
                "Only a professional can receive the professional copy, which holds every "
                "confidential detail.",
                SAFEPLAN,
            )
        if rec.copy is CopyKind.ADULT and rec.person not in people:
            yield Problem.refusal(
                "SP-RECIPIENT-COPY",
                f"$.recipients[{i}].copy",
                "An adult's copy goes to an adult in the family or network.",
                SAFEPLAN,
            )
    for i, o in enumerate(agreement.overrides):
        if o.authorised_by is not None and o.authorised_by not in pros:
            yield unknown(f"$.overrides[{i}].authorised_by", "a professional")
    for i, sp in enumerate(agreement.safety_plans):
        if sp.child is not None and sp.child not in children:
            yield unknown(f"$.safety_plans[{i}].child", "a child")
        for j, ref in enumerate(sp.safe_adults):
            if ref is not None and ref not in people:
                yield unknown(f"$.safety_plans[{i}].safe_adults[{j}]", "an adult")
            adult = agreement.person(ref)
            if adult is not None and adult.role is Role.PERSON_CAUSING_HARM:
                yield Problem.refusal(
                    "SP-SAFE-ADULT-CAUSES-HARM",
                    f"$.safety_plans[{i}].safe_adults[{j}]",
                    "A person causing harm cannot be a child's safe adult.",
                    SAFEPLAN,
                )
            elif (
                adult is not None
                and adult.role is not Role.ADULT_AT_RISK
                and adult.agreed is not True
            ):
                yield Problem.refusal(
                    "SP-SAFE-ADULT-NOT-AGREED",
                    f"$.safety_plans[{i}].safe_adults[{j}]",
                    "A child's safe adult must have agreed to be one. Record that they agreed "
                    "(agreed: true) or take them off the plan.",
                    SAFEPLAN,
                )
        for j, ci in enumerate(sp.check_ins):
            if ci.who is not None and ci.who not in people_or_pros:
                yield unknown(
                    f"$.safety_plans[{i}].check_ins[{j}].who", "a professional or an adult"
                )
        override = sp.print_override
        authorised_by = override.authorised_by if override is not None else None
        if authorised_by is not None and authorised_by not in pros:
            yield unknown(f"$.safety_plans[{i}].print_override.authorised_by", "a professional")


# --- rule 1: reviews ------------------------------------------------------------------------


def _reviews(agreement: WrittenAgreement) -> Iterator[Problem]:

    if agreement.plan.profile is None:
        # A council profile may add categories; with none named, the nation's list applies.
        known = nation_profile(agreement.plan.nation).categories
        for i, category in enumerate(agreement.plan.categories):
            if category not in known:
                yield Problem.refusal(
                    "SP-CATEGORY-UNKNOWN",
                    f"$.plan.categories[{i}]",
                    f"This is not a category of concern in this nation. Use one of: "
                    f"{', '.join(known)}.",
                    WORKING_TOGETHER,
                )
    if not agreement.reviews:
        yield Problem.refusal(
            "SP-REVIEW-MISSING",
            "$.reviews",
            "Add at least one review date. Families need to know when the agreement will be "
            "looked at again, and who will check how it is going.",
            OFSTED,
        )
        return
    for i, r in enumerate(agreement.reviews):
        if r.date < agreement.date:
            yield Problem.refusal(
                "SP-REVIEW-BEFORE-AGREEMENT",
                f"$.reviews[{i}].date",
                "This review date is before the agreement's own date.",
                SAFEPLAN,
            )
    if agreement.plan.plan_type is PlanType.CHILD_PROTECTION:
        if agreement.plan.initial_conference is None:
            yield Problem.refusal(
                "SP-CONFERENCE-MISSING",
                "$.plan.initial_conference",
                "Give the date of the initial child protection conference, so the review "
                "dates can be checked against the statutory timescale.",
                WORKING_TOGETHER,
            )
        conferences = [
            (i, r.date)
            for i, r in enumerate(agreement.reviews)
            if r.kind is ReviewKind.REVIEW_CONFERENCE
        ]
        conferences.sort(key=lambda item: item[1])
        order = [i for i, _ in conferences]
        yield from review_date_problems(
            nation_profile(agreement.plan.nation),
            initial_conference=agreement.plan.initial_conference,
            review_conference_dates=[d for _, d in conferences],
            agreement_date=agreement.date,
            pre_birth=agreement.pre_birth,
            path_of=lambda k: f"$.reviews[{order[k]}].date",
        )


# --- rule 2: an end, never outliving the plan -----------------------------------------------


def _texts(agreement: WrittenAgreement) -> Iterator[tuple[str, str]]:
    """Every term of the agreement a family is asked to keep, with its path."""
    for i, e in enumerate(agreement.expectations):
        yield f"$.expectations[{i}].what", e.what
        if e.when:
            yield f"$.expectations[{i}].when", e.when
    for i, c in enumerate(agreement.contingency):
        yield f"$.contingency[{i}]", c
    for i, ca in enumerate(agreement.contact_arrangements):
        for name in ("how_often", "notes"):
            value = getattr(ca, name)
            if value:
                yield f"$.contact_arrangements[{i}].{name}", value


def _end(agreement: WrittenAgreement) -> Iterator[Problem]:
    end = agreement.end
    if end is None or (end.date is None and not end.with_plan):
        yield Problem.refusal(
            "SP-END-MISSING",
            "$.end",
            "Say when the agreement ends: on a date, when the plan ends, or whichever "
            "comes first. An agreement with no time limit cannot be issued.",
            FAMILY_RIGHTS,
        )
    elif end.date is not None:
        if end.date <= agreement.date:
            yield Problem.refusal(
                "SP-END-BEFORE-START",
                "$.end.date",
                "The end date must be after the agreement's own date.",
                SAFEPLAN,
            )
        if agreement.plan.ends is not None and end.date > agreement.plan.ends:
            yield Problem.refusal(
                "SP-END-OUTLIVES-PLAN",
                "$.end.date",
                "The agreement must not last longer than the plan it belongs to. End it on "
                "or before the plan's end date.",
                FAMILY_RIGHTS,
            )
        for i, e in enumerate(agreement.expectations):
            if e.until is not None and e.until > end.date:
                yield Problem.refusal(
                    "SP-END-OUTLIVES-PLAN",
                    f"$.expectations[{i}].until",
                    "This expectation lasts longer than the agreement. End it on or before "
                    "the agreement's end date.",
                    FAMILY_RIGHTS,
                )
    for path, text in _texts(agreement):
        if _outlives_wording(text):
            yield Problem.refusal(
                "SP-END-OUTLIVES-PLAN",
                path,
                "This wording makes the agreement last with no time limit or after "
                "children's services stop their involvement. An agreement ends when the plan "
                "ends, or sooner.",
                FAMILY_RIGHTS,
            )
    for i, e in enumerate(agreement.expectations):
        if e.starts is not None and e.until is not None and e.until < e.starts:
            yield Problem.refusal(
                "SP-DATES-ORDER",
                f"$.expectations[{i}].until",
                "This expectation ends before it starts.",
                SAFEPLAN,
            )


# --- rule 3: the person causing harm --------------------------------------------------------


def _person_causing_harm(agreement: WrittenAgreement) -> Iterator[Problem]:

    harmful = agreement.people_in_role(Role.PERSON_CAUSING_HARM)
    if not harmful:
        yield Problem.refusal(
            "SP-PCH-MISSING",
            "$.people",
            "Name the person whose behaviour must change (role: person-causing-harm). An "
            "agreement that only asks things of the adult at risk puts the burden in the "
            "wrong place.",
            SAFE_AND_TOGETHER,
        )
    for person in harmful:
        if not agreement.expectations_of(person.id):
            index = agreement.people.index(person)
            yield Problem.refusal(
                "SP-PCH-NO-EXPECTATIONS",
                f"$.people[{index}]",
                "The person causing harm has no expectations of their own. Say what they "
                "will do to change their behaviour and keep the children safe.",
                OFSTED,
            )


# --- rule 4: no policing by the adult at risk -----------------------------------------------


def _policing(agreement: WrittenAgreement) -> Iterator[Problem]:

    at_risk = {p.id for p in agreement.people_in_role(Role.ADULT_AT_RISK)}
    harmful = {p.id for p in agreement.people_in_role(Role.PERSON_CAUSING_HARM)}
    message = (
        "This asks the adult at risk to exclude, supervise, restrict or police the person causing "
        "harm. Under coercive control they cannot safely do this. Rewrite it as something the "
        "person causing harm will do, or something professionals will do."
    )
    for i, e in enumerate(agreement.expectations):
        if e.who not in at_risk:
            continue
        if (e.kind.polices and (e.about is None or e.about in harmful)) or policing_wording(e.what):
            yield Problem.refusal(POLICING, f"$.expectations[{i}]", message, OFSTED)
    for i, ca in enumerate(agreement.contact_arrangements):
        if ca.supervised_by in at_risk and ca.adult in harmful:
            yield Problem.refusal(
                POLICING,
                f"$.contact_arrangements[{i}]",
                "This makes the adult at risk supervise the person causing harm's contact "
                "with the children. Contact should be supervised by a professional or by a "
                "network member who has agreed.",
                OFSTED,
            )


# --- rule 5: third parties ------------------------------------------------------------------


def _third_parties(agreement: WrittenAgreement) -> Iterator[Problem]:

    for i, ca in enumerate(agreement.contact_arrangements):
        path = f"$.contact_arrangements[{i}]"
        if ca.through_third_party and ca.third_party is None:
            yield Problem.refusal(
                "SP-THIRD-PARTY-MISSING",
                f"{path}.third_party",
                "Contact goes through a third party, but no one is named. Name a person who "
                "has agreed to do it, or change the arrangement: a term no one can keep "
                "sets the family up to fail.",
                FAMILY_RIGHTS,
            )
        supporter_refs = [("third_party", ca.third_party), ("supervised_by", ca.supervised_by)]
        for field, ref in supporter_refs:
            who = agreement.person(ref) if ref is not None else None
            if who is None:
                continue
            if field == "supervised_by" and who.role is Role.ADULT_AT_RISK:
                continue  # rule 4 speaks about this one
            if who.role in (Role.PERSON_CAUSING_HARM, Role.ADULT_AT_RISK):
                yield Problem.refusal(
                    "SP-THIRD-PARTY-ROLE",
                    f"{path}.{field}",
                    "The third party for contact cannot be the adult at risk or the person "
                    "causing harm.",
                    OFSTED,
                )
            elif who.agreed is not True:
                yield Problem.refusal(
                    "SP-THIRD-PARTY-NOT-AGREED",
                    f"{path}.{field}",
                    "The person named here has not agreed to this part. Ask them first and "
                    "record that they agreed (agreed: true).",
                    FAMILY_RIGHTS,
                )


# --- rules 6 and 7 --------------------------------------------------------------------------


def _commitments(agreement: WrittenAgreement) -> Iterator[Problem]:
    if not agreement.commitments:
        yield Problem.refusal(
            "SP-COMMITMENTS-MISSING",
            "$.commitments",
            "Add what the agencies will do, with dates. An agreement that only lists what "
            "the family must do gives professionals false comfort.",
            FAMILY_RIGHTS,
        )


def _contingency(agreement: WrittenAgreement) -> Iterator[Problem]:
    if not any(c.strip() for c in agreement.contingency):
        yield Problem.refusal(
            "SP-CONTINGENCY-MISSING",
            "$.contingency",
            "Say what will happen if the agreement is not kept, or if things do not improve.",
            WORKING_TOGETHER,
        )


# --- children, safety plans, signatures, versions ----------------------------------------


def _children_and_plans(agreement: WrittenAgreement) -> Iterator[Problem]:
    if not agreement.children:
        yield Problem.refusal(
            "SP-CHILD-MISSING", "$.children", "Name the children the plan is for.", SAFEPLAN
        )
    seen: set[str] = set()
    for i, sp in enumerate(agreement.safety_plans):
        if sp.child in seen:
            yield Problem.refusal(
                "SP-SAFETY-PLAN-DUPLICATE",
                f"$.safety_plans[{i}].child",
                "A child has one safety plan. Merge the two.",
                SAFEPLAN,
            )
        seen.add(sp.child)
        child = agreement.child(sp.child)
        if child is not None and child.unborn and (sp.what_to_do or sp.safe_places):
            yield Problem.refusal(
                "SP-SAFETY-PLAN-UNBORN",
                f"$.safety_plans[{i}]",
                "An unborn child has no safety plan of their own; the adults' plan keeps "
                "them safe.",
                SAFEPLAN,
            )


def _signatures_and_versions(agreement: WrittenAgreement) -> Iterator[Problem]:

    for i, s in enumerate(agreement.signatures):
        if s.status is not SignatureStatus.NOT_YET_ASKED and s.date is None:
            yield Problem.refusal(
                "SP-SIGNATURE-DATE",
                f"$.signatures[{i}].date",
                "Give the date the person signed or declined.",
                SAFEPLAN,
            )
    v = agreement.version
    if v.number < 1:
        yield Problem.refusal(
            "SP-VERSION", "$.version.number", "The version number starts at 1.", SAFEPLAN
        )
    if v.replaces is not None:
        if v.replaces >= v.number:
            yield Problem.refusal(
                "SP-VERSION",
                "$.version.replaces",
                "A version can only replace an earlier one.",
                SAFEPLAN,
            )
        if not v.changes:
            yield Problem.refusal(
                "SP-VERSION-CHANGES-MISSING",
                "$.version.changes",
                "This version replaces an earlier draft. Say what changed, so the family "
                "can see it.",
                FAMILY_RIGHTS,
            )


# --- overrides ------------------------------------------------------------------------------


def _apply_overrides(
    agreement: WrittenAgreement, problems: list[Problem]
) -> tuple[list[Problem], list[Problem]]:
    refused: list[Problem] = []
    overridden: list[Problem] = []
    valid: dict[tuple[str, str], int] = {}
    for i, o in enumerate(agreement.overrides):
        if o.rule not in OVERRIDABLE:
            refused.append(
                Problem.refusal(
                    "SP-OVERRIDE-NOT-ALLOWED",
                    f"$.overrides[{i}].rule",
                    "Only the rule SP-POLICING can be overridden. Every other rule "
                    "protects the family and must be met.",
                    SAFEPLAN,
                )
            )
        elif not o.reason.strip():
            refused.append(
                Problem.refusal(
                    "SP-OVERRIDE-REASON",
                    f"$.overrides[{i}].reason",
                    "An override needs a recorded reason.",
                    SAFEPLAN,
                )
            )
        else:
            valid[(o.rule, o.target)] = i
    used: set[int] = set()
    for prob in problems:
        key = (prob.code, prob.path)
        if key in valid:
            used.add(valid[key])
            overridden.append(
                Problem.warning(
                    f"{prob.code}-OVERRIDDEN",
                    prob.path,
                    "A professional decided to keep this term although it asks the adult at "
                    "risk to control the person causing harm. The reason and who decided "
                    "are recorded, and every copy shows this.",
                    prob.source,
                )
            )
        else:
            refused.append(prob)
    for key, i in valid.items():
        if i not in used:
            refused.append(
                Problem.refusal(
                    "SP-OVERRIDE-UNUSED",
                    f"$.overrides[{i}].target",
                    f"This override does not match any {key[0]} problem. Check the "
                    "target path (for example $.expectations[2]).",
                    SAFEPLAN,
                )
            )
    return refused, overridden
