"""The quality check: what would make an agreement better, as opposed to what stops it being issued.

A refusal (``_case/rules.py``) stops an agreement that must never be issued; it is raised when the
agreement is built. A *finding* is softer: the agreement may be issued, but a careful reviewer
would ask for a change. :func:`check` returns the findings of a built agreement as
:class:`~safeplan.Problem` records with severity ``WARNING`` (a reviewer would ask for it to be
changed before issue) or ``ADVICE`` (worth a look). Overridden refusals come first.

Every message names the field (``path``) and the rule, says what to do instead, and never quotes
the case: at most the matched term itself (a profile word such as "volatile", a fixed label such
as "keep ... safe", or a passive verb such as "was pushed"), never a name or a sentence.

Codes (stable; the README lists them):

Wording: ``SP-VAGUE-WORDING``, ``SP-BLAMING-WORDS``, ``SP-PASSIVE-CONCERN``,
``SP-CHILD-WITNESS``, ``SP-POLICING-POSSIBLE``, ``SP-READING-GRADE``, ``SP-LONG-SENTENCE``,
``SP-ACRONYM``.
Expectations and commitments: ``SP-EXPECTATION-UNCHECKED``, ``SP-EXPECTATION-HOW-CHECKED``,
``SP-EXPECTATION-NO-WHEN``, ``SP-COMMITMENT-NO-DATE``, ``SP-BURDEN-ON-ADULT-AT-RISK``,
``SP-SEPARATION-ONLY``, ``SP-CONTACT-NO-FREQUENCY``.
The people: ``SP-ADULT-AT-RISK-UNSUPPORTED``, ``SP-NO-BEHAVIOUR-CHANGE``,
``SP-PROTECTIVE-EFFORTS-MISSING``, ``SP-CHILD-VIEWS-MISSING``, ``SP-DECLINED-NO-REASON``.
How it was made: ``SP-LEGAL-ADVICE-NOT-RECORDED``, ``SP-INTERPRETER-NOT-RECORDED``,
``SP-INTERPRETER-NOT-PROVIDED``, ``SP-TIME-TO-READ``, ``SP-DRAFTED-WITHOUT-FAMILY``,
``SP-FAMILY-GROUP-CONFERENCE``.
Time (in ``time.py``): ``SP-OUTLIVES-REVIEW``, ``SP-CORE-GROUP-LATE``, ``SP-CORE-GROUP-GAP``,
``SP-CORE-GROUP-MISSING``, ``SP-REVIEW-OVERDUE``, ``SP-PRE-PROCEEDINGS-LONG``,
``SP-PRE-PROCEEDINGS-START-MISSING``.

Imports: _case, _children, _copies, _problems, _profiles, _readability, _wording.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .._case import (
    FAMILY_RIGHTS,
    OFSTED,
    SAFE_AND_TOGETHER,
    WORKING_TOGETHER,
    AgencyKind,
    CopyKind,
    ExpectationKind,
    Interpreter,
    Role,
    SignatureStatus,
    WrittenAgreement,
    duty_terms,
    policing_message,
)
from .._children import easy_read_findings, withheld_reason
from .._copies import Audience, audience_of, copies, translation_findings
from .._problems import Problem, Severity
from .._profiles import Profile, resolve_profile
from .._readability import acronyms, passive_phrases, reading_grade, sentences, words
from .._wording import Level, find_terms, policing, vague_wording
from .council import issue_findings
from .time import time_findings
from .wording import (
    ADJECTIVE_DOMESTIC,
    CHILD_WORDS,
    SEPARATION,
    STANDING,
    WITNESS_WORDS,
    blaming_message,
    has_time,
    name_pattern,
    overlaps,
    quote_list,
    vague_message,
)

__all__ = ["check"]

DA_ACT = (
    "Domestic Abuse Act 2021, section 3: a child who sees, hears or experiences abuse is a victim"
)
WORDS_SOURCE = (
    "Ofsted, 'Prevent, protect and repair' (2017); Safe & Together practice; the profile's "
    "blaming_terms"
)
VAGUE_SOURCE = "Ofsted's key ingredients: specific, clear expectations; the profile's vague_terms"
PLAIN_SOURCE = "Family Rights Group advice: plain language; the profile's plain_english limits"


# --- the check --------------------------------------------------------------------------------


def check(
    agreement: WrittenAgreement,
    *,
    profile: Profile | str | os.PathLike[str] | None = None,
    previous: WrittenAgreement | None = None,
    templates: Iterable[str | os.PathLike[str]] = (),
) -> list[Problem]:
    """The findings of an agreement: what would make it better, most serious first.

    Refusals are raised when an agreement is built, so a built agreement has none; its
    overridden refusals (:attr:`~safeplan.WrittenAgreement.overridden`) come first here, then
    every ``WARNING``, then every ``ADVICE``, each group in case-file order.

    Args:
        agreement: A built agreement.
        profile: The profile whose word lists and limits apply: a :class:`Profile`, a name or a
            council's YAML file. Default: the case's council profile, else its nation's.
        previous: The earlier version this one replaces: each change since it that
            ``version.changes`` does not mention is a finding (``SP-CHANGES-NOT-LISTED``).
        templates: The council template folders the copies will be rendered with (their
            ``locales/`` catalogs decide whether a translation awaits review), as for
            :class:`~safeplan.RenderConfig`.

    Returns:
        :class:`~safeplan.Problem` records with severity ``WARNING`` or ``ADVICE``. Messages
        name fields and rules, never the case's people or its text.

    Raises:
        ProfileError: The profile cannot be found or read.
    """
    return check_findings(agreement, profile=profile, previous=previous, templates=templates)


def check_findings(
    agreement: WrittenAgreement,
    *,
    profile: Profile | str | os.PathLike[str] | None = None,
    previous: WrittenAgreement | None = None,
    templates: Iterable[str | os.PathLike[str]] = (),
    audience: Audience | None = None,
) -> list[Problem]:
    """:func:`check`, given the case's audience when the caller has it already (``assess``
    reads it for the renderer's findings too: it is computed once, not twice)."""
    chosen = resolve_profile(agreement, profile)
    found = [*_wording(agreement, chosen)]
    found += _expectations(agreement)
    found += _people(agreement, chosen)
    found += _participation(agreement)
    found += time_findings(agreement, chosen)
    found += _plain_english(agreement, chosen)
    found += easy_read_findings(agreement, chosen)
    audience = audience or audience_of(agreement)
    found += audience.findings  # safety details and the person causing harm's copy
    found += issue_findings(agreement, chosen, previous)
    # The copies' languages, as the renderer reports them: drafts and untranslated case text.
    produced = [
        c
        for c in copies(agreement, language_order=chosen.language_order)
        if c.kind is not CopyKind.CHILD or withheld_reason(agreement, c, chosen) is None
    ]
    found += translation_findings(agreement, produced, audience, tuple(Path(t) for t in templates))
    rank = {Severity.REFUSAL: 0, Severity.WARNING: 1, Severity.ADVICE: 2}
    found.sort(key=lambda p: rank[p.severity])
    return [*agreement.overridden, *found]


