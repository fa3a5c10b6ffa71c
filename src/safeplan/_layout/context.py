"""What a layout sees: the names each layout receives, case text tagged with its language,
and dates and lists in words in the copy's language.

An adult's or the professional copy's layout receives :func:`agreement_context` (the agreement
as the copy's reader may see it); a child's layout receives :func:`child_context` (a
:class:`~safeplan._children.ChildView`, never the agreement). ``_layout/docs.py`` documents both.

Imports: _case, _children, _copies, _docx, _i18n, _profiles.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import markupsafe

from .._case import (
    CopyKind,
    Gender,
    PlanType,
    Role,
    Timeline,
    Translations,
    WrittenAgreement,
    signatories,
    unchecked_evolve,
)
from .._children import ChildView
from .._copies import Audience, Copy, NotInCopy
from .._docx import clean_text
from .._i18n import SOURCE_LANGUAGE, is_rtl, locale_table, primary
from .._profiles import Helpline, Profile, Service, pre_proceedings_due

if TYPE_CHECKING:
    import babel  # imported where used: an English copy reads the table instead

__all__ = [
    "LAYOUTS",
    "LangText",
    "agreement_context",
    "aspirate",
    "babel_locale",
    "child_context",
    "helpline_for",
    "join_words",
    "long_date",
    "month_only",
    "month_year",
    "service_for",
    "tagged",
]

#: The built-in layout each kind of copy is rendered with.
LAYOUTS = {
    CopyKind.ADULT: "agreement.xml.j2",
    CopyKind.PROFESSIONAL: "agreement.xml.j2",
    CopyKind.CHILD: "child.xml.j2",
}


class LangText(str):
    """Case text that remembers the language it was written in.

    In a copy written in another language (English case text in a Welsh copy), the layout
    prints it inside a ``<span lang="…">`` so Word, spell-checkers and screen readers read it
    in its own language.
    """

    lang: str

    def __new__(cls, value: str, lang: str) -> LangText:
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    def __html__(self) -> str:
        # How it is printed inside a translated phrase (``_("%(name)s leads", name=...)``),
        # so text passed into the catalog's whole phrases keeps its language too.
        span = markupsafe.Markup('<span lang="{}">{}</span>')
        return str(span.format(self.lang, clean_text(str(self))))


# Free-text fields of the case (and of profile helplines): tagged with the language they were
# written in. Names, ids, numbers and addresses are left alone: they read the same in any language.
_FREE_TEXT = frozenset(
    {
        "text",
        "what",
        "when",
        "how_checked",
        "support",
        "where",
        "how_often",
        "notes",
        "words",
        "reason",
        "explanation",
        "relationship",
        "description",
        "hours",
        "job_title",
        "label",
        "contingency",
        "changes",
        "safe_places",
        "what_to_do",
        "grown_ups_will",
        "child_words",
        "limitations",
    }
)


def helpline_for(helpline: Helpline, language: str) -> Helpline:
    """A profile's helpline in the copy's language when the profile has its words in it, else
    as written (English), tagged as such."""
    translated = helpline.in_language(language)
    return translated if translated is not None else tagged(helpline, SOURCE_LANGUAGE, language)


def service_for(service: Service, language: str) -> Service:
    """A profile's service (a complaints team, an ombudsman, an advocacy service) in the copy's
    language when the profile has its words in it, else as written (English), tagged as such."""
    translated = service.in_language(language)
    return translated if translated is not None else tagged(service, SOURCE_LANGUAGE, language)


_FITS = {Gender.WOMAN: "women", Gender.MAN: "men"}


def fits(helpline: Helpline, agreement: WrittenAgreement) -> bool:
    """Whether a helpline for women or for men fits the adults at risk of the case: it does
    when one of them has that gender, or has none recorded (the copy then lists both, each
    saying who it is for). A helpline for anyone always fits."""
    if helpline.gender is None:
        return True
    at_risk = agreement.people_in_role(Role.ADULT_AT_RISK)
    if not at_risk:
        return True
    return any(p.gender is None or _FITS.get(p.gender) == helpline.gender for p in at_risk)


def tagged(value: Any, written_in: str, language: str) -> Any:
    """``value`` as a copy in ``language`` prints it: every translatable field in the copy's
    language where the item's ``translations`` give it, else as written, marked as written in
    ``written_in``. When the copy's language is the one the case is written in, ``value``
    itself (English copies of English cases pay nothing)."""
    if primary(written_in) == primary(language):
        return value
    return _tag(value, written_in, language, free=False)


def _tag(value: Any, lang: str, language: str, *, free: bool) -> Any:
    if isinstance(value, str):
        return LangText(value, lang) if free else value
    if isinstance(value, tuple):
        return tuple(_tag(v, lang, language, free=free) for v in value)
    if attrs.has(type(value)):
        words = _words(value, language)
        translatable = _translatable(type(value))
        changes = {}
        for f in attrs.fields(type(value)):
            if not f.init or f.name == "translations":
                continue
            old = getattr(value, f.name)
            new = None
            if words is not None and f.name in translatable and old:
                # The field in the copy's language: printed as the copy's own text.
                translated = getattr(words, f.name)
                if translated:
                    new = (
                        tuple(str(t) for t in translated)
                        if isinstance(old, tuple)
                        else str(translated)
                    )
            if new is None:
                free_here = f.name in _FREE_TEXT or f.name in translatable
                new = _tag(old, lang, language, free=free_here)
            if new is not old:
                changes[f.name] = new
        if not changes:
            return value
        if isinstance(value, WrittenAgreement):
            return unchecked_evolve(value, **changes)
        return attrs.evolve(value, **changes)
    return value


def _words(value: Any, language: str) -> Any:
    """The item's words in ``language``, or ``None``."""
    found = getattr(value, "translations", None)
    return found.words(language) if isinstance(found, Translations) else None


