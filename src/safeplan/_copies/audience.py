"""The audience of every sentence: which items of a case each copy holds, and why not.

An :class:`Audience` is computed once per case (:func:`audience_of`) and read by the
redaction (a layout never sees an item withheld from its copy), by the findings
(:func:`audience_findings`) and by the professional copy, which keeps everything and marks
each item with the copies it is not in, and why.

What a copy does not hold:

- **Asked for** (every adult's copy): an item whose ``withheld_from`` names the recipient's id
  or role.
- **Confidential views**: a view marked ``confidential`` is only in the professional copy and
  the copy of the person whose words they are.
- **Support for other roles**: a support contact whose ``for_roles`` do not include the
  recipient's role.
- **Safe defaults for a person causing harm** (role ``person-causing-harm``), unless the
  item's ``shared_with`` names them or their role: the adult at risk's protective efforts
  (``protective: true``) and every strength of the adult at risk; the ``support`` offered with
  the adult at risk's expectations; every commitment of an agency of kind
  ``domestic-abuse-service``; the views of the adult at risk and of the children; and any item
  in which the safety-detail detector (``_wording``) finds a detail that would help them find,
  track or retaliate against the adult at risk or the children (a version's changes and a
  signature's reasons too).
- **Never withheld from them**: their own expectations and the contact arrangements in which
  they are the adult. They must know their duties; a detail found there is a warning
  (``SP-SAFETY-DETAIL``) asking for the duty to be written without it.

Every copy for a person causing harm says, near its start, that some parts of the agreement
are not in it, without saying which (so saying it discloses nothing); another copy says so
when something other than a support line for another role is withheld from it.

Imports: _case, _wording, _problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from .._case import (
    AgencyKind,
    Commitment,
    ContactArrangement,
    CopyKind,
    Expectation,
    Role,
    Strength,
    SupportContact,
    View,
    WrittenAgreement,
)
from .._problems import Problem
from .._wording import Cast, SafetyCategory, SafetyDetail, safety_details
from .copies import Copy, copies, recipient_path

__all__ = [
    "REASONS",
    "Audience",
    "NotInCopy",
    "Reason",
    "audience_findings",
    "audience_of",
]

_SOURCE = (
    "safeplan's confidentiality rules: ICO reprimands for safe addresses disclosed (2022-23); "
    "SafeLives on MARAC confidentiality; Family Law Act 1996 s.45 (applications without notice)"
)

#: Why an item is not in a copy, in words for messages (the layouts have their own, translated).
REASONS: Mapping[str, str] = {
    "asked": "the case asks for it (withheld_from)",
    "confidential": "a view marked confidential",
    "for-roles": "a service for other roles (for_roles)",
    "protective": "the adult at risk's protective efforts",
    "adult-at-risk": "the adult at risk's strengths",
    "adult-at-risk-support": "the help offered to the adult at risk",
    "domestic-abuse-service": "the work of a domestic abuse service",
    "view": "the words of the adult at risk or a child",
    "safety-detail": "a safety detail",
}
# Reasons that do not make a copy say that parts are missing from it: a support line for
# another role is not a part of the agreement.
_QUIET = frozenset({"for-roles"})

# How to write a duty without the detail, by category (for SP-SAFETY-DETAIL).
_REWRITE: Mapping[SafetyCategory, str] = {
    SafetyCategory.WHERE_THEY_ARE: (
        "say 'where the adult at risk lives' or 'their home', never the place or the area"
    ),
    SafetyCategory.CHILDREN_IN_THE_DAY: (
        "say 'the children's school' (or nursery, GP, club), not its name"
    ),
    SafetyCategory.ROUTINE: "leave out who takes or collects whom, where and when",
    SafetyCategory.APPOINTMENT: "leave out where and when the adult at risk's appointments are",
    SafetyCategory.SPECIALIST_HELP: (
        "leave out the specialist help the adult at risk gets; it stays in their own copy"
    ),
    SafetyCategory.COURT_APPLICATION: (
        "leave out any court application the adult at risk is making or planning"
    ),
    SafetyCategory.CONTACT_DETAILS: "leave out the adult at risk's numbers and accounts",
    SafetyCategory.PLANS_TO_MOVE: "leave out any plan to move",
    SafetyCategory.CHILD_WORDS: "leave out the child's words; they stay in the professional copy",
}


@attrs.frozen
class Reason:
    """Why an item is not in a copy.

    Attributes:
        code: One of :data:`REASONS`' keys.
        categories: For ``safety-detail``: what the detector found (``SafetyCategory``
            values), in order.
    """

    code: str
    categories: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class NotInCopy:
    """In the professional copy: one copy an item is not in, and why.

    Attributes:
        name: The name of the person whose copy it is.
        reason: Why (``asked``, ``confidential``, ``for-roles``, ``protective``,
            ``adult-at-risk``, ``adult-at-risk-support``, ``domestic-abuse-service``, ``view``
            or ``safety-detail``).
        details: For ``safety-detail``: what was found, as the detector's categories
            (``where-they-are``, ``children-in-the-day``, ``routine``, ``appointment``,
            ``specialist-help``, ``court-application``, ``contact-details``,
            ``plans-to-move``, ``child-words``).
    """

    name: str = attrs.field(repr=False)
    reason: str
    details: tuple[str, ...] = ()


def _freeze(paths: Mapping[str, Mapping[str, Reason]]) -> Mapping[str, Mapping[str, Reason]]:
    return {path: dict(by) for path, by in paths.items()}


@attrs.frozen(kw_only=True)
class Audience:
    """Which copy holds which item of one case: computed once, read by the redaction, the
    findings and the professional copy.

    Attributes:
        withheld: For each path of an item (``$.concerns[2]``) or field
            (``$.expectations[5].support``) kept out of some copies: the recipient id of each
            such copy, and why. Only adults' copies have items withheld; the professional
            copy keeps everything and a child's copy carries only the child's own plan.
        notice: The recipients whose copy says that parts of the agreement are not in it:
            every person causing harm, and anyone else with something withheld.
        findings: ``SP-SAFETY-DETAIL`` warnings and ``SP-SAFETY-DETAIL-WITHHELD`` and
            ``SP-WITHHELD-OWN-TERM`` findings.
    """

    withheld: Mapping[str, Mapping[str, Reason]] = attrs.field(converter=_freeze)
    notice: frozenset[str] = frozenset()
    findings: tuple[Problem, ...] = ()
    _hidden: Mapping[str, frozenset[str]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by: dict[str, set[str]] = {}
        for path, recipients in self.withheld.items():
            for rid in recipients:
                by.setdefault(rid, set()).add(path)
        object.__setattr__(self, "_hidden", {rid: frozenset(p) for rid, p in by.items()})

    def hidden(self, copy: Copy) -> frozenset[str]:
        """The paths kept out of ``copy``: none for the professional copy."""
        if copy.kind is not CopyKind.ADULT:
            return frozenset()
        return self._hidden.get(copy.recipient, frozenset())

    def says_parts_withheld(self, copy: Copy) -> bool:
        """Whether ``copy`` says that some parts of the agreement are not in it."""
        return copy.kind is CopyKind.ADULT and copy.recipient in self.notice

    def notes(self, path: str) -> tuple[tuple[str, Reason], ...]:
        """The copies ``path`` is kept out of (recipient ids, in copy order) and why."""
        return tuple(self.withheld.get(path, {}).items())


# --- the items a copy can print -------------------------------------------------------------


@attrs.frozen
class _Item:
    """One thing a copy can print, with the fields the detector reads.

    ``whole`` says whether withholding takes the item out (a list entry) or empties a field
    (``path`` is then the field's, as for a signature's reasons); ``warn_only`` items reach
    every copy and can only be rewritten.
    """

    path: str
    value: Any
    holder: str | None
    fields: tuple[tuple[str, str], ...]
    audienced: bool = True
    whole: bool = True
    warn_only: bool = False


# The detector's words for who holds an item (``holder``), by the case's roles.
_HOLDERS = {
    Role.ADULT_AT_RISK: "adult-at-risk",
    Role.PERSON_CAUSING_HARM: "person-causing-harm",
    Role.SAFE_ADULT: "network-member",
    Role.NETWORK_MEMBER: "network-member",
    Role.PARENT_OR_CARER: None,
}


def _holders(agreement: WrittenAgreement) -> dict[str, str | None]:
    """The detector's word for who holds an item, by the id of whoever holds it: the first of
    an adult, a child, a professional or an agency with that id (as the layouts look names
    up)."""
    out: dict[str, str | None] = {}
    for g in agreement.agencies:
        out[g.id] = "agency"
    for pro in agreement.professionals:
        out[pro.id] = "agency"
    for c in agreement.children:
        out[c.id] = "child"
    for p in agreement.people:
        out[p.id] = _HOLDERS[p.role]
    return out


def _texts(value: Any, *names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, t) for n in names if isinstance(t := getattr(value, n), str) and t.strip())


def _items(agreement: WrittenAgreement) -> Iterator[_Item]:
    """Every free-text item an adult's copy can print, in case-file order."""
    holders = _holders(agreement)

    def holder(ref: str | None) -> str | None:
        return None if ref is None else holders.get(ref)

    for i, c in enumerate(agreement.concerns):
        yield _Item(f"$.concerns[{i}]", c, None, _texts(c, "text"))
    for i, s in enumerate(agreement.strengths):
        yield _Item(f"$.strengths[{i}]", s, holder(s.person), _texts(s, "text"))
    for i, e in enumerate(agreement.expectations):
        fields = _texts(e, "what", "when", "how_checked", "support")
        yield _Item(f"$.expectations[{i}]", e, holder(e.who), fields)
    for i, com in enumerate(agreement.commitments):
        yield _Item(f"$.commitments[{i}]", com, "agency", _texts(com, "what", "when"))
    for i, ca in enumerate(agreement.contact_arrangements):
        fields = _texts(ca, "where", "how_often", "notes")
        yield _Item(f"$.contact_arrangements[{i}]", ca, holder(ca.adult), fields)
    for name in ("terms", "contingency"):
        for i, note in enumerate(getattr(agreement, name)):
            yield _Item(f"$.{name}[{i}]", note, None, _texts(note, "text"))
    for i, v in enumerate(agreement.views):
        yield _Item(f"$.views[{i}]", v, holder(v.person), _texts(v, "words"))
    for i, sc in enumerate(agreement.support_contacts):
        fields = _texts(sc, "name", "hours", "description")
        yield _Item(f"$.support_contacts[{i}]", sc, "agency", fields)
    for i, g in enumerate(agreement.agencies):
        for j, limit in enumerate(g.limitations):
            path = f"$.agencies[{i}].limitations[{j}]"
            yield _Item(path, limit, "agency", (("text", limit),), audienced=False)
    for i, change in enumerate(agreement.version.changes):
        yield _Item(f"$.version.changes[{i}]", change, None, (("text", change),), audienced=False)
    for i, sig in enumerate(agreement.signatures):
        if sig.reason and sig.reason.strip():
            yield _Item(
                f"$.signatures[{i}].reason",
                sig,
                holder(sig.person),
                (("reason", sig.reason),),
                audienced=False,
                whole=False,
            )
    for i, p in enumerate(agreement.people):
        if p.relationship and p.relationship.strip():
            yield _Item(
                f"$.people[{i}].relationship",
                p,
                None,
                (("relationship", p.relationship),),
                audienced=False,
                warn_only=True,
            )
    for i, o in enumerate(agreement.overrides):
        if o.reason.strip():
            yield _Item(
                f"$.overrides[{i}].reason",
                o,
                "agency",
                (("reason", o.reason),),
                audienced=False,
                warn_only=True,
            )