def _full_names(agreement: WrittenAgreement) -> list[str]:
    return [
        *(p.name for p in agreement.people),
        *(c.name for c in agreement.children),
        *(p.name for p in agreement.professionals),
    ]


def _names(agreement: WrittenAgreement) -> list[str]:
    """Every word of every name in the case, for keeping them out of quoted text."""
    return [w for name in _full_names(agreement) for w in re.split(r"[\s()]+", name) if len(w) > 1]


# --- wording ----------------------------------------------------------------------------------


def _family_texts(agreement: WrittenAgreement) -> Iterator[tuple[str, str]]:
    """The case's words about the family: concerns, expectations, strengths, contingency and
    commitments, with their paths."""
    for i, c in enumerate(agreement.concerns):
        yield f"$.concerns[{i}].text", c.text
    for i, e in enumerate(agreement.expectations):
        for name in ("what", "when", "how_checked", "support"):
            value = getattr(e, name)
            if value:
                yield f"$.expectations[{i}].{name}", value
    for i, s in enumerate(agreement.strengths):
        yield f"$.strengths[{i}].text", s.text
    for i, note in enumerate(agreement.contingency):
        yield f"$.contingency[{i}]", note.text
    for i, note in enumerate(agreement.terms):
        yield f"$.terms[{i}]", note.text
    for i, com in enumerate(agreement.commitments):
        yield f"$.commitments[{i}].what", com.what
        if com.when:
            yield f"$.commitments[{i}].when", com.when