def _translatable(cls: type) -> frozenset[str]:
    found = _TRANSLATABLE_FIELDS.get(cls)
    if found is None:
        found = _TRANSLATABLE_FIELDS[cls] = _fields_of(cls)
    return found


_TRANSLATABLE_FIELDS: dict[type, frozenset[str]] = {}


def _fields_of(cls: type) -> frozenset[str]:
    """The fields of ``cls`` its ``translations`` may give (its words class's fields)."""
    for f in attrs.fields(cls):
        if f.name == "translations" and "words" in f.metadata:
            return frozenset(w.name for w in attrs.fields(f.metadata["words"]))
    return frozenset()


_ROLE_ORDER = {
    Role.PERSON_CAUSING_HARM: 0,
    Role.ADULT_AT_RISK: 1,
    Role.PARENT_OR_CARER: 2,
    Role.SAFE_ADULT: 3,
    Role.NETWORK_MEMBER: 4,
}


class _Lookup:
    """Names by id, for layouts: ``name("sally")``, ``names(["mia", "leo"])``.

    The first adult with the id, else the first child, professional, then agency; else "".
    The table is built for one render and dropped with its context.
    """

    __slots__ = ("_names",)

    def __init__(self, agreement: WrittenAgreement) -> None:
        names: dict[str, str] = {}
        for group in (
            agreement.people,
            agreement.children,
            agreement.professionals,
            agreement.agencies,
        ):
            for found in group:
                names.setdefault(found.id, str(found.name))
        self._names = names

    def name(self, ref: str | None) -> str:
        if ref is None:
            return ""
        try:
            return self._names.get(ref, "")
        except TypeError:  # unhashable: equal to no id
            return ""


# The lists whose items the professional copy marks with the copies they are not in, and the
# fields it marks on their own (the support offered with an expectation, a signature's
# reasons).
_MARKED_LISTS = (
    "concerns",
    "strengths",
    "expectations",
    "commitments",
    "contact_arrangements",
    "terms",
    "contingency",
    "views",
    "support_contacts",
    "signatures",
)
_MARKED_FIELDS = ("support", "reason")