# --- the audience ---------------------------------------------------------------------------

Detector = Callable[..., tuple[SafetyDetail, ...]]


@attrs.frozen
class _Reader:
    """An adult's copy: its recipient, their role, and where the case asks for the copy."""

    id: str
    role: str | None  # the role's value
    path: str

    def named_in(self, refs: Sequence[str]) -> bool:
        return bool(refs) and (self.id in refs or (self.role is not None and self.role in refs))

    @property
    def harmful(self) -> bool:
        return self.role == Role.PERSON_CAUSING_HARM.value


def _own(item: _Item, reader: _Reader) -> bool:
    """His own expectations and the contact arrangements in which he is the adult."""
    value = item.value
    if isinstance(value, Expectation):
        return value.who == reader.id
    if isinstance(value, ContactArrangement):
        return value.adult == reader.id
    return False


def _default(agreement: WrittenAgreement, item: _Item) -> Reason | None:
    """The safe default that keeps a whole item from a person causing harm, if any."""
    value = item.value
    if isinstance(value, Strength):
        if value.protective:
            return Reason("protective")
        if item.holder == "adult-at-risk":
            return Reason("adult-at-risk")
    elif isinstance(value, Commitment):
        agency = agreement.agency(value.agency)
        if agency is not None and agency.kind is AgencyKind.DOMESTIC_ABUSE_SERVICE:
            return Reason("domestic-abuse-service")
    elif isinstance(value, View) and item.holder in ("adult-at-risk", "child"):
        return Reason("view")
    return None


