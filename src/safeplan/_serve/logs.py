"""Structured logs: one JSON object a line, with a request id, and never any case content.

A request's line holds its id, method, route path (never the query string, which may hold a
recipient's id), status, duration, body sizes, and the codes of any problems. Nothing from a
request body or a token reaches a log line: an unexpected error is logged by its type alone,
since a message may quote a value. uvicorn's own loggers write through the same formatter and
its access log (which prints query strings) is off.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.config
import os
import re
import sys
import uuid
from typing import Any

__all__ = ["LOGGER", "JsonFormatter", "configure", "log", "log_config", "request_id"]

LOGGER = "safeplan.serve"

_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: time, level, event and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", None) or {}
        line: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": os.getpid(),
        }
        if fields:
            line.update(fields)
        else:
            # uvicorn's own messages (start-up, shutdown): its text, without any traceback,
            # whose frames could quote a value.
            line["event"] = "server"
            line["message"] = record.getMessage()
            if record.exc_info and record.exc_info[0] is not None:
                line["exception"] = record.exc_info[0].__name__
        return json.dumps(line, ensure_ascii=False, default=str)


def log(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Write one structured line. Callers pass only ids, codes, sizes and timings."""
    logging.getLogger(LOGGER).log(level, event, extra={"fields": {"event": event, **fields}})


def request_id(given: str | None) -> str:
    """The request's id: the client's ``X-Request-ID`` when it is a short plain token, else a
    new one (a client's header is never logged unless it has that shape)."""
    if given and _ID.match(given):
        return given
    return uuid.uuid4().hex


def log_config(level: str = "info") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service and uvicorn: JSON lines on stderr."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stderr",
    }
    quiet = {"handlers": ["json"], "level": level.upper(), "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"json": handler},
        "loggers": {
            LOGGER: quiet,
            "uvicorn": quiet,
            "uvicorn.error": quiet,
            # The access log prints each request's query string: off.
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }


def configure(level: str = "info") -> None:
    """Send the service's logs to standard error as JSON lines (for in-process use)."""
    logging.config.dictConfig(log_config(level))
    sys.stderr.flush()
