"""The one factory of jinja environments, and running a layout.

:func:`layout_environment` builds the environment for some template folders and one language:
the loader (folders over the built-in layouts), jinja's immutable sandbox for a council's layouts
(or, for the built-in layouts alone, a trusted environment that prints each value in one call
and translates fixed strings once, when a layout is compiled), what every printed value passes
through (:func:`_make_finalize`), the translations and the filters. Nothing changes an
environment once it is built. :func:`render_layout` renders a layout and turns any error into a
:class:`~safeplan.TemplateError` naming the template file and line.

Imports: _docx, _profiles, _errors, _i18n, _resources.
"""

from __future__ import annotations

import functools
import gettext as gettext_module
import re
import types
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import jinja2.compiler
import jinja2.ext
import jinja2.lexer
import jinja2.runtime
import jinja2.utils
import markupsafe
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .._docx import clean_text
from .._errors import SafeplanError, TemplateError
from .._i18n import catalog, primary
from .._profiles import Limits
from .._resources import builtin_templates
from .compiled import compiled_layouts
from .context import LangText, join_words, long_date, month_only, month_year
from .folders import LayoutLoader
from .limits import (
    WATCHED_CALLS,
    BoundedLoops,
    LayoutLimits,
    LimitExceeded,
    bounded,
    bounded_filter,
    budget_for,
    check_binop,
    check_call,
    check_printed,
    counted,
    current,
    reset,
    stream,
)

__all__ = ["LayoutEnvironment", "layout_environment", "render_layout"]