def _support_of_adult_at_risk(item: _Item) -> bool:
    return (
        isinstance(item.value, Expectation)
        and item.holder == "adult-at-risk"
        and any(name == "support" for name, _ in item.fields)
    )


class _Builder:
    """Collects an audience item by item (a helper of :func:`audience_of`)."""

    def __init__(self, agreement: WrittenAgreement, detector: Detector) -> None:
        self.agreement = agreement
        self.detector = detector
        self.withheld: dict[str, dict[str, Reason]] = {}
        self.findings: list[Problem] = []
        self._cast: Cast | None = None
        self._found: dict[tuple[str, str], list[str]] = {}

    @property
    def cast(self) -> Cast:
        if self._cast is None:
            self._cast = self.agreement.cast()
        return self._cast

    def withhold(self, path: str, reader: _Reader, reason: Reason) -> None:
        self.withheld.setdefault(path, {}).setdefault(reader.id, reason)

    def detect(self, item: _Item, skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
        """The safety details in an item's fields: categories by field name."""
        found: dict[str, list[str]] = {}
        for name, text in item.fields:
            if name in skip:
                continue
            key = (item.path, name)
            said = self._found.get(key)
            if said is None:  # each field is read once, whoever it may reach
                details = self.detector(text, self.cast, holder=item.holder)
                said = self._found[key] = (
                    list(dict.fromkeys(SafetyCategory(d.category).value for d in details))
                    if details
                    else []
                )
            if said:
                found[name] = said
        return found


def _categories(found: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for cats in found.values() for c in cats))