def _wording(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    children = [w for c in agreement.children for w in c.name.split() if len(w) > 1]
    child_names = name_pattern(children)

    def about_a_child(sentence: str) -> bool:
        return CHILD_WORDS.search(sentence) is not None or (
            child_names is not None and child_names.search(sentence) is not None
        )

    name_words = {n.casefold() for n in _names(agreement)}
    for path, text in _family_texts(agreement):
        taken: list[tuple[int, int]] = []
        # A child described only as a witness: a witness word in a sentence about a child.
        for match in WITNESS_WORDS.finditer(text):
            if about_a_child(_sentence_around(text, match.start(), match.end())):
                taken.append((match.start(), match.end()))
        if taken:
            yield Problem.warning(
                "SP-CHILD-WITNESS",
                path,
                "This describes a child as a witness. A child who sees, hears or lives with "
                "domestic abuse is a victim of it in their own right. Say what the child saw or "
                "heard and how it has affected them: 'She heard her father shouting and hid "
                "under her bed. She has not slept well since.'",
                DA_ACT,
            )
        # Blaming or blurring words from the profile.
        for term, start, end in find_terms(text, profile.blaming_terms):
            if overlaps((start, end), taken) or ADJECTIVE_DOMESTIC.match(text, end):
                continue
            taken.append((start, end))
            yield Problem.warning("SP-BLAMING-WORDS", path, blaming_message(term), WORDS_SOURCE)
        # Passive verbs that hide who acted, in the concerns.
        if path.startswith("$.concerns"):
            hidden = [
                p.phrase
                for p in passive_phrases(text)
                if not p.has_agent
                and not overlaps((p.start, p.end), taken)
                and not any(w.casefold() in name_words for w in p.phrase.split())
            ]
            if hidden:
                unique = list(dict.fromkeys(hidden))[:3]
                yield Problem.warning(
                    "SP-PASSIVE-CONCERN",
                    path,
                    f"{quote_list(unique)} {'hides' if len(unique) == 1 else 'hide'} who did "
                    "it. Name the person who acted: "
                    "'The children's father hit their mother', not 'She was assaulted'.",
                    WORDS_SOURCE,
                )
    # Vague wording in what people and agencies will do.
    for path, text in _checkable_texts(agreement):
        labels = vague_wording(text, profile.vague_terms)
        if labels:
            yield Problem.warning("SP-VAGUE-WORDING", path, vague_message(labels[:3]), VAGUE_SOURCE)
    # Terms that may still make the adult at risk police the person causing harm: the wider
    # net behind the SP-POLICING refusal, for a person to read.
    harmful = {p.id for p in agreement.people_in_role(Role.PERSON_CAUSING_HARM)}
    at_risk = {p.id for p in agreement.people_in_role(Role.ADULT_AT_RISK)}
    overridden = {p.path for p in agreement.overridden}
    flagged: set[str] = set()
    for i, e in enumerate(agreement.expectations):
        path = f"$.expectations[{i}]"
        if (
            e.who in at_risk
            and e.about in harmful
            and e.kind is not ExpectationKind.STOP
            and path not in overridden
        ):
            flagged.add(path)
            yield Problem.warning("SP-POLICING-POSSIBLE", path, POSSIBLE_ABOUT, OFSTED)
    cast = agreement.cast()
    for duty in duty_terms(agreement):
        if duty.path in overridden or duty.path in flagged:
            continue
        verdict = policing(
            duty.text, cast, holder=duty.holder, agent=duty.agent, speaker=duty.speaker
        )
        if verdict is not None and verdict.level is Level.POSSIBLE:
            flagged.add(duty.path)
            yield Problem.warning(
                "SP-POLICING-POSSIBLE",
                duty.path,
                f"{policing_message(verdict, duty.field)} {POSSIBLE_CHECK}",
                OFSTED,
            )


POSSIBLE_ABOUT = (
    "This term of the adult at risk is about the person causing harm. Check that it does not ask "
    "the adult at risk to keep that person away, watch them, report on them or manage their "
    "contact: under coercive control no one can safely do that. If it does, make it something "
    "the person causing harm or a professional will do."
)
POSSIBLE_CHECK = "Check it: if it does not ask that, leave it as it is."


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding the span from ``start`` to ``end``."""
    left = max(text.rfind(stop, 0, start) for stop in (". ", "! ", "? ", "\n"))
    rights = [i for i in (text.find(stop, end) for stop in (". ", "! ", "? ", "\n")) if i >= 0]
    return text[left + 1 : min(rights, default=len(text))]


def _checkable_texts(agreement: WrittenAgreement) -> Iterator[tuple[str, str]]:
    """Every field where a term is written: expectations, commitments, contact arrangements,
    contingency steps and general terms, with the field's path."""
    for term in duty_terms(agreement):
        yield term.field_path, term.text


def _agreed_texts(agreement: WrittenAgreement) -> Iterator[tuple[str, str]]:
    """What people and agencies will do: expectations (when and how checked) and commitments."""
    for i, e in enumerate(agreement.expectations):
        for name in ("what", "when", "how_checked"):
            value = getattr(e, name)
            if value:
                yield f"$.expectations[{i}].{name}", value
    for i, com in enumerate(agreement.commitments):
        yield f"$.commitments[{i}].what", com.what
        if com.when:
            yield f"$.commitments[{i}].when", com.when


# --- expectations and commitments -------------------------------------------------------------


def _expectations(agreement: WrittenAgreement) -> Iterator[Problem]:
    for i, e in enumerate(agreement.expectations):
        path = f"$.expectations[{i}]"
        if e.checked_by is None and not (e.how_checked or "").strip():
            yield Problem.warning(
                "SP-EXPECTATION-UNCHECKED",
                path,
                "No one is named to check this, and it does not say how. Say who will check "
                "(checked_by) and how they will know (how_checked): 'The course tells the social "
                "worker after each session.'",
                OFSTED,
            )
        elif not (e.how_checked or "").strip():
            yield Problem.advice(
                "SP-EXPECTATION-HOW-CHECKED",
                f"{path}.how_checked",
                "Say how the person checking will know it was done, so the family knows too.",
                OFSTED,
            )
        standing = e.kind is not ExpectationKind.ACTION and e.kind is not ExpectationKind.ATTEND
        if (
            not standing
            and not (e.when or "").strip()
            and e.until is None
            and not has_time(e.what)
            and STANDING.search(e.what) is None
        ):
            yield Problem.warning(
                "SP-EXPECTATION-NO-WHEN",
                f"{path}.when",
                "Say when or how often this will be done (when), or by which date: 'Every "
                "Tuesday evening' or 'By 15 December'. Without it, no one can tell whether it "
                "has been kept.",
                WORKING_TOGETHER,
            )
    for i, com in enumerate(agreement.commitments):
        if com.by_date is None and not (com.when or "").strip() and not has_time(com.what):
            yield Problem.warning(
                "SP-COMMITMENT-NO-DATE",
                f"$.commitments[{i}]",
                "This commitment has no date or frequency. Give it one (by_date, or when such as "
                "'at every visit'), so the family can hold the agency to it as it holds them to "
                "theirs.",
                FAMILY_RIGHTS,
            )
    at_risk = {p.id for p in agreement.people_in_role(Role.ADULT_AT_RISK)}
    harmful = {p.id for p in agreement.people_in_role(Role.PERSON_CAUSING_HARM)}
    theirs = sum(e.who in at_risk for e in agreement.expectations)
    his = sum(e.who in harmful for e in agreement.expectations)
    if at_risk and harmful and theirs > his:
        yield Problem.warning(
            "SP-BURDEN-ON-ADULT-AT-RISK",
            "$.expectations",
            f"The adult at risk is asked to do more ({theirs} terms) than the person causing harm "
            f"({his}). The burden of change belongs with the person causing harm: move terms "
            "to them, or to the agencies.",
            SAFE_AND_TOGETHER,
        )
    for i, ca in enumerate(agreement.contact_arrangements):
        if not (ca.how_often or "").strip():
            yield Problem.advice(
                "SP-CONTACT-NO-FREQUENCY",
                f"$.contact_arrangements[{i}].how_often",
                "Say how often and for how long contact happens: 'Every Saturday, 10am to 12 "
                "noon.'",
                FAMILY_RIGHTS,
            )


# --- the people -------------------------------------------------------------------------------


def _people(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    at_risk = agreement.people_in_role(Role.ADULT_AT_RISK)
    harmful = agreement.people_in_role(Role.PERSON_CAUSING_HARM)
    harmful_ids = {p.id for p in harmful}
    kind_of = {g.id: g.kind for g in agreement.agencies}
    pro_agency = {p.id: p.agency for p in agreement.professionals}

    def agency_kind(ref: str | None) -> AgencyKind | None:
        if ref is None:
            return None
        return kind_of.get(ref) or kind_of.get(pro_agency.get(ref, ""))

    committed = {kind_of.get(c.agency) for c in agreement.commitments} | {
        agency_kind(c.by) for c in agreement.commitments
    }
    for person in at_risk:
        index = agreement.people.index(person)
        supported = AgencyKind.DOMESTIC_ABUSE_SERVICE in committed or any(
            (e.support or "").strip() for e in agreement.expectations_of(person.id)
        )
        if not supported:
            yield Problem.warning(
                "SP-ADULT-AT-RISK-UNSUPPORTED",
                f"$.people[{index}]",
                "Nothing here offers the adult at risk support of their own. Add a commitment "
                "from a domestic abuse service (an agency of kind domestic-abuse-service), or "
                "say what support comes with each of their terms (support).",
                SAFE_AND_TOGETHER,
            )
        if not any(s.protective and s.person == person.id for s in agreement.strengths):
            yield Problem.warning(
                "SP-PROTECTIVE-EFFORTS-MISSING",
                f"$.people[{index}]",
                "Record what the adult at risk has already done to keep the children safe (a "
                "strength with protective: true), such as calling the police or moving to a "
                "safe place. Leaving it out blames by silence.",
                SAFE_AND_TOGETHER,
            )
    behaviour_change = AgencyKind.BEHAVIOUR_CHANGE_SERVICE in committed
    for person in harmful:
        index = agreement.people.index(person)
        own = agreement.expectations_of(person.id)
        if not (
            behaviour_change
            or any(e.kind is ExpectationKind.ATTEND for e in own)
            or any(agency_kind(e.checked_by) is AgencyKind.BEHAVIOUR_CHANGE_SERVICE for e in own)
        ):
            yield Problem.warning(
                "SP-NO-BEHAVIOUR-CHANGE",
                f"$.people[{index}]",
                "Nothing here asks the person causing harm to work on changing their behaviour. "
                "Add a term for them to attend a behaviour-change programme (kind: attend), and "
                "the agency that runs it (kind: behaviour-change-service).",
                OFSTED,
            )
    # A plan that relies only on the adult at risk separating.
    protective_agencies = {
        AgencyKind.DOMESTIC_ABUSE_SERVICE,
        AgencyKind.BEHAVIOUR_CHANGE_SERVICE,
        AgencyKind.POLICE,
    }
    other_protection = bool(committed & protective_agencies) or any(
        e.who in harmful_ids and e.kind in (ExpectationKind.ATTEND, ExpectationKind.STOP)
        for e in agreement.expectations
    )
    at_risk_ids = {p.id for p in at_risk}
    for i, e in enumerate(agreement.expectations):
        if e.who in at_risk_ids and SEPARATION.search(e.what) and not other_protection:
            yield Problem.warning(
                "SP-SEPARATION-ONLY",
                f"$.expectations[{i}]",
                "The plan relies on the adult at risk separating, and nothing else here "
                "protects the children. Leaving is often the most dangerous time. Add what the "
                "person causing harm will stop doing, and what the police and a domestic abuse "
                "service will do.",
                SAFE_AND_TOGETHER,
            )
    # Children old enough for their own version, whose views are not recorded.
    heard = {v.person for v in agreement.views}
    for i, child in enumerate(agreement.children):
        age = child.age_on(agreement.date)
        if age is not None and age >= profile.child_min_age_years and child.id not in heard:
            yield Problem.advice(
                "SP-CHILD-VIEWS-MISSING",
                f"$.children[{i}]",
                "This child is old enough to be asked what they think. Record their views in "
                "their own words (views).",
                WORKING_TOGETHER,
            )
    for i, s in enumerate(agreement.signatures):
        asked = s.status in (SignatureStatus.DECLINED, SignatureStatus.SIGNED_WITH_RESERVATIONS)
        if asked and not (s.reason or "").strip():
            yield Problem.advice(
                "SP-DECLINED-NO-REASON",
                f"$.signatures[{i}].reason",
                "Record the person's reasons in their own words, so they are not lost or read as "
                "unwillingness.",
                FAMILY_RIGHTS,
            )


# --- how it was made --------------------------------------------------------------------------


def _participation(agreement: WrittenAgreement) -> Iterator[Problem]:
    part = agreement.participation
    if part.legal_advice_offered is not True:
        not_offered = part.legal_advice_offered is False
        yield Problem.warning(
            "SP-LEGAL-ADVICE-NOT-RECORDED",
            "$.participation.legal_advice_offered",
            (
                "The record says legal advice was not offered. "
                if not_offered
                else "Record whether legal advice was offered. "
            )
            + "Every adult asked to sign should be told they can get legal advice first, and "
            "have time to get it.",
            FAMILY_RIGHTS,
        )
    needs = [
        i
        for i, p in enumerate(agreement.people)
        if p.interpreter_needed
        or (
            p.preferred_language is not None
            and not p.preferred_language.casefold().startswith("en")
        )
    ]
    if needs and part.interpreter is Interpreter.NOT_RECORDED:
        yield Problem.warning(
            "SP-INTERPRETER-NOT-RECORDED",
            "$.participation.interpreter",
            "Someone here needs an interpreter or prefers a language other than English. "
            "Record whether an interpreter was offered, used or declined.",
            FAMILY_RIGHTS,
        )
    needed = [i for i, p in enumerate(agreement.people) if p.interpreter_needed]
    if needed and part.interpreter is Interpreter.NOT_NEEDED:
        yield Problem.warning(
            "SP-INTERPRETER-NOT-PROVIDED",
            "$.participation.interpreter",
            "Someone here needs an interpreter, but the record says none was needed. Offer "
            "one, and record whether it was used or declined.",
            FAMILY_RIGHTS,
        )
    if not part.time_to_read_days:
        yield Problem.advice(
            "SP-TIME-TO-READ",
            "$.participation.time_to_read_days",
            "Record how many days the family had to read the agreement and ask questions "
            "before being asked to sign. No one should be pressed to sign on the day.",
            FAMILY_RIGHTS,
        )
    family = {p.id for p in agreement.people}
    if not family & set(part.drafted_with):
        yield Problem.advice(
            "SP-DRAFTED-WITHOUT-FAMILY",
            "$.participation.drafted_with",
            "Record which family members the agreement was written with. Agreements made with "
            "parents, not for them, are the ones that work.",
            OFSTED,
        )
    if part.family_group_conference is None and not part.family_group_conference_offered:
        yield Problem.advice(
            "SP-FAMILY-GROUP-CONFERENCE",
            "$.participation.family_group_conference_offered",
            "Offer the family a family group conference, and record that it was offered. "
            "Families taking part as equals make plans that last.",
            OFSTED,
        )


# --- time -------------------------------------------------------------------------------------

# --- readability ------------------------------------------------------------------------------

_EVERYDAY_ACRONYMS = ("GP", "NHS", "A&E", "OK", "TV", "UK", "ID")


def _adult_texts(agreement: WrittenAgreement) -> Iterator[tuple[str, str]]:
    """What the adults are asked to read and understand: concerns, expectations, contingency."""
    for i, c in enumerate(agreement.concerns):
        yield f"$.concerns[{i}].text", c.text
    for i, e in enumerate(agreement.expectations):
        yield f"$.expectations[{i}].what", e.what
    for i, note in enumerate(agreement.contingency):
        yield f"$.contingency[{i}]", note.text
    for i, note in enumerate(agreement.terms):
        yield f"$.terms[{i}]", note.text


def _plain_english(agreement: WrittenAgreement, profile: Profile) -> Iterator[Problem]:
    names = name_pattern(_names(agreement))

    def plain(text: str) -> str:
        # A family knows its own names: count each as one short word, not as hard words.
        return names.sub("Sam", text) if names is not None else text

    texts = list(_adult_texts(agreement))
    limit = profile.plain_english.max_reading_grade
    grade = reading_grade([plain(t) for _, t in texts])
    if grade > limit:
        hardest = sorted(texts, key=lambda item: reading_grade(plain(item[1])), reverse=True)[:3]
        yield Problem.warning(
            "SP-READING-GRADE",
            "$",
            f"The agreement reads at about grade {grade:.1f} (a reading age of about "
            f"{round(grade) + 5}); aim for grade {limit:g} or below. Use shorter sentences and "
            f"everyday words. Start with {', '.join(p for p, _ in hardest)}.",
            PLAIN_SOURCE,
        )
    longest = profile.plain_english.max_sentence_words
    for path, text in texts:
        counts = [len(words(s)) for s in sentences(text)]
        if counts and max(counts) > longest:
            yield Problem.advice(
                "SP-LONG-SENTENCE",
                path,
                f"A sentence here has {max(counts)} words. Split it so that no sentence is longer "
                f"than {longest} words: one idea a sentence.",
                PLAIN_SOURCE,
            )
    allowed = (*profile.easy_read.allowed_acronyms, *_EVERYDAY_ACRONYMS)
    name_words = {n.casefold() for n in _names(agreement)}
    initials = {
        "".join(w[0] for w in name.split() if w[:1].isalpha()).casefold()
        for name in _full_names(agreement)
    }
    for path, text in [*texts, *_agreed_texts(agreement)]:
        unexplained = [
            acronym
            for acronym in acronyms(text, allowed=allowed)
            if acronym.casefold() not in name_words
            and acronym.casefold() not in initials
            and not _explained(acronym, text)
        ]
        if unexplained:
            yield Problem.advice(
                "SP-ACRONYM",
                path,
                f"Write {quote_list(unexplained[:3])} out in full, or explain "
                f"{'it' if len(unexplained) == 1 else 'each'} the first time it is used: many "
                "families do not know what the letters stand for.",
                PLAIN_SOURCE,
            )


def _explained(acronym: str, text: str) -> bool:
    """Whether the acronym is spelt out beside it: "... (MARAC)" or "MARAC, the meeting ..."."""
    a = re.escape(acronym)
    return (
        re.search(rf"\({a}s?\)", text) is not None
        or re.search(rf"\b{a}s?\s*(?:\(|,\s+(?:the|a|an|which|who)\b)", text) is not None
    )