def _not_in_copies(
    agreement: WrittenAgreement, audience: Audience | None, lookup: _Lookup
) -> dict[tuple[int, str | None], tuple[NotInCopy, ...]]:
    """The professional copy's marks: for each item (by identity, in the agreement as shown)
    and field, the copies it is not in. Its paths are the case's own: the professional copy's
    view keeps every item, in order."""
    if audience is None or not audience.withheld:
        return {}
    marks: dict[tuple[int, str | None], tuple[NotInCopy, ...]] = {}

    def mark(obj: object, field: str | None, path: str) -> None:
        notes = audience.notes(path)
        if notes:
            marks[(id(obj), field)] = tuple(
                NotInCopy(name=lookup.name(rid), reason=r.code, details=r.categories)
                for rid, r in notes
            )

    for name in _MARKED_LISTS:
        for i, item in enumerate(getattr(agreement, name)):
            mark(item, None, f"$.{name}[{i}]")
            for field in _MARKED_FIELDS:
                mark(item, field, f"$.{name}[{i}].{field}")
    for i, change in enumerate(agreement.version.changes):
        mark(change, None, f"$.version.changes[{i}]")
    return marks


def agreement_context(
    agreement: WrittenAgreement,
    copy: Copy,
    profile: Profile,
    language: str,
    *,
    audience: Audience | None = None,
) -> dict[str, Any]:
    """What an adult's or the professional copy's layout receives. ``audience`` says what is
    kept out of which copy (the professional copy marks it, and a copy with something kept
    out says so)."""
    lookup = _Lookup(agreement)
    recipient = agreement.person(copy.recipient) or agreement.professional(copy.recipient)
    people_in_order = sorted(agreement.people, key=lambda p: _ROLE_ORDER[p.role])
    holders = [p for p in people_in_order if agreement.expectations_of(p.id)]
    audiences = {"everyone", "parents"}
    if copy.kind is CopyKind.PROFESSIONAL:
        audiences |= {"adult-at-risk", "person-causing-harm", "children"}
    elif (
        isinstance(recipient, type(agreement.people[0]) if agreement.people else ())
        and recipient is not None
    ):
        role = getattr(recipient, "role", None)
        if role is Role.ADULT_AT_RISK:
            audiences.add("adult-at-risk")
        elif role is Role.PERSON_CAUSING_HARM:
            audiences.add("person-causing-harm")
        else:
            audiences.add("adult-at-risk")
    # A service for women or for men is listed when it fits the adult at risk (the professional
    # copy lists every one).
    helplines = [
        helpline_for(h, language)
        for h in profile.helplines
        if h.audience in audiences and (copy.kind is CopyKind.PROFESSIONAL or fits(h, agreement))
    ]
    # A local service kept for one role (a refuge's outreach line for the adult at risk, say)
    # is printed only in that role's copies and the professional copy.
    reader_role = getattr(recipient, "role", None)
    support = [
        s
        for s in agreement.support_contacts
        if copy.kind is CopyKind.PROFESSIONAL
        or not s.for_roles
        or (reader_role is not None and reader_role.value in s.for_roles)
    ]
    timeline = agreement.timeline
    held = tuple(m for m in timeline.meetings if m.held or m.cancelled)
    # The meetings ahead, in date order (the same day: by kind, as before the timeline).
    reviews = tuple(sorted(timeline.booked, key=lambda m: (m.date, m.kind.value)))
    lead = agreement.professional(agreement.plan.lead_practitioner)
    professional = copy.kind is CopyKind.PROFESSIONAL
    marks = _not_in_copies(agreement, audience, lookup) if professional else {}

    def not_in_copies(item: object, field: str | None = None) -> tuple[NotInCopy, ...]:
        return marks.get((id(item), field), ()) if marks else ()

    return {
        "agreement": agreement,
        "copy": copy,
        "recipient": recipient,
        "professional_copy": copy.kind is CopyKind.PROFESSIONAL,
        "profile": profile,
        "lead": lead,
        "lead_agency": agreement.agency(lead.agency) if lead else None,
        "holders": holders,
        "reviews": reviews,
        "timeline": timeline,
        "meetings_held": held,
        "pre_proceedings_due": _pre_proceedings_due(timeline, profile),
        "helplines": helplines,
        "support_contacts": support,
        "signatories": signatories(agreement),
        "approver": agreement.professional(agreement.participation.approved_by or ""),
        "complaints": tuple(service_for(c, language) for c in profile.complaints),
        "ombudsman": (
            service_for(profile.ombudsman, language) if profile.ombudsman is not None else None
        ),
        "advocacy": tuple(service_for(c, language) for c in profile.advocacy),
        "name": lookup.name,
        "names": lambda refs: join_words([lookup.name(r) for r in refs], language),
        "parts_withheld": audience is not None and audience.says_parts_withheld(copy),
        "some_withheld": bool(marks),
        "not_in_copies": not_in_copies,
        "language": language,
        "rtl": is_rtl(language),
    }