def _words(categories: Sequence[str]) -> str:
    said = [SafetyCategory(c).words for c in categories]
    return said[0] if len(said) == 1 else "; and ".join(said)


def _advice(categories: Sequence[str]) -> str:
    return "; ".join(
        _REWRITE.get(SafetyCategory(c), "leave the detail out of it") for c in categories
    )


def _paths(readers: Sequence[_Reader]) -> str:
    return ", ".join(r.path for r in readers)


def audience_of(agreement: WrittenAgreement, *, detector: Detector | None = None) -> Audience:
    """Which copy holds which item of ``agreement``: computed once per case.

    Args:
        agreement: The case.
        detector: The safety-detail detector (default: ``_wording.safety_details``); it is
            called once per field of every item that could reach a person causing harm's copy,
            with the whole field's text (one or more sentences) and the role of whoever holds
            the item.
    """
    build = _Builder(agreement, detector or _detector())
    readers = _readers(agreement)
    harmful = [r for r in readers if r.harmful]
    for item in _items(agreement):
        _place(build, item, readers, harmful)
    notice = {r.id for r in harmful}
    for by in build.withheld.values():
        notice.update(rid for rid, reason in by.items() if reason.code not in _QUIET)
    return Audience(
        withheld=build.withheld, notice=frozenset(notice), findings=tuple(build.findings)
    )


def _detector() -> Detector:
    # Looked up when used, so a test can stand in for the detector.
    return safety_details


def _readers(agreement: WrittenAgreement) -> list[_Reader]:
    out = []
    for c in copies(agreement, kinds=frozenset({CopyKind.ADULT})):
        person = agreement.person(c.recipient)
        role = person.role.value if person else None
        out.append(_Reader(c.recipient, role, recipient_path(agreement, c)))
    return out


