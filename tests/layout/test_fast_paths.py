"""The layout's fast paths print exactly what the plain paths print.

Fixed strings translated when the built-in layout is compiled, long dates formatted without
babel's pattern parser, and names looked up in a table: each is compared with the plain way.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import re
from collections.abc import Callable
from pathlib import Path

import babel.dates
import babel.lists
import babel.messages.pofile
import jinja2
import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import safeplan
from safeplan._case.kinds import CopyKind
from safeplan._copies import Copy, redact
from safeplan._i18n import available_languages, catalog, primary
from safeplan._layout import context as layout_context
from safeplan._layout import environment
from safeplan._resources import builtin_templates
from safeplan.testing import example_agreement

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))
LOCALES = sorted({*available_languages(), "en-GB", "cy-GB", "ur-GB", "ur-PK", "xx"})


@pytest.mark.parametrize("locale", LOCALES)
def test_long_dates_are_babels(locale: str) -> None:
    babel_locale = layout_context.babel_locale(locale)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    days += [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31)]
    for day in days:
        plain = babel.dates.format_date(day, "d MMMM y", locale=babel_locale)
        assert layout_context.long_date(day, locale) == plain


def test_a_datetime_still_goes_through_babel() -> None:
    moment = dt.datetime(2024, 3, 5, 10, 30)
    assert layout_context.long_date(moment, "en") == "5 March 2024"


def _plain_environment(language: str) -> jinja2.Environment:
    # The built-in layouts' environment without _FixedStrings: every _() is called at render.
    env = environment.layout_environment.__wrapped__((), language)
    env.extensions = {
        k: v for k, v in env.extensions.items() if not isinstance(v, environment._FixedStrings)
    }
    assert len(env.extensions) == 1  # i18n
    return env


def _both(agreement: safeplan.WrittenAgreement, copy: Copy) -> tuple[str, str]:
    renderer = safeplan.Renderer()
    language = copy.languages[-1]
    shown = layout_context.tagged(redact(agreement, copy), agreement.language, language)
    context = layout_context.agreement_context(shown, copy, renderer.profile(agreement), language)
    name = layout_context.LAYOUTS[copy.kind]
    folded = environment.layout_environment((), primary(language)).get_template(name)
    plain_env = _plain_environment(primary(language))
    source = (builtin_templates() / name).read_text(encoding="utf-8")
    assert "{{ _(" in source
    return folded.render(context), plain_env.from_string(source).render(context)


@pytest.mark.parametrize("path", [*EXAMPLES, None], ids=lambda p: p.stem if p else "testing")
def test_fixed_strings_print_as_the_calls_did(path: Path | None) -> None:
    agreement = safeplan.load(path) if path is not None else example_agreement()
    renderer = safeplan.Renderer()
    checked = 0
    for copy in renderer.copies(agreement):
        if copy.kind is CopyKind.CHILD:
            continue
        folded, plain = _both(agreement, copy)
        assert folded == plain
        checked += 1
    assert checked


def test_only_templates_that_never_rebind_underscore_are_folded() -> None:
    env = environment.layout_environment((), "en")
    folded = env.from_string('{{ _("Name") }}|{{ _("Name", x=1) }}')
    assert "_(" not in _compiled(env, '{{ _("Name") }}')
    assert folded.render() == "Name|Name"
    for source in (
        '{% set _ = "x" %}{{ _("Name") }}',
        '{% macro _(s) %}m{% endmacro %}{{ _("Name") }}',
        '{% for _ in [1] %}{% endfor %}{{ _("Name") }}',
        '{% macro m(_) %}{% endmacro %}{{ _("Name") }}',
    ):
        assert "'Name'" in _compiled(env, source), source


def _compiled(env: jinja2.Environment, source: str) -> str:
    return str(env.compile(source, raw=True))


def test_name_lookup_order_and_misses() -> None:
    a = example_agreement()
    lookup = layout_context._Lookup(a)
    for group in (a.people, a.children, a.professionals, a.agencies):
        for found in group:
            expected = a.person(found.id) or a.child(found.id) or a.professional(found.id) or found
            assert lookup.name(found.id) == str(expected.name)
    assert lookup.name(None) == ""
    assert lookup.name("nobody-has-this-id") == ""
    assert lookup.name(["unhashable"]) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", LOCALES)
def test_joined_words_are_babels(locale: str) -> None:
    words = ["Mia", "Leo", "Sam", "Ava", "Zoë"]
    for n in range(len(words) + 1):
        expected = (
            babel.lists.format_list(
                words[:n], style="standard", locale=layout_context.babel_locale(locale)
            )
            if primary(locale) != "cy" or n < 2
            else None
        )
        if expected is not None:
            assert layout_context.join_words(words[:n], locale) == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.one_of(st.characters(), st.sampled_from("&<>\"'\x00\x0b\ufffe"))),
    language=st.sampled_from(["en", "cy", "ur"]),
)
def test_one_call_output_prints_what_escape_finalize_prints(text: str, language: str) -> None:
    finalize = environment._make_finalize(language)
    one_call = environment._make_finalize_escape(finalize)
    values = [
        text,
        markupsafe.Markup(text),
        markupsafe.Markup("<b>%(x)s</b>") % {"x": text},
        layout_context.LangText(text, "en"),
        layout_context.LangText(text, "cy-GB"),
        None,
        0,
        7,
        dt.date(2024, 1, 2),
    ]
    for value in values:
        assert one_call(value) == str(markupsafe.escape(finalize(value)))


def test_builtin_layouts_compile_to_one_call_per_printed_value() -> None:
    env = environment.layout_environment((), "en")
    code = _compiled(env, "{{ x }}{% autoescape false %}{{ y }}{% endautoescape %}")
    assert "environment.finalize_escape(" in code
    assert "escape(environment.finalize(" not in code.replace("finalize_escape(", "")
    assert (
        env.from_string("{{ x }}|{% autoescape false %}{{ y }}{% endautoescape %}").render(
            x="<a>", y="<b>"
        )
        == "&lt;a&gt;|<b>"
    )


def test_builtin_context_calls_like_jinjas() -> None:
    env = environment.layout_environment((), "en")

    @jinja2.pass_context
    def with_context(context: jinja2.runtime.Context, x: int) -> str:
        return f"{x}:{context['tag']}"

    class Holder:
        def method(self, x: int) -> str:
            return f"m{x}"

    def stops() -> str:
        raise StopIteration

    template = env.from_string(
        "{{ plain(1) }}|{{ bound(2) }}|{{ ctx(3) }}|{% for i in [4] %}{{ plain(i) }}{% endfor %}"
        "|{{ stops() is undefined }}|{{ dict(a=1)['a'] }}"
    )
    rendered = template.render(
        plain=lambda x: f"p{x}", bound=Holder().method, ctx=with_context, tag="t", stops=stops
    )
    assert rendered == "p1|m2|3:t|p4|True|1"


def test_builtin_context_calls_macros_like_jinjas() -> None:
    # Macros with positional, keyword and default arguments, varargs and kwargs, a caller, and
    # autoescaping: the built-in environment's fast call prints what jinja's call prints.
    source = (
        "{% macro m(a, b='<d>', c=none) %}[{{ a }}|{{ b }}|{{ c }}|{{ varargs }}|{{ kwargs }}]"
        "{% endmacro %}"
        "{% macro w(x) %}<{{ caller(x) }}>{% endmacro %}"
        "{{ m(1) }}{{ m('<a>', c=3) }}{{ m(1, 2, 3, 4, z='&') }}"
        "{% for i in [1, 2] %}{{ m(i, b=i) }}{% endfor %}"
        "{% call(y) w('<y>') %}in {{ y }}{% endcall %}{% set t = m('t') %}{{ t }}"
    )
    fast = environment.layout_environment((), "en").from_string(source).render()
    plain_env = jinja2.Environment(autoescape=True, finalize=lambda v: "" if v is None else v)
    plain = plain_env.from_string(source).render()
    assert fast == plain
    assert "&lt;a&gt;" in fast
    with pytest.raises(TypeError):
        environment.layout_environment((), "en").from_string(
            "{% macro m() %}{% endmacro %}{{ m(q=1) }}"
        ).render()


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%\((\w+)\)", text)


@pytest.mark.parametrize("language", ["en", "cy", "ur", "pl"])
def test_gettext_with_values_formats_as_markups_percent(language: str) -> None:
    # The layouts' gettext formats a string whose placeholders are all %(name)s without
    # markupsafe's helpers: every message of the catalog, with values of every kind a layout
    # passes (text with markup characters, case text tagged with its language, Markup, numbers).
    translations = catalog(language, ()).translations
    gettext, _ = environment._gettext_functions(translations)
    pot = Path(environment.__file__).parents[1] / "locales" / "messages.pot"
    with pot.open("rb") as f:
        messages = [m.id for m in babel.messages.pofile.read_po(f) if isinstance(m.id, str)]
    with_values = [m for m in messages if "%(" in m]
    assert len(with_values) > 30
    kinds: list[Callable[[str], object]] = [
        lambda n: f"{n} <b>&amp; \"'",
        lambda n: layout_context.LangText(f"{n} <i>", "cy-GB"),
        lambda n: markupsafe.Markup(f"<b>{n}</b>"),
        lambda n: 7,
        lambda n: None,
    ]
    fast = 0
    for message in with_values:
        for kind in kinds:
            values = {name: kind(name) for name in _placeholders(message)}
            values["unused"] = "<never printed>"
            expected = markupsafe.Markup(translations.gettext(message)) % values
            got = gettext(message, **values)
            assert type(got) is markupsafe.Markup
            assert str(got) == str(expected), message
            fast += environment._NAMED_ONLY.fullmatch(translations.gettext(message)) is not None
    assert fast > 0


def test_gettext_with_other_placeholders_takes_markups_percent() -> None:
    gettext, _ = environment._gettext_functions(gettext_module.NullTranslations())
    assert str(gettext("%(n)d of %(m)r <", n=3, m="<x>")) == "3 of &#39;&lt;x&gt;&#39; <"
    assert str(gettext("100%% of %(who)s", who="<b>")) == "100% of &lt;b&gt;"
    assert str(gettext("100%%(x)s %(who)s", who="<b>")) == "100%(x)s &lt;b&gt;"
    with pytest.raises(KeyError):
        gettext("%(missing)s", other="x")


def test_gettext_reads_only_the_values_its_string_names() -> None:
    # A translation may leave a value out; an undefined value it leaves out is never printed,
    # so it fails nothing, as with Markup's %. One it prints fails, with jinja's message.
    gettext, _ = environment._gettext_functions(gettext_module.NullTranslations())
    undefined = jinja2.StrictUndefined(name="nowhere")
    assert str(gettext("Only %(a)s", a="<a>", b=undefined)) == "Only &lt;a&gt;"
    assert str(gettext("%(a)s and %(a)s", a="<")) == "&lt; and &lt;"
    for message in ("%(b)s", "x %(a)s %(b)s"):
        with pytest.raises(jinja2.UndefinedError) as fast:
            gettext(message, a="1", b=undefined)
        with pytest.raises(jinja2.UndefinedError) as plain:
            _ = markupsafe.Markup(message) % {"a": "1", "b": undefined}
        assert str(fast.value) == str(plain.value)
    # The first value named that is missing or undefined is the one that fails, as in %.
    with pytest.raises(KeyError) as missing:
        gettext("%(gone)s %(b)s", b=undefined)
    assert missing.value.args == ("gone",)