def _pre_proceedings_due(timeline: Timeline, profile: Profile) -> dt.date | None:
    """When the pre-proceedings stage should be over (the profile's ``pre_proceedings_max``
    from the letter before proceedings), for a pre-proceedings plan that gives its start."""
    start = timeline.pre_proceedings_start
    if start is None or timeline.plan_type is not PlanType.PRE_PROCEEDINGS:
        return None
    due = pre_proceedings_due(profile, start.date, counted_from="the start")
    return None if due is None else due.due


@functools.cache
def babel_locale(tag: str) -> babel.Locale:
    """babel's locale for a language tag; the language alone when the region has no data
    (``ur-GB`` formats as ``ur``)."""
    import babel  # only to format in a locale the table does not keep

    for candidate in (tag.replace("-", "_"), primary(tag)):
        try:
            return babel.Locale.parse(candidate)
        except (babel.UnknownLocaleError, ValueError):
            continue
    return babel.Locale.parse("en_GB")


def long_date(value: dt.date, locale: str) -> str:
    if type(value) is dt.date:
        # What babel's format_date(value, "d MMMM y") prints ("d" and "y" are the plain
        # numbers, "MMMM" the locale's wide month name), without parsing the pattern each time.
        return f"{value.day} {_month_names(locale)[value.month]} {value.year}"
    return _format_date(value, "d MMMM y", locale)


def month_year(value: dt.date, locale: str) -> str:
    """What babel's ``format_date(value, "MMMM y")`` prints: "March 2026"."""
    if type(value) is dt.date:
        return f"{_month_names(locale)[value.month]} {value.year}"
    return _format_date(value, "MMMM y", locale)


def month_only(value: dt.date, locale: str) -> str:
    """What babel's ``format_date(value, "MMMM")`` prints: "March"."""
    if type(value) is dt.date:
        return _month_names(locale)[value.month]
    return _format_date(value, "MMMM", locale)


def _format_date(value: dt.date, pattern: str, locale: str) -> str:
    """babel's ``format_date`` (for a date that is not a plain ``datetime.date``)."""
    import babel.dates  # only here: the table and a plain date need none of it

    return babel.dates.format_date(value, pattern, locale=babel_locale(locale))


def _kept(locale: str) -> dict[str, Any] | None:
    """The locale's entry in the table of babel's answers (:func:`.._i18n.locale_table`), or
    ``None`` to ask babel (another locale, or another babel version installed)."""
    table = locale_table()
    if table is None:
        return None
    identifier = _KEPT_TAGS.get(locale) or str(babel_locale(locale))
    entry: dict[str, Any] | None = table["locales"].get(identifier)
    return entry


#: The tags the layouts are given most, and babel's locale for each (``babel_locale``'s answer,
#: which ``tests/test_i18n_locales.py`` checks): found without importing babel.
_KEPT_TAGS = {"en": "en", "en-GB": "en_GB", "en_GB": "en_GB"}


