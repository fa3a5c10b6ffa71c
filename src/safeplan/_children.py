"""Children's versions: who gets one, and the only things a child's layout can see.

A child's layout never receives the agreement. It receives a :class:`ChildView`, built here from
the child's own safety plan and a few names, so it cannot print the adults' concerns, third
parties' details, anyone's criminal history, an address, or the adults' obligations in adult
wording. The code word is in the view only when the plan allows it to be printed.

A child gets no copy (and the run says why) when the child is unborn, younger than the
profile's minimum age, has no safety plan in the case, or lives with the person causing harm
and the plan has no recorded override: a printed safety plan found by the person causing harm
can put the child in danger.

Imports: _copies, _case, _profiles, _readability, _problems.
"""

from __future__ import annotations

import datetime as dt
import re

import attrs

from ._case import (
    Child,
    ChildSafetyPlan,
    CopyKind,
    Person,
    PlanWords,
    Role,
    Translations,
    WrittenAgreement,
    WrittenSteps,
    translations_field,
)
from ._copies import Copy
from ._problems import Problem
from ._profiles import AgeBand, Helpline, Profile, Service
from ._readability import acronyms, long_words, passive_phrases, sentences, words

__all__ = [
    "CheckInView",
    "ChildView",
    "child_findings",
    "child_view",
    "easy_read_findings",
    "steps_for",
    "withheld_reason",
]

_WITHHELD = "SP-CHILD-COPY-WITHHELD"
_SOURCE_PLAN = "Signs of Safety 'Words and Pictures'; safeplan children's versions"
_SOURCE_DA = "Domestic abuse safety planning with children: written plans not advised when found"


@attrs.frozen(kw_only=True)
class CheckInView:
    """When someone will check in with the child, in words a child understands.

    Attributes:
        date: The date (layouts show only the month: "in March").
        who: The name of the person who will check in.
    """

    date: dt.date
    who: str


@attrs.frozen(kw_only=True)
class ChildView:
    """Everything a child's layout may use. Nothing else about the case reaches it.

    Attributes:
        name: The child's first name as written in the case.
        age: The child's age in years on the agreement's date.
        band: The age band's name (``5-7``, ``8-12``, ``13-17``), which chooses the wording.
        explanation: Why grown-ups are helping, written for the child.
        safe_adults: The names of the child's safe adults (only adults who agreed).
        safe_places: Places the child can go.
        what_to_do: What to do if the child feels scared or someone is getting hurt (empty
            when the steps are withheld from this copy).
        written_steps: Whether the steps for when the child feels scared (the case's own,
            then 999 and 55) are printed in this copy.
        read_together: Whether they are written for the child to read with a trusted adult
            ("With your grown-up: ..."), for a child younger than the profile's
            ``safety_plan_min_age_years`` or whose plan asks for it.
        grown_ups_will: What the grown-ups will do, in words for the child.
        check_ins: When people will check how things are going.
        child_words: The child's own words.
        code_word: The code word, only when the plan allows it to be printed.
        social_worker: The name of the lead practitioner.
        helplines: Helplines for children, from the profile.
        advocacy: Services that help children say what they think, from the profile.
        complaints: The council's own complaints service, from the profile.
        written_in: The language the plan's words are written in.
        translations: The plan's words in other languages (a copy in one of them prints
            its words in their place).
    """

    name: str
    age: int
    band: str
    explanation: str
    safe_adults: tuple[str, ...]
    safe_places: tuple[str, ...]
    what_to_do: tuple[str, ...]
    written_steps: bool
    grown_ups_will: tuple[str, ...]
    check_ins: tuple[CheckInView, ...]
    child_words: str | None
    code_word: str | None
    social_worker: str
    helplines: tuple[Helpline, ...]
    read_together: bool = False
    advocacy: tuple[Service, ...] = ()
    complaints: tuple[Service, ...] = ()
    written_in: str = "en-GB"
    translations: Translations[PlanWords] = translations_field(PlanWords)  # noqa: RUF009


def _plan_for(agreement: WrittenAgreement, child_id: str) -> tuple[int, ChildSafetyPlan] | None:
    for i, sp in enumerate(agreement.safety_plans):
        if sp.child == child_id:
            return i, sp
    return None


def band_for(profile: Profile, child: Child, plan: ChildSafetyPlan, on: dt.date) -> AgeBand | None:
    """The age band of a child's version: the plan's override, else the child's age."""
    if plan.age_band is not None:
        return next((b for b in profile.age_bands if b.name == plan.age_band), None)
    age = child.age_on(on)
    return None if age is None else profile.age_band(age)


