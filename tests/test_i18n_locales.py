"""The table of babel's answers (``_i18n_locales.json``, ``tools/make_locale_table.py``) says
what the installed babel says, and what the layouts print from it is what babel prints; with
another babel installed, babel answers.

An English copy reads the text direction, month names and list patterns from the table instead
of loading babel's locale data (about 40 ms a process); babel stays the source of truth.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from importlib import resources
from typing import Any

import babel
import babel.dates
import babel.lists
import babel.localedata
import pytest

from safeplan import _i18n
from safeplan._layout import context

#: Every language tag the tests and examples write copies in, and some they do not.
TAGS = ("en", "en-GB", "en-US", "cy", "cy-GB", "ur", "ur-GB", "ur-PK", "ar", "pl-PL", "ro-RO",
        "fa", "he", "pa", "zh", "sd", "ks", "iw", "xx", "en-XX")  # fmt: skip
DAYS = tuple(dt.date(2026, month, day) for month in range(1, 13) for day in (1, 28))
WORDS = (["Paul"], ["Paul", "Ann"], ["Paul", "Ann", "Lee"], ["a", "b", "c", "d"])


def _raw_table() -> dict[str, Any]:
    raw = resources.files("safeplan").joinpath("_i18n_locales.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(raw)
    return table


def _clear() -> None:
    for cached in (_i18n.locale_table, _i18n.is_rtl, context._month_names, context._list_patterns):
        cached.cache_clear()


@pytest.fixture
def without_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """babel answers everything, as with another babel version installed."""
    _clear()
    monkeypatch.setattr(babel, "__version__", "0.0-not-the-table's")
    assert _i18n.locale_table() is None
    yield
    monkeypatch.undo()
    _clear()


def test_the_table_is_made_from_the_installed_babel() -> None:
    # After upgrading babel: .venv/bin/python tools/make_locale_table.py
    table = _raw_table()
    assert table["babel"] == babel.__version__
    assert _i18n.locale_table() == table
    languages = sorted(i for i in babel.localedata.locale_identifiers() if "_" not in i)
    assert sorted(table["text_direction"]) == languages
    wrong = [
        lang
        for lang, direction in table["text_direction"].items()
        if babel.Locale.parse(lang).text_direction != direction
    ]
    assert wrong == []
    assert {"ur", "ar", "he", "fa"} <= {k for k, v in table["text_direction"].items() if v == "rtl"}
    for identifier, kept in table["locales"].items():
        locale = babel.Locale.parse(identifier)
        months = babel.dates.get_month_names("wide", "format", locale)
        assert kept["months"] == [months[m] for m in range(1, 13)]
        assert kept["list_patterns"] == dict(locale.list_patterns["standard"])
    assert set(table["locales"]) == {"en", "en_GB"}


def _printed() -> dict[str, object]:
    """Everything the layouts print from locale data, for every tag."""
    return {
        tag: (
            _i18n.is_rtl(tag),
            [context.long_date(d, tag) for d in DAYS],
            [context.month_year(d, tag) for d in DAYS],
            [context.month_only(d, tag) for d in DAYS],
            [context.join_words(w, tag) for w in WORDS],
        )
        for tag in TAGS
    }


def _babel_prints() -> dict[str, object]:
    """The same, asked of babel's own functions."""
    out: dict[str, object] = {}
    for tag in TAGS:
        locale = context.babel_locale(tag)
        try:
            rtl = babel.Locale.parse(_i18n.primary(tag)).text_direction == "rtl"
        except (babel.UnknownLocaleError, ValueError):
            rtl = False
        out[tag] = (
            rtl,
            [babel.dates.format_date(d, "d MMMM y", locale=locale) for d in DAYS],
            [babel.dates.format_date(d, "MMMM y", locale=locale) for d in DAYS],
            [babel.dates.format_date(d, "MMMM", locale=locale) for d in DAYS],
            [
                context.join_words(w, tag)
                if _i18n.primary(tag) == "cy"  # Welsh's own "a"/"ac" (tests/test_languages.py)
                else babel.lists.format_list(w, style="standard", locale=locale)
                for w in WORDS
            ],
        )
    return out


def test_dates_lists_and_direction_print_as_babel_prints_them() -> None:
    _clear()
    from_table = _printed()
    assert from_table == _babel_prints()
    assert from_table["en-GB"][1][4] == "1 March 2026"  # type: ignore[index]
    assert from_table["en-GB"][4][2] == "Paul, Ann and Lee"  # type: ignore[index]
    assert from_table["en"][4][2] == "Paul, Ann, and Lee"  # type: ignore[index]
    assert from_table["ur-GB"][0] is True and from_table["en"][0] is False  # type: ignore[index]


def test_another_babel_version_sets_the_table_aside(without_table: None) -> None:
    assert _printed() == _babel_prints()


def test_the_installed_babel_version_is_read_without_importing_babel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _i18n.babel_version() == babel.__version__  # babel imported: its own answer
    monkeypatch.delitem(sys.modules, "babel")
    assert _i18n.babel_version() == babel.__version__  # from the .dist-info folder's name


def test_the_tags_kept_without_babel_are_babel_locales_answer() -> None:
    for tag, identifier in context._KEPT_TAGS.items():
        assert str(context.babel_locale(tag)) == identifier


def test_a_datetime_is_formatted_by_babel() -> None:
    moment = dt.datetime(2026, 3, 1, 12, 30)
    locale = context.babel_locale("en-GB")
    assert context.long_date(moment, "en-GB") == babel.dates.format_date(
        moment, "d MMMM y", locale=locale
    )
    assert context.month_year(moment, "en-GB") == "March 2026"
    assert context.month_only(moment, "en-GB") == "March"
