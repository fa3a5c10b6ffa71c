"""A translator's round trip: a case's untranslated text out as a gettext catalog (PO), and the
translations back into the case file.

Why PO: every translation service and CAT tool takes it (memoQ, Trados Studio, Phrase, Crowdin,
Lokalise, Weblate, Smartcat, OmegaT, and Poedit for free), a translator can also edit it in any
text editor, it carries each string's context (``msgctxt``) and notes (``#.``) in standard
places, and babel, which safeplan already uses for its own catalogs, reads and writes it.

:func:`export_translations` writes one entry per translatable field (``_case/translations.py``)
that has no translation in the language: its ``msgctxt`` is the field's path in the case file
(``$.concerns[2].text``), its ``msgid`` the text as written, and its note says what kind of
text it is, which copies print it, and what to leave as it is: never another field's text, a
name or an address. The header names the case (its reference), its version and the language,
and carries a checksum of the exported strings.

:func:`import_translations` reads a translated catalog back. A catalog for another case, another
version or another language, or whose exported strings were changed (the checksum no longer
matches: an entry added, removed or altered), is refused whole. Otherwise each translated entry
is written into the item's ``translations``; entries whose text changed in the case since the
export (stale), entries for fields the case no longer has (extra) and fields left untranslated
or marked fuzzy (missing) are reported and not written. YAML case files are rewritten with
ruamel.yaml's round trip, which keeps comments, key order and block styles; JSON files keep
their key order (JSON has no comments).

Imports: _case, _copies, _profiles, _i18n, _output, _errors, _problems.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import babel
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ._case import (
    CopyKind,
    WrittenAgreement,
    format_of,
    from_dict,
    loads,
    primary_language,
    read_case_bytes,
    read_case_data,
)
from ._copies import Copy, audience_of, copies, held_by, recipient_path, translatable_fields
from ._errors import SafeplanError
from ._i18n import language_name
from ._output import write_atomic
from ._problems import Problem
from ._profiles import resolve_profile

__all__ = ["ImportReport", "TranslationError", "export_translations", "import_translations"]

_SOURCE = "safeplan translate (a translator's round trip)"
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")

# What each field is, for the translator's note: the kind of text, never its content.
_FIELDS = {
    "concerns": "A concern: why professionals are worried, naming who did what.",
    "strengths": "A strength: something that is going well.",
    "expectations.what": "What one person will do.",
    "expectations.when": "When or how often they will do it.",
    "expectations.how_checked": "How professionals will check it.",
    "expectations.support": "The help offered to them to do it.",
    "commitments.what": "What a professional or an agency will do.",
    "commitments.when": "When or how often they will do it.",
    "contact_arrangements.where": "Where the children see a family member.",
    "contact_arrangements.how_often": "How often the children see a family member.",
    "contact_arrangements.notes": "How the children's time with a family member is arranged.",
    "contingency": "What will happen if the agreement is not kept.",
    "terms": "Something everyone has agreed.",
    "views": "A person's own words, quoted: keep their voice (first person, plain words).",
    "signatures": "A person's reasons for signing as they did, in their own words.",
    "overrides": "Why professionals decided to keep a part of the agreement.",
    "support_contacts.name": "The name of a local service (translate it only if the service "
    "has a name in this language).",
    "support_contacts.hours": "When a local service is open.",
    "support_contacts.description": "What a local service is for.",
    "people.relationship": "How an adult is related to the children.",
    "contact_details.label": "The label of an address or phone number (the value itself is "
    "never translated and is not in this file).",
    "professionals.job_title": "A professional's job title.",
    "agencies.name": "The name of an organisation (translate it only if it has a name in "
    "this language, such as a Welsh council's Welsh name).",
    "agencies.limitations": "What an organisation cannot do (so no one takes false comfort "
    "from the agreement).",
    "version.changes": "What changed since the earlier version of the agreement.",
    "safety_plans.explanation": "For a child: why grown-ups are helping (short sentences, "
    "simple words).",
    "safety_plans.safe_places": "For a child: a place where they can be safe.",
    "safety_plans.what_to_do": "For a child: what to do if they feel scared.",
    "safety_plans.grown_ups_will": "For a child: what the grown-ups will do.",
    "safety_plans.child_words": "A child's own words, quoted: keep their voice.",
}
_KEEP = (
    "Keep numbers, dates and times exactly as they are, and write names as the family would "
    "recognise them. Keep the meaning exact: this is a record that may be shown to a court."
)


class TranslationError(SafeplanError, ValueError):
    """A translated catalog that cannot be imported into this case: for another case,
    version or language, changed after export, or not a catalog at all. Carries problems."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an import did.

    Attributes:
        path: The case file written.
        language: The catalog's language tag.
        imported: The paths of the fields whose translation was written.
        missing: Fields with no translation yet: in the catalog but left empty or fuzzy, or
            untranslated in the case and not in the catalog at all.
        stale: Entries whose field's text changed in the case since the export: not written.
        extra: Entries for fields the case does not have (or cannot translate): not written.
    """

    path: Path
    language: str
    imported: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The report as problems (warnings), in path order within each kind."""
        name = language_name(self.language)
        out = [
            Problem.warning(
                "SP-TRANSLATION-STALE",
                p,
                "This field's text changed in the case after the catalog was exported, so its "
                f"{name} translation was not written. Export again and have it translated.",
                _SOURCE,
            )
            for p in self.stale
        ]
        out += [
            Problem.warning(
                "SP-TRANSLATION-EXTRA",
                p,
                "The catalog has an entry for this field, which the case does not have (or "
                "which cannot be translated): it was not written.",
                _SOURCE,
            )
            for p in self.extra
        ]
        out += [
            Problem.warning(
                "SP-TRANSLATION-MISSING",
                p,
                f"This field still has no {name} translation (left empty or fuzzy in the "
                "catalog, or not in it).",
                _SOURCE,
            )
            for p in self.missing
        ]
        return tuple(out)