def withheld_reason(agreement: WrittenAgreement, copy: Copy, profile: Profile) -> Problem | None:
    """Why a child's copy is not produced, or ``None`` when it is."""
    child = agreement.child(copy.recipient)
    index = next((i for i, c in enumerate(agreement.children) if c.id == copy.recipient), 0)
    path = f"$.children[{index}]"
    if child is None:
        return Problem.advice(
            _WITHHELD, "$.recipients", "A child's copy goes to a child on the plan.", _SOURCE_PLAN
        )
    if child.unborn:
        return Problem.advice(
            _WITHHELD,
            path,
            "This child is not born yet, so there is no child's version.",
            _SOURCE_PLAN,
        )
    found = _plan_for(agreement, child.id)
    age = child.age_on(agreement.date)
    too_young = Problem.advice(
        _WITHHELD,
        path,
        f"This child is younger than {profile.child_min_age_years}, the youngest age for a "
        "written child's version in this profile. Explain the plan to them in person.",
        _SOURCE_PLAN,
    )
    if found is None:
        if age is None or age < profile.child_min_age_years:
            return too_young
        return Problem.advice(
            _WITHHELD,
            "$.safety_plans",
            "This child has no safety plan in the case, so there is nothing to write for them. "
            "Add a safety plan with an explanation written for the child.",
            _SOURCE_PLAN,
        )
    i, plan = found
    if plan.age_band is not None and band_for(profile, child, plan, agreement.date) is None:
        names = ", ".join(b.name for b in profile.age_bands)
        return Problem.advice(
            _WITHHELD,
            f"$.safety_plans[{i}].age_band",
            f"This age band is not in the profile. Use one of: {names}.",
            _SOURCE_PLAN,
        )
    if plan.age_band is None and (age is None or age < profile.child_min_age_years):
        return too_young
    if band_for(profile, child, plan, agreement.date) is None:
        return Problem.advice(
            _WITHHELD, path, "This child is older than the profile's age bands.", _SOURCE_PLAN
        )
    harmful = {p.id for p in agreement.people_in_role(Role.PERSON_CAUSING_HARM)}
    if harmful.intersection(child.lives_with) and plan.print_override is None:
        return Problem.advice(
            _WITHHELD,
            f"$.safety_plans[{i}].print_override",
            "This child lives with the person causing harm. A printed safety plan could be found "
            "and put the child in danger. Talk it through with the child instead, or record an "
            "override with the reason and who decided.",
            _SOURCE_DA,
        )
    if plan.print_override is not None and not plan.print_override.reason.strip():
        return Problem.advice(
            _WITHHELD,
            f"$.safety_plans[{i}].print_override.reason",
            "An override to print this child's plan needs a recorded reason.",
            _SOURCE_DA,
        )
    return None


def steps_for(plan: ChildSafetyPlan, age: int, profile: Profile) -> WrittenSteps:
    """How a child's copy gives the steps for when the child feels scared: as the plan says,
    else for the child from the profile's ``safety_plan_min_age_years``, and below it as the
    profile's ``young_child_steps`` says (for reading with a grown-up, or withheld)."""
    if plan.written_steps is not None:
        return plan.written_steps
    if age >= profile.safety_plan_min_age_years:
        return WrittenSteps.FOR_THE_CHILD
    if profile.young_child_steps == "withheld":
        return WrittenSteps.WITHHELD
    return WrittenSteps.READ_TOGETHER


def _called(person: Person) -> str:
    return person.known_to_children_as or person.name


