"""Structured logs: one JSON object per line, one line per request and per Celery task, and a request
id that ties together every line of a request and of the tasks it started.

The request id lives in a context variable, like the audit context in ``core.audit``: set by
``RequestLogMiddleware`` (from a safe incoming ``X-Request-ID`` or a fresh one), carried into a task's
message headers when the task is published, and set again in the worker before the task runs.
``JsonFormatter`` adds it to every line.

Logs hold no personal data. The request line names the route (``cases:detail``), never the path,
which can hold a case reference; the user is a numeric id. Django's own request warnings
("Not Found: /casussen/UTR-…") have the path replaced, and extra values that are not plain
scalars (Django attaches the request object, Celery the task arguments) are left out.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from logging.config import dictConfig

from celery import signals
from django.conf import settings
from django.http import HttpRequest

request_logger = logging.getLogger("jeugdcasus.request")
task_logger = logging.getLogger("jeugdcasus.task")

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Probes hit these every few seconds; at INFO they would drown the lines that matter.
QUIET_ROUTES = frozenset({"health_live", "health_ready"})
PATH_PLACEHOLDER = "[path]"

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def safe_request_id(candidate: str | None) -> str:
    """``candidate`` when it is a safe token (letters, digits, ``.``, ``_``, ``-``; at most 64), else a new id."""
    if candidate and SAFE_REQUEST_ID.fullmatch(candidate):
        return candidate
    return new_request_id()


# --- Formatter ---------------------------------------------------------------------------------

_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
_SCALARS = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
    ``request_id``, every scalar ``extra`` field, and ``exception`` when the record carries one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message_without_path(record),
            "request_id": _request_id_of(record),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in entry and isinstance(value, _SCALARS):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def _request_id_of(record: logging.LogRecord) -> str | None:
    # Django logs a 4xx/5xx response after the middleware has returned; the request still has its id.
    return current_request_id() or getattr(getattr(record, "request", None), "request_id", None)


def _message_without_path(record: logging.LogRecord) -> str:
    """The record's message with the request path left out. Django's request loggers pass the path
    as an argument ("Not Found: %s") and the request as ``extra``; the record is not changed."""
    request = getattr(record, "request", None)
    if not isinstance(request, HttpRequest) or not isinstance(record.args, tuple):
        return record.getMessage()
    paths = {request.path, request.path_info, request.get_full_path()}
    args = tuple(PATH_PLACEHOLDER if isinstance(arg, str) and arg in paths else arg for arg in record.args)
    return str(record.msg) % args if args else str(record.msg)


# --- Requests ----------------------------------------------------------------------------------


class RequestLogMiddleware:
    """Gives each request an id (returned in ``X-Request-ID``) and logs one line when it is answered:
    route name, method, status, duration and the numeric id of the signed-in user. Health probes
    are logged at DEBUG only, without looking at the user (a probe must not touch the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = safe_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request_id
            self._log(request, response, duration_ms)
            return response
        finally:
            _request_id.reset(token)

    @staticmethod
    def _log(request, response, duration_ms: float) -> None:
        match = getattr(request, "resolver_match", None)
        route = match.view_name if match is not None else None
        quiet = route in QUIET_ROUTES
        user = None if quiet else getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        request_logger.log(
            logging.DEBUG if quiet else logging.INFO,
            "%s %s %s %.0f ms",
            request.method,
            route or "-",
            response.status_code,
            duration_ms,
            extra={
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )


# --- Celery tasks ------------------------------------------------------------------------------

# Start time and context token of each running task, by task id (prerun and postrun share no state).
_running: dict[str, tuple[float, Token]] = {}

# No state at all: the exception went straight to the caller (eager mode with propagation).
_OUTCOMES = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry", None: "failure"}


def add_request_id_to_message(headers=None, **kwargs) -> None:
    """``before_task_publish``: the publishing request's (or task's) id travels in the message headers."""
    request_id = current_request_id()
    if headers is not None and request_id:
        headers[TASK_HEADER] = request_id


def start_task(task_id=None, task=None, **kwargs) -> None:
    """``task_prerun``: take the request id from the message (or keep the one of the request that ran
    the task in-process, in eager mode; or start a new one for a task from the beat schedule)."""
    # A worker turns the message headers into attributes of ``task.request``; ``apply(headers=...)``
    # keeps them in ``task.request.headers``.
    request = task.request
    from_message = getattr(request, TASK_HEADER, None) or (request.headers or {}).get(TASK_HEADER)
    request_id = safe_request_id(from_message or current_request_id())
    _running[task_id] = (time.perf_counter(), _request_id.set(request_id))


def finish_task(task_id=None, task=None, state=None, **kwargs) -> None:
    """``task_postrun``: one line with the task's name, outcome and duration, then restore the id."""
    started, token = _running.pop(task_id, (None, None))
    duration_ms = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
    outcome = _OUTCOMES.get(state, str(state).lower())
    name = getattr(task, "name", None)
    level = logging.WARNING if outcome == "failure" else logging.INFO
    task_logger.log(
        level,
        "task %s %s %s ms",
        name,
        outcome,
        "-" if duration_ms is None else f"{duration_ms:.0f}",
        extra={"task_id": task_id, "task_name": name, "outcome": outcome, "duration_ms": duration_ms},
    )
    if token is not None:
        _request_id.reset(token)


def apply_django_logging(**kwargs) -> None:
    """``setup_logging``: the worker logs as configured in ``settings.LOGGING`` (JSON in production),
    instead of replacing the root handlers with Celery's own plain format."""
    dictConfig(settings.LOGGING)


def connect_task_logging() -> None:
    """Connect the task logging to Celery's signals; called once, from ``config/celery.py``."""
    signals.before_task_publish.connect(
        add_request_id_to_message, weak=False, dispatch_uid="core.logging.publish"
    )
    signals.task_prerun.connect(start_task, weak=False, dispatch_uid="core.logging.prerun")
    signals.task_postrun.connect(finish_task, weak=False, dispatch_uid="core.logging.postrun")
    signals.setup_logging.connect(apply_django_logging, weak=False, dispatch_uid="core.logging.setup")
