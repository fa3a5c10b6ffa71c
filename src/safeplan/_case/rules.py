"""The refusals: what an agreement must never be issued with.

Every rule adds :class:`Problem` records to one list, so the error a social worker sees names
every problem at once. A message names the field and the rule, never a value from the case.

Codes are stable; ``docs`` and the README list them. The one rule that may be overridden (with a
recorded reason and the professional who authorised it) is ``SP-POLICING``: an override turns
the refusal into a finding that every copy must show. The wording rules read the terms where
:mod:`.wording` finds them, with the wording room's readers (:mod:`safeplan._wording`): a
refusal quotes the matched words only, with every name replaced by its role.

Imports: _profiles, _wording, _problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from .._problems import Problem
from .._profiles import nation_profile
from .._wording import Cast, Level, Verdict, outlives, policing, third_parties
from .kinds import CopyKind, Role, SignatureStatus
from .timeline import timeline_refusals
from .wording import Term, duty_terms

if TYPE_CHECKING:
    from .model import ContactDetail, Person, WrittenAgreement

__all__ = ["OVERRIDABLE", "policing_message", "refusals"]

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


def refusals(agreement: WrittenAgreement) -> tuple[list[Problem], list[Problem]]:
    """Run every rule.

    Returns:
        The refusals, and the findings left by valid overrides (which the document must show).
    """
    terms = list(duty_terms(agreement))
    cast = agreement.cast()
    problems = list(_references(agreement))
    problems += _reviews(agreement)
    problems += _end(agreement, terms)
    problems += _person_causing_harm(agreement)
    problems += _policing(agreement, terms, cast)
    problems += _third_parties(agreement, terms, cast)
    problems += _commitments(agreement)
    problems += _contingency(agreement)
    problems += _children_and_plans(agreement)
    problems += _signatures_and_versions(agreement)
    problems += _start(agreement)
    return _apply_overrides(agreement, problems)


# --- references -----------------------------------------------------------------------------


_ROLE_NAMES = frozenset(role.value for role in Role)


def _audienced(agreement: WrittenAgreement) -> Iterator[tuple[str, Any]]:
    """Every item that may name who sees it (``withheld_from``, ``shared_with``), with its path."""
    lists = (
        "concerns",
        "strengths",
        "expectations",
        "commitments",
        "contact_arrangements",
        "views",
        "support_contacts",
        "contingency",
        "terms",
    )
    for name in lists:
        for i, item in enumerate(getattr(agreement, name)):
            yield f"$.{name}[{i}]", item


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
            if key in _ROLE_NAMES:
                yield Problem.refusal(
                    "SP-ID-RESERVED",
                    f"$.{group}[{i}].id",
                    "This id is the name of a role, which lists such as withheld_from use for "
                    "everyone in that role. Give this entry another id.",
                    SAFEPLAN,
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
    approver = agreement.participation.approved_by
    if approver is not None and approver not in pros:
        yield unknown("$.participation.approved_by", "a professional")
    for j, ref in enumerate(agreement.participation.drafted_with):
        if ref is not None and ref not in anyone:
            yield unknown(f"$.participation.drafted_with[{j}]", "a person")
    for i, v in enumerate(agreement.views):
        if v.person is not None and v.person not in anyone:
            yield unknown(f"$.views[{i}].person", "a person")
    audience = anyone | _ROLE_NAMES
    for path, item in _audienced(agreement):
        for name in ("withheld_from", "shared_with"):
            for j, ref in enumerate(getattr(item, name)):
                if ref not in audience:
                    yield Problem.refusal(
                        "SP-REF-UNKNOWN",
                        f"{path}.{name}[{j}]",
                        "This must be the id of a person, child or professional in this case "
                        "file, or a role (such as person-causing-harm).",
                        SAFEPLAN,
                    )
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
    # The timeline's own rules (meetings held and booked, the schedule from the agreement's
    # date forward) are in .timeline.
    yield from timeline_refusals(agreement)


# --- rule 2: an end, never outliving the plan -----------------------------------------------


def _end(agreement: WrittenAgreement, terms: list[Term]) -> Iterator[Problem]:
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
    for term in terms:
        label = outlives(term.text)
        if label is not None:
            yield Problem.refusal(
                "SP-END-OUTLIVES-PLAN",
                term.field_path,
                f"'{label}' makes this term last with no time limit, or after children's "
                "services stop their involvement. A term ends when the plan ends, or sooner: "
                "give it a date, or tie it to the plan's next review.",
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


def policing_message(verdict: Verdict, field: str | None = None) -> str:
    """What a policing refusal or warning says: the matched words (names replaced by their
    role), what they ask of the adult at risk, and a rewrite as someone else's duty."""
    where = f" (in {field})" if field not in (None, "what") else ""
    return (
        f"'{verdict.words}'{where} asks the adult at risk to {verdict.kind.asks}. Under coercive "
        "control they cannot safely do this, and it puts the burden of change on them. Write "
        f"it as {verdict.kind.rewrite}."
    )