def child_view(agreement: WrittenAgreement, copy: Copy, profile: Profile) -> ChildView:
    """The child's view of the case. Call :func:`withheld_reason` first."""
    if copy.kind is not CopyKind.CHILD:
        raise ValueError("child_view is for children's copies")
    child = agreement.child(copy.recipient)
    found = _plan_for(agreement, copy.recipient)
    if child is None or found is None:
        raise ValueError("no child's copy for this recipient")
    _, plan = found
    band = band_for(profile, child, plan, agreement.date)
    age = child.age_on(agreement.date) or 0
    if band is None:
        raise ValueError("no age band for this child")
    steps = steps_for(plan, age, profile)
    safe = tuple(_called(p) for ref in plan.safe_adults if (p := agreement.person(ref)) is not None)
    lead = agreement.professional(agreement.plan.lead_practitioner)

    def who(ref: str) -> str:
        person = agreement.person(ref)
        if person is not None:
            return _called(person)
        pro = agreement.professional(ref)
        return pro.name if pro is not None else ""

    return ChildView(
        name=child.name,
        age=age,
        band=band.name,
        explanation=plan.explanation,
        safe_adults=safe,
        safe_places=plan.safe_places,
        what_to_do=() if steps is WrittenSteps.WITHHELD else plan.what_to_do,
        written_steps=steps is not WrittenSteps.WITHHELD,
        read_together=steps is WrittenSteps.READ_TOGETHER,
        grown_ups_will=plan.grown_ups_will,
        check_ins=tuple(
            CheckInView(date=c.date, who=who(c.who))
            for c in sorted(plan.check_ins, key=lambda c: c.date)
        ),
        child_words=plan.child_words,
        code_word=plan.code_word if plan.print_code_word else None,
        social_worker=lead.name if lead is not None else "",
        helplines=profile.helplines_for("children"),
        advocacy=profile.advocacy,
        complaints=profile.complaints,
        written_in=plan.language or agreement.language,
        translations=plan.translations,
    )


# --- what a child's copy must not get wrong ------------------------------------------------

_SOURCE_STEPS = (
    "Domestic abuse safety planning with children (written plans not advised for children under "
    "about 7); safeplan children's versions: safety content is never dropped silently"
)
_SOURCE_PROTECTOR = (
    "Safe & Together: the person causing harm is responsible for the harm, and professionals "
    "for protection; Ofsted, 'Prevent, protect and repair' (2017)"
)
# What a sentence says its subject does to protect the child: keeps them safe, protects them,
# makes sure they are safe, keeps someone away, stops someone. Read from just after a name of
# the adult at risk, over any "and ..." that joins others to them.
_PROTECTS = re.compile(
    r"(?:\s*(?:,|and|&)\s+[\w'’-]+(?:\s+[\w'’-]+)?)*\s+"
    r"(?:will|is going to|are going to|must|has to|have to|should|can|is|are|'ll)?\s*"
    r"(?:always\s+|try to\s+)?"
    r"(?:keep(?:s|ing)?\b[^.!?]*?\b(?:safe|away)\b|protect(?:s|ing)?\b|"
    r"make(?:s)?\s+sure\b[^.!?]*?\bsafe\b|stop(?:s|ping)?\b|look(?:s|ing)?\s+out\s+for\b)",
    re.IGNORECASE,
)


def child_findings(agreement: WrittenAgreement, profile: Profile) -> list[Problem]:
    """What a child's copy would get wrong: safety steps left out (the finding says why and
    what the social worker must do instead), and child-facing text that makes the adult at
    risk the one who keeps the children safe."""
    out: list[Problem] = []
    at_risk = agreement.cast().pattern("adult-at-risk")
    for i, plan in enumerate(agreement.safety_plans):
        child = agreement.child(plan.child)
        if child is None or child.unborn:
            continue
        copy = Copy(kind=CopyKind.CHILD, recipient=child.id)
        asked = any(r.person == child.id and r.copy is CopyKind.CHILD for r in agreement.recipients)
        if asked and withheld_reason(agreement, copy, profile) is None:
            out += _steps_finding(agreement, i, plan, child, profile)
        if at_risk is None:
            continue
        if (plan.language or agreement.language).split("-")[0].lower() != "en":
            continue  # the protecting verbs are English ones
        fields = [(f"$.safety_plans[{i}].explanation", plan.explanation)]
        for name in ("what_to_do", "grown_ups_will"):
            fields += [
                (f"$.safety_plans[{i}].{name}[{j}]", text)
                for j, text in enumerate(getattr(plan, name))
            ]
        for path, text in fields:
            if any(_PROTECTS.match(text, m.end()) for m in at_risk.finditer(text)):
                out.append(
                    Problem.warning(
                        "SP-CHILD-SAFETY-ON-ADULT-AT-RISK",
                        path,
                        "This tells the child that the adult at risk is the one who keeps them "
                        "safe. That is not their job: the person causing harm must stop, and "
                        "the professionals must act. A child told otherwise may blame that "
                        "parent, or themselves, when something goes wrong. Say what the "
                        "grown-ups and the professionals will do: 'Your social worker will "
                        "visit you every two weeks', 'Dad is going to a course to learn to stop "
                        "hurting people', 'Mum will listen when you want to talk'.",
                        _SOURCE_PROTECTOR,
                    )
                )
    return out