# --- export -----------------------------------------------------------------------------------


def _source_language(agreement: WrittenAgreement, path: str) -> str:
    if path.startswith("$.safety_plans["):
        index = int(path[len("$.safety_plans[") :].partition("]")[0])
        plan = agreement.safety_plans[index]
        return plan.language or agreement.language
    return agreement.language


def _entries(
    agreement: WrittenAgreement,
    language: str,
    *,
    everything: bool = False,
    scope: frozenset[str] | None = None,
) -> Iterator[tuple[str, str, str | None]]:
    """(context, source text, translation so far) for every translatable string written in
    another language than ``language``: untranslated ones only, unless ``everything``; only
    the fields in ``scope`` (paths) when given. A list field gives one entry per entry
    (``$.version.changes[1]``)."""
    lang = primary_language(language)
    for path, item, field, value in translatable_fields(agreement, "$"):
        if primary_language(_source_language(agreement, path)) == lang:
            continue
        if scope is not None and path not in scope:
            continue
        words = item.translations.words(lang)
        done = getattr(words, field, None) if words is not None else None
        if isinstance(value, tuple):
            for i, entry in enumerate(value):
                have = done[i] if done and i < len(done) else None
                if everything or not have:
                    yield f"{path}[{i}]", entry, have or None
        elif everything or not done:
            yield path, value, done or None