def _policing(agreement: WrittenAgreement, terms: list[Term], cast: Cast) -> Iterator[Problem]:
    """One SP-POLICING refusal per item: what its words ask (quoted, with a rewrite), or,
    when the words say nothing the reader knows, what its structured fields say."""
    at_risk = {p.id for p in agreement.people_in_role(Role.ADULT_AT_RISK)}
    harmful = {p.id for p in agreement.people_in_role(Role.PERSON_CAUSING_HARM)}
    found: dict[str, Problem] = {}
    for term in terms:
        if term.path in found:
            continue
        verdict = policing(
            term.text, cast, holder=term.holder, agent=term.agent, speaker=term.speaker
        )
        if verdict is not None and verdict.level is Level.REFUSE:
            found[term.path] = Problem.refusal(
                POLICING, term.path, policing_message(verdict, term.field), OFSTED
            )
    for i, e in enumerate(agreement.expectations):
        path = f"$.expectations[{i}]"
        polices = e.kind.polices and (e.about is None or e.about in harmful)
        if e.who in at_risk and polices and path not in found:
            found[path] = Problem.refusal(
                POLICING,
                path,
                f"This term's kind ({e.kind.value}) asks the adult at risk to control the person "
                "causing harm. Under coercive control they cannot safely do this. Rewrite it as "
                "something the person causing harm will do, or something professionals will do.",
                OFSTED,
            )
    for i, ca in enumerate(agreement.contact_arrangements):
        path = f"$.contact_arrangements[{i}]"
        if ca.supervised_by in at_risk and ca.adult in harmful:
            # The structured field says it plainly: this message, whatever the notes say.
            found[path] = Problem.refusal(
                POLICING,
                path,
                "This makes the adult at risk supervise the person causing harm's contact "
                "with the children. Contact should be supervised by a professional or by a "
                "network member who has agreed.",
                OFSTED,
            )
    order = {name: n for n, name in enumerate(_SECTIONS)}
    yield from sorted(found.values(), key=lambda p: _place(p.path, order))


_SECTIONS = ("expectations", "contact_arrangements", "contingency", "commitments", "terms")


def _place(path: str, order: dict[str, int]) -> tuple[int, int]:
    """Where an item comes in the case file: its list, then its index."""
    name, _, rest = path[2:].partition("[")
    return order.get(name, len(order)), int(rest.split("]")[0] or 0)


# --- rule 5: third parties ------------------------------------------------------------------


def _third_parties(agreement: WrittenAgreement, terms: list[Term], cast: Cast) -> Iterator[Problem]:
    yield from _third_parties_in_words(agreement, terms, cast)
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


def _third_parties_in_words(
    agreement: WrittenAgreement, terms: list[Term], cast: Cast
) -> Iterator[Problem]:
    """Contact between the adults that a term sends through someone: a named person who has
    agreed, or a professional; otherwise refused."""
    seen: set[tuple[str, str]] = set()
    for term in terms:
        found = third_parties(term.text, cast, holder=term.holder, speaker=term.speaker)
        for who in found:
            if who.role == "agency":
                continue
            person = _by_relationship(agreement, who.relation) if not who.named else None
            if person is not None:
                who = attrs.evolve(who, member=person.id, named=True)
            if not who.named and not term.third_party:
                code = "SP-THIRD-PARTY-MISSING"
                message = (
                    "This term sends contact between the adults through someone it does not "
                    "name. Name the person, a member of the family's network who has agreed to "
                    "do it (agreed: true), or a professional or service; or change the term: a "
                    "term no one can keep sets the family up to fail."
                )
            elif who.member is not None:
                person = agreement.person(who.member)
                if person is None or person.agreed is True:
                    continue
                if person.role in (Role.PERSON_CAUSING_HARM, Role.ADULT_AT_RISK):
                    continue
                code = "SP-THIRD-PARTY-NOT-AGREED"
                message = (
                    "This term sends contact between the adults through a person who has not "
                    "agreed to it. Ask them first and record that they agreed (agreed: true)."
                )
            else:
                continue
            if (code, term.path) in seen:
                continue
            seen.add((code, term.path))
            yield Problem.refusal(code, term.field_path, message, FAMILY_RIGHTS)


def _by_relationship(agreement: WrittenAgreement, relation: str) -> Person | None:
    """The person of the case a term names by relationship ("Sally's mother"), when exactly one
    person's recorded relationship is that."""
    key = _relation_key(relation)
    if not key:
        return None
    found = [p for p in agreement.people if p.relationship and _relation_key(p.relationship) == key]
    return found[0] if len(found) == 1 else None


def _relation_key(text: str) -> str:
    words = text.casefold().replace("\u2019", "'").split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


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
    if not any(c.text.strip() for c in agreement.contingency):
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


def _start(agreement: WrittenAgreement) -> Iterator[Problem]:
    """An agreement applies from its own date or later, and ends after it starts."""
    starts = agreement.starts
    if starts is None:
        return
    if starts < agreement.date:
        yield Problem.refusal(
            "SP-START-BEFORE-DATE",
            "$.starts",
            "An agreement cannot apply from before the day it is made. Make starts the "
            "agreement's date or later.",
            SAFEPLAN,
        )
    end = agreement.end
    # An end on or before the agreement's date is refused by the end rules already.
    if end is not None and end.date is not None and agreement.date < end.date <= starts:
        yield Problem.refusal(
            "SP-END-BEFORE-START",
            "$.end.date",
            "The end date must be after the day the agreement starts (starts).",
            SAFEPLAN,
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