def _steps_finding(
    agreement: WrittenAgreement, index: int, plan: ChildSafetyPlan, child: Child, profile: Profile
) -> list[Problem]:
    age = child.age_on(agreement.date) or 0
    if steps_for(plan, age, profile) is not WrittenSteps.WITHHELD:
        return []
    if plan.written_steps is WrittenSteps.WITHHELD:
        path = f"$.safety_plans[{index}].written_steps"
        why = "because the plan says so (written_steps: withheld)"
    else:
        path = f"$.safety_plans[{index}]"
        why = (
            f"because the child is younger than {profile.safety_plan_min_age_years} and the "
            "profile leaves written steps out for younger children (young_child_steps: "
            "withheld)"
        )
    count = len(plan.what_to_do)
    own = f"the {count} step{'' if count == 1 else 's'} in what_to_do, and " if count else ""
    return [
        Problem.warning(
            "SP-CHILD-STEPS-WITHHELD",
            path,
            f"This child's copy leaves out what to do if they feel scared ({own}how to call "
            f"999 and press 55), {why}. Before the copy is given, go through those steps with "
            "the child and their safe adult in person, check the child can say them back in "
            "their own words, and record that you have. The copy tells the child that their "
            "social worker will talk with them about it. To print them for reading with a "
            "grown-up instead, set written_steps: read-together.",
            _SOURCE_STEPS,
        )
    ]


# --- easy read ------------------------------------------------------------------------------

_EASY_READ = (
    "GOV.UK easy read guidance: one idea a sentence, 10-15 words, active voice, no acronyms"
)


def easy_read_findings(agreement: WrittenAgreement, profile: Profile) -> list[Problem]:
    """Easy-read findings on every child-facing string the case supplies.

    Checked: the explanation, safe places, what to do, and what the grown-ups will do, in every
    child's safety plan written in English (the measures are English ones). The child's own
    words are never checked: they are theirs. Each finding
    names the field and the rule; the words that broke it are not quoted (they may name people).
    """
    rules = profile.easy_read
    called = [
        *(p.name for p in agreement.people),
        *(p.known_to_children_as or "" for p in agreement.people),
        *(c.name for c in agreement.children),
        *(p.name for p in agreement.professionals),
    ]
    names = {w.casefold() for n in called for w in words(n)}
    out: list[Problem] = []
    for i, plan in enumerate(agreement.safety_plans):
        if (plan.language or agreement.language).split("-")[0].lower() != "en":
            continue  # the measures (syllables, passive voice) are for English text
        fields: list[tuple[str, str]] = [(f"$.safety_plans[{i}].explanation", plan.explanation)]
        for name in ("safe_places", "what_to_do", "grown_ups_will"):
            fields += [
                (f"$.safety_plans[{i}].{name}[{j}]", text)
                for j, text in enumerate(getattr(plan, name))
            ]
        for path, text in fields:
            for sentence in sentences(text):
                count = len(words(sentence))
                if count > rules.max_sentence_words:
                    out.append(
                        Problem.warning(
                            "SP-EASY-READ-LONG-SENTENCE",
                            path,
                            f"A sentence here has {count} words. For children, keep each "
                            f"sentence to {rules.max_sentence_words} words or fewer, one idea "
                            "each.",
                            _EASY_READ,
                        )
                    )
            # Names are not hard words; acronyms have a finding of their own.
            skip = names | {a.casefold() for a in acronyms(text)}
            hard = [
                w for w in long_words(text, rules.max_word_syllables) if w.casefold() not in skip
            ]
            if hard:
                out.append(
                    Problem.warning(
                        "SP-EASY-READ-LONG-WORD",
                        path,
                        f"{len(hard)} word(s) here have more than {rules.max_word_syllables} "
                        "syllables. Use shorter, everyday words a child knows.",
                        _EASY_READ,
                    )
                )
            if acronyms(text, allowed=rules.allowed_acronyms):
                out.append(
                    Problem.warning(
                        "SP-EASY-READ-ACRONYM",
                        path,
                        "This uses letters for a name (an acronym). Write the words out, or "
                        "say it the way the child would.",
                        _EASY_READ,
                    )
                )
            if passive_phrases(text):
                out.append(
                    Problem.warning(
                        "SP-EASY-READ-PASSIVE",
                        path,
                        "This says what happened without saying who did it. Say who does what: "
                        "'Amira will visit you', not 'You will be visited'.",
                        _EASY_READ,
                    )
                )
    return out
