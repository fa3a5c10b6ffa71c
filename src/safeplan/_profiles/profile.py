"""Profiles: everything a nation or a council may change, held as data and never as code.

A profile holds the statutory timescales, the categories of concern, the helplines, the word lists
the quality checks use, the easy-read and plain-English limits, the language order and the local
closure days. Four built-in profiles ship as YAML in the package (``safeplan/profiles/england.yaml``
and so on). A council writes its own YAML file that ``extends`` one of them and changes any value:

.. code-block:: yaml

    extends: wales
    name: cardiff
    closure_days: [2026-12-24, 2026-12-31]
    timescales:
      first_review: {amount: 2}      # a mapping merges: the unit stays "months"
    categories: [physical, emotional, sexual, neglect, financial]   # a list replaces

Merging rules: mappings merge key by key, at any depth; every other value (lists included)
replaces the inherited one, so a council that shortens a list writes the whole list. ``null``
replaces too, which is how a council removes an inherited timescale. ``extends`` names a profile
looked for first beside the extending file, then in ``search_paths``, then among the built-ins;
a value ending in ``.yaml``/``.yml`` or holding a ``/`` is a path relative to the extending file.

Every error is a :class:`~safeplan.ProfileError` naming the file and the key path
(``council.yaml: timescales.first_review.unit: must be one of ...``): unknown keys, wrong types,
YAML syntax errors (with the line), an unknown or cyclic ``extends``. Profiles are read with the
same strict rules as case files (``_strict.py``): YAML 1.2 booleans, no repeated keys, text that
is text, dates written ``YYYY-MM-DD``.

Imports: _strict, _errors, _resources.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

import attrs
from cattrs.errors import ClassValidationError, IterableValidationError

from .._errors import ProfileError
from .._resources import builtin_profiles
from .._strict import KeyPath, ShapeError, YamlError, dotted, failures, parse_yaml, strict_converter
from .calendar import working_calendar
from .nation import Nation
from .plain import NotPlain, structure_plain

if TYPE_CHECKING:
    # For type checking only: the template context is documented from these annotations, and a
    # layout has no use for the calendar (see _layout/docs.py).
    from .calendar import WorkingCalendar

__all__ = [
    "AgeBand",
    "Audience",
    "EasyRead",
    "Helpline",
    "HelplineGender",
    "HelplineText",
    "LanguageOrder",
    "Limits",
    "MeetingNames",
    "Nation",
    "Period",
    "PlainEnglish",
    "Profile",
    "Service",
    "ServiceText",
    "Timescales",
    "Unit",
    "YoungChildSteps",
    "builtin_profile_names",
    "load_profile",
    "nation_profile",
]


Unit: TypeAlias = Literal["working-days", "calendar-days", "weeks", "months"]
Audience: TypeAlias = Literal[
    "children", "adult-at-risk", "person-causing-harm", "parents", "everyone"
]
LanguageOrder: TypeAlias = Literal["english-first", "welsh-first", "english-only"]
HelplineGender: TypeAlias = Literal["women", "men"]
YoungChildSteps: TypeAlias = Literal["read-together", "withheld"]


class _InvalidValue(ProfileError, ValueError):
    """A value breaks a profile rule. Carries the key path below the object being checked.

    It is a ``ProfileError`` so that a profile built in Python fails the same way as one read
    from YAML, and a ``ValueError`` so that attrs and cattrs treat it as a validation failure.
    """

    def __init__(self, path: KeyPath, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{dotted(path)}: {message}" if path else message)


# --- validators ------------------------------------------------------------------------------
# Each raises _InvalidValue naming the attribute, so the loader can report a full key path.


def _at_least(minimum: float) -> Callable[[object, attrs.Attribute[Any], float], None]:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
        if value < minimum:
            raise _InvalidValue((attribute.name,), f"must be {minimum:g} or more")

    return check


def _one_of(alias: Any) -> Callable[[object, attrs.Attribute[Any], object], None]:
    choices = get_args(alias)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise _InvalidValue((attribute.name,), f"must be one of {', '.join(choices)}")

    return check


def _text(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise _InvalidValue((attribute.name,), "must not be empty")


def _terms(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    # Checks match these on word boundaries; stray spaces would silently never match.
    for index, term in enumerate(value):
        if not term.strip() or term != term.strip():
            raise _InvalidValue(
                (attribute.name, index), "must be a word or phrase without spaces at either end"
            )


def _unique_non_empty(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]
) -> None:
    if not value:
        raise _InvalidValue((attribute.name,), "must list at least one value")
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not item.strip():
            raise _InvalidValue((attribute.name, index), "must not be empty")
        if item in seen:
            raise _InvalidValue((attribute.name, index), "appears twice")
        seen.add(item)


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    if not value:
        raise _InvalidValue((attribute.name,), "must list at least one entry")


def _age_bands(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[AgeBand, ...]
) -> None:
    if not value:
        raise _InvalidValue((attribute.name,), "must list at least one age band")
    names: set[str] = set()
    for index, band in enumerate(value):
        if band.name in names:
            raise _InvalidValue((attribute.name, index, "name"), "appears twice")
        names.add(band.name)
        if index and band.min_age <= value[index - 1].max_age:
            raise _InvalidValue(
                (attribute.name, index, "min_age"),
                "must be above the max_age of the band before it (bands go youngest first "
                "and must not overlap)",
            )


# --- the profile model -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Period:
    """A timescale: an amount of working days, calendar days, weeks or months.

    Attributes:
        amount: How many units; 1 or more.
        unit: ``working-days`` (weekends, bank holidays and closure days excluded),
            ``calendar-days``, ``weeks`` or ``months`` (calendar months, clamped to the last day
            of a shorter month: 31 January plus 1 month is 28 or 29 February).
    """

    amount: int = attrs.field(validator=_at_least(1))
    unit: Unit = attrs.field(validator=_one_of(Unit))

    def add_to(self, start: date, calendar: WorkingCalendar) -> date:
        """Return the last day that is still within this period of ``start``.

        Args:
            start: The day the period is counted from (day 0).
            calendar: Decides which days are working days; only used for ``working-days``.

        Returns:
            The due date. For ``working-days`` it is always a working day; for the other units
            it is the plain calendar date, which may fall on a weekend or holiday.
        """
        if self.unit == "working-days":
            return calendar.add_working_days(start, self.amount)
        if self.unit == "calendar-days":
            return date.fromordinal(start.toordinal() + self.amount)
        if self.unit == "weeks":
            return date.fromordinal(start.toordinal() + 7 * self.amount)
        return calendar.add_months(start, self.amount)

    def __str__(self) -> str:
        singular = {
            "working-days": "working day",
            "calendar-days": "calendar day",
            "weeks": "week",
            "months": "month",
        }[self.unit]
        return f"{self.amount} {singular}{'' if self.amount == 1 else 's'}"


@attrs.frozen(kw_only=True)
class Timescales:
    """The statutory (or local) timescales of the child protection process.

    Each is a maximum ("within"). ``None`` means the nation leaves it to local procedures and
    the council's profile has not set it: no due date is computed for it.

    Attributes:
        first_conference: From the strategy discussion (Scotland: the inter-agency referral
            discussion) to the initial conference (Scotland: the planning meeting).
        first_core_group: From the initial conference to the first core group meeting.
        core_group_interval: The longest gap between core group meetings.
        first_review: From the initial conference to the first review conference.
        first_review_pre_birth: The same for a pre-birth conference; ``None`` means
            ``first_review`` applies to unborn children too.
        later_reviews: The longest gap between one review conference and the next.
        review_after_birth: After a pre-birth conference, the longest time from the birth to
            the first review conference, when it comes sooner than the first review's own due
            date (local in every nation, for example "within 10 working days of the birth");
            ``None``: not set.
        pre_proceedings_max: The longest the pre-proceedings stage should last, counted from
            the letter before proceedings (or the pre-proceedings meeting when no letter date is
            given); ``None`` where the nation has no pre-proceedings stage.
        pre_proceedings_source: The guidance ``pre_proceedings_max`` comes from.
        source: The guidance these figures come from, cited in every problem they raise.
    """

    first_conference: Period | None
    first_core_group: Period | None
    core_group_interval: Period | None
    first_review: Period
    first_review_pre_birth: Period | None
    later_reviews: Period
    review_after_birth: Period | None = None
    pre_proceedings_max: Period | None = None
    pre_proceedings_source: str | None = None
    source: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class MeetingNames:
    """What the nation calls each meeting, as used in rules and messages (lower case).

    Attributes:
        strategy_discussion: e.g. ``strategy discussion``; Scotland ``inter-agency referral
            discussion``.
        initial_conference: e.g. ``initial child protection conference``.
        core_group: e.g. ``core group meeting``.
        review_conference: e.g. ``review child protection conference``.
    """

    strategy_discussion: str = attrs.field(validator=_text)
    initial_conference: str = attrs.field(validator=_text)
    core_group: str = attrs.field(validator=_text)
    review_conference: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class Helpline:
    """A service a document may print. Numbers change: verify them before every release.

    Attributes:
        name: The service's own name, e.g. ``Childline``.
        number: As it should be printed, e.g. ``0800 1111``.
        hours: When it answers, e.g. ``24 hours a day, every day``.
        audience: Who it is for: ``children``, ``adult-at-risk``, ``person-causing-harm``,
            ``parents`` or ``everyone``. A copy chooses helplines by audience, so that a
            child's version never lists the line for people causing harm, for example.
        description: One plain sentence saying what the service does.
        gender: ``women`` or ``men`` for a service that describes itself as for one of them
            (England's National Domestic Abuse Helpline is for women): a copy then lists it
            only when it fits the adult at risk (``people[].gender``), or when their gender
            is not recorded. ``None``: for anyone.
        source: Where the number, hours and audience were checked (the service's own page,
            with the date), so the next person to check knows where to look.
    """

    name: str = attrs.field(validator=_text)
    number: str = attrs.field(validator=_text)
    hours: str = attrs.field(validator=_text)
    audience: Audience = attrs.field(validator=_one_of(Audience))
    description: str = attrs.field(validator=_text)
    translations: tuple[HelplineText, ...] = ()
    gender: HelplineGender | None = attrs.field(
        default=None, validator=attrs.validators.optional(_one_of(HelplineGender))
    )
    source: str | None = None

    def in_language(self, tag: str) -> Helpline | None:
        """The helpline with its words in the language of ``tag`` (``cy`` for ``cy-GB``), or
        ``None`` when the profile has no translation for it."""
        wanted = tag.replace("_", "-").split("-", 1)[0].lower()
        for t in self.translations:
            if t.language.lower() == wanted:
                return attrs.evolve(
                    self,
                    name=t.name or self.name,
                    number=t.number or self.number,
                    hours=t.hours,
                    description=t.description,
                    translations=(),
                )
        return None


@attrs.frozen(kw_only=True)
class HelplineText:
    """A helpline's words in another language, so a Welsh or Urdu copy never mixes languages.

    Attributes:
        language: The language subtag, e.g. ``cy`` or ``ur``.
        name: The service's name in that language, when it has one.
        number: The number as printed in that language, when it has words ("999, then press 55").
        hours: When it answers.
        description: What the service does.
    """

    language: str = attrs.field(validator=_text)
    hours: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    name: str | None = None
    number: str | None = None


def _reachable(instance: Service, _attribute: attrs.Attribute[Any], _value: object) -> None:
    if not (instance.phone or instance.web or instance.email):
        raise _InvalidValue(("phone",), "give a phone number, a web address or an email")


@attrs.frozen(kw_only=True)
class Service:
    """A service the copies name with its contact details: a complaints team, an ombudsman,
    an advocacy service for children.

    Attributes:
        name: The service's own name.
        description: One plain sentence saying what it does for the reader.
        phone: As it should be printed.
        web: Its web address, as it should be printed (``www.lgo.org.uk``).
        email: Its email address.
        hours: When it answers the phone.
        source: Where the details were checked (the service's own page, with the date).
        translations: Its words in other languages (the name, description and hours).
    """

    name: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    phone: str | None = attrs.field(default=None, validator=_reachable)
    web: str | None = None
    email: str | None = None
    hours: str | None = None
    source: str | None = None
    translations: tuple[ServiceText, ...] = ()

    def in_language(self, tag: str) -> Service | None:
        """The service with its words in the language of ``tag``, or ``None`` when the profile
        has no translation for it."""
        wanted = tag.replace("_", "-").split("-", 1)[0].lower()
        for t in self.translations:
            if t.language.lower() == wanted:
                return attrs.evolve(
                    self,
                    name=t.name or self.name,
                    description=t.description,
                    hours=t.hours or self.hours,
                    translations=(),
                )
        return None


@attrs.frozen(kw_only=True)
class ServiceText:
    """A service's words in another language.

    Attributes:
        language: The language subtag, e.g. ``cy`` or ``ur``.
        description: What the service does.
        name: The service's name in that language, when it has one.
        hours: When it answers.
    """

    language: str = attrs.field(validator=_text)
    description: str = attrs.field(validator=_text)
    name: str | None = None
    hours: str | None = None


@attrs.frozen(kw_only=True)
class EasyRead:
    """Limits for children's and easy-read copies (GOV.UK easy-read practice).

    Attributes:
        max_sentence_words: Longest sentence, in words.
        min_font_pt: Smallest type size, in points.
        max_word_syllables: Longest word, in syllables, before it is flagged.
        allowed_acronyms: Acronyms a child can be expected to know; any other is flagged.
    """

    max_sentence_words: int = attrs.field(validator=_at_least(1))
    min_font_pt: float = attrs.field(validator=_at_least(1))
    max_word_syllables: int = attrs.field(validator=_at_least(1))
    allowed_acronyms: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PlainEnglish:
    """Limits for the adults' copies.

    Attributes:
        max_reading_grade: Highest Flesch–Kincaid grade level. Reading age is roughly the grade
            plus 5, so grade 6 is a reading age of about 11.
        max_sentence_words: Longest sentence, in words, before it is flagged.
        min_font_pt: Smallest type size, in points (WCAG-minded public-sector practice: 12).
    """

    max_reading_grade: float = attrs.field(validator=_at_least(1))
    max_sentence_words: int = attrs.field(validator=_at_least(1))
    min_font_pt: float = attrs.field(validator=_at_least(1))


@attrs.frozen(kw_only=True)
class AgeBand:
    """An age band for children's versions, inclusive at both ends (years).

    Attributes:
        name: The band's name, used to choose wording, e.g. ``5-7``.
        min_age: Youngest age in the band.
        max_age: Oldest age in the band; not below ``min_age``.
    """

    name: str = attrs.field(validator=_text)
    min_age: int = attrs.field(validator=_at_least(0))
    max_age: int = attrs.field(validator=_at_least(0))

    def __attrs_post_init__(self) -> None:
        if self.max_age < self.min_age:
            raise _InvalidValue(("max_age",), "must not be below min_age")

    def contains(self, age_years: int) -> bool:
        """Whether a child of ``age_years`` is in this band."""
        return self.min_age <= age_years <= self.max_age


@attrs.frozen(kw_only=True)
class Limits:
    """How far a council's template folder may go: limits far above what a real folder needs
    and far below what would stop a batch (a layout looping for ever, a zip bomb as the
    reference DOCX, a 60 MB picture copied into every child's copy). A council that needs more
    raises one in its profile (``limits: {layout_seconds: 30}``: a mapping merges, so the other
    limits stay as they are).

    A layout runs within the limits of the profile that applies to the case; the reference
    DOCX and the pictures, read once per batch, within those of the configured profile
    (``--profile``), else the defaults. ``safeplan templates check --profile`` uses the same.

    Attributes:
        layout_seconds: Wall time for one layout to render one copy (in one language), in
            seconds. Checked as the layout runs (at every loop step and piece of output), so it
            works in worker processes and a web server's threads alike.
        layout_output_characters: The most text one layout may print for one copy, and the
            longest text or list any one step of a layout may build (``'a' * n``, ``center(n)``).
        layout_loop_iterations: The most steps all the loops of one layout may take, together,
            for one copy.
        template_file_bytes: The largest layout file (``*.j2``) or profile in a template folder.
        reference_bytes: The largest reference DOCX file.
        reference_uncompressed_bytes: The most the reference DOCX's parts may hold together,
            unpacked.
        reference_compression_ratio: How many times its packed size a part of the reference
            DOCX may be, unpacked (text packs 5 to 20 times; a zip bomb thousands of times).
        reference_parts: The most parts (files in the zip) a reference DOCX may have.
        image_bytes: The largest picture: an icon, or an image in the reference DOCX.
        image_pixels: The most pixels (width times height) a picture may have.
        image_side: The widest or tallest a picture may be, in pixels.
    """

    layout_seconds: float = attrs.field(default=10.0, validator=_at_least(1))
    layout_output_characters: int = attrs.field(default=20_000_000, validator=_at_least(1))
    layout_loop_iterations: int = attrs.field(default=1_000_000, validator=_at_least(1))
    template_file_bytes: int = attrs.field(default=1_000_000, validator=_at_least(1))
    reference_bytes: int = attrs.field(default=20_000_000, validator=_at_least(1))
    reference_uncompressed_bytes: int = attrs.field(default=100_000_000, validator=_at_least(1))
    reference_compression_ratio: float = attrs.field(default=200.0, validator=_at_least(1))
    reference_parts: int = attrs.field(default=1_000, validator=_at_least(1))
    image_bytes: int = attrs.field(default=5_000_000, validator=_at_least(1))
    image_pixels: int = attrs.field(default=16_777_216, validator=_at_least(1))
    image_side: int = attrs.field(default=8_192, validator=_at_least(1))


@attrs.frozen(kw_only=True)
class Profile:
    """Everything a nation or council may set. Built by :func:`load_profile`.

    Attributes:
        name: The profile's name, e.g. ``wales`` or a council's own.
        nation: The nation whose guidance and bank holidays apply.
        extends: The name of the profile this one was built on, if any.
        timescales: The statutory timescales.
        meetings: What each meeting is called in this nation.
        categories: The categories (or areas) of concern a plan may be under, as slugs.
        visit_frequency: The longest gap between the social worker's visits (local).
        helplines: Services a document may print, filtered by audience.
        vague_terms: Phrases too vague to be an expectation; checks match them
            case-insensitively on word boundaries.
        blaming_terms: Phrases that blur who did what or blame the adult at risk; matched the
            same way.
        easy_read: Limits for children's and easy-read copies.
        plain_english: Limits for adults' copies.
        language_order: ``welsh-first``, ``english-first`` (bilingual) or ``english-only``.
        protective_marking: The marking printed in every header.
        closure_days: Local closure days, counted as non-working like bank holidays.
        child_min_age_years: No child's version is written for a child younger than this.
        safety_plan_min_age_years: No written domestic-abuse safety plan (what to do, whom to
            call) for a child younger than this; younger children get an explanation only.
        age_bands: Bands choosing the wording of a child's version, youngest first.
        limits: How far a council's template folder may go (see :class:`Limits`).
        young_child_steps: For a child younger than ``safety_plan_min_age_years``: write the
            steps for when they feel scared for reading with a trusted adult
            (``read-together``), or leave them out of the copy (``withheld``, and ``safeplan
            check`` says what the social worker must do instead).
        complaints: The council's (or trust's) own complaints service, named in every copy
            with the way to complain. A nation's profile has none: each council sets its own.
        ombudsman: Where a complaint goes when the council's own procedure has not put it
            right.
        advocacy: Advocacy services that help children say what they think, named in the
            children's and the adults' copies.
    """

    name: str = attrs.field(validator=_text)
    nation: Nation
    extends: str | None = None
    timescales: Timescales
    meetings: MeetingNames
    categories: tuple[str, ...] = attrs.field(validator=_unique_non_empty)
    visit_frequency: Period
    helplines: tuple[Helpline, ...] = attrs.field(validator=_non_empty)
    vague_terms: tuple[str, ...] = attrs.field(validator=_terms)
    blaming_terms: tuple[str, ...] = attrs.field(validator=_terms)
    easy_read: EasyRead
    plain_english: PlainEnglish
    language_order: LanguageOrder = attrs.field(validator=_one_of(LanguageOrder))
    protective_marking: str = attrs.field(default="OFFICIAL-SENSITIVE", validator=_text)
    closure_days: tuple[date, ...] = ()
    child_min_age_years: int = attrs.field(default=5, validator=_at_least(0))
    safety_plan_min_age_years: int = attrs.field(default=7, validator=_at_least(0))
    age_bands: tuple[AgeBand, ...] = attrs.field(validator=_age_bands)
    limits: Limits = attrs.field(factory=Limits)
    young_child_steps: YoungChildSteps = attrs.field(
        default="read-together", validator=_one_of(YoungChildSteps)
    )
    complaints: tuple[Service, ...] = ()
    ombudsman: Service | None = None
    advocacy: tuple[Service, ...] = ()

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar: the nation's bank holidays plus ``closure_days``."""
        return working_calendar(self.nation, frozenset(self.closure_days))

    @property
    def max_reading_grade(self) -> float:
        """The highest Flesch–Kincaid grade for an adult's copy (see :class:`PlainEnglish`)."""
        return self.plain_english.max_reading_grade

    def helplines_for(self, *audiences: Audience) -> tuple[Helpline, ...]:
        """The helplines for any of ``audiences``, in profile order."""
        return tuple(h for h in self.helplines if h.audience in audiences)

    def age_band(self, age_years: int) -> AgeBand | None:
        """The band for a child of ``age_years``, or ``None`` if no child's version is written."""
        if age_years < self.child_min_age_years:
            return None
        return next((band for band in self.age_bands if band.contains(age_years)), None)


# --- structuring: strict hooks with plain-English messages -------------------------------------


_CONVERTER = strict_converter()


# --- sources and merging ---------------------------------------------------------------------


@attrs.frozen
class _Source:
    """One YAML document: a council file or a built-in profile."""

    label: str  # how messages name it
    key: str  # identity, for cycle detection
    stem: str  # default profile name
    directory: Path | None  # where ``extends`` looks first; None for built-ins
    read: Callable[[], str] = attrs.field(eq=False)


def _builtin_source(name: str) -> _Source:
    resource = builtin_profiles() / f"{name}.yaml"
    return _Source(
        label=f"{name}.yaml (built-in)",
        key=f"builtin:{name}",
        stem=name,
        directory=None,
        read=lambda: resource.read_text(encoding="utf-8"),
    )


def _file_source(path: Path) -> _Source:
    return _Source(
        label=str(path),
        key=str(path.resolve()),
        stem=path.stem,
        directory=path.parent,
        read=lambda: path.read_text(encoding="utf-8"),
    )


def _read(source: _Source) -> dict[str, Any]:
    try:
        text = source.read()
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "not UTF-8 text"
        raise ProfileError(f"{source.label}: cannot be read ({reason})") from None
    try:
        data = parse_yaml(text)
    except YamlError as err:
        where = f"{source.label}, line {err.line}" if err.line is not None else source.label
        raise ProfileError(f"{where}: not valid YAML: {err.problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError(f"{source.label}: (top level): must be a mapping of keys to values")
    for key in data:
        if not isinstance(key, str):
            raise ProfileError(f"{source.label}: (top level): every key must be text")
    return data


def _looks_like_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or "/" in name or os.sep in name


def _find(
    name: str, search_paths: Sequence[Path], *, near: Path | None, exclude: str | None
) -> _Source | None:
    if _looks_like_path(name):
        path = Path(name)
        if not path.is_absolute() and near is not None:
            path = near / path
        return _file_source(path) if path.is_file() else None
    folders = ([near] if near is not None else []) + list(search_paths)
    for folder in folders:
        for suffix in (".yaml", ".yml"):
            path = folder / f"{name}{suffix}"
            # A council file may be called wales.yaml and extend the built-in wales.
            if path.is_file() and str(path.resolve()) != exclude:
                return _file_source(path)
    if name in builtin_profile_names() and f"builtin:{name}" != exclude:
        return _builtin_source(name)
    return None


def _chain(first: _Source, search_paths: Sequence[Path]) -> list[tuple[_Source, dict[str, Any]]]:
    """Read ``first`` and every profile it extends, child first."""
    chain: list[tuple[_Source, dict[str, Any]]] = []
    current = first
    while True:
        data = _read(current)
        chain.append((current, data))
        parent = data.get("extends")
        if parent is None:
            return chain
        if not isinstance(parent, str) or not parent.strip():
            raise ProfileError(f"{current.label}: extends: must be the name of a profile")
        found = _find(parent, search_paths, near=current.directory, exclude=current.key)
        if found is None:
            raise ProfileError(
                f"{current.label}: extends: no profile called {parent!r} (built-in profiles: "
                f"{', '.join(builtin_profile_names())}; council profiles are looked for beside "
                "the file and in the search paths)"
            )
        if any(source.key == found.key for source, _ in chain):
            loop = " -> ".join([*(source.label for source, _ in chain), found.label])
            raise ProfileError(f"{current.label}: extends: makes a cycle ({loop})")
        current = found


def _merge(
    base: dict[str, Any],
    override: Mapping[str, Any],
    origins: dict[KeyPath, str],
    label: str,
    prefix: KeyPath = (),
) -> None:
    """Deep-merge ``override`` into ``base``: mappings merge, anything else replaces."""
    for key, value in override.items():
        path = (*prefix, key)
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value, origins, label, path)
        else:
            base[key] = _copy(value)
            _record(value, origins, label, path)


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    return value


def _record(value: Any, origins: dict[KeyPath, str], label: str, path: KeyPath) -> None:
    origins[path] = label
    if isinstance(value, Mapping):
        for key, item in value.items():
            _record(item, origins, label, (*path, key))


def _origin(path: KeyPath, origins: Mapping[KeyPath, str], default: str) -> str:
    for end in range(len(path), 0, -1):
        if path[:end] in origins:
            return origins[path[:end]]
    return default


def _build(chain: list[tuple[_Source, dict[str, Any]]]) -> Profile:
    top, top_data = chain[0]
    merged: dict[str, Any] = {}
    origins: dict[KeyPath, str] = {}
    for source, data in reversed(chain):
        _merge(merged, {k: v for k, v in data.items() if k != "extends"}, origins, source.label)
    merged["extends"] = top_data.get("extends")
    if "name" not in top_data:
        merged["name"] = top.stem
        origins[("name",)] = top.label

    # A council changes its figures, never its nation: bank holidays and law follow the nation.
    inherited: object = None
    for source, data in reversed(chain):
        if "nation" in data:
            if inherited is not None and data["nation"] != inherited:
                raise ProfileError(
                    f"{source.label}: nation: must be the same as the profile it extends "
                    f"({inherited})"
                )
            inherited = data["nation"]

    try:
        # Well-formed data is built without cattrs' code generation (plain.py); anything else
        # goes through the strict converter, which names every problem.
        profile: Profile = structure_plain(merged, Profile, _CONVERTER)
    except NotPlain:
        pass
    else:
        return profile
    try:
        profile = _CONVERTER.structure(merged, Profile)
    except (ClassValidationError, IterableValidationError, ShapeError, _InvalidValue) as exc:
        lines = [
            f"{_origin(path, origins, top.label)}: {dotted(path)}: {message}"
            for path, message in _messages(exc)
        ]
        raise ProfileError("\n".join(lines)) from None
    return profile


def _messages(exc: BaseException) -> list[tuple[KeyPath, str]]:
    """Every problem of a structuring error, as (key path, clause)."""
    out: list[tuple[KeyPath, str]] = []
    for failure in failures(exc):
        error = failure.error
        if failure.kind == "unknown":
            hint = f" (did you mean {failure.suggestion}?)" if failure.suggestion else ""
            out.append((failure.path, f"unknown key{hint}"))
        elif failure.kind == "missing":
            out.append((failure.path, "is required"))
        elif isinstance(error, _InvalidValue):
            out.append(((*failure.path, *error.path), error.message))
        elif isinstance(error, ShapeError):
            out.append((failure.path, error.clause))
        else:  # pragma: no cover - a hook we did not foresee; still name the key, not the value
            out.append((failure.path, "is not valid"))
    return out


# --- public loaders --------------------------------------------------------------------------


@functools.cache
def builtin_profile_names() -> tuple[str, ...]:
    """The names of the built-in profiles: one per nation."""
    return tuple(nation.value for nation in Nation)


@functools.cache
def _builtin_profile(nation: Nation) -> Profile:
    return _build(_chain(_builtin_source(nation.value), ()))


def nation_profile(nation: Nation | str) -> Profile:
    """Return the built-in profile of a nation (read once, then cached; profiles are frozen).

    Args:
        nation: A :class:`Nation` or its value, e.g. ``"northern-ireland"``.

    Raises:
        ProfileError: ``nation`` is not a UK nation, or the packaged data is broken.
    """
    try:
        key = Nation(nation)
    except ValueError:
        raise ProfileError(
            f"no nation called {nation!r}: choose one of {', '.join(Nation)}"
        ) from None
    return _builtin_profile(key)


def load_profile(
    name_or_path: str | os.PathLike[str], *, search_paths: Sequence[str | os.PathLike[str]] = ()
) -> Profile:
    """Load a built-in profile by name, or a council's profile from a YAML file.

    Args:
        name_or_path: A profile name (``"wales"``, or a council profile's name looked for as
            ``NAME.yaml`` in ``search_paths``), or the path of a YAML file. A string is a path
            when it ends in ``.yaml``/``.yml`` or holds a path separator.
        search_paths: Folders holding council profiles. They are searched before the built-ins,
            so a council may ship its own ``wales.yaml`` that extends the built-in one.

    Returns:
        The merged, validated profile.

    Raises:
        ProfileError: The file is missing, unreadable, not valid YAML, has unknown keys or
            invalid values, or extends an unknown profile or a cycle of profiles. The message
            names the file and the key path, never a traceback from a dependency.
    """
    folders = [Path(folder) for folder in search_paths]
    if isinstance(name_or_path, os.PathLike) or _looks_like_path(name_or_path):
        path = Path(name_or_path)
        if not path.is_file():
            raise ProfileError(f"{path}: no such profile file")
        return _build(_chain(_file_source(path), folders))
    name = name_or_path
    source = _find(name, folders, near=None, exclude=None)
    if source is None:
        raise ProfileError(
            f"no profile called {name!r} (built-in profiles: {', '.join(builtin_profile_names())})"
        )
    if source.key == f"builtin:{name}":
        return _builtin_profile(Nation(name))
    return _build(_chain(source, folders))
