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

from .checker import check_templates
from .context import LAYOUTS, agreement_context, child_context, tagged
from .docs import template_context_markdown
from .environment import render_layout
from .folders import folder_reference, icon_files, read_icons, template_files
from .scaffold import init_templates

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
