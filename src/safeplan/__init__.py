"""safeplan: safer written agreements and child safety plans, rendered to Word.

The model lives in :mod:`safeplan.model`, profiles in :mod:`safeplan.profiles`, example objects
for tests in :mod:`safeplan.testing`.

Every name below is imported from its room on first use (PEP 562), so ``import safeplan`` costs
little and a command pays only for what it uses: checking a case never loads the process pool,
the PDF converter or the HTTP service. ``tests/test_startup.py`` keeps it so.

The methods attrs generates for safeplan's classes are compiled once per machine and kept
(:mod:`._codecache`): the hook is set here, to go into attrs as it is imported, before any of
the package's classes is made.

Imports: _assess, _batch, _translate, _render, _pdf, _layout, _findings, _copies, _case, _errors,
_problems, _codecache.
"""

import importlib as _importlib
import typing as _typing

from . import _codecache

_codecache.install_on_import("attr._make")

if _typing.TYPE_CHECKING:
    from ._assess import Assessment, assess
    from ._batch import (
        BatchCase,
        BatchReport,
        CaseResult,
        batch_pool,
        find_cases,
        render_batch,
        render_case,
    )
    from ._case import (
        Change,
        ChangeKind,
        WrittenAgreement,
        diff,
        dump,
        dumps,
        from_dict,
        json_schema,
        load,
        loads,
        validate,
    )
    from ._copies import Copy
    from ._errors import (
        ConfidentialLeakError,
        InvalidCaseError,
        PdfError,
        ProblemsError,
        ProfileError,
        RefusedError,
        RenderError,
        SafeplanError,
        TemplateError,
    )
    from ._findings import Deadline, check, deadlines
    from ._layout import check_templates, init_templates, template_context_markdown, template_files
    from ._pdf import PdfConverter, docx_to_pdf
    from ._problems import Problem, Severity
    from ._render import RenderConfig, RenderedCase, Renderer, render, render_all
    from ._translate import (
        ImportReport,
        TranslationError,
        export_translations,
        import_translations,
    )

# Where each public name lives: module (relative to this package) and name there.
_WHERE: dict[str, tuple[str, str]] = {
    "Assessment": ("._assess", "Assessment"),
    "assess": ("._assess", "assess"),
    "BatchCase": ("._batch", "BatchCase"),
    "BatchReport": ("._batch", "BatchReport"),
    "CaseResult": ("._batch", "CaseResult"),
    "batch_pool": ("._batch", "batch_pool"),
    "find_cases": ("._batch", "find_cases"),
    "render_batch": ("._batch", "render_batch"),
    "render_case": ("._batch", "render_case"),
    "Change": ("._case", "Change"),
    "ChangeKind": ("._case", "ChangeKind"),
    "WrittenAgreement": ("._case", "WrittenAgreement"),
    "diff": ("._case", "diff"),
    "dump": ("._case", "dump"),
    "dumps": ("._case", "dumps"),
    "from_dict": ("._case", "from_dict"),
    "json_schema": ("._case", "json_schema"),
    "load": ("._case", "load"),
    "loads": ("._case", "loads"),
    "validate": ("._case", "validate"),
    "Copy": ("._copies", "Copy"),
    "ConfidentialLeakError": ("._errors", "ConfidentialLeakError"),
    "InvalidCaseError": ("._errors", "InvalidCaseError"),
    "PdfError": ("._errors", "PdfError"),
    "ProblemsError": ("._errors", "ProblemsError"),
    "ProfileError": ("._errors", "ProfileError"),
    "RefusedError": ("._errors", "RefusedError"),
    "RenderError": ("._errors", "RenderError"),
    "SafeplanError": ("._errors", "SafeplanError"),
    "TemplateError": ("._errors", "TemplateError"),
    "Deadline": ("._findings", "Deadline"),
    "check": ("._findings", "check"),
    "deadlines": ("._findings", "deadlines"),
    "check_templates": ("._layout", "check_templates"),
    "init_templates": ("._layout", "init_templates"),
    "template_context_markdown": ("._layout", "template_context_markdown"),
    "template_files": ("._layout", "template_files"),
    "PdfConverter": ("._pdf", "PdfConverter"),
    "docx_to_pdf": ("._pdf", "docx_to_pdf"),
    "Problem": ("._problems", "Problem"),
    "Severity": ("._problems", "Severity"),
    "RenderConfig": ("._render", "RenderConfig"),
    "RenderedCase": ("._render", "RenderedCase"),
    "Renderer": ("._render", "Renderer"),
    "render": ("._render", "render"),
    "render_all": ("._render", "render_all"),
    "ImportReport": ("._translate", "ImportReport"),
    "TranslationError": ("._translate", "TranslationError"),
    "export_translations": ("._translate", "export_translations"),
    "import_translations": ("._translate", "import_translations"),
}


def __getattr__(name: str) -> _typing.Any:
    """Import a public name from its room the first time it is used, then keep it."""
    try:
        module, attr = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(_importlib.import_module(module, __name__), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Assessment",
    "BatchCase",
    "BatchReport",
    "CaseResult",
    "Change",
    "ChangeKind",
    "ConfidentialLeakError",
    "Copy",
    "Deadline",
    "ImportReport",
    "InvalidCaseError",
    "PdfConverter",
    "PdfError",
    "Problem",
    "ProblemsError",
    "ProfileError",
    "RefusedError",
    "RenderConfig",
    "RenderError",
    "RenderedCase",
    "Renderer",
    "SafeplanError",
    "Severity",
    "TemplateError",
    "TranslationError",
    "WrittenAgreement",
    "assess",
    "batch_pool",
    "check",
    "check_templates",
    "deadlines",
    "diff",
    "docx_to_pdf",
    "dump",
    "dumps",
    "export_translations",
    "find_cases",
    "from_dict",
    "import_translations",
    "init_templates",
    "json_schema",
    "load",
    "loads",
    "render",
    "render_all",
    "render_batch",
    "render_case",
    "template_context_markdown",
    "template_files",
    "validate",
]
