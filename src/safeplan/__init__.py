"""safeplan: safer written agreements and child safety plans, rendered to Word.

The model lives in :mod:`safeplan.model`, profiles in :mod:`safeplan.profiles`, example objects
for tests in :mod:`safeplan.testing`.

Imports: _assess, _batch, _translate, _render, _pdf, _layout, _findings, _copies, _case, _errors,
_problems.
"""

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
from ._translate import ImportReport, TranslationError, export_translations, import_translations

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