def _checksum(reference: str, version: int, language: str, pairs: Iterable[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for part in (reference, str(version), primary_language(language)):
        h.update(part.encode("utf-8") + b"\0")
    for context, text in sorted(pairs):
        h.update(context.encode("utf-8") + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()[:32]


def _kind(path: str) -> str:
    """The note's key for a path: ``expectations.what`` for ``$.expectations[3].what``."""
    parts = [re.sub(r"\[\d+\]", "", p) for p in path[2:].split(".")]
    parts = [p for p in parts if p]
    if "contact_details" in parts:
        return "contact_details.label"
    for n in (2, 1):
        key = ".".join(parts[:1] + parts[-1:]) if n == 2 else parts[0]
        if key in _FIELDS:
            return key
    return parts[0] if parts else ""


def _printed_in(agreement: WrittenAgreement, language: str) -> dict[str, list[str]]:
    """For each field path, the copies in ``language`` that hold it (by their entry in
    ``recipients``)."""
    audience = audience_of(agreement)
    lang = primary_language(language)
    out: dict[str, list[str]] = {}
    order = resolve_profile(agreement).language_order
    for copy in copies(agreement, language_order=order):
        if lang not in {primary_language(x) for x in copy.languages}:
            continue
        skip = held_by(agreement, copy, audience)
        who = _reader(agreement, copy)
        for path, *_ in translatable_fields(agreement, "$", skip):
            if copy.kind is CopyKind.CHILD and path.startswith("$.safety_plans["):
                index = int(path[len("$.safety_plans[") :].partition("]")[0])
                if agreement.safety_plans[index].child != copy.recipient:
                    continue
            out.setdefault(path, []).append(f"{recipient_path(agreement, copy)} ({who})")
    return out


def _reader(agreement: WrittenAgreement, copy: Copy) -> str:
    """Who a copy is for, by role: never a name."""
    if copy.kind is CopyKind.PROFESSIONAL:
        return "the professional copy"
    if copy.kind is CopyKind.CHILD:
        return "a child"
    person = agreement.person(copy.recipient)
    return person.role.value.replace("-", " ") if person is not None else "an adult"


def export_translations(
    agreement: WrittenAgreement, language: str, *, everything: bool = False
) -> bytes:
    """The case's text that has no translation in ``language``, as a gettext catalog (PO).

    Args:
        agreement: The case.
        language: The language to translate into (``cy``, ``ur-GB``).
        everything: Every translatable string of the case, with the translations it already
            has filled in (for a translator to revise). Default: the untranslated strings the
            copies in ``language`` hold (every untranslated one when no copy is in it yet).

    Text written in ``language`` already (the case's own, or a child's plan written in it)
    is left out: exporting English from an English case with a Welsh child's plan gives the
    plan's strings.

    Raises:
        ValueError: ``language`` is not a language tag.
    """
    if not _LANG.match(language):
        raise ValueError(f"not a language tag: {language!r} (use one like cy or ur-GB)")
    printed = _printed_in(agreement, language)
    entries = list(
        _entries(agreement, language, everything=everything, scope=_scope(printed, everything))
    )
    name = language_name(language)
    catalog = Catalog(
        locale=_babel_locale(language),
        project=f"safeplan case {agreement.reference}",
        version=str(agreement.version.number),
        header_comment=(
            f"# {name} translation of the text of safeplan case {agreement.reference}, "
            f"version {agreement.version.number}.\n"
            "# Translate each msgstr; leave msgid and msgctxt as they are. Every string is\n"
            "# personal data: keep this file as confidential as the case itself.\n"
            f"# Import it with: safeplan translate import CASE-FILE THIS-FILE"
        ),
        creation_date=dt.datetime(
            agreement.date.year, agreement.date.month, agreement.date.day, tzinfo=dt.UTC
        ),
        revision_date=dt.datetime(
            agreement.date.year, agreement.date.month, agreement.date.day, tzinfo=dt.UTC
        ),
        fuzzy=False,
        language_team=f"{name} translator",
        last_translator="",
    )
    for context, text, done in entries:
        field_path = (
            re.sub(r"\[\d+\]$", "", context) if _is_list_entry(agreement, context) else context
        )
        where = printed.get(field_path, [])
        notes = [_FIELDS.get(_kind(context), "Text of the agreement.")]
        if where:
            notes.append("Printed in the copies for " + ", ".join(where) + ".")
        notes.append(_KEEP)
        catalog.add(text, done or "", context=context, auto_comments=notes)
    checksum = _checksum(
        agreement.reference, agreement.version.number, language, ((c, t) for c, t, _ in entries)
    )
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False, include_lineno=False)
    text = out.getvalue().decode("utf-8")
    extra = (
        f'"X-Safeplan-Case: {_po_escape(agreement.reference)}\\n"\n'
        f'"X-Safeplan-Version: {agreement.version.number}\\n"\n'
        f'"X-Safeplan-Language: {_po_escape(language)}\\n"\n'
        f'"X-Safeplan-Source-Language: {_po_escape(agreement.language)}\\n"\n'
        f'"X-Safeplan-Checksum: {checksum}\\n"\n'
    )
    head, sep, rest = text.partition('"Generated-By:')
    return (head + extra + sep + rest).encode("utf-8")


def _scope(printed: Mapping[str, list[str]], everything: bool) -> frozenset[str] | None:
    """The fields an export covers: those the copies in its language hold, unless every field
    is asked for or no copy is in that language yet."""
    return None if everything or not printed else frozenset(printed)


def _is_list_entry(agreement: WrittenAgreement, context: str) -> bool:
    return bool(
        re.search(r"\.(changes|limitations|safe_places|what_to_do|grown_ups_will)\[\d+\]$", context)
    )


def _po_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _babel_locale(language: str) -> str | None:
    try:
        return str(babel.Locale.parse(language.replace("-", "_")))
    except (babel.UnknownLocaleError, ValueError):
        try:
            return str(babel.Locale.parse(primary_language(language)))
        except (babel.UnknownLocaleError, ValueError):
            return None


# --- import -----------------------------------------------------------------------------------


def _refused(code: str, message: str) -> TranslationError:
    return TranslationError([Problem.refusal(code, "$", message, _SOURCE)])


def _headers(raw: bytes) -> dict[str, str]:
    text = raw.decode("utf-8", errors="replace")
    found: dict[str, str] = {}
    for m in re.finditer(r'^"(X-Safeplan-[\w-]+|Language): ?(.*?)\\n"\s*$', text, re.MULTILINE):
        found.setdefault(m.group(1), m.group(2).replace('\\"', '"').replace("\\\\", "\\"))
    return found


def read_translations(
    agreement: WrittenAgreement, raw: bytes, *, language: str | None = None
) -> tuple[str, dict[str, str], list[str], list[str], list[str]]:
    """Check a translated catalog against the case: the language, the translations by path
    (list entries by their own path), and the missing, stale and extra paths.

    Raises:
        TranslationError: Not a catalog, or one for another case, version or language, or
            changed after export.
    """
    try:
        po = read_po(io.BytesIO(raw), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as err:
        raise _refused(
            "SP-TRANSLATION-FILE",
            f"This is not a gettext catalog (PO) that can be read: {type(err).__name__}.",
        ) from None
    headers = _headers(raw)
    case = headers.get("X-Safeplan-Case")
    if case is None:
        raise _refused(
            "SP-TRANSLATION-FILE",
            "This catalog was not exported by safeplan translate export (it has no "
            "X-Safeplan-Case header), so it cannot be matched to the case.",
        )
    if case != agreement.reference:
        raise _refused(
            "SP-TRANSLATION-OTHER-CASE",
            "This catalog was exported from another case (its reference is not this "
            "case's). Nothing was imported.",
        )
    version = headers.get("X-Safeplan-Version")
    if version != str(agreement.version.number):
        raise _refused(
            "SP-TRANSLATION-OTHER-VERSION",
            f"This catalog was exported from version {version} of the case; the case file is "
            f"version {agreement.version.number}. Export again from this version. Nothing was "
            "imported.",
        )
    lang = headers.get("X-Safeplan-Language", "")
    told = headers.get("Language", "")
    if not _LANG.match(lang) or (told and primary_language(told) != primary_language(lang)):
        raise _refused(
            "SP-TRANSLATION-OTHER-LANGUAGE",
            "This catalog's language headers disagree (Language and X-Safeplan-Language), so "
            "it is not known which language it holds. Nothing was imported.",
        )
    if language is not None and primary_language(language) != primary_language(lang):
        raise _refused(
            "SP-TRANSLATION-OTHER-LANGUAGE",
            f"This catalog is in {language_name(lang)} ({lang}), not "
            f"{language_name(language)} ({language}). Nothing was imported.",
        )
    entries = [m for m in po if m.id and isinstance(m.id, str)]
    checksum = _checksum(
        agreement.reference,
        agreement.version.number,
        lang,
        ((m.context or "", m.id) for m in entries if isinstance(m.id, str)),
    )
    if checksum != headers.get("X-Safeplan-Checksum"):
        raise _refused(
            "SP-TRANSLATION-TAMPERED",
            "This catalog's source strings (msgid, msgctxt) were changed after it was exported "
            "(an entry added, removed or altered), so its translations cannot be trusted to "
            "belong to the fields they name. Export again. Nothing was imported.",
        )
    current = {context: text for context, text, _ in _entries(agreement, lang, everything=True)}
    translations: dict[str, str] = {}
    stale: list[str] = []
    extra: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for m in entries:
        context = m.context or ""
        seen.add(context)
        if context not in current:
            extra.append(context)
        elif current[context] != m.id:
            stale.append(context)
        elif m.fuzzy or not isinstance(m.string, str) or not m.string.strip():
            missing.append(context)
        else:
            translations[context] = m.string
    scope = _scope(_printed_in(agreement, lang), False)
    for context, _, done in _entries(agreement, lang, scope=scope):
        if context not in seen and done is None:
            missing.append(context)
    return lang, translations, sorted(set(missing)), stale, extra


def import_translations(
    case_file: str | os.PathLike[str],
    catalog_file: str | os.PathLike[str] | bytes,
    *,
    language: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Write a translated catalog's translations into a case file.

    Args:
        case_file: The case file (YAML or JSON) the catalog was exported from.
        catalog_file: The translated catalog (a path, or its bytes).
        language: The language the catalog must be in (refused if it is in another).
        dry_run: Check and report, write nothing.

    Returns:
        What was imported, and the missing, stale and extra entries (not written).

    Raises:
        TranslationError: The catalog is for another case, version or language, was changed
            after export, or cannot be read. Nothing is written.
        InvalidCaseError, RefusedError: The case file cannot be read, or the result would not
            be a valid case (it is not written).
    """
    path = Path(case_file)
    raw_case = read_case_bytes(path)
    data = read_case_data(path)
    agreement = from_dict(data)
    raw = catalog_file if isinstance(catalog_file, bytes) else Path(catalog_file).read_bytes()
    lang, translations, missing, stale, extra = read_translations(agreement, raw, language=language)
    lists: dict[str, dict[int, str]] = {}
    single: dict[str, str] = {}
    for context, text in translations.items():
        m = re.match(r"^(.*)\[(\d+)\]$", context)
        if m and _is_list_entry(agreement, context):
            lists.setdefault(m.group(1), {})[int(m.group(2))] = text
        else:
            single[context] = text
    fmt = format_of(path)
    if fmt == "yaml":
        doc = _yaml_round_trip().load(raw_case.decode("utf-8"))
    else:
        doc = json.loads(raw_case.decode("utf-8"))
    imported: list[str] = []
    for field_path, text in single.items():
        _set(doc, field_path, lang, text)
        imported.append(field_path)
    for field_path, entries in lists.items():
        original = _get(data, field_path)
        have = _existing_list(data, field_path, lang)
        merged = [entries.get(i, have[i] if i < len(have) else None) for i in range(len(original))]
        if all(merged):
            _set(doc, field_path, lang, [str(x) for x in merged])
            imported += [f"{field_path}[{i}]" for i in sorted(entries)]
        else:
            missing += [f"{field_path}[{i}]" for i, x in enumerate(merged) if not x]
            missing += [f"{field_path}[{i}]" for i in sorted(entries)]
    if fmt == "yaml":
        out = io.StringIO()
        _yaml_round_trip().dump(doc, out)
        text = _tidy(out.getvalue())
    else:
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    # The result must read as a valid case before it replaces the file.
    loads(text, fmt)
    report = ImportReport(
        path=path,
        language=lang,
        imported=tuple(imported),
        missing=tuple(sorted(set(missing))),
        stale=tuple(stale),
        extra=tuple(extra),
    )
    if not dry_run and imported:
        write_atomic(path, text.encode("utf-8"))
    return report


def _yaml_round_trip() -> Any:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


_LITERAL = re.compile(r"[|][-+]?\d*\s*$")
_TRANSLATIONS_KEY = re.compile(r"^(\s+)(?:- )?translations:\s*$")


def _tidy(text: str) -> str:
    """What ruamel.yaml leaves untidy when keys are added: a blank line that ended a section
    is kept before the new ``translations:`` key instead of after its block, and a plain text
    wrapped over lines keeps a trailing space. Both are put right (never inside a literal
    block, whose spaces are its text)."""
    lines = text.split("\n")
    out: list[str] = []
    literal: int | None = None  # the indentation a literal block's lines are deeper than
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if literal is not None and line.strip() and indent <= literal:
            literal = None
        out.append(line if literal is not None else line.rstrip(" "))
        if literal is None and _LITERAL.search(line.split("#", 1)[0]):
            literal = indent
    i = 0
    while i < len(out) - 1:
        m = _TRANSLATIONS_KEY.match(out[i + 1])
        if out[i] == "" and m:
            depth = len(m.group(1))
            j = i + 2
            while j < len(out) and out[j].strip() and len(out[j]) - len(out[j].lstrip()) > depth:
                j += 1
            out[i:j] = [*out[i + 1 : j], ""]
            i = j
        else:
            i += 1
    return "\n".join(out)


_STEP = re.compile(r"\.([a-z_]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    return [
        m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(path[1:])
    ]


def _get(data: Any, path: str) -> Any:
    node = data
    for step in _steps(path):
        node = node[step]
    return node


def _existing_list(data: Any, field_path: str, lang: str) -> list[str]:
    *owner, field = _steps(field_path)
    node = data
    for step in owner:
        node = node[step]
    if not isinstance(node, Mapping):
        return []
    for tag, words in (node.get("translations") or {}).items():
        if primary_language(tag) == lang and isinstance(words, Mapping):
            return list(words.get(field) or [])
    return []


def _set(doc: Any, field_path: str, lang: str, value: str | list[str]) -> None:
    """Put ``value`` in the item's ``translations`` (under the tag the item already uses for
    the language, else the catalog's), turning a note given as plain text into fields."""
    *owner, field = _steps(field_path)
    parent: Any = doc
    for step in owner[:-1]:
        parent = parent[step]
    last = owner[-1]
    node = parent[last]
    if isinstance(node, str):  # a contingency step or a term written as its text alone
        node = _mapping(doc, {"text": node})
        parent[last] = node
    translations = node.get("translations")
    if translations is None:
        translations = _mapping(doc, {})
        node["translations"] = translations
    tag = next((t for t in translations if primary_language(str(t)) == lang), lang)
    words = translations.get(tag)
    if words is None:
        words = _mapping(doc, {})
        translations[tag] = words
    words[str(field)] = value


def _mapping(doc: Any, values: dict[str, Any]) -> Any:
    if type(doc) is dict:  # a JSON case
        return dict(values)
    found = CommentedMap()
    found.update(values)
    return found