@functools.cache
def _month_names(locale: str) -> tuple[str, ...]:
    """The wide month names of a locale in the "format" context, indexed 1 to 12."""
    kept = _kept(locale)
    if kept is not None:
        return ("", *kept["months"])
    import babel.dates  # only for a locale the table does not keep

    names = babel.dates.get_month_names("wide", "format", babel_locale(locale))
    return ("", *(str(names[m]) for m in range(1, 13)))


def join_words(items: Iterable[Any], locale: str, *, phrases: bool = False) -> str:
    """A list in words in the locale's way ("a, b and c").

    Args:
        items: What to list; empty ones are left out.
        locale: The copy's language.
        phrases: The items are the catalog's phrases (categories of concern, say), not names:
            in Welsh the phrase after "a" (and) takes the aspirate mutation ("cam-drin
            emosiynol a cham-drin ariannol"). Names are never mutated.
    """
    words = [str(i) for i in items if i]
    if not words:
        return ""
    if primary(locale) == "cy" and len(words) > 1:
        # CLDR's Welsh pattern prints "a(c)"; Welsh writes "ac" before a vowel, else "a".
        last = words[-1]
        joiner = "ac" if last[:1].lower() in "aeiouwyâêîôûŵŷ" else "a"
        if phrases and joiner == "a":
            last = aspirate(last)
        return f"{', '.join(words[:-1])} {joiner} {last}"
    if len(words) == 1:
        return words[0]  # as babel.lists.format_list returns it, for every locale
    patterns = _list_patterns(locale)
    if patterns is None:
        import babel.lists  # only for a locale the table does not keep

        return babel.lists.format_list(words, style="standard", locale=babel_locale(locale))
    # babel.lists.format_list's own steps, with the locale's patterns looked up once.
    if len(words) == 2 and "2" in patterns:
        return patterns["2"].format(*words)
    result = patterns["start"].format(words[0], words[1])
    for word in words[2:-1]:
        result = patterns["middle"].format(result, word)
    return patterns["end"].format(result, words[-1])


_ASPIRATE = {"c": "ch", "p": "ph", "t": "th", "C": "Ch", "P": "Ph", "T": "Th"}


def aspirate(phrase: str) -> str:
    """A Welsh phrase with the aspirate mutation of its first letter (after "a", "â", "gyda",
    "tri", "chwe", "ei" meaning "her"): c, p, t become ch, ph, th ("cam-drin" after "a" is
    "cham-drin"); a phrase already starting ch, ph or th stays as it is."""
    first = phrase[:1]
    if first in _ASPIRATE and phrase[1:2].lower() != "h":
        return _ASPIRATE[first] + phrase[1:]
    return phrase


@functools.cache
def _list_patterns(locale: str) -> dict[str, str] | None:
    """The locale's "standard" list patterns (``start``, ``middle``, ``end``, ``2``), or
    ``None`` to leave the locale to babel (which would fall back to another style)."""
    kept = _kept(locale)
    patterns = (
        kept["list_patterns"]
        if kept is not None
        else babel_locale(locale).list_patterns.get("standard")
    )
    if patterns is None or not {"start", "middle", "end"} <= set(patterns):
        return None
    return {key: str(patterns[key]) for key in patterns}


def child_context(view: ChildView, copy: Copy, language: str, *, year: int) -> dict[str, Any]:
    """What a child's layout receives: the child's view, its text tagged with the language it was
    written in, and its helplines in the copy's language when the profile has their words."""
    shown = tagged(view, view.written_in, language)
    shown = attrs.evolve(
        shown,
        helplines=tuple(helpline_for(h, language) for h in view.helplines),
        advocacy=tuple(service_for(s, language) for s in view.advocacy),
        complaints=tuple(service_for(s, language) for s in view.complaints),
    )
    return {
        "child": shown,
        "copy": copy,
        "language": language,
        "rtl": is_rtl(language),
        "year": year,
    }
