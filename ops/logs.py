"""Logs: LOG_LEVEL, and LOG_FORMAT=json for one JSON object a line.

Every line carries the workspace, platform and event id of the event being handled, from
context variables set where the event comes in (asyncio tasks inherit them, so the
background work after Slack's ack logs them too).
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TextIO

platform_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("nextstep_platform", default=None)
workspace_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("nextstep_workspace", default=None)
event_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("nextstep_event_id", default=None)

_CONTEXT = (("platform", platform_var), ("workspace", workspace_var), ("event_id", event_id_var))
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(context)s"


def bind(*, platform: str | None = None, workspace: str | None = None, event_id: str | None = None) -> None:
    """Tag what is logged from here on (in this task and the tasks it starts) with the event."""
    if platform is not None:
        platform_var.set(platform)
    if workspace is not None:
        workspace_var.set(workspace)
    if event_id is not None:
        event_id_var.set(event_id)


@contextmanager
def bound(
    *, platform: str | None = None, workspace: str | None = None, event_id: str | None = None
) -> Iterator[None]:
    """`bind` for the duration of a block."""
    tokens = [
        (var, var.set(value))
        for var, value in ((platform_var, platform), (workspace_var, workspace), (event_id_var, event_id))
        if value is not None
    ]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)


def current_context() -> dict[str, str]:
    return {name: value for name, var in _CONTEXT if (value := var.get()) is not None}


class ContextFilter(logging.Filter):
    """Copies the event's context onto each record (and a ` [k=v ...]` suffix for text logs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current_context()
        for name, value in context.items():
            setattr(record, name, value)
        record.context = " [" + " ".join(f"{k}={v}" for k, v in context.items()) + "]" if context else ""
        return True


class DatabaseTroubleFilter(logging.Filter):
    """A database that refuses work (read-only file, disk full, server gone) is one line, not a traceback.

    Those are the machine's condition, not a bug: sixty lines of stack per write would bury the
    one thing to know, which the driver's first line says ("attempt to write a readonly database").
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            return True
        from sqlalchemy.exc import OperationalError

        if isinstance(error, OperationalError):
            original = getattr(error, "orig", None) or error
            lines = [line.strip() for line in str(original).splitlines() if line.strip()]
            reason = lines[0] if lines else type(error).__name__
            record.msg = f"{record.getMessage()}: the database refused: {reason}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, the event's context, the error if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, _var in _CONTEXT:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str | None = None, fmt: str | None = None, stream: TextIO | None = None) -> None:
    """Set up the root logger once for the whole process (replacing any handler set before)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(ContextFilter())
    handler.addFilter(DatabaseTroubleFilter())
    if (fmt or "text").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel((level or "INFO").upper())
    for chatty in ("apscheduler", "alembic"):  # their INFO lines say nothing an operator needs
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
