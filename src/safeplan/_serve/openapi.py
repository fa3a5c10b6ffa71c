"""The service's OpenAPI 3.1 document, with the case-file JSON Schema embedded.

The case-file schema's ``$defs`` become ``components/schemas`` entries (``CaseFile`` is the
root), so every OpenAPI 3.1 tool resolves them; the form-builder keywords (``title``,
``x-safeplan-ref`` …) come along unchanged.

Imports: safeplan (the public face only).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import safeplan

__all__ = ["openapi_document"]

_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PROBLEM_JSON = "application/problem+json"


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                v.replace("#/$defs/", "#/components/schemas/")
                if k == "$ref" and isinstance(v, str)
                else _rewrite_refs(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node


def _case_schemas() -> dict[str, Any]:
    schema = safeplan.json_schema()
    defs = schema.pop("$defs")
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    out = {"CaseFile": _rewrite_refs(schema)}
    out.update({name: _rewrite_refs(d) for name, d in defs.items()})
    return out


_PROBLEM = {
    "type": "object",
    "title": "Problem",
    "description": "One refusal or finding. Messages name fields and rules, never case data.",
    "required": ["code", "path", "pointer", "message", "source", "severity"],
    "properties": {
        "code": {"type": "string", "examples": ["SP-END-MISSING"]},
        "path": {"type": "string", "description": "JSONPath, such as $.expectations[2].what"},
        "pointer": {
            "type": ["string", "null"],
            "description": "The same place as a JSON Pointer (/expectations/2/what); null "
            "when it is not a place in the case file.",
        },
        "message": {"type": "string"},
        "source": {"type": "string"},
        "severity": {"enum": ["refusal", "warning", "advice"]},
    },
}
_ERROR = {
    "type": "object",
    "title": "Error",
    "description": "Why a request was not done: the same Problem records a form shows.",
    "required": ["status", "error", "code", "message", "problems"],
    "properties": {
        "status": {"type": "integer"},
        "error": {"type": "string", "examples": ["RefusedError"]},
        "code": {"type": "string", "examples": ["SP-REFUSED"]},
        "message": {"type": "string"},
        "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "request_id": {"type": "string"},
    },
}
_ASSESSMENT = {
    "type": "object",
    "title": "Assessment",
    "required": ["status", "may_issue", "refusals", "findings", "counts"],
    "properties": {
        "status": {"enum": ["ok", "refused", "unreadable"]},
        "may_issue": {"type": "boolean"},
        "refusals": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
        "counts": {
            "type": "object",
            "properties": {k: {"type": "integer"} for k in ("refusal", "warning", "advice")},
        },
    },
}


_PREVIEW = {
    "type": "object",
    "required": ["copies", "not_made"],
    "properties": {
        "copies": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tab", "recipient", "kind", "blocks", "problems", "withheld"],
                "properties": {
                    "tab": {"type": "string", "examples": ["copy-2"]},
                    "recipient": {"type": "string"},
                    "name": {"type": "string"},
                    "kind": {"enum": ["adult", "child", "professional"]},
                    "role": {"type": ["string", "null"]},
                    "languages": {"type": "array", "items": {"type": "string"}},
                    "says_parts_withheld": {"type": "boolean"},
                    "blocks": {"type": "array", "items": {"type": "object"}},
                    "problems": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Problem"},
                    },
                    "withheld": {"type": "array", "items": {"type": "object"}},
                    "details_hidden": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
        "not_made": {"type": "array", "items": {"type": "object"}},
    },
}
_COPY_REQUEST = {
    "type": "object",
    "required": ["case"],
    "properties": {
        "case": {
            "description": "The case file's text (YAML or JSON), or its JSON object.",
            "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/CaseFile"}],
        },
        "format": {"enum": ["yaml", "json"], "default": "json"},
        "recipient": {
            "type": ["string", "null"],
            "description": "Whose copy; null: the professional copy.",
        },
        "as": {"enum": ["docx", "pdf"], "default": "docx"},
    },
}
_EXAMPLES = {
    "type": "object",
    "properties": {
        "examples": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "title": {"type": "string"},
                    "format": {"enum": ["yaml", "json"]},
                },
            },
        }
    },
}


def _errors(*codes: int) -> dict[str, Any]:
    words = {
        400: "A query parameter (or, for /v1/copy, the body) is not valid.",
        401: "No bearer token, or one the service does not know.",
        404: "No such recipient (render, copy), example or route.",
        413: "The request body is larger than the service accepts.",
        415: "The body is neither JSON nor YAML.",
        422: "The case cannot be read, is refused, or its copy cannot be produced.",
        501: "PDF is not offered by this service (no LibreOffice).",
        503: "The request took longer than the service allows.",
    }
    ref = {"schema": {"$ref": "#/components/schemas/Error"}}
    return {str(c): {"description": words[c], "content": {_PROBLEM_JSON: ref}} for c in codes}


def _case_body() -> dict[str, Any]:
    ref = {"schema": {"$ref": "#/components/schemas/CaseFile"}}
    return {
        "required": True,
        "description": "A case file, as JSON or YAML.",
        "content": {"application/json": ref, "application/yaml": ref},
    }


_PROFILE_PARAM = {
    "name": "profile",
    "in": "query",
    "required": False,
    "description": "A profile name from GET /v1/profiles (default: the case's, else its nation's).",
    "schema": {"type": "string"},
}


@functools.cache
def _document(version: str, authenticated: bool) -> dict[str, Any]:
    schemas = {
        **_case_schemas(),
        "Problem": _PROBLEM,
        "Error": _ERROR,
        "Assessment": _ASSESSMENT,
    }
    secured: list[dict[str, list[str]]] = [{"bearer": []}] if authenticated else []
    auth_errors = (401,) if authenticated else ()
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "safeplan",
            "version": version,
            "summary": "Safer written agreements and child safety plans, checked and rendered.",
            "description": "Check a case file against the safety rules and quality findings, "
            "and render its copies (one per recipient) as DOCX or tagged PDF. The service "
            "keeps no state between requests and logs no case content.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/v1/check": {
                "post": {
                    "operationId": "check",
                    "summary": "Refusals and findings of a case, together",
                    "parameters": [_PROFILE_PARAM],
                    "requestBody": _case_body(),
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "The assessment (a refused case is a 200 too: "
                            "see may_issue).",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Assessment"}
                                }
                            },
                        },
                        **_errors(*auth_errors, 400, 413, 415, 503),
                    },
                }
            },
            "/v1/render": {
                "post": {
                    "operationId": "render",
                    "summary": "One copy as DOCX or PDF, or every copy as a zip with a manifest",
                    "parameters": [
                        {
                            "name": "recipient",
                            "in": "query",
                            "description": "Whose copy (an id from recipients); default: the "
                            "professional copy. Not with format=zip.",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "format",
                            "in": "query",
                            "schema": {"enum": ["docx", "pdf", "zip"], "default": "docx"},
                        },
                        {
                            "name": "files",
                            "in": "query",
                            "description": "With format=zip: which files of each copy.",
                            "schema": {"enum": ["docx", "pdf", "both"], "default": "docx"},
                        },
                        _PROFILE_PARAM,
                    ],
                    "requestBody": _case_body(),
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "The document, or the zip (manifest.json first).",
                            "headers": {
                                "X-Safeplan-Findings": {
                                    "description": "Codes of the copy's findings, comma "
                                    "separated (withheld copies, draft translations).",
                                    "schema": {"type": "string"},
                                }
                            },
                            "content": {
                                _DOCX: {"schema": {"type": "string", "format": "binary"}},
                                "application/pdf": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                                "application/zip": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                            },
                        },
                        **_errors(*auth_errors, 400, 404, 413, 415, 422, 501, 503),
                    },
                }
            },
            "/v1/preview": {
                "post": {
                    "operationId": "preview",
                    "summary": "What each copy prints and leaves out, as JSON (for a page)",
                    "description": "Every copy is rendered as /v1/render would and read back "
                    "into printed blocks (title, headings, paragraphs, list items, notes, "
                    "tables), each with its language; for each adult's copy, the items kept out "
                    "of it (path, text and why) and the contact details it may not show (whose "
                    "and which kind, never the value). No layout runs in the client.",
                    "parameters": [_PROFILE_PARAM],
                    "requestBody": _case_body(),
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "copies (tab, recipient, name, kind, role, languages, "
                            "blocks, problems, withheld, details_hidden) and not_made (children's "
                            "copies asked for that are not made, with the reason).",
                            "content": {"application/json": {"schema": _PREVIEW}},
                        },
                        **_errors(*auth_errors, 400, 413, 415, 422, 503),
                    },
                }
            },
            "/v1/copy": {
                "post": {
                    "operationId": "copy",
                    "summary": "One copy as DOCX or PDF, the case and the recipient in the body",
                    "description": "As /v1/render for one copy, but nothing travels in the "
                    "address: a page sends the recipient's id in the body.",
                    "parameters": [_PROFILE_PARAM],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _COPY_REQUEST}},
                    },
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "The document.",
                            "content": {
                                _DOCX: {"schema": {"type": "string", "format": "binary"}},
                                "application/pdf": {
                                    "schema": {"type": "string", "format": "binary"}
                                },
                            },
                        },
                        **_errors(*auth_errors, 400, 404, 413, 415, 422, 501, 503),
                    },
                }
            },
            "/v1/examples": {
                "get": {
                    "operationId": "examples",
                    "summary": "The example case files this service offers",
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "examples: each one's name, title and format.",
                            "content": {"application/json": {"schema": _EXAMPLES}},
                        },
                        **_errors(*auth_errors),
                    },
                }
            },
            "/v1/examples/{name}": {
                "get": {
                    "operationId": "example",
                    "summary": "One example case file, as it is written",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "description": "A name from GET /v1/examples (refused/victim-polices).",
                            "schema": {"type": "string"},
                        }
                    ],
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "The case file.",
                            "content": {
                                "application/yaml": {"schema": {"type": "string"}},
                                "application/json": {"schema": {}},
                            },
                        },
                        **_errors(*auth_errors, 404),
                    },
                }
            },
            "/v1/templates": {
                "get": {
                    "operationId": "templates",
                    "summary": "The template folders' problems, as templates check finds them",
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "folders (each one's own name) and problems (Problem "
                            "records; a path is the folder's name, the file and the line).",
                        },
                        **_errors(*auth_errors),
                    },
                }
            },
            "/v1/schema": {
                "get": {
                    "operationId": "schema",
                    "summary": "The case-file JSON Schema (2020-12), for validators and forms",
                    "security": secured,
                    "responses": {
                        "200": {
                            "description": "The schema.",
                            "content": {"application/schema+json": {"schema": {}}},
                        },
                        **_errors(*auth_errors),
                    },
                }
            },
            "/v1/profiles": {
                "get": {
                    "operationId": "profiles",
                    "summary": "The profiles a request may name",
                    "security": secured,
                    "responses": {
                        "200": {"description": "Each profile's name, nation and settings."},
                        **_errors(*auth_errors),
                    },
                }
            },
            "/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether the service is up (no token needed)",
                    "security": [],
                    "responses": {"200": {"description": "Up."}},
                }
            },
            "/v1/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1."}},
                }
            },
        },
        "components": {"schemas": schemas},
    }
    if authenticated:
        doc["components"]["securitySchemes"] = {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token from the service's token file.",
            }
        }
        doc["security"] = secured
    return doc


def openapi_document(version: str, *, authenticated: bool) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service. A fresh copy each call."""
    return copy.deepcopy(_document(version, authenticated))
