"""Layouts run within limits: wall time, output size and loop steps per copy.

A council's layouts run in jinja's immutable sandbox, which keeps them from files and Python's
internals but not from running for ever (nested loops) or building a gigabyte of text
(``'a' * 10**9``). While one layout renders one copy it holds a :class:`Budget` (in a
:class:`~contextvars.ContextVar`, so worker processes and a web server's threads each have their
own; no thread, timer or signal is used). The budget is spent and checked:

* at every step of every loop: each ``{% for %}`` iterates through :meth:`Budget.step` (the
  layout's syntax tree is rewritten when it is compiled, see :class:`BoundedLoops`), which also
  checks the wall time;
* at every printed value (the environment's ``finalize``) and every ``~`` concatenation;
* before any step that could build something huge from something small: ``*``, ``**``, ``+``
  and ``%`` on text and lists, ``range(n)``, and the filters and methods that pad, repeat,
  replace, join or format (a number passed to one that counts counts as that many loop steps;
  see :data:`COUNTING` and :data:`WATCHED_CALLS`);
* on the output as it streams out of the layout (:func:`stream`).

Breaking a limit raises :class:`LimitExceeded` inside the layout, so the
:class:`~safeplan.TemplateError` it becomes names the layout's file and line.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import contextvars
import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Protocol

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

__all__ = [
    "BoundedLoops",
    "Budget",
    "LayoutLimits",
    "LimitExceeded",
    "bounded_filter",
    "budget_for",
    "check_binop",
    "check_call",
    "check_printed",
    "counted",
    "current",
    "reset",
    "stream",
]


class LayoutLimits(Protocol):
    """The limits a layout runs within (see the profile's ``Limits``)."""

    @property
    def layout_seconds(self) -> float: ...
    @property
    def layout_output_characters(self) -> int: ...
    @property
    def layout_loop_iterations(self) -> int: ...


class LimitExceeded(Exception):
    """A layout went past one of its limits. Raised inside the layout's own code."""


_HOW = "in the council profile, if the layout really needs more"


class Budget:
    """What one layout may still spend while it renders one copy."""

    __slots__ = ("chars", "deadline", "max_chars", "max_steps", "seconds", "steps")

    def __init__(self, limits: LayoutLimits) -> None:
        self.seconds = limits.layout_seconds
        self.deadline = time.monotonic() + limits.layout_seconds
        self.max_chars = limits.layout_output_characters
        self.max_steps = limits.layout_loop_iterations
        self.steps = 0
        self.chars = 0

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.max_steps:
            raise LimitExceeded(
                f"the layout's loops took more than {self.max_steps} steps for one copy "
                f"(limits.layout_loop_iterations {_HOW})"
            )
        self.clock()

    def clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"the layout ran for more than {self.seconds:g} seconds for one copy "
                f"(limits.layout_seconds {_HOW})"
            )

    def size(self, n: int) -> None:
        """A step is about to build (or has built) something ``n`` characters or items long."""
        if n > self.max_chars:
            raise LimitExceeded(
                f"a step of the layout builds text or a list of more than {self.max_chars} "
                f"characters or items (limits.layout_output_characters {_HOW})"
            )

    def number(self, n: int) -> None:
        """A number given to a filter or method: it may make that call do ``n`` steps' work."""
        if n > self.max_steps:
            raise LimitExceeded(
                f"a number passed to a filter or method is more than {self.max_steps}, and "
                f"counts as that many loop steps (limits.layout_loop_iterations {_HOW})"
            )


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar(
    "safeplan_layout_budget", default=None
)


def budget_for(limits: LayoutLimits) -> contextvars.Token[Budget | None]:
    """Start a budget for one layout rendering one copy; reset the token when it is done."""
    return _BUDGET.set(Budget(limits))


def current() -> Budget | None:
    """The budget of the layout rendering now, in this thread or task."""
    return _BUDGET.get()


def reset(token: contextvars.Token[Budget | None]) -> None:
    """End the budget :func:`budget_for` started."""
    _BUDGET.reset(token)


def stream(chunks: Iterator[str], budget: Budget) -> str:
    """The output of a layout (``template.generate(...)``), counted as it comes. Past a limit,
    the error is thrown into the layout, where its file and line are."""
    parts: list[str] = []
    total = 0
    for chunk in chunks:
        parts.append(chunk)
        total += len(chunk)
        try:
            if total > budget.max_chars:
                raise LimitExceeded(
                    f"the layout printed more than {budget.max_chars} characters for one copy "
                    f"(limits.layout_output_characters {_HOW})"
                )
            budget.clock()
        except LimitExceeded as err:
            throw = getattr(chunks, "throw", None)
            if throw is None:
                raise
            throw(err)  # raises again, from the layout's line
            raise
    return "".join(parts)


