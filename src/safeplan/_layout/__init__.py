"""The layout room (being gathered): template folders, the checker and the context docs."""

from .checker import (
    BUILTIN_PREFIX,
    SUPER_PREFIX,
    LayoutEnvironment,
    LayoutLoader,
    check_templates,
    folder_reference,
    init_templates,
    template_files,
)
from .docs import context_markdown

__all__ = [
    "BUILTIN_PREFIX",
    "SUPER_PREFIX",
    "LayoutEnvironment",
    "LayoutLoader",
    "check_templates",
    "context_markdown",
    "folder_reference",
    "init_templates",
    "template_files",
]
