"""The layout room: everything jinja. How template folders are searched, the one environment
factory, what a layout sees, the documentation of that, the template checker and the scaffold.

::

    folders.py       how a layout, a reference DOCX and a picture are found in template folders
    environment.py   the one factory of jinja environments (sandbox, finalize, gettext, filters)
                     and running a layout with its errors named by file and line
    limits.py        a council's layouts run within limits: wall time, output, loop steps
    context.py       what a layout sees: its names, case text tagged with its language, dates
                     and lists in words
    docs.py          the template context documented from the model (docs/template-context.md)
    checker.py       safeplan templates check
    scaffold.py      safeplan templates init

The rest of safeplan imports the layout room through this module only.

Imports: _children, _copies, _case, _profiles, _docx, _i18n, _files, _resources, _errors,
_problems.
"""

import importlib as _importlib
from typing import TYPE_CHECKING, Any

from .context import LAYOUTS, agreement_context, child_context, tagged
from .environment import render_layout
from .folders import folder_reference, icon_files, read_icons, template_files

if TYPE_CHECKING:
    from .checker import check_templates
    from .docs import template_context_markdown
    from .scaffold import init_templates

# The template commands' modules, imported on first use of their names (PEP 562): rendering
# and checking a case need none of them (the checker alone is about 5 ms to import).
_WHERE: dict[str, tuple[str, str]] = {
    "check_templates": (".checker", "check_templates"),
    "init_templates": (".scaffold", "init_templates"),
    "template_context_markdown": (".docs", "template_context_markdown"),
}


def __getattr__(name: str) -> Any:
    """Import a template command's function from its module the first time it is used."""
    try:
        module, attr = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(_importlib.import_module(module, __name__), attr)
    globals()[name] = value
    return value


__all__ = [
    "LAYOUTS",
    "agreement_context",
    "check_templates",
    "child_context",
    "folder_reference",
    "icon_files",
    "init_templates",
    "read_icons",
    "render_layout",
    "tagged",
    "template_context_markdown",
    "template_files",
]