def _place(build: _Builder, item: _Item, readers: list[_Reader], harmful: list[_Reader]) -> None:
    """Decide, for one item, which adults' copies hold it; record the findings it gives."""
    value = item.value
    explicit = getattr(value, "withheld_from", ()) if item.audienced else ()
    shared_with = getattr(value, "shared_with", ()) if item.audienced else ()
    if explicit or isinstance(value, (View, SupportContact)):
        for reader in readers:
            if reader.named_in(explicit):
                if _own(item, reader):
                    build.findings.append(_own_term(item.path))
                else:
                    build.withhold(item.path, reader, Reason("asked"))
            elif isinstance(value, View) and value.confidential and value.person != reader.id:
                build.withhold(item.path, reader, Reason("confidential"))
            elif isinstance(value, SupportContact) and not _for(value, reader):
                build.withhold(item.path, reader, Reason("for-roles"))
    # The safe defaults, for each person causing harm the item would otherwise reach.
    held = build.withheld.get(item.path)
    reaching = [r for r in harmful if r.id not in held] if held else harmful
    others = [r for r in reaching if not _own(item, r)]
    if len(others) < len(reaching):  # his own duty
        for name, cats in build.detect(item).items():
            build.findings.append(_own_duty(f"{item.path}.{name}", cats))
    if not others:
        return
    shared = [r for r in others if r.named_in(shared_with)]
    kept = [r for r in others if not r.named_in(shared_with)] if shared else others
    default = _default(build.agreement, item)
    if default is not None:
        _keep_from(build, item.path, kept, shared, default)
        return
    skip: frozenset[str] = frozenset()
    if _support_of_adult_at_risk(item):
        support = Reason("adult-at-risk-support")
        _keep_from(build, f"{item.path}.support", kept, shared, support)
        skip = frozenset({"support"})
    found = build.detect(item, skip)
    if not found:
        return
    said = _categories(found)
    if item.warn_only:
        build.findings.append(
            Problem.warning(
                "SP-SAFETY-DETAIL",
                item.path,
                "This is printed in every copy, the person causing harm's too, and it says "
                f"{_words(said)}. Write it without the detail: {_advice(said)}.",
                _SOURCE,
            )
        )
        return
    _keep_from(build, item.path, kept, shared, Reason("safety-detail", said))
    if kept:
        more = "." if item.audienced else "; or write it without the detail."
        build.findings.append(
            Problem.advice(
                "SP-SAFETY-DETAIL-WITHHELD",
                item.path,
                f"This is kept out of the copy for the person causing harm ({_paths(kept)}) "
                f"because it says {_words(said)}. If it is safe for them to know, add them to "
                f"shared_with{more}",
                _SOURCE,
            )
        )


def _for(contact: SupportContact, reader: _Reader) -> bool:
    """Whether a support contact is for the reader's role (one with no for_roles is for all)."""
    if not contact.for_roles:
        return True
    return reader.role is not None and reader.role in contact.for_roles


def _keep_from(
    build: _Builder,
    path: str,
    kept: Sequence[_Reader],
    shared: Sequence[_Reader],
    reason: Reason,
) -> None:
    """Withhold ``path`` from ``kept``; warn that ``shared`` see it only by shared_with."""
    for reader in kept:
        build.withhold(path, reader, reason)
    if shared:
        build.findings.append(_shared(path, shared, reason))


def _own_duty(path: str, categories: Sequence[str]) -> Problem:
    return Problem.warning(
        "SP-SAFETY-DETAIL",
        path,
        "This is a duty of the person causing harm, so it stays in their copy, but it says "
        f"{_words(categories)}. Write it without the detail: {_advice(categories)}. For "
        "example: 'will not go to the children's school', not the school's name.",
        _SOURCE,
    )


def _shared(path: str, readers: Sequence[_Reader], reason: Reason) -> Problem:
    what = (
        f"it says {_words(reason.categories)}"
        if reason.code == "safety-detail"
        else f"it is {REASONS[reason.code]}"
    )
    return Problem.warning(
        "SP-SAFETY-DETAIL",
        path,
        f"shared_with lets the person causing harm ({_paths(readers)}) see this, although "
        f"safeplan keeps it out of their copy by default: {what}. Make sure it is safe for them "
        "to know, or take them out of shared_with.",
        _SOURCE,
    )


def _own_term(path: str) -> Problem:
    return Problem.warning(
        "SP-WITHHELD-OWN-TERM",
        f"{path}.withheld_from",
        "withheld_from names the person this term is for, but a person's own expectations and "
        "contact arrangements stay in their copy, so that they know what they must do. Take "
        "them out of withheld_from, and write the term without what they must not know.",
        _SOURCE,
    )


def audience_findings(agreement: WrittenAgreement) -> list[Problem]:
    """The findings of a case's audience, for ``check()``: ``SP-SAFETY-DETAIL`` (warning) where
    a duty of the person causing harm, or an item shared with them, carries a safety detail;
    ``SP-SAFETY-DETAIL-WITHHELD`` (advice) for each item kept out of their copy because of
    one; ``SP-WITHHELD-OWN-TERM`` (warning) for a term withheld from the person it is for."""
    return list(audience_of(agreement).findings)