class LayoutEnvironment(ImmutableSandboxedEnvironment):
    """jinja's immutable sandbox, resolving ``super/`` and self-extending names through a
    :class:`LayoutLoader`, and running every layout within its limits (see ``limits.py``):
    loops counted, printed values and concatenations measured, and the operators, filters and
    methods that could build something huge checked before they run."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    counted = staticmethod(counted)
    bounded = staticmethod(bounded)

    def join_path(self, template: str, parent: str) -> str:
        if isinstance(self.loader, LayoutLoader):
            return self.loader.join(template, parent)
        return template

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        BoundedLoops().visit(source)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        # Only the calls that could build something huge are checked: the methods of text that
        # pad, repeat, replace, join or format ("a".center(n)), and range(n).
        name = getattr(__obj, "__name__", None)
        if name in WATCHED_CALLS and (args or kwargs):
            # The sandbox hands out str.format wrapped; the text is the wrapped method's own.
            owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
            check_call(name, owner if isinstance(owner, str) else None, args, kwargs)
            return bounded(super().call(__context, __obj, *args, **kwargs))
        return super().call(__context, __obj, *args, **kwargs)


def _make_finalize(language: str, *, measured: bool = False) -> Callable[[Any], Any]:
    """What every printed value passes through, for an environment of one language.

    None prints as nothing (layouts test for it); text loses the characters XML cannot hold;
    case text written in another language than the copy's is tagged with its language.
    Escaping happens after this, by autoescape (Markup.format escapes its arguments). In a
    council's (``measured``) environment every printed value is measured against the limits.
    """
    copy_language = primary(language)
    markup = markupsafe.Markup
    span = markup('<span lang="{}">{}</span>')
    check = check_printed if measured else None

    def finalize(value: Any) -> Any:
        if check is not None:
            check(value)
        if value is None:
            return ""
        if isinstance(value, markup):  # already escaped (translated strings)
            return markup(clean_text(str(value)))
        if isinstance(value, LangText) and primary(value.lang) != copy_language:
            return span.format(value.lang, clean_text(str(value)))
        if isinstance(value, str):
            return clean_text(value)
        return value

    return finalize


@functools.lru_cache(maxsize=64)
def layout_environment(
    folders: tuple[Path, ...], language: str = "en", max_file_bytes: int | None = None
) -> jinja2.Environment:
    """The sandboxed environment for some template folders and one language.

    Built once and never changed afterwards; the translations are installed here, so one
    environment serves one language. ``max_file_bytes`` is the largest layout file a folder
    may give (the profile's ``limits.template_file_bytes``).
    """
    # Folders first, then the built-in layouts; "safeplan/x" is always the built-in x, and
    # "super/x" (or x inside x) the x of the folders after the template's own (see folders.py).
    loader = LayoutLoader(folders, builtin_templates(), max_file_bytes=max_file_bytes)
    # Layouts from a council's folders are untrusted: they run in jinja's immutable sandbox
    # (no files, no internals, no mutating methods). The built-in layouts ship with the code
    # and are trusted like it, so without user folders the sandbox's per-attribute checks
    # (about a third of the layout's time) are skipped. Case data is never template code either way.
    env_class: type[jinja2.Environment] = LayoutEnvironment if folders else _BuiltinEnvironment
    # Only the built-in layouts (trusted, and known not to rebind ``_``) get their fixed
    # strings translated once, when compiled; see _FixedStrings.
    extensions: list[type[jinja2.ext.Extension]] = [jinja2.ext.i18n]
    if not folders:
        extensions.append(_FixedStrings)
    translations = catalog(language, folders).translations
    env = env_class(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_make_finalize(language, measured=env_class is LayoutEnvironment),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=extensions,
        # The built-in layouts' compiled code is kept between processes (compiled.py); a
        # council's layouts are compiled, and checked, in every process.
        bytecode_cache=None if folders else compiled_layouts(env_class, language, translations),
    )
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    # The same newstyle semantics (translation trusted, variables escaped, always formatted)
    # without jinja's three layers of context calls per string: about a third of the layout's
    # time went there.
    gettext, ngettext = _gettext_functions(translations)
    env.globals.update(gettext=gettext, ngettext=ngettext, _=gettext)
    if isinstance(env, _BuiltinEnvironment):
        env.finalize_escape = _make_finalize_escape(env.finalize)
    env.filters["date"] = lambda d, locale="en-GB": long_date(d, locale) if d else ""
    env.filters["month"] = lambda d, locale="en-GB": month_year(d, locale) if d else ""
    env.filters["month_only"] = lambda d, locale="en-GB": month_only(d, locale) if d else ""
    # phrases=true: the items are the layout's own phrases (categories of concern), and in
    # Welsh the last takes the mutation "a" (and) calls for; names are never mutated.
    env.filters["join_words"] = lambda items, locale="en-GB", phrases=False: join_words(
        items, locale, phrases=bool(phrases)
    )
    env.filters["category"] = lambda slug, words: words.get(slug, slug.replace("-", " "))
    if isinstance(env, LayoutEnvironment):
        # Every filter checks what it is given and what it builds; lorem ipsum is no layout's.
        env.filters = {
            k: bounded_filter(k, f) if k in WATCHED_CALLS else f for k, f in env.filters.items()
        }
        env.globals.pop("lipsum", None)
    return env


class _OneCallOutput(jinja2.compiler.CodeGenerator):
    """Compiles each printed value as ``environment.finalize_escape(value)``: one call where
    jinja writes ``escape(environment.finalize(value))``, with the same text (see
    :func:`_make_finalize_escape`). Anything else (no finalize, no autoescape, autoescape
    switched inside the template) is compiled as jinja does."""

    def _one_call(self, frame: Any, finalize: Any) -> bool:
        return bool(
            not frame.eval_ctx.volatile
            and frame.eval_ctx.autoescape
            and finalize.src == "environment.finalize("
        )

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write("environment.finalize_escape(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class _BuiltinContext(jinja2.runtime.Context):
    """Calls plain Python functions and bound methods (the layout's ``_``, ``name``,
    ``names`` ...) without looking for jinja's pass_context-style markers they cannot have,
    and the layout's own macros with the evaluation context, as jinja's call finds their
    ``__call__`` wants; anything else is called as jinja calls it."""

    @jinja2.utils.internalcode  # hidden from template tracebacks, like jinja's own call
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is jinja2.runtime.Macro:  # its __call__ is pass_eval_context
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(__self.eval_ctx, *args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        if (kind is types.FunctionType and "jinja_pass_arg" not in __obj.__dict__) or (
            kind is types.MethodType
            and type(__obj.__func__) is types.FunctionType
            and "jinja_pass_arg" not in __obj.__func__.__dict__
        ):
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__obj, *args, **kwargs)


class _BuiltinEnvironment(jinja2.Environment):
    """The environment of the built-in layouts alone (trusted, like the code)."""

    code_generator_class = _OneCallOutput
    context_class = _BuiltinContext
    finalize_escape: Callable[[Any], str]


def _make_finalize_escape(finalize: Callable[[Any], Any] | None) -> Callable[[Any], str]:
    """``str(markupsafe.escape(finalize(value)))``, with the common cases in one step: plain
    text is cleaned and escaped (markupsafe's own escaping, without the Markup wrapper), and
    translated strings (already escaped) are cleaned."""
    assert finalize is not None
    escape = markupsafe.escape
    markup = markupsafe.Markup
    # markupsafe's escaping of a plain str, returning a str (what escape() wraps in Markup).
    inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)

    def finalize_escape(value: Any) -> str:
        kind = type(value)
        if kind is str and inner is not None:
            return inner(clean_text(value))
        if kind is markup:
            return clean_text(str(value))
        return escape(finalize(value))

    return finalize_escape


class _FixedStrings(jinja2.ext.Extension):
    """Prints ``{{ _("a fixed string") }}`` as template data, translated when the layout is
    compiled: the very text the call would print at every render (gettext, finalize, escape),
    without the call. An environment serves one language, so its compiled layouts may hold its
    translations. Only calls with one string literal and nothing else in the tag are folded,
    and only in a template that never uses ``_`` as anything but such a call's name (never
    assigned, imported, a macro or an argument).
    """

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> jinja2.lexer.TokenStream:
        tokens = list(stream)
        if not _only_called(tokens):
            return jinja2.lexer.TokenStream(iter(tokens), stream.name, stream.filename)
        gettext: Callable[[str], markupsafe.Markup] = self.environment.globals["_"]  # type: ignore[assignment]
        finalize = self.environment.finalize
        assert finalize is not None
        out: list[jinja2.lexer.Token] = []
        i = 0
        while i < len(tokens):
            window = tokens[i : i + 6]
            if [t.type for t in window] == _FIXED and window[1].value == "_":
                text = str(markupsafe.escape(finalize(gettext(window[3].value))))
                out.append(jinja2.lexer.Token(window[0].lineno, "data", text))
                i += 6
            else:
                out.append(tokens[i])
                i += 1
        return jinja2.lexer.TokenStream(iter(out), stream.name, stream.filename)


_FIXED = ["variable_begin", "name", "lparen", "string", "rparen", "variable_end"]


def _only_called(tokens: Sequence[jinja2.lexer.Token]) -> bool:
    """Whether every ``_`` in a template is the name of a call, never bound to anything else."""
    for i, t in enumerate(tokens):
        if t.type == "name" and t.value == "_":
            following = tokens[i + 1].type if i + 1 < len(tokens) else None
            before = tokens[i - 1] if i else None
            if following != "lparen" or (
                before is not None and before.type == "name" and before.value == "macro"
            ):
                return False
    return True


def _gettext_functions(
    translations: gettext_module.NullTranslations,
) -> tuple[Callable[..., markupsafe.Markup], Callable[..., markupsafe.Markup]]:
    found: dict[str, tuple[markupsafe.Markup, tuple[str, ...] | None]] = {}
    plain: dict[str, markupsafe.Markup] = {}
    markup, escape = markupsafe.Markup, markupsafe.escape

    def gettext(message: str, **variables: Any) -> markupsafe.Markup:
        if not variables:  # most strings: translated and formatted once, then reused
            text = plain.get(message)
            if text is None:
                text = plain[message] = markup(translations.gettext(message)) % {}
            return text
        entry = found.get(message)
        if entry is None:
            translated = markup(translations.gettext(message))
            named = (
                tuple(dict.fromkeys(n for n in _NAMED.findall(translated) if n))
                if _NAMED_ONLY.fullmatch(translated)
                else None
            )
            entry = found[message] = (translated, named)
        text, named = entry
        if named is not None:
            # Markup's % wraps the mapping and each value it reads in a helper whose str() is
            # the value escaped; for a string whose every placeholder is %(name)s that is the
            # values it names escaped, in the order it names them (an undefined value fails
            # only when printed; a missing one is a KeyError), then formatted as plain text.
            return markup(str.__mod__(text, {k: escape(variables[k]) for k in named}))
        return text % variables

    def ngettext(singular: str, plural: str, n: int, **variables: Any) -> markupsafe.Markup:
        variables.setdefault("num", n)
        return markupsafe.Markup(translations.ngettext(singular, plural, n)) % variables

    return gettext, ngettext


# A translated string whose placeholders are all %(name)s (and %% for a percent sign).
_NAMED_ONLY = re.compile(r"(?:[^%]|%%|%\(\w+\)s)*")
_NAMED = re.compile(r"%\((\w+)\)s|%%")


def render_layout(
    folders: tuple[Path, ...],
    language: str,
    name: str,
    context: Mapping[str, Any],
    bounds: LayoutLimits | None = None,
    max_file_bytes: int | None = None,
) -> str:
    """Render the layout ``name`` (found in ``folders``, then the built-in layouts) in one language.

    With template folders the layout runs within ``bounds`` (wall time, output, loop steps;
    default: the profile defaults) and reads no layout file larger than ``max_file_bytes``.

    Raises:
        TemplateError: The layout is broken or missing, or went past a limit; names the
            template file and line.
    """
    try:
        env = layout_environment(folders, primary(language), max_file_bytes)
        if not isinstance(env, LayoutEnvironment):  # the built-in layouts alone: trusted
            return env.get_template(name).render(context)
        token = budget_for(bounds or _DEFAULT_LIMITS)
        try:
            template = env.get_template(name)
            budget = current()
            assert budget is not None
            return stream(template.generate(context), budget)
        finally:
            reset(token)
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(
            err.message or "syntax error", template=err.filename or err.name, line=err.lineno
        ) from None
    except jinja2.TemplateNotFound as err:
        raise TemplateError(
            f"layout not found: {err.name}",
            template=_failing_template(err) or name,
            line=_failing_line(err),
        ) from None
    except SafeplanError:
        raise
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as err:
        raise TemplateError(
            _plain(err), template=_failing_template(err) or name, line=_failing_line(err)
        ) from None
    except (LimitExceeded, RecursionError, MemoryError, OverflowError) as err:
        message = str(err) if isinstance(err, LimitExceeded) else _plain(err)
        raise TemplateError(
            message, template=_failing_template(err) or name, line=_failing_line(err)
        ) from None


# A profile's limits when it sets none.
_DEFAULT_LIMITS = Limits()


def _plain(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return "the layout calls itself (a macro or an include) too deeply"
    if isinstance(err, OverflowError):  # jinja's own words: "Range too big ... MAX_RANGE"
        return str(err) or "the layout built a number too large to hold"
    if isinstance(err, MemoryError):
        return "the layout built something too large to hold"
    # jinja's messages for undefined names name the variable, not data; others may quote a value.
    if isinstance(err, jinja2.UndefinedError):
        return str(err.message)
    if isinstance(err, jinja2.exceptions.SecurityError):
        # Name the attribute (template code, never case data) so the maintainer can find it.
        found = re.search(r"attribute '(\w+)'", str(err))
        what = f" ({found.group(1)})" if found else ""
        return f"the layout tried to reach something templates may not use{what}"
    return f"{type(err).__name__} while rendering the layout"


def _failing_template(err: BaseException) -> str | None:
    tb = err.__traceback__
    name = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _in_template(tb) or "<template>" in filename:
            name = filename
        tb = tb.tb_next
    return name


def _in_template(tb: types.TracebackType) -> bool:
    # jinja.debug.rewrite_traceback_stack gives a template's frames its file name and line and
    # marks them with this global, whatever the file is called.
    frame = tb.tb_frame
    return "__jinja_exception__" in frame.f_globals or frame.f_code.co_filename.endswith(".j2")


def _failing_line(err: BaseException) -> int | None:
    tb = err.__traceback__
    line = None
    while tb is not None:
        if _in_template(tb):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
