"""safeplan: safer written agreements and child safety plans, rendered to Word.

The model lives in :mod:`safeplan.model`, profiles in :mod:`safeplan.profiles`, example objects
for tests in :mod:`safeplan.testing`.

Imports: _batch, _translate, _render, _layout, _findings, _copies, _case, _errors, _problems.
"""

from ._batch import (
    BatchCase,
    BatchReport,
    CaseResult,
    batch_pool,
    find_cases,
    render_batch,
    render_case,
)
from ._case import WrittenAgreement, dump, dumps, from_dict, json_schema, load, loads, validate
from ._copies import Copy
from ._errors import (
    ConfidentialLeakError,
    InvalidCaseError,
    ProblemsError,
    ProfileError,
    RefusedError,
    RenderError,
    SafeplanError,
    TemplateError,
)
from ._findings import Deadline, check, deadlines
from ._layout import check_templates, init_templates, template_context_markdown, template_files
from ._problems import Problem, Severity
from ._render import RenderConfig, RenderedCase, Renderer, render, render_all
from ._translate import ImportReport, TranslationError, export_translations, import_translations

__all__ = [
    "BatchCase",
    "BatchReport",
    "CaseResult",
    "ConfidentialLeakError",
    "Copy",
    "Deadline",
    "ImportReport",
    "InvalidCaseError",
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
    "batch_pool",
    "check",
    "check_templates",
    "deadlines",
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