# --- inside the layout ---------------------------------------------------------------------------


def counted(iterable: Iterable[Any]) -> Iterable[Any]:
    """Every loop's iterable: each step is counted against the budget."""
    budget = _BUDGET.get()
    if budget is None:
        return iterable
    return _counting(iterable, budget)


def _counting(iterable: Iterable[Any], budget: Budget) -> Iterator[Any]:
    for item in iterable:
        budget.step()
        yield item


def bounded(value: Any) -> Any:
    """A value a layout built (a ``~`` concatenation), checked for size."""
    budget = _BUDGET.get()
    if budget is not None and isinstance(value, str | list | tuple):
        budget.size(len(value))
    return value


def check_printed(value: Any) -> None:
    """A value about to be printed (from the environment's ``finalize``)."""
    budget = _BUDGET.get()
    if budget is not None and isinstance(value, str):
        budget.size(len(value))


_WIDTH = re.compile(r"\d{7,}")


def _widths(budget: Budget, text: object) -> None:
    # A format string's widths and precisions build that much text: '%0999999999d'.
    if isinstance(text, str):
        for digits in _WIDTH.findall(text):
            budget.size(int(digits))


def _length(value: object) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Before ``left operator right`` runs: what it would build must be within the limits."""
    budget = _BUDGET.get()
    if budget is None:
        return
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int):
                budget.size(len(seq) * max(n, 0))
    elif operator == "+":
        budget.size(_length(left) + _length(right))
    elif operator == "%":
        _widths(budget, left)
    elif (
        operator == "**"
        and isinstance(left, int)
        and isinstance(right, int)
        and abs(left) > 1
        and right * left.bit_length() > 100_000
    ):
        raise LimitExceeded("the layout raises a number to a power that gives a huge number")


def _estimate(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """How long the result of a filter or ``str`` method could be, for the ones that grow."""
    if not isinstance(value, str):
        if name == "join" and isinstance(value, list | tuple):
            sep = args[0] if args and isinstance(args[0], str) else ""
            return sum(map(_length, value)) + len(sep) * len(value)
        return 0
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], args[1]
        found = len(value) + 1 if not old else value.count(old)
        return len(value) + found * max(0, _length(new) - len(old))
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        wide = width if isinstance(width, int) else _length(width)
        return len(value) + (value.count("\n") + 1) * max(wide, 0)
    if name == "expandtabs":
        size = args[0] if args and isinstance(args[0], int) else 8
        return len(value) + value.count("\t") * max(size, 0)
    if name == "join" and args and isinstance(args[0], list | tuple):
        return sum(map(_length, args[0])) + len(value) * len(args[0])
    return 0


# Filters, methods of text and functions whose numbers say how much work they do or how much
# they build: a number given to one counts as that many loop steps. (Other numbers, such as
# the values "{:,}".format(n) prints, are data.)
COUNTING: Final = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate",
     "batch", "slice", "replace", "range", "safe_range"}
)  # fmt: skip


# The filters, methods of text and functions that could build far more than they are given;
# every other one builds at most a few times its input, which is already within the limits.
WATCHED_CALLS: Final = COUNTING | {"format", "format_map", "join"}


def check_call(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a filter, a method of text or a function runs: its numbers (for the ones that
    count) count as loop steps; its format widths and what it would build must be within the
    limits."""
    budget = _BUDGET.get()
    if budget is None:
        return
    if name in COUNTING:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool):
                budget.number(arg)
    if name in ("format", "format_map"):
        _widths(budget, value)
    budget.size(_estimate(name, value, args, kwargs))


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks its arguments first (see :func:`check_call`) and its result after.
    Keeps jinja's markers (``pass_context`` ...): the first arguments may be jinja's own."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        data = [
            a
            for a in args
            if not isinstance(a, jinja2.runtime.Context | jinja2.nodes.EvalContext)
            and not isinstance(a, jinja2.Environment)
        ]
        if data:
            check_call(name, data[0], tuple(data[1:]), kwargs)
        return bounded(function(*args, **kwargs))

    return run


class BoundedLoops(NodeTransformer):
    """Rewrites a layout's syntax tree as it is compiled: every loop iterates through
    ``environment.counted`` and every ``~`` goes through ``environment.bounded``. Environment
    attributes, not names: a layout cannot rebind them."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _environment_call("counted", node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _environment_call("bounded", node)


def _environment_call(attribute: str, argument: nodes.Node) -> nodes.Call:
    line = argument.lineno
    call = nodes.Call(
        nodes.EnvironmentAttribute(attribute, lineno=line), [argument], [], None, None, lineno=line
    )
    environment = getattr(argument, "environment", None)
    if environment is not None:
        call.set_environment(environment)
    return call
